/**
 * The GraphiQL page under load (issue 14): 200 GETs, 20 at a time, with a browser's
 * Accept-Encoding, while /healthz is timed every 20 ms; then 200 revalidations (If-None-Match).
 * Run: `npx tsx bench/graphiql.ts`. Figures go in docs/OPERATIONS.md ("Under attack").
 */
import { request } from 'node:http';
import { startStack } from '../test/helpers/stack.js';

const stack = await startStack({ sandbox: { users: 5 } });
const port = stack.server.port;
function get(path: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; ms: number; encoding?: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0, encoding: res.headers['content-encoding'] }));
    });
    req.on('error', reject);
    req.end();
  });
}
const browser = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };
console.log('one GET, no Accept-Encoding:', await get('/graphql', { accept: 'text/html' }));
console.log('one GET, gzip, deflate, br:', await get('/graphql', browser));
let stop = false;
const health: number[] = [];
const probe = (async () => { while (!stop) { health.push((await get('/healthz', {})).ms); await new Promise((r) => setTimeout(r, 20)); } })();
const t0 = performance.now();
let total = 0;
for (let wave = 0; wave < 10; wave++) {
  const results = await Promise.all(Array.from({ length: 20 }, () => get('/graphql', browser)));
  total += results.reduce((sum, r) => sum + r.bytes, 0);
}
const elapsed = performance.now() - t0;
const etag = String((await new Promise<string | undefined>((resolve) => request({ host: '127.0.0.1', port, path: '/graphql', headers: browser, agent: false }, (res) => { res.resume(); resolve(res.headers.etag); }).end())) ?? '');
const r0 = performance.now();
let revalidated = 0;
for (let wave = 0; wave < 10; wave++) {
  const results = await Promise.all(Array.from({ length: 20 }, () => get('/graphql', { ...browser, 'if-none-match': etag })));
  revalidated += results.filter((r) => r.status === 304).length;
}
const revalidation = performance.now() - r0;
stop = true; await probe;
health.sort((a, b) => a - b);
console.log(`200 GETs: ${elapsed.toFixed(0)} ms, ${(total / 1e6).toFixed(1)} MB transferred; /healthz p50 ${health[Math.floor(health.length / 2)]?.toFixed(1)} ms, max ${health.at(-1)?.toFixed(1)} ms (${health.length} probes)`);
console.log(`200 revalidations: ${revalidation.toFixed(0)} ms, ${revalidated} answered 304`);
await stack.close();
