import { startForwardingProxy } from './forwarding-proxy.js';

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
  const authorizations: string[] = [];
  const accessTokens: string[] = [];
  const proxy = await startForwardingProxy(target, {
    upstreamHeaders: (incoming) => {
      if (incoming.headers.authorization) authorizations.push(incoming.headers.authorization);
      return incoming.headers;
    },
    onAnswer: (incoming, _answer, body) => {
      if (!incoming.url?.startsWith('/oidc/token')) return;
      try {
        const token = (JSON.parse(body.toString('utf8')) as { access_token?: unknown }).access_token;
        if (typeof token === 'string') accessTokens.push(token);
      } catch {
        // not JSON: nothing to remember
      }
    },
  });
  return { ...proxy, authorizations, accessTokens };
}
