/**
 * `npm run bench` runs every benchmark in turn; `npm run bench -- --write` has each one record
 * its figures in docs/BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const write = process.argv.includes('--write');
const benches = ['operations.ts', 'overhead.ts', 'concurrency.ts', 'burst.ts', 'replicas.ts', 'fairness.ts', 'fragment-bombs.ts', 'bulk-import.ts', 'live-cache.ts'];
for (const bench of benches) {
  const file = fileURLToPath(new URL(bench, import.meta.url));
  process.stdout.write(`\n== bench/${bench}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...(write ? ['--write'] : [])], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
