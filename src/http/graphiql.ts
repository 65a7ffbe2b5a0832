import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL's example operations: a tab per common admin screen. The first is what GraphiQL opens
 * with, and it shows real data on the first click (the sandbox's seeded users).
 */
export const GRAPHIQL_TABS: readonly { readonly title: string; readonly query: string; readonly variables?: string }[] = [
  {
    title: 'Users with roles',
    query: `# Welcome to logto-graphql: the Logto Management API as one graph.
# Press the run button (or Ctrl+Enter) to fetch the newest users with their roles.
# More examples in the other tabs: organization members, audit log.
query UsersWithRoles($first: Int = 10) {
  users(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      username
      name
      primaryEmail
      isSuspended
      createdAt
      roles(first: 5) { totalCount nodes { name } }
    }
  }
}
`,
  },
  {
    title: 'Organization members',
    query: `# Organizations with their members and each member's organization roles.
query OrganizationMembers {
  organizations(first: 3) {
    totalCount
    nodes {
      id
      name
      members(first: 5) {
        totalCount
        edges {
          organizationRoles { name }
          node { id username primaryEmail }
        }
      }
    }
  }
}
`,
  },
  {
    title: 'Audit log',
    query: `# The newest audit log entries, with who and which application.
query AuditLog {
  logs(first: 20) {
    totalCount
    nodes {
      id
      key
      result
      createdAt
      ip
      user { username }
      application { name }
    }
  }
}
`,
  },
  {
    title: 'Live: Logto events',
    query: `# A subscription: press run, then change something (a user, an organization, a member) in
# Logto or through a mutation in another tab. Each change arrives here as it happens (SSE).
subscription LiveEvents {
  logtoEvents {
    event
    source
    entityId
    addedUserIds
    removedUserIds
    createdAt
  }
}
`,
  },
];

export const DEFAULT_GRAPHIQL_QUERY: string = GRAPHIQL_TABS[0]?.query ?? '';

/** yoga's `graphiql` option. `defaultTabs` is honoured by the GraphiQL yoga bundles (4.x). */
export function graphiqlOptions(): GraphiQLOptions {
  return {
    title: 'logto-graphql',
    defaultQuery: DEFAULT_GRAPHIQL_QUERY,
    defaultTabs: GRAPHIQL_TABS.map((tab) => ({ query: tab.query, variables: tab.variables ?? null })),
    // Subscriptions over SSE are sent as GET; yoga's CSRF prevention wants its header on a GET.
    additionalHeaders: { 'x-graphql-yoga-csrf': 'graphiql' },
    // Header editor ready for the caller's token (when auth is on), never persisted in storage.
    shouldPersistHeaders: false,
  };
}

/**
 * The GraphiQL page with its scripts and styles inlined (@graphql-yoga/render-graphiql) instead of
 * yoga's default of loading them from unpkg.com: it works offline, behind egress filters and
 * under a strict CSP, and the page cannot change under us.
 */
export const renderSelfContainedGraphiQL = (options: GraphiQLOptions): string => renderGraphiQL(options);

/** The page and its compressed forms, made once per process (the page is the same for every request). */
type PreparedPage = { readonly identity: Buffer; readonly gzip: Buffer; readonly br: Buffer; readonly hash: string };

let prepared: Promise<PreparedPage> | undefined;

/**
 * The ~9 MB page, compressed once — gzip (level 6, ~2.4 MB) and brotli (quality 5, ~1.9 MB), on
 * libuv's thread pool, on the first request — instead of on every request or not at all.
 */
function preparePage(): Promise<PreparedPage> {
  prepared ??= (async () => {
    const identity = Buffer.from(renderSelfContainedGraphiQL(graphiqlOptions()));
    const [gzipped, brotli] = await Promise.all([
      promisify(gzip)(identity, { level: 6 }),
      promisify(brotliCompress)(identity, {
        params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length },
      }),
    ]);
    const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 27);
    return { identity, gzip: gzipped, br: brotli, hash };
  })();
  return prepared;
}

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, honouring `q=0`. */
export function pickEncoding(acceptEncoding: string | null): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** The host part (`host[:port]`) of each configured origin; `*` for any. */
function allowedHosts(corsOrigins: '*' | readonly string[] | undefined): '*' | ReadonlySet<string> {
  if (corsOrigins === '*') return '*';
  return new Set((corsOrigins ?? []).map((origin) => new URL(origin).host));
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * Serves GraphiQL on `GET /graphql` (`Accept: text/html`), in place of yoga's own GraphiQL route:
 *
 * - compressed by `Accept-Encoding` (brotli or gzip, made once), never 9 MB per visitor;
 * - with a strong `ETag` and `Cache-Control: no-cache`: a browser revalidates and a repeat visit
 *   is a `304` without a body;
 * - with `AUTH_MODE=jwt`, only on the configured origins: the request's `Host` must be the host of
 *   a `CORS_ORIGINS` entry (any with `*`) or a loopback name (local development); elsewhere the
 *   page is a 404, as with `GRAPHIQL=false`. `Host` is the client's to write, so this keeps the
 *   page off unintended names (a raw IP, an internal hostname, scanners), it is not access
 *   control: the page holds no secret, and every operation it sends needs a token.
 */
export function useGraphiQLPage(options: {
  readonly endpoint: string;
  readonly authMode: 'jwt' | 'none';
  readonly corsOrigins: '*' | readonly string[] | undefined;
}): Plugin {
  const hosts = allowedHosts(options.corsOrigins);
  const servedOn = (host: string | null): boolean =>
    options.authMode === 'none' || hosts === '*' || (host !== null && (hosts.has(host.toLowerCase()) || LOOPBACK.test(host)));
  return {
    async onRequest({ request, url, endResponse }) {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || url.pathname !== options.endpoint) return;
      if (!(request.headers.get('accept') ?? '').includes('text/html')) return;
      if (!servedOn(request.headers.get('host'))) {
        endResponse(new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } }));
        return;
      }
      const page = await preparePage();
      const encoding = pickEncoding(request.headers.get('accept-encoding'));
      // One strong ETag per representation (RFC 9110 §8.8.3); any of them names this page.
      const headers: Record<string, string> = {
        'content-type': 'text/html; charset=utf-8',
        etag: `"${page.hash}-${encoding}"`,
        'cache-control': 'no-cache',
        vary: 'Accept-Encoding',
      };
      const known = (request.headers.get('if-none-match') ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
      if (known.some((tag) => tag === '*' || tag.startsWith(`"${page.hash}-`))) {
        endResponse(new Response(null, { status: 304, headers }));
        return;
      }
      const body = encoding === 'identity' ? page.identity : page[encoding];
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
      headers['content-length'] = String(body.length);
      endResponse(new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers }));
    },
  };
}
