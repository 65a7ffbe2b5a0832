/**
 * GraphQL-over-HTTP compliance: graphql-http's server audit against the running server. Every
 * MUST passes; the SHOULD and MAY items this server answers differently are listed here and in
 * docs/GRAPHQL-OVER-HTTP.md with the reason, and the test fails if that list goes stale.
 */
import { serverAudits } from 'graphql-http';
import { describe, expect } from 'vitest';

import { ALL_SCOPES } from '../../src/auth/scopes.js';
import type { Stack } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

const it = stackTest({ auth: true }).extend<{ authenticated: typeof fetch }>({
  /** A client of the production setup: authentication on, a valid access token on every request. */
  authenticated: [
    async ({ stack }, use) => {
      const token = stack.mintToken({ scope: [...ALL_SCOPES] });
      await use((input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } }),
      );
    },
    { scope: 'file' },
  ],
});

type Outcome = { id: string; name: string; status: string; reason?: string };
const level = (name: string) => name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY';

async function audit(stack: Stack, fetchFn: typeof fetch, label: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const item of serverAudits({ url: stack.server.url, fetchFn })) {
    const result = await item.fn();
    outcomes.push({ id: item.id, name: item.name, status: result.status, ...('reason' in result ? { reason: result.reason } : {}) });
  }
  const tally = (kind: string) => {
    const all = outcomes.filter((outcome) => level(outcome.name) === kind);
    return `${kind} ${all.filter((outcome) => outcome.status === 'ok').length}/${all.length}`;
  };
  console.info(`graphql-http audit (${label}): ${tally('MUST')}, ${tally('SHOULD')}, ${tally('MAY')} pass`);
  for (const outcome of outcomes.filter((item) => item.status !== 'ok')) console.info(`  ${outcome.id} ${outcome.name}: ${outcome.status} — ${outcome.reason ?? ''}`);
  return outcomes;
}

/**
 * GET requests without a preflight-forcing header are refused (403) by CSRF prevention; these
 * three MAY audits send plain GETs. With the header (second run) they pass.
 */
const DOCUMENTED_DEVIATIONS = ['5A70', 'D6D5', '6A70'];

describe('graphql-http server audit', () => {
  it('refuses a client without a token with 401 before anything else (so the audit runs authenticated)', async ({ stack }) => {
    const response = await fetch(stack.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(response.status).toBe(401);
  });

  it('passes every MUST and every SHOULD; only the documented MAY items differ', async ({ stack, authenticated }) => {
    const outcomes = await audit(stack, authenticated, 'token, no CSRF header');
    expect(outcomes.filter((outcome) => level(outcome.name) === 'MUST')).toHaveLength(13);
    expect(outcomes.filter((outcome) => level(outcome.name) !== 'MAY' && outcome.status !== 'ok')).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status !== 'ok').map((outcome) => outcome.id).sort()).toEqual([...DOCUMENTED_DEVIATIONS].sort());
  });

  it('passes everything for a client that sends a CSRF header (as Apollo Client and GraphiQL do)', async ({ stack, authenticated }) => {
    const withCsrfHeader: typeof fetch = (input, init) =>
      authenticated(input, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), 'x-graphql-yoga-csrf': '1' } });
    const outcomes = await audit(stack, withCsrfHeader, 'token and x-graphql-yoga-csrf');
    expect(outcomes.filter((outcome) => outcome.status !== 'ok')).toEqual([]);
  });
});
