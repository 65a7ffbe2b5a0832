import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordingProxy = {
  readonly url: string;
  /** Every Authorization header value that crossed the proxy (Basic client credentials, Bearer tokens). */
  readonly authorizations: string[];
  /** Every access_token the token endpoint handed out. */
  readonly accessTokens: string[];
  close(): Promise<void>;
};

/**
 * A pass-through HTTP proxy in front of an upstream (the sandbox) that remembers the credentials
 * it saw: tests then know exactly which secrets the facade held and can look for them in logs.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const authorizations: string[] = [];
  const accessTokens: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    if (incoming.headers.authorization) authorizations.push(incoming.headers.authorization);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (incoming.url?.startsWith('/oidc/token')) {
            try {
              const token = (JSON.parse(body.toString('utf8')) as { access_token?: unknown }).access_token;
              if (typeof token === 'string') accessTokens.push(token);
            } catch {
              // not JSON: nothing to remember
            }
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.end(body);
        });
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    accessTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
