import { createServer, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyHooks = {
  /** Answers a request itself instead of forwarding it; returns true when it did. */
  readonly intercept?: (incoming: IncomingMessage, outgoing: ServerResponse) => boolean;
  /** The headers sent upstream (default: the client's own). */
  readonly upstreamHeaders?: (incoming: IncomingMessage) => IncomingHttpHeaders;
  /** Sees each forwarded answer (its bytes as sent, compressed or not) before the client gets it. */
  readonly onAnswer?: (incoming: IncomingMessage, answer: IncomingMessage, body: Buffer) => void;
};

export type ForwardingProxy = {
  readonly url: string;
  close(): Promise<void>;
};

/** A pass-through HTTP proxy in front of an upstream (the sandbox), with hooks for what tests watch or script. */
export async function startForwardingProxy(target: string, hooks: ProxyHooks = {}): Promise<ForwardingProxy> {
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    if (hooks.intercept?.(incoming, outgoing)) return;
    const headers = hooks.upstreamHeaders?.(incoming) ?? incoming.headers;
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        hooks.onAnswer?.(incoming, answer, body);
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(body);
      });
    });
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
