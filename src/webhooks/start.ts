import type { Logger } from '../logger.js';
import type { LogtoClient } from '../logto/client.js';
import type { RedisLink } from '../redis/connection.js';
import type { RunningServer } from '../server.js';
import { type GapCheck, startGapCheck } from './gap-check.js';
import { registerWebhook } from './registration.js';

export type WebhooksStartOptions = {
  /** WEBHOOK_SILENCE_CHECK_MS. */
  readonly silenceCheckMs: number;
  readonly client: LogtoClient;
  readonly logger: Logger;
  readonly server: Pick<RunningServer, 'webhooks' | 'liveBus'>;
  /** Where Logto reaches this facade's `/webhooks/logto`; undefined: nothing to register. */
  readonly url: string | undefined;
  /** REDIS_URL: replicas register one at a time; the same link's health stands for the fan-out's. */
  readonly lock?: { readonly link: RedisLink; readonly key: string };
  /** Whether answers are cached (the response cache's entry count > 0); default: always. */
  readonly isNeeded?: () => boolean | Promise<boolean>;
};

const RETRY_MS = 30_000;

/**
 * Registers the `logto-graphql` hook (retrying every 30 s while Logto refuses or is away: until
 * then deliveries answer 503, which Logto retries), puts its key in the receiver's keyring and
 * starts the gap check. Returns a stop function.
 */
export function startWebhooks(options: WebhooksStartOptions): () => void {
  const { url, server, logger } = options;
  if (!url) return () => {};
  let hookId: string | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const gapCheck: GapCheck = startGapCheck({
    client: options.client,
    receiver: server.webhooks.receiver,
    liveBus: server.liveBus,
    logger,
    hookId: () => hookId,
    silenceMs: options.silenceCheckMs,
    ...(options.isNeeded ? { isNeeded: options.isNeeded } : {}),
    ...(options.lock ? { fanOutHealthy: () => options.lock?.link.available() ?? true } : {}),
  });
  const attempt = async () => {
    try {
      const registered = await registerWebhook({ client: options.client, url, logger, ...(options.lock ? { lock: options.lock } : {}) });
      server.webhooks.keyring.set(registered.signingKey);
      hookId = registered.hookId;
    } catch (error) {
      logger.error({ err: error, retryInMs: RETRY_MS }, 'could not register the logto-graphql webhook; live updates wait for it');
      if (!stopped) {
        retry = setTimeout(() => void attempt(), RETRY_MS);
        retry.unref();
      }
    }
  };
  void attempt();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    gapCheck.stop();
  };
}
