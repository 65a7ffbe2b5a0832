import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` on `port`/`host` and resolves with the bound port and the host to show in
 * URLs (a wildcard address is reachable as `localhost`).
 */
export async function listen(server: Server, at: { port: number; host: string }): Promise<{ port: number; shownHost: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { port, shownHost: at.host === '0.0.0.0' || at.host === '::' ? 'localhost' : at.host };
}
