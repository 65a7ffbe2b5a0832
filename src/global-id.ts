import { entities, entityOf } from './entities.js';
import { badUserInput } from './errors.js';

/** Global ids are `base64("<Type>:<logtoId>")`, the Relay convention GitHub's API also follows. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64');
}

/** Decodes a global id, or returns undefined when the value is not one. */
export function tryDecodeGlobalId(value: string): { typename: string; id: string } | undefined {
  if (value.length > 256 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const match = /^([A-Z][A-Za-z0-9]*):([^\s:]{1,128})$/.exec(decoded);
  if (!match?.[1] || !match[2]) return undefined;
  // Reject non-canonical encodings so one entity has exactly one global id.
  if (encodeGlobalId(match[1], match[2]) !== value) return undefined;
  return { typename: match[1], id: match[2] };
}

/** Every type that implements `Node` (the entity registry): a global id naming any other type is malformed. */
export const NODE_TYPENAMES: ReadonlySet<string> = new Set(entities().map((entry) => entry.typename));

/**
 * What a Logto id can look like, per type, so a malformed one is refused before it costs a request
 * (`search.id=` with an empty value is a 400 from Logto; a 30-character user id a wasted search).
 * Length: the type's `idMaxLength` in the registry (its `id` column in Logto's tables).
 * Characters: Logto generates `[a-z0-9]` (`generateStandardId`) and seeds a few readable ids
 * (`management-api`, `management-api-all`, `default`); upper case and `_` are allowed too, since
 * nothing in Logto forbids them, but nothing else (no spaces, `/`, `%`, `:` or `=`).
 */
const LOGTO_ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;

/** Whether `id` can be the Logto id of a `typename` (see above). */
export function isLogtoIdOf(typename: string, id: string): boolean {
  return id.length >= 1 && id.length <= (entityOf(typename)?.idMaxLength ?? 0) && LOGTO_ID_CHARACTERS.test(id);
}

/** The longest Logto id of any type, for rules that do not know the type yet. */
export const LOGTO_ID_MAX = Math.max(...entities().map((entry) => entry.idMaxLength));

/** Whether `value` can be an id of some node: a global id of a node type, or a Logto id of some type. */
export function couldBeId(value: string): boolean {
  const decoded = tryDecodeGlobalId(value);
  if (decoded && NODE_TYPENAMES.has(decoded.typename)) return isLogtoIdOf(decoded.typename, decoded.id);
  return value.length <= LOGTO_ID_MAX && LOGTO_ID_CHARACTERS.test(value);
}

const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

export function decodeGlobalId(value: string): { typename: string; id: string } {
  const decoded = tryDecodeGlobalId(value);
  if (!decoded || !NODE_TYPENAMES.has(decoded.typename) || !isLogtoIdOf(decoded.typename, decoded.id)) {
    throw badUserInput(`${shown(value)} is not a valid global id.`, { argumentName: 'id' });
  }
  return decoded;
}

/** `logtoIdFrom` without the refusal: undefined when `value` cannot name a `typename`. */
export function tryLogtoIdFrom(value: string, typename: string): string | undefined {
  const decoded = tryDecodeGlobalId(value);
  const id = decoded?.typename === typename ? decoded.id : value;
  return isLogtoIdOf(typename, id) ? id : undefined;
}

/**
 * Our id rule: every by-id argument takes either the global id of the expected type or Logto's
 * own id. Anything else — empty, too long for the type, characters Logto ids never have, a global
 * id of another type — is refused with BAD_USER_INPUT before any request (so no type can be
 * reached through another's argument either).
 */
export function logtoIdFrom(value: string, typename: string): string {
  const id = tryLogtoIdFrom(value, typename);
  if (id === undefined) {
    throw badUserInput(`${shown(value)} is not a ${typename} id: give its global id or its Logto id.`);
  }
  return id;
}

/**
 * The Logto id a federation entity representation names: its `logtoId` key, else its `id` key
 * read by the rule above; undefined when it carries neither.
 */
export function logtoIdOfRepresentation(representation: { readonly logtoId?: unknown; readonly id?: unknown }, typename: string): string | undefined {
  // A key that cannot name one resolves to null without a request.
  if (typeof representation.logtoId === 'string') return isLogtoIdOf(typename, representation.logtoId) ? representation.logtoId : undefined;
  if (typeof representation.id === 'string') return tryLogtoIdFrom(representation.id, typename);
  return undefined;
}
