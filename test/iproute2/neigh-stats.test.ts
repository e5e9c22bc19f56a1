/** `ip -s neigh`: the cache times and the probe count sit between the address and the state, each after a space. */
import { expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

it('ip -s neigh prints used/confirmed/updated, then probes, then the state', async () => {
  const r = await runTranscript(loadScenario('article'), '10-7-111-92', 'ip -s neigh show dev flannel.1');
  expect(r.text.split('\n')[1]).toMatch(
    /^10\.244\.0\.0 lladdr be:1d:47:c2:90:0a {2}used \d+\/\d+\/\d+ probes 0 PERMANENT $/,
  );
});
