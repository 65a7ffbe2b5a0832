import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import relay from 'vite-plugin-relay-lite';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Where the facade listens; `npm run example` starts it on 4000. */
const api = process.env.LOGTO_GRAPHQL_URL ?? 'http://localhost:4000';

/**
 * `graphql` tags become imports of relay-compiler's artifacts (vite-plugin-relay-lite: no Babel).
 * relay-compiler runs before vite (`npm run dev` / `build`), so `codegen: false` here. The dev and
 * preview servers forward `/graphql` to the facade: the portal and the API share an origin, so
 * no CORS setup is needed (in production put both behind one reverse proxy, or set the facade's
 * CORS_ORIGINS and VITE_GRAPHQL_URL).
 */
export default defineConfig({
  root: here,
  plugins: [react(), relay({ cwd: here, relayConfig: `${here}relay.config.json`, codegen: false })],
  server: { proxy: { '/graphql': api } },
  preview: { proxy: { '/graphql': api } },
});
