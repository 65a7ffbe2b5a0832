// `npm run example`: the facade on the embedded sandbox (`npm start`) and the example admin
// portal (relay-compiler, then vite's dev server, which forwards /graphql to the facade), together.
// Ctrl-C stops both; either one exiting stops the other.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '4000';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const children = [
  spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: port } }),
  spawn(npm, ['run', 'dev', '--workspace', 'examples/admin-portal'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LOGTO_GRAPHQL_URL: `http://127.0.0.1:${port}` },
  }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
