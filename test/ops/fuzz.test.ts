/**
 * Hostile input: thousands of generated requests — malformed JSON, huge lists, deep nesting,
 * wrong variable types, unicode, oversized strings and bodies, unknown operations, odd headers
 * and methods — against a real server over real sockets. Every answer must be a 4xx, or a
 * GraphQL response whose errors carry a code from our closed list; never a 5xx, a hang, a stack
 * trace or a secret; and the process must still serve afterwards. The count is printed.
 */
import { Writable } from 'node:stream';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ALL_SCOPES } from '../../src/auth/scopes.js';
import { loadConfig } from '../../src/config.js';
import { ERROR_CODES } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { createLogtoClient, type LogtoClient } from '../../src/logto/client.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type RecordingProxy, startRecordingProxy } from '../helpers/recording-proxy.js';
import { FACADE_AUDIENCE } from '../helpers/stack.js';

/** Sequential property runs (shrinking on failure) plus a concurrent burst of sampled cases. */
const RUNS = 2_500;
const BURST = 1_000;
const BURST_CONCURRENCY = 16;
const REQUEST_TIMEOUT_MS = 10_000;

let sandbox: Sandbox;
let proxy: RecordingProxy;
let client: LogtoClient;
let server: RunningServer;
const logChunks: string[] = [];
/** Callers' tokens, minted by the sandbox in beforeAll; the generators name them by role. */
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1' });
  proxy = await startRecordingProxy(sandbox.url);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logChunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'error', destination });
  // A budget the fuzzer cannot exhaust: this test is about input handling, not the rate limit.
  const config = loadConfig({
    LOGTO_ENDPOINT: proxy.url,
    LOGTO_M2M_CLIENT_ID: sandbox.clientId,
    LOGTO_M2M_CLIENT_SECRET: sandbox.clientSecret,
    LOGTO_RATE_LIMIT: '1000000/10s',
    LOGTO_MAX_CONCURRENCY: '32',
    // Authentication on, as in production (Logto is reached through the proxy, hence the issuer).
    AUTH_MODE: 'jwt',
    AUTH_AUDIENCE: FACADE_AUDIENCE,
    AUTH_ISSUER: sandbox.issuer,
  });
  tokens.valid = sandbox.mintToken({ audience: FACADE_AUDIENCE, scope: [...ALL_SCOPES] });
  tokens.narrow = sandbox.mintToken({ audience: FACADE_AUDIENCE, scope: 'read:users' });
  tokens.expired = sandbox.mintToken({ audience: FACADE_AUDIENCE, scope: [...ALL_SCOPES], expiresIn: -600 });
  tokens.wrongAudience = sandbox.mintToken({ audience: 'https://default.logto.app/api', scope: [...ALL_SCOPES] });
  const metrics = createMetrics({ defaultMetrics: false });
  client = createLogtoClient({ ...config.logto, endpoint: proxy.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, logger, meter: metrics.upstreamMeter });
  server = await startServer({ config, client, logger, metrics }, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close(1_000);
  await client?.close();
  await proxy?.close();
  await sandbox?.close();
});

// ——— generators ———

const ascii = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: max });
const anyText = (max: number) =>
  fc.oneof(fc.string({ maxLength: max }), fc.string({ unit: 'grapheme', maxLength: max }), fc.string({ unit: 'binary', maxLength: max }));

const FIELDS = ['users', 'roles', 'applications', 'organizations', 'logs', 'resources', 'connectors', 'organizationRoles', 'organizationScopes', 'node', 'nodes', 'user', 'role', 'organization', 'rateLimit', '__typename', '__schema', '__type', 'nosuchfield'];
const SUBFIELDS = ['id', 'logtoId', 'name', 'username', 'primaryEmail', 'totalCount', 'nodes', 'edges', 'node', 'cursor', 'pageInfo', 'hasNextPage', 'roles', 'organizations', 'members', 'organizationRoles', 'scopes', 'user', 'application', '__typename', 'customData', 'profile', 'identities', 'logs', 'key'];
const TOKENS = ['{', '}', '(', ')', '[', ']', ':', '$', '!', '=', '@', '...', '|', '&', 'query', 'mutation', 'subscription', 'fragment', 'on', 'User', 'Query', 'String', 'Int', '@include(if: true)', '@skip(if: $x)', '@defer', '"str"', '"""block"""', '"\\u0000"', '1', '-1', '0.5', '1e999', '99999999999999999999', 'true', 'null', '$x', '#c\n', ...FIELDS, ...SUBFIELDS];

const argValue = fc.oneof(
  fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }).map(String),
  fc.constantFrom('0', '-1', '101', '1e3', '99999999999', '1.5', 'null', 'true', '"x"', 'ENUM', '[]', '{}', '$x'),
  ascii(40).map((text) => JSON.stringify(text)),
  fc.array(ascii(20).map((text) => JSON.stringify(text)), { maxLength: 200 }).map((items) => `[${items.join(',')}]`),
);
const argName = fc.constantFrom('first', 'last', 'after', 'before', 'id', 'ids', 'filter', 'search', 'q', 'name', 'nope');
const args = fc.array(fc.tuple(argName, argValue), { maxLength: 4 }).map((pairs) => (pairs.length === 0 ? '' : `(${pairs.map(([name, value]) => `${name}: ${value}`).join(', ')})`));

/** Selections of schema-ish fields with random arguments, up to `depth` levels. */
const selection: fc.Arbitrary<string> = fc.letrec<{ set: string }>((tie) => ({
  set: fc
    .array(
      fc.tuple(fc.option(fc.constantFrom('a', 'b', 'alias1'), { nil: undefined }), fc.constantFrom(...SUBFIELDS), args, fc.oneof({ depthSize: 'small' }, fc.constant(''), tie('set'))),
      { minLength: 1, maxLength: 5 },
    )
    .map((items) => `{ ${items.map(([alias, field, fieldArgs, sub]) => `${alias ? `${alias}: ` : ''}${field}${fieldArgs} ${sub}`).join(' ')} }`),
})).set;

const structuredDocument = fc
  .tuple(
    fc.constantFrom('query', 'mutation', 'subscription', '', 'query Named', 'query Q($x: Int, $first: Int!)', 'query Q($id: ID!)'),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), args, fc.oneof(fc.constant(''), selection)), { minLength: 1, maxLength: 4 }),
  )
  .map(([head, roots]) => `${head} { ${roots.map(([field, fieldArgs, sub]) => `${field}${fieldArgs} ${sub}`).join(' ')} }`);

const document = fc.oneof(
  { weight: 4, arbitrary: structuredDocument },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((tokens) => tokens.join(' ')) },
  { weight: 1, arbitrary: anyText(200) },
  // Deep nesting, in a shape the parser accepts and in one it does not.
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 3_000 }).map((n) => `{ ${'users { nodes { '.repeat(n)}id${' } }'.repeat(n)} }`) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 20_000 }).map((n) => `${'{'.repeat(n)}${'}'.repeat(n)}`) },
  // Many aliases, many fragments, a huge list argument, an oversized string.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 500 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200 }).map((n) => `query { ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ${i + 1 < n ? `...F${i + 1}` : '__typename'} }`).join(' ')}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => `{ nodes(ids: [${Array.from({ length: n }, (_, i) => `"id${i}"`).join(',')}]) { id } }`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => `{ user(id: "${'x'.repeat(n)}") { id } }`) },
  // Introspection, and a fragment cycle.
  { weight: 1, arbitrary: fc.constantFrom('{ __schema { types { name fields { name } } } }', 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }') },
);

/**
 * Valid operations (checked against the schema in beforeAll) with hostile variables: mostly
 * well-typed but out of range (page sizes, forged cursors and ids, odd searches), sometimes
 * wrongly typed. These reach execution and Logto.
 */
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const sometimesWrong = <T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: right }, { weight: 1, arbitrary: fc.oneof(fc.double(), fc.string({ maxLength: 5 }), fc.constant(null), fc.boolean(), fc.object()) });
const pageSize = sometimesWrong(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -5, max: 150 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 100, 101, 2_147_483_647, -2_147_483_648) }));
const cursor = sometimesWrong(
  fc.oneof(
    ascii(40),
    fc.tuple(fc.integer({ min: -10, max: 100_000 }), ascii(8)).map(([offset, sum]) => Buffer.from(`v1:${offset}:${sum}`).toString('base64url')),
  ),
);
const hostileId = fc.oneof(
  anyText(60),
  fc.tuple(fc.constantFrom('User', 'Role', 'Organization', 'Application', 'Log', 'Nope', ''), anyText(30)).map(([type, id]) => base64(`${type}:${id}`)),
  fc.constantFrom('', ' ', '%00', '../../api/users', '?page=2', 'a/b', '*'),
);
const stringMatch = fc.oneof(
  fc.record({ like: anyText(30) }),
  fc.record({ exact: fc.array(anyText(20), { maxLength: 120 }) }),
  fc.record({ posix: ascii(30) }),
  fc.record({ similarTo: ascii(30) }),
  fc.record({ like: ascii(10), exact: fc.array(ascii(5)) }), // two members of a @oneOf input
);
const optional = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) => fc.record(fields, { requiredKeys: [] });

export const TEMPLATES: readonly { readonly query: string; readonly variables: fc.Arbitrary<Record<string, unknown>> }[] = [
  {
    query: 'query Users($first: Int, $after: String, $filter: UserFilter) { users(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id username roles(first: 2) { nodes { name } } } } }',
    variables: optional({ first: pageSize, after: cursor, filter: sometimesWrong(optional({ name: stringMatch, primaryEmail: stringMatch, id: stringMatch, isCaseSensitive: fc.boolean(), joint: fc.constantFrom('AND', 'OR', 'XOR') })) }),
  },
  { query: 'query Last($last: Int, $before: String) { users(last: $last, before: $before) { totalCount nodes { id } } }', variables: optional({ last: pageSize, before: cursor }) },
  { query: 'query One($id: ID!) { user(id: $id) { id username organizations(first: 2) { nodes { name } } } }', variables: fc.record({ id: sometimesWrong(hostileId) }) },
  { query: 'query Node($id: ID!) { node(id: $id) { id ... on User { username } ... on Role { name } } }', variables: fc.record({ id: sometimesWrong(hostileId) }) },
  { query: 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: fc.record({ ids: sometimesWrong(fc.array(hostileId, { maxLength: 150 })) }) },
  {
    query: 'query Orgs($first: Int, $q: String) { organizations(first: $first, filter: { q: $q }) { nodes { name members(first: $first) { totalCount edges { organizationRoles { name } node { username } } } } } }',
    variables: optional({ first: pageSize, q: sometimesWrong(anyText(80)) }),
  },
  {
    query: 'query Logs($first: Int, $filter: LogFilter) { logs(first: $first, filter: $filter) { nodes { key user { username } } } }',
    variables: optional({ first: pageSize, filter: sometimesWrong(optional({ startTime: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), anyText(20)), userId: hostileId, logKey: anyText(20) })) }),
  },
  {
    query: 'query Roles($first: Int, $filter: RoleFilter) { roles(first: $first, filter: $filter) { nodes { name users(first: $first) { totalCount } } } }',
    variables: optional({ first: pageSize, filter: sometimesWrong(optional({ name: stringMatch, search: stringMatch, excludeUserId: hostileId })) }),
  },
  { query: 'query Apps($first: Int) { applications(first: $first) { nodes { name roles(first: $first) { totalCount } } } rateLimit { limit remaining cost } }', variables: optional({ first: pageSize }) },
];

const templateBody = fc
  .oneof(...TEMPLATES.map((template) => fc.tuple(fc.constant(template.query), template.variables)))
  .chain(([query, vars]) => fc.tuple(fc.constant(query), fc.constant(vars), fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('Users', 'Other') })))
  .map(([query, vars, name]) => JSON.stringify({ query, variables: vars, ...(name ? { operationName: name } : {}) }));

const variables = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ first: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()), x: fc.jsonValue({ maxDepth: 2 }), id: fc.oneof(fc.integer(), anyText(50)) }, { requiredKeys: [] }),
  fc.integer({ min: 1, max: 100_000 }).map((n) => ({ ids: Array.from({ length: n }, (_, i) => `id${i}`) })),
  fc.integer({ min: 1, max: 2_000 }).map((n) => {
    let nested: unknown = 'leaf';
    for (let i = 0; i < n; i++) nested = { n: nested };
    return { deep: nested };
  }),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => ({ big: 'é'.repeat(n) })),
);

const operationName = fc.oneof(fc.constant(undefined), fc.constantFrom('Named', 'Q', 'Unknown', ''), anyText(30), fc.integer());
const extensions = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.constant({ persistedQuery: { version: 1, sha256Hash: 'abc' } }));

/** The JSON body, or something that is not quite a JSON body. */
const body = fc.oneof(
  { weight: 6, arbitrary: templateBody },
  { weight: 6, arbitrary: fc.record({ query: document, variables, operationName, extensions }, { requiredKeys: [] }).map((payload) => JSON.stringify(payload)) },
  { weight: 1, arbitrary: fc.record({ query: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string()), fc.object()), variables: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())) }, { requiredKeys: [] }).map((payload) => JSON.stringify(payload)) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.tuple(document, fc.nat()).map(([query, cut]) => { const text = JSON.stringify({ query }); return text.slice(0, cut % (text.length + 1)); }) },
  { weight: 1, arbitrary: anyText(300) },
  { weight: 1, arbitrary: fc.array(fc.record({ query: document }), { minLength: 1, maxLength: 50 }).map((batch) => JSON.stringify(batch)) },
  // Bodies around and beyond MAX_BODY_BYTES (1 MiB).
  { weight: 1, arbitrary: fc.integer({ min: 900_000, max: 3_000_000 }).map((n) => JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(n) } })) },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 3, arbitrary: fc.constantFrom('application/graphql-response+json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/graphql', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/xml', '', 'application/json, text/html', '*/*') },
  { weight: 1, arbitrary: ascii(60) },
);
const accept = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json') },
  { weight: 2, arbitrary: fc.constantFrom('application/json', 'application/graphql-response+json', '*/*', 'text/event-stream', 'multipart/mixed', 'application/xml', 'application/graphql-response+json;q=0.9, application/json;q=0.8') },
  { weight: 1, arbitrary: ascii(60).filter((value) => !value.toLowerCase().includes('text/html')) },
);
/** `token:<role>` is replaced by that minted token when the request is sent. */
const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant('token:valid') },
  { weight: 1, arbitrary: fc.constantFrom('token:narrow', 'token:expired', 'token:wrongAudience', undefined) },
  { weight: 1, arbitrary: fc.oneof(ascii(200).map((value) => `Bearer ${value}`), ascii(200), fc.constantFrom('Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c')) },
);
const optionalHeaders = fc.record(
  {
    accept,
    'x-request-id': fc.oneof(ascii(100), fc.uuid()),
    'x-graphql-yoga-csrf': fc.constant('1'),
    'apollo-require-preflight': ascii(10),
    origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:4000'),
    'x-forwarded-for': ascii(40),
    cookie: ascii(100),
  },
  { requiredKeys: [] },
);
const headers = fc.tuple(optionalHeaders, authorization).map(([others, auth]) => ({ ...others, authorization: auth }));

type FuzzCase =
  | { readonly kind: 'post'; readonly contentType: string; readonly headers: Record<string, string | undefined>; readonly body: string }
  | { readonly kind: 'get'; readonly headers: Record<string, string | undefined>; readonly search: string }
  | { readonly kind: 'method'; readonly method: string; readonly path: string; readonly headers: Record<string, string | undefined> };

const getSearch = fc
  .record({ query: fc.oneof(document, fc.constant('mutation { __typename }')), variables: fc.oneof(fc.constant(undefined), fc.jsonValue().map((value) => JSON.stringify(value)), anyText(50)), operationName: fc.oneof(fc.constant(undefined), ascii(20)), extensions: fc.oneof(fc.constant(undefined), anyText(50)) }, { requiredKeys: [] })
  .map((params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (typeof value === 'string') search.set(key, value);
    return search.toString();
  });

const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('post' as const), contentType, headers, body }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), headers, search: getSearch }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('method' as const),
      method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'PROPFIND'),
      path: fc.constantFrom('/graphql', '/graphql/', '/GRAPHQL', '/', '/metrics', '/readyz', '/healthz', '/health', '/__sandbox/requests', '/graphql?query=%', '/%ff', '/graphql?query={__typename}&query={__schema{types{name}}}'),
      headers,
    }),
  },
);

// ——— the oracle ———

const STACK_TRACE = /\n\s+at .+:\d+:\d+|node_modules|\/src\/.+\.ts|webpack:|(?:Type|Reference|Syntax)Error: .+\n\s+at /;
const CLOSED_CODES = new Set<string>(ERROR_CODES);
const stats = { cases: 0, withData: 0, byStatus: new Map<number, number>(), byCode: new Map<string, number>() };

function secrets(): string[] {
  return [
    sandbox.clientSecret,
    ...proxy.accessTokens,
    ...proxy.authorizations.map((value) => value.replace(/^(Basic|Bearer) /, '')),
    ...Object.values(tokens),
  ];
}

async function send(testCase: FuzzCase): Promise<void> {
  const base = server.url.replace(/\/graphql$/, '');
  const headerEntries = Object.entries(testCase.headers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]): [string, string] => [name, value.startsWith('token:') ? `Bearer ${tokens[value.slice(6)] ?? ''}` : value]);
  let url: string;
  const init: RequestInit = { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), headers: Object.fromEntries(headerEntries) };
  if (testCase.kind === 'post') {
    url = `${base}/graphql`;
    init.method = 'POST';
    init.body = testCase.body;
    if (testCase.contentType !== '') (init.headers as Record<string, string>)['content-type'] = testCase.contentType;
  } else if (testCase.kind === 'get') {
    url = `${base}/graphql?${testCase.search}`;
  } else {
    url = `${base}${testCase.path}`;
    init.method = testCase.method;
  }

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Error(`no answer (${error instanceof Error ? `${error.name}: ${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error)})`);
  }
  const text = await response.text();
  stats.cases++;
  stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);

  if (response.status >= 500) throw new Error(`answered ${response.status}: ${text.slice(0, 300)}`);
  if (STACK_TRACE.test(text)) throw new Error(`a stack trace or source path in the answer: ${text.slice(0, 500)}`);
  for (const secret of secrets()) if (text.includes(secret)) throw new Error('a secret in the answer');

  if (testCase.kind === 'method' && testCase.method === 'HEAD') return; // no body by definition
  const contentType = response.headers.get('content-type') ?? '';
  const isMetrics = testCase.kind === 'method' && testCase.path === '/metrics';
  let payloads: unknown[];
  try {
    if (contentType.startsWith('multipart/mixed')) {
      // Incremental delivery: JSON parts between boundaries.
      payloads = text.split(/\r?\n/).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as unknown);
    } else if (contentType.startsWith('text/event-stream')) {
      payloads = text.split(/\r?\n/).filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6)) as unknown);
    } else if (/json/.test(contentType)) {
      payloads = [JSON.parse(text) as unknown];
    } else {
      // Other answers: refusals (4xx), empty 2xx (OPTIONS), the metrics page.
      if (response.status >= 200 && response.status < 300 && text !== '' && !isMetrics) throw new Error(`a 2xx answer in ${contentType}: ${text.slice(0, 200)}`);
      return;
    }
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`a ${contentType} answer that does not parse: ${text.slice(0, 200)}`);
    throw error;
  }
  if (testCase.kind === 'method' && ['/readyz', '/healthz'].includes(testCase.path)) return; // probe bodies
  if (response.status < 300 && payloads.length === 0) throw new Error(`a 2xx ${contentType} answer without a result: ${text.slice(0, 200)}`);
  const results = payloads.flatMap((payload) => (Array.isArray(payload) ? payload : [payload]));
  for (const result of results as { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] }[]) {
    if (response.status < 300 && !('data' in result) && !('errors' in result)) throw new Error(`a 2xx with neither data nor errors: ${text.slice(0, 200)}`);
    if (result.data) stats.withData++;
    for (const error of result.errors ?? []) {
      const code = error.extensions?.code;
      if (typeof code !== 'string' || !CLOSED_CODES.has(code)) throw new Error(`an error code outside the closed list (${String(code)}): ${String(error.message).slice(0, 200)}`);
      stats.byCode.set(code, (stats.byCode.get(code) ?? 0) + 1);
      if (code === 'INTERNAL_SERVER_ERROR') throw new Error(`INTERNAL_SERVER_ERROR for input: ${String(error.message).slice(0, 200)}`);
    }
  }
}

describe('hostile input', () => {
  it('starts from operations the schema accepts (the templates are valid)', async () => {
    for (const { query } of TEMPLATES) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.valid}` },
        body: JSON.stringify({ query, variables: { id: 'x', ids: [] } }),
      });
      const result = (await response.json()) as { errors?: { message: string; path?: unknown }[] };
      // Errors without a path are document errors (syntax, validation); execution errors have one.
      expect(result.errors?.filter((error) => error.path === undefined) ?? [], query).toEqual([]);
    }
  });

  it(`answers ${RUNS + BURST} generated requests with a 4xx or a coded GraphQL error, never a 5xx, hang, stack trace or secret`, async () => {
    const started = performance.now();
    await fc.assert(fc.asyncProperty(fuzzCase, send), { numRuns: RUNS, seed: 20_261_125, endOnFailure: false });

    // The same oracle under concurrency: many hostile requests in flight at once.
    const burst = fc.sample(fuzzCase, { numRuns: BURST, seed: 4_242 });
    for (let i = 0; i < burst.length; i += BURST_CONCURRENCY) {
      await Promise.all(burst.slice(i, i + BURST_CONCURRENCY).map((testCase) => send(testCase)));
    }
    const seconds = (performance.now() - started) / 1000;

    // Still up, still correct.
    const health = await fetch(server.url.replace(/\/graphql$/, '/healthz'));
    expect(health.status).toBe(200);
    const real = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.valid}` }, body: JSON.stringify({ query: '{ users(first: 1) { totalCount } }' }) });
    expect(((await real.json()) as { data: { users: { totalCount: number } } }).data.users.totalCount).toBe(1200);
    // Nothing reached the "unexpected error" path (logged at error level).
    const errorLines = logChunks.join('').split('\n').filter((line) => line !== '');
    expect(errorLines, errorLines.slice(0, 3).join('\n')).toEqual([]);

    expect(stats.cases).toBe(RUNS + BURST);
    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
    const codes = [...stats.byCode.entries()].map(([code, count]) => `${code}×${count}`).join(' ');
    console.info(`fuzz: ${stats.cases} requests in ${seconds.toFixed(1)} s (${stats.withData} executed with data); statuses ${statuses}; error codes ${codes}`);
  }, 240_000);
});
