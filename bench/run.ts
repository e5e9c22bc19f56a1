/**
 * `npm run bench`: runs every bench/*.bench.ts and prints its figures.
 * A bench file exports `benches: Bench[]`; `npm run bench -- NAME` runs only
 * the benches whose name contains NAME. No assertions: figures to read.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Bench {
  name: string;
  /** Returns the figure line(s) to print. */
  run(): Promise<string> | string;
}

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

async function main(): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { benches?: Bench[] };
    for (const b of mod.benches ?? []) {
      if (filter && !b.name.includes(filter)) continue;
      try {
        const figure = await b.run();
        console.log(`${b.name}: ${figure}`);
      } catch (e) {
        console.log(`${b.name}: FAILED ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        process.exitCode = 1;
      }
    }
  }
}

void main();
