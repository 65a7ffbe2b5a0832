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

/** Every type that implements `Node`: a global id naming any other type is malformed. */
export const NODE_TYPENAMES: ReadonlySet<string> = new Set([
  'User',
  'Role',
  'Scope',
  'Resource',
  'Application',
  'Organization',
  'OrganizationRole',
  'OrganizationScope',
  'OrganizationInvitation',
  'Log',
  'Connector',
]);

export function decodeGlobalId(value: string): { typename: string; id: string } {
  const decoded = tryDecodeGlobalId(value);
  if (!decoded || !NODE_TYPENAMES.has(decoded.typename)) throw badUserInput(`"${value.slice(0, 80)}" is not a valid global id.`, { argumentName: 'id' });
  return decoded;
}

/**
 * Our id rule: every by-id argument takes either the global id of the expected type or Logto's
 * own id. A value that decodes as a global id of another type is treated as a Logto id (it will
 * simply not be found), so no type can be reached through another's argument.
 */
export function logtoIdFrom(value: string, typename: string): string {
  const decoded = tryDecodeGlobalId(value);
  return decoded?.typename === typename ? decoded.id : value;
}

/**
 * The Logto id a federation entity representation names: its `logtoId` key, else its `id` key
 * read by the rule above; undefined when it carries neither.
 */
export function logtoIdOfRepresentation(representation: { readonly logtoId?: unknown; readonly id?: unknown }, typename: string): string | undefined {
  if (typeof representation.logtoId === 'string' && representation.logtoId !== '') return representation.logtoId;
  if (typeof representation.id === 'string' && representation.id !== '') return logtoIdFrom(representation.id, typename);
  return undefined;
}
