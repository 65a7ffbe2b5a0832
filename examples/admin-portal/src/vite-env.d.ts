/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The facade's GraphQL endpoint when it is not proxied at `/graphql`. */
  readonly VITE_GRAPHQL_URL?: string;
}
