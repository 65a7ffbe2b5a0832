import { startForwardingProxy } from './forwarding-proxy.js';

/** One scripted answer: for the next `times` requests matching `method` and `path`, answer this instead of forwarding. */
export type ScriptedAnswer = {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body: unknown;
  times?: number;
};

export type AnswerProxy = {
  readonly url: string;
  /** Answer the next matching request (once, unless `times`) with Logto's answer given here. */
  answer(rule: ScriptedAnswer): void;
  /** `content-encoding` of every forwarded answer, in order (`identity` when none). */
  readonly encodings: string[];
  close(): Promise<void>;
};

/**
 * A pass-through proxy in front of the sandbox that can answer a request itself, with an answer
 * real Logto gives but the facade never provokes (it refuses such input first), so the facade's
 * handling of that answer can still be tested through GraphQL. Forwarded answers pass as bytes,
 * compressed or not; `acceptEncoding` replaces the client's `Accept-Encoding` on the way up.
 */
export async function startAnswerProxy(target: string, { acceptEncoding }: { acceptEncoding?: string } = {}): Promise<AnswerProxy> {
  const rules: ScriptedAnswer[] = [];
  const encodings: string[] = [];
  const proxy = await startForwardingProxy(target, {
    intercept: (incoming, outgoing) => {
      const path = (incoming.url ?? '/').split('?')[0] ?? '/';
      const rule = rules.find((each) => each.method === incoming.method && each.path.test(path) && (each.times ?? 1) > 0);
      if (!rule) return false;
      rule.times = (rule.times ?? 1) - 1;
      incoming.resume();
      const body = JSON.stringify(rule.body);
      outgoing.writeHead(rule.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      outgoing.end(body);
      return true;
    },
    upstreamHeaders: (incoming) => ({ ...incoming.headers, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) }),
    onAnswer: (_incoming, answer) => {
      encodings.push(answer.headers['content-encoding'] ?? 'identity');
    },
  });
  return { ...proxy, answer: (rule) => rules.push({ ...rule }), encodings };
}
