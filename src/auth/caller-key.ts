import type { Caller } from './caller.js';

/**
 * Whose share of the upstream budget a request uses (src/logto/fair-queue.ts): the identity a
 * person or service can't multiply cheaply. Users by user id (whatever app their token came
 * from), applications by client id, and organization tokens by organization, so an
 * organization's members share one share instead of each bringing their own.
 *
 * Without authentication (`AUTH_MODE=none`) there is no identity; the peer's address is the best
 * stand-in (it splits distinct machines, not distinct people behind one proxy). Never a header
 * such as X-Forwarded-For: anyone could send a new value per request and escape the cap.
 */
export function callerKey(caller: Caller, remoteAddress: string | undefined): string {
  switch (caller.kind) {
    case 'organization':
      return `organization:${caller.organizationId ?? ''}`;
    case 'user':
    case 'self':
      return `user:${caller.userId ?? caller.subject ?? ''}`;
    case 'm2m':
      return `application:${caller.clientId ?? caller.subject ?? ''}`;
    case 'anonymous':
      return `anonymous:${remoteAddress ?? 'local'}`;
    case 'nobody':
      // Never reaches the queue: the context refuses an unauthenticated request first.
      return 'nobody';
  }
}
