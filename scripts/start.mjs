// `npm start`: builds dist/ only when a source file changed since the last build, then serves.
// (A no-change `tsc --build` still takes seconds; a newcomer's second start should not.)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const marker = join(root, 'dist', '.tsbuildinfo');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

const builtAt = statSync(marker, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sourcesAt = Math.max(
  newestMtime(join(root, 'src')),
  newestMtime(join(root, 'tsconfig.json')),
  newestMtime(join(root, 'tsconfig.build.json')),
  newestMtime(join(root, 'package.json')),
);
if (sourcesAt > builtAt) {
  process.stderr.write('logto-graphql: building dist/ ...\n');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(pathToFileURL(join(root, 'dist', 'main.js')).href);
