/** Waits an upstream request makes (for the token, before a retry) that its caller's abort ends. */
import { LogtoApiError } from './errors.js';

/** Stops waiting when the caller aborts; the shared token request itself goes on for the others. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, requestId: string): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(new LogtoApiError({ status: 0, code: 'client.aborted', message: 'The request was aborted before it was sent to Logto', requestId, cause: signal.reason }));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function sleep(ms: number, signal: AbortSignal | undefined, requestId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): LogtoApiError =>
      new LogtoApiError({ status: 0, code: 'client.aborted', message: 'The request was aborted while waiting to retry', requestId, cause: signal?.reason });
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
