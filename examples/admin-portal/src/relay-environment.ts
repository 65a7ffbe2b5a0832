import { Environment, type FetchFunction, Network, RecordSource, Store } from 'relay-runtime';

/** The facade's endpoint; the dev server proxies `/graphql` to it (vite.config.ts). */
const GRAPHQL_URL: string = import.meta.env.VITE_GRAPHQL_URL ?? '/graphql';

/**
 * Where a real sign-in plugs in. On the embedded sandbox the facade runs without authentication
 * (`AUTH_MODE=none`), so there is no token. With Logto, pass `@logto/react`'s
 * `getAccessToken(resource)` here (see the README: the facade's API resource and the scopes).
 */
export type GetAccessToken = () => Promise<string | undefined>;

export function createRelayEnvironment(getAccessToken: GetAccessToken = async () => undefined): Environment {
  const fetchGraphQL: FetchFunction = async (operation, variables) => {
    const token = await getAccessToken();
    const response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: operation.text, variables }),
    });
    // Relay takes the whole response: `data` with field errors in `errors` still renders what it can.
    return response.json();
  };
  return new Environment({ network: Network.create(fetchGraphQL), store: new Store(new RecordSource()) });
}
