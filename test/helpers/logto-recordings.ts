import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Real exchanges with Logto OSS 1.42, copied into `test/fixtures/logto-recorded/`. */
export type Recording = {
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
  response: { status: number; headers: Record<string, string>; body: unknown };
};

const FIXTURES = fileURLToPath(new URL('../fixtures/logto-recorded/', import.meta.url));

export function recordingFiles(): string[] {
  return readdirSync(FIXTURES).filter((file) => /^\d{3}-.*\.json$/.test(file)).sort();
}

export function loadRecording(file: string): Recording {
  return JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as Recording;
}

/** `rel` → URL of a `Link` header (fetch joins Logto's one-line-per-relation into one value). */
export function parseLinks(value: string | null | undefined): Map<string, string> {
  const links = new Map<string, string>();
  for (const part of (value ?? '').split(/,\s*(?=<)/)) {
    const match = /^<([^>]*)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (match) links.set(match[2] as string, match[1] as string);
  }
  return links;
}

/** Replace `scheme://host:port` so recorded (127.0.0.1:3001) and sandbox URLs compare. */
export function normaliseHost(value: string): string {
  return value.replace(/https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+/g, 'http://HOST');
}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

const jsonType = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as JsonType);

/**
 * What the recorded values of one position looked like: the JSON types seen and, for objects, each
 * key with how many samples had it (keys present in every sample are required); for arrays, the
 * union of their elements.
 */
type Shape = { types: Set<JsonType>; objects: number; keys: Map<string, { count: number; shape: Shape }>; items?: Shape };

const emptyShape = (): Shape => ({ types: new Set(), objects: 0, keys: new Map() });

/**
 * Objects whose keys are data, not schema (custom data, profiles, log payloads, ...): the sandbox
 * fills them differently from the recorder, so only their type is compared.
 */
const FREE_FORM_KEYS = new Set([
  'customData',
  'profile',
  'identities',
  'payload',
  'customClientMetadata',
  'protectedAppMetadata',
  'color',
  'branding',
  'data',
]);

function learn(shape: Shape, value: unknown, freeForm = false): void {
  const type = jsonType(value);
  shape.types.add(type);
  if (type === 'object' && !freeForm) {
    shape.objects += 1;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const entry = shape.keys.get(key) ?? { count: 0, shape: emptyShape() };
      entry.count += 1;
      learn(entry.shape, child, FREE_FORM_KEYS.has(key));
      shape.keys.set(key, entry);
    }
  } else if (type === 'array') {
    shape.items ??= emptyShape();
    for (const item of value as unknown[]) learn(shape.items, item);
  }
}

/** Path → its last key (`[3].primaryEmail` → `primaryEmail`, `[0]` → undefined). */
function lastKey(path: string): string | undefined {
  return /\.([^.[\]]+)$/.exec(path)?.[1];
}

/** Keys of which some recorded Logto answer (any file) has a null: nullable columns. */
let recordedNullable: Set<string> | undefined;

function nullableInLogto(key: string): boolean {
  if (!recordedNullable) {
    const found = new Set<string>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') {
        for (const [name, child] of Object.entries(value)) {
          if (child === null) found.add(name);
          else visit(child);
        }
      }
    };
    for (const file of recordingFiles()) visit(loadRecording(file).response.body);
    recordedNullable = found;
  }
  return recordedNullable.has(key);
}

function check(shape: Shape, value: unknown, path: string, problems: string[], freeForm = false): void {
  const type = jsonType(value);
  if (type === 'null') {
    // A null where this recording has one, or in a column Logto answers null in other recordings
    // (a user without `name` or `primaryEmail`): the seed's rows differ from this recording's.
    // A null anywhere else (an id, a timestamp, a flag) is drift.
    const key = lastKey(path);
    if (shape.types.size === 0 || shape.types.has('null') || (key !== undefined && nullableInLogto(key))) return;
    problems.push(`${path || '<root>'}: null where Logto had ${[...shape.types].join('|')}`);
    return;
  }
  // Logto recorded only nulls in a nullable column the seed fills (e.g. avatar): same column.
  if (shape.types.size === 1 && shape.types.has('null')) return;
  if (!shape.types.has(type)) {
    problems.push(`${path || '<root>'}: expected ${[...shape.types].join('|')}, got ${type}`);
    return;
  }
  if (type === 'object' && !freeForm && shape.objects > 0) {
    const record = value as Record<string, unknown>;
    for (const [key, { count }] of shape.keys) {
      if (count === shape.objects && !(key in record)) problems.push(`${path}.${key}: missing`);
    }
    for (const [key, child] of Object.entries(record)) {
      const entry = shape.keys.get(key);
      if (!entry) problems.push(`${path}.${key}: not in Logto's answer`);
      else check(entry.shape, child, `${path}.${key}`, problems, FREE_FORM_KEYS.has(key));
    }
  } else if (type === 'array' && shape.items && shape.items.types.size > 0) {
    (value as unknown[]).forEach((item, index) => check(shape.items as Shape, item, `${path}[${index}]`, problems));
  }
}

/**
 * Differences between the shape of `actual` and of the recorded `expected` body: same keys (a key
 * may be optional when some recorded rows lack it) and the same JSON types, recursively.
 */
export function shapeProblems(expected: unknown, actual: unknown): string[] {
  const shape = emptyShape();
  learn(shape, expected);
  const problems: string[] = [];
  check(shape, actual, '', problems);
  return problems;
}
