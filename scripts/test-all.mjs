#!/usr/bin/env node
// `npm test`: every check, in the order a failure is cheapest to find. Each step's outcome is
// reported; a failed step does not stop the independent ones after it, but the e2e tests need
// the build. The last line counts the tests vitest and Playwright ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'flannel-lab-test-'));
const vitestJson = join(tmp, 'vitest.json');
const playwrightJson = join(tmp, 'playwright.json');

const steps = [
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  { name: 'astro-check', cmd: ['npx', 'astro', 'check'] },
  { name: 'tsc', cmd: ['npx', 'tsc', '--noEmit', '-p', 'sandbox/tsconfig.json'] },
  {
    name: 'vitest',
    cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  },
  { name: 'build', cmd: ['npx', 'astro', 'build'] },
  { name: 'system-deps', cmd: ['node', 'scripts/ensure-system-deps.mjs'] },
  {
    name: 'e2e',
    cmd: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
    needs: ['build', 'system-deps'],
  },
  { name: 'size', cmd: ['node', 'scripts/size.mjs'], needs: ['build'] },
];

// `npm test -- --only build,e2e` or `--skip lint`: for working on one part; CI runs everything.
const argValue = (flag) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? (process.argv[i + 1] ?? '').split(',').filter(Boolean) : undefined;
};
const only = argValue('--only');
const skip = argValue('--skip') ?? [];
for (const name of [...(only ?? []), ...skip]) {
  if (!steps.some((s) => s.name === name)) {
    console.error(`unknown step ${name}; steps: ${steps.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
}

const results = new Map();
for (const step of steps) {
  if ((only && !only.includes(step.name)) || skip.includes(step.name)) {
    results.set(step.name, 'skipped (by request)');
    continue;
  }
  const blocked = (step.needs ?? []).filter((n) => results.get(n) !== 'ok');
  if (blocked.length > 0) {
    console.log(`\n=== ${step.name}: not run (needs ${blocked.join(', ')}) ===`);
    results.set(step.name, 'not run');
    continue;
  }
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')} ===`);
  const t0 = Date.now();
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.set(step.name, r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`);
  console.log(`=== ${step.name}: ${results.get(step.name)} in ${secs} s ===`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  // A test file that fails to load has no failed test of its own: count the file.
  if (!v.numFailedTests && v.numFailedTestSuites) failed += v.numFailedTestSuites;
}
const p = readJson(playwrightJson);
if (p?.stats) {
  passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  failed += p.stats.unexpected ?? 0;
}
rmSync(tmp, { recursive: true, force: true });

console.log('\n=== summary ===');
for (const [name, res] of results) console.log(`${name.padEnd(14)} ${res}`);
const stepFailures = [...results.values()].filter((r) => r !== 'ok' && !r.startsWith('skipped')).length;
// A failed step that ran no test (lint, a type error, the build) still counts as a failure.
if (stepFailures > 0 && failed === 0) failed = stepFailures;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(stepFailures > 0 ? 1 : 0);
