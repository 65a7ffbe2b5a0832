import { expect } from 'vitest';

import type { Sandbox } from '../../src/sandbox/index.js';
import { loadRecording, recordingFiles, shapeProblems } from './logto-recordings.js';
import { callApi, getToken } from './sandbox-client.js';

/**
 * Replays one recorded exchange (140–391) against a sandbox, with the recorded ids replaced by
 * the sandbox's (recorded ids differ from the seed: the caller maps them by name or by role),
 * and compares what Logto answered: status, content type, body shape, and for errors the code
 * and message. Returns the sandbox's parsed answer for further checks.
 */
export type Replayer = (number: string, ids?: Readonly<Record<string, string>>) => Promise<{ status: number; body: unknown; headers: Headers }>;

const contentType = (value: string | null | undefined) => value?.split(';')[0] ?? null;

export async function recordingReplayer(sandbox: Sandbox): Promise<Replayer> {
  const token = await getToken(sandbox);
  const files = recordingFiles();
  return async (number, ids = {}) => {
    const file = files.find((name) => name.startsWith(`${number}-`));
    if (!file) throw new Error(`no recording ${number}`);
    const { request, response: expected } = loadRecording(file);
    const substitute = (text: string) => Object.entries(ids).reduce((value, [recorded, ours]) => value.replaceAll(recorded, ours), text);
    const body = (request as { body?: unknown }).body;
    const response = await callApi(sandbox, substitute(request.path), token, {
      method: request.method,
      ...(body === undefined ? {} : { body: substitute(JSON.stringify(body)), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    expect(response.status, `${file}: ${text}`).toBe(expected.status);
    expect(contentType(response.headers.get('content-type')), file).toBe(contentType(expected.headers['content-type']));
    const actual: unknown = text === '' ? null : contentType(response.headers.get('content-type')) === 'application/json' ? JSON.parse(text) : text;
    expect(shapeProblems(expected.body, actual), file).toEqual([]);
    if (expected.status >= 400) {
      const { code, message } = expected.body as { code: string; message: string };
      expect(actual, file).toMatchObject({ code, message: substitute(message) });
    }
    for (const header of ['total-number']) {
      expect(response.headers.has(header), `${file}: ${header}`).toBe(header in expected.headers);
    }
    return { status: response.status, body: actual, headers: response.headers };
  };
}
