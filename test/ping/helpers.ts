import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import type { World } from '../../sandbox/world/world.js';

export const REF = new URL('../fixtures/reference', import.meta.url).pathname;
export const NODE = '10-7-111-92';
export const POD = 'ubuntu-664c5f866b-865jb';

export function ref(path: string): string {
  return readFileSync(`${REF}/${path}`, 'utf8');
}

/** RTTs, `time NNNNms` totals and the rtt summary vary run to run: mask their digits. */
export function maskTimes(s: string): string {
  return s
    .replace(/time=\d+(\.\d+)? ms/g, 'time=X ms')
    .replace(/time \d+ms/g, 'time Xms')
    .replace(/rtt min\/avg\/max\/mdev = [\d./]+ ms/g, 'rtt min/avg/max/mdev = X ms');
}

/** Run lines on a host and return what the terminal showed after the first prompt line. */
export async function run(world: World, host: string, script: string): Promise<{ out: string; status: number }> {
  const r = await runTranscript(world, host, script);
  const lines = r.text.split('\n');
  return { out: lines.slice(1).join('\n').replace(/\n$/, ''), status: r.status };
}

export function article(): World {
  return loadScenario('article');
}
