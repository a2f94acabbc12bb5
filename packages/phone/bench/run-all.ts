// `pnpm bench`: every bench/*.bench.ts, in name order, each in a fresh Node process so
// one benchmark's JIT state and garbage do not colour the next one's figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
let failures = 0;
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${here}${name}`], { stdio: 'inherit' });
  if (run.status !== 0) failures++;
}
process.exitCode = failures > 0 ? 1 : 0;
