import { entityNotFound, guardInvalidInput, LogtoError, requestInvalidInput, type ZodIssueLike } from '../errors.js';
import { listReply } from '../list-reply.js';
import { queryString, yes } from '../query.js';
import { compareText, roleSummaries } from '../responses.js';
import { get, type RouteContext, type RouteDefinition, type RouteHandler } from '../route.js';
import type { UserRow } from '../rows.js';
import { searchRoles, searchUsers } from './queries.js';

function findUser(context: RouteContext): UserRow {
  const user = context.store.users.get(context.params.userId ?? '');
  if (!user) throw entityNotFound();
  return user;
}

export const userRoutes: readonly RouteDefinition[] = [
  get(
    '/users',
    (context) => {
      const { store, searchParams } = context;
      const excludeRoleId = searchParams.get('excludeRoleId');
      const excludeOrganizationId = searchParams.get('excludeOrganizationId');
      if (excludeRoleId && excludeOrganizationId) {
        throw requestInvalidInput(
          'Parameter `excludeRoleId` and `excludeOrganizationId` cannot be used at the same time.',
          false,
        );
      }
      const relation = excludeRoleId
        ? (user: UserRow) => !store.userRoles.has(user.id, excludeRoleId)
        : excludeOrganizationId
          ? (user: UserRow) => !store.organizationUsers.has(excludeOrganizationId, user.id)
          : () => true;
      return listReply(context, searchUsers(context, relation));
    },
    { pagination: 'always' },
  ),

  get('/users/:userId', (context) => {
    const includeSsoIdentities = queryString(context.query, 'includeSsoIdentities');
    // `includePasswordHash` is accepted and ignored: the sandbox holds no hash to hand out.
    queryString(context.query, 'includePasswordHash');
    const user = findUser(context);
    return { status: 200, body: yes(includeSsoIdentities) ? { ...user, ssoIdentities: [] } : user };
  }),

  get('/users/:userId/custom-data', (context) => ({ status: 200, body: findUser(context).customData })),

  get('/users/:userId/has-password', (context) => ({ status: 200, body: { hasPassword: findUser(context).hasPassword } })),

  get(
    '/users/:userId/roles',
    (context) => {
      const user = findUser(context);
      const roleIds = context.store.userRoles.rightsOf(user.id);
      return listReply(context, searchRoles(context, (role) => roleIds.has(role.id) && role.type === 'User'));
    },
    { pagination: 'always' },
  ),

  // Not paginated in Logto ("aligns with the issuing of organizations to ID tokens").
  get('/users/:userId/organizations', (context) => {
    const { store } = context;
    const user = findUser(context);
    const organizations = [...store.organizationUsers.leftsOf(user.id)]
      .sort(compareText)
      .flatMap((id) => {
        const organization = store.organizations.get(id);
        if (!organization) return [];
        const roles = store.organizationUserRoles.rolesOf(id, user.id);
        return [{ ...organization, organizationRoles: roleSummaries(store, roles) }];
      });
    return { status: 200, body: organizations };
  }),
];

// ---- Writes Logto's self-service flows use (`PATCH /api/users/:userId`, `.../custom-data`, `.../profile`).

type Check = (value: unknown) => boolean;
const invalidString = (path: string[], validation: string): ZodIssueLike => ({ validation, code: 'invalid_string', message: 'Invalid', path });
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const received = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const invalidType = (path: (string | number)[], expected: string, value: unknown): ZodIssueLike => ({
  code: 'invalid_type',
  expected,
  received: received(value),
  path,
  message: `Expected ${expected}, received ${received(value)}`,
});

/** `string().regex(...).or(literal('')).nullable().optional()`, as Logto guards these keys. */
const PATCH_STRING_KEYS: Readonly<Record<string, { check: Check; validation: string }>> = {
  username: { check: (value) => typeof value === 'string' && /^[A-Z_a-z]\w*$/.test(value), validation: 'regex' },
  primaryEmail: { check: (value) => typeof value === 'string' && /^\S+@\S+\.\S+$/.test(value), validation: 'regex' },
  primaryPhone: { check: (value) => typeof value === 'string' && /^\d+$/.test(value), validation: 'regex' },
  name: { check: (value) => typeof value === 'string', validation: 'regex' },
  avatar: {
    check: (value) => {
      if (typeof value !== 'string') return false;
      try {
        new URL(value);
        return true;
      } catch {
        return false;
      }
    },
    validation: 'url',
  },
};

const PROFILE_KEYS = ['familyName', 'givenName', 'middleName', 'nickname', 'preferredUsername', 'profile', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale'];
const ADDRESS_KEYS = ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'];

/** `userProfileGuard`: known string claims and an address; unknown keys are dropped, as zod does. */
function guardProfile(value: unknown, path: string[], issues: ZodIssueLike[]): UserRow['profile'] {
  if (!isPlainObject(value)) {
    issues.push(invalidType(path, 'object', value));
    return {};
  }
  const profile: Record<string, unknown> = {};
  for (const key of PROFILE_KEYS) {
    if (value[key] === undefined) continue;
    if (typeof value[key] === 'string') profile[key] = value[key];
    else issues.push(invalidType([...path, key], 'string', value[key]));
  }
  if (value.address !== undefined) {
    if (!isPlainObject(value.address)) issues.push(invalidType([...path, 'address'], 'object', value.address));
    else {
      const address: Record<string, string> = {};
      for (const key of ADDRESS_KEYS) {
        const part = value.address[key];
        if (part === undefined) continue;
        if (typeof part === 'string') address[key] = part;
        else issues.push(invalidType([...path, 'address', key], 'string', part));
      }
      profile.address = address;
    }
  }
  return profile as UserRow['profile'];
}

function findUserForWrite(context: RouteContext): UserRow {
  const user = context.store.users.get(context.params.userId ?? '');
  if (!user) throw entityNotFound();
  return user;
}

/** Logto's identifier collision check (`checkIdentifierCollision`), for the keys being set. */
function checkCollision(context: RouteContext, userId: string, changes: Partial<UserRow>): void {
  for (const other of context.store.users.values()) {
    if (other.id === userId) continue;
    if (changes.username && other.username === changes.username) {
      throw new LogtoError(422, 'user.username_already_in_use', 'This username is already in use.');
    }
    if (changes.primaryEmail && other.primaryEmail?.toLowerCase() === changes.primaryEmail.toLowerCase()) {
      throw new LogtoError(422, 'user.email_already_in_use', 'This email is associated with an existing account.');
    }
    if (changes.primaryPhone && other.primaryPhone === changes.primaryPhone) {
      throw new LogtoError(422, 'user.phone_already_in_use', 'This phone number is associated with an existing account.');
    }
  }
}

function saveUser(context: RouteContext, user: UserRow, changes: Partial<UserRow>): UserRow {
  const updated: UserRow = { ...user, ...changes, updatedAt: Math.max(Date.now(), user.updatedAt + 1) };
  context.store.addUser(updated);
  return updated;
}

/** `PATCH /users/:userId`: a partial update; `customData` and `profile` replace the stored objects whole. */
const patchUser: RouteHandler = (context) => {
  const body = isPlainObject(context.body) ? context.body : {};
  const issues: ZodIssueLike[] = [];
  const changes: Record<string, unknown> = {};
  for (const [key, { check, validation }] of Object.entries(PATCH_STRING_KEYS)) {
    const value = body[key];
    if (value === undefined) continue;
    if (value === null || value === '' || check(value)) changes[key] = value;
    else issues.push(typeof value === 'string' ? invalidString([key], validation) : invalidType([key], 'string', value));
  }
  if (body.customData !== undefined) {
    if (isPlainObject(body.customData)) changes.customData = body.customData;
    else issues.push(invalidType(['customData'], 'object', body.customData));
  }
  if (body.profile !== undefined) changes.profile = guardProfile(body.profile, ['profile'], issues);
  if (issues.length > 0) throw guardInvalidInput('body', issues);
  const user = findUserForWrite(context);
  checkCollision(context, user.id, changes as Partial<UserRow>);
  return { status: 200, body: saveUser(context, user, changes as Partial<UserRow>) };
};

/** `PATCH /users/:userId/custom-data`: merged into the stored custom data; answers the result. */
const patchCustomData: RouteHandler = (context) => {
  const body = isPlainObject(context.body) ? context.body : {};
  if (!isPlainObject(body.customData)) throw guardInvalidInput('body', [invalidType(['customData'], 'object', body.customData)]);
  const user = findUserForWrite(context);
  const updated = saveUser(context, user, { customData: { ...user.customData, ...body.customData } });
  return { status: 200, body: updated.customData };
};

/** `PATCH /users/:userId/profile`: merged into the stored profile; answers the result. */
const patchProfile: RouteHandler = (context) => {
  const body = isPlainObject(context.body) ? context.body : {};
  const issues: ZodIssueLike[] = [];
  const profile = guardProfile(body.profile, ['profile'], issues);
  if (issues.length > 0) throw guardInvalidInput('body', issues);
  const user = findUserForWrite(context);
  const updated = saveUser(context, user, { profile: { ...user.profile, ...profile } });
  return { status: 200, body: updated.profile };
};

export const userWriteRoutes: readonly RouteDefinition[] = [
  { method: 'PATCH', pattern: '/users/:userId', handler: patchUser },
  { method: 'PATCH', pattern: '/users/:userId/custom-data', handler: patchCustomData },
  { method: 'PATCH', pattern: '/users/:userId/profile', handler: patchProfile },
];
