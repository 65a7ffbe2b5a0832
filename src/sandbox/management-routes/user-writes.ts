import { z } from 'zod';

import { EMAIL_PATTERN, LENGTHS, PHONE_PATTERN, USERNAME_PATTERN } from '../../logto/input-rules.js';
import { guardBody } from '../body-guard.js';
import { entityNotExistsWithId, entityNotFound, LogtoError } from '../errors.js';
import { del, patch, post, type RouteContext, type RouteDefinition } from '../router.js';
import type { UserRow } from '../rows.js';
import type { SandboxStore } from '../store.js';
import { checkColumnSizes, emptyUpdate, jsonObject, nowMs, userProfile } from '../write-guards.js';

/**
 * Logto's user write routes (`routes/admin-user/basics.ts`, `admin-user/role.ts`): the same
 * guards, the same order of checks, the same statuses (200 for `POST /users`) and error codes.
 */

const PASSWORD_ALGORITHMS = ['Argon2i', 'Argon2id', 'Argon2d', 'SHA1', 'SHA256', 'MD5', 'Bcrypt', 'Legacy'] as const;

/** `string().url().or(literal('')).nullable()` */
const avatar = z.union([z.url(), z.literal('')]).nullable();

const createBody = z
  .object({
    primaryPhone: z.string().regex(PHONE_PATTERN),
    primaryEmail: z.string().regex(EMAIL_PATTERN),
    username: z.string().regex(USERNAME_PATTERN),
    password: z.string().min(1),
    passwordDigest: z.string().max(256),
    passwordAlgorithm: z.enum(PASSWORD_ALGORITHMS),
    name: z.string(),
    avatar,
    customData: jsonObject,
    profile: userProfile,
  })
  .partial();

/** PATCH accepts `''` and `null` for the identifiers (to clear them). */
const orEmpty = (schema: z.ZodString) => z.union([schema, z.literal('')]).nullable();

const updateBody = z
  .object({
    username: orEmpty(z.string().regex(USERNAME_PATTERN)),
    primaryEmail: orEmpty(z.string().regex(EMAIL_PATTERN)),
    primaryPhone: orEmpty(z.string().regex(PHONE_PATTERN)),
    name: orEmpty(z.string()),
    avatar,
    customData: jsonObject,
    profile: userProfile,
  })
  .partial();

function findUser(context: RouteContext): UserRow {
  const user = context.store.users.get(context.params.userId ?? '');
  if (!user) throw entityNotFound();
  return user;
}

const usernameInUse = () => new LogtoError(422, 'user.username_already_in_use', 'This username is already in use.');
const emailInUse = () => new LogtoError(422, 'user.email_already_in_use', 'This email is associated with an existing account.');
const phoneInUse = () =>
  new LogtoError(422, 'user.phone_already_in_use', 'This phone number is associated with an existing account.');

/** `hasUser` (case-sensitive: Logto's default username policy), `hasUserWithEmail` (any case), `hasUserWithPhone`. */
function taken(store: SandboxStore, field: 'username' | 'primaryEmail' | 'primaryPhone', value: string, exceptId?: string): boolean {
  const wanted = field === 'primaryEmail' ? value.toLowerCase() : value;
  for (const user of store.users.values()) {
    if (user.id === exceptId) continue;
    const current = user[field];
    if (current !== null && (field === 'primaryEmail' ? current.toLowerCase() : current) === wanted) return true;
  }
  return false;
}

function checkSizes(values: { username?: string | null; primaryEmail?: string | null; primaryPhone?: string | null; name?: string | null; avatar?: string | null }): void {
  checkColumnSizes([
    [values.username, LENGTHS.userText],
    [values.primaryEmail, LENGTHS.userText],
    [values.primaryPhone, LENGTHS.userText],
    [values.name, LENGTHS.userText],
    [values.avatar, LENGTHS.avatar],
  ]);
}

/** The stored row with fresh `updatedAt`, in Logto's key order. */
function saveUser(store: SandboxStore, user: UserRow, changes: Partial<UserRow>): UserRow {
  const updated: UserRow = { ...user, ...changes, updatedAt: Math.max(nowMs(), user.updatedAt + 1) };
  store.updateUser(updated);
  return updated;
}

export const userWriteRoutes: readonly RouteDefinition[] = [
  post('/users', (context) => {
    const { store } = context;
    const body = guardBody(createBody, context.body);
    if (body.password && body.passwordDigest) {
      throw new LogtoError(400, 'user.password_and_digest', 'You cannot set both plain text password and password digest.');
    }
    if (body.passwordDigest && !body.passwordAlgorithm) {
      throw new LogtoError(400, 'user.password_algorithm_required', 'Password algorithm is required.');
    }
    // Logto checks in this order: username, email, phone.
    if (body.username && taken(store, 'username', body.username)) throw usernameInUse();
    if (body.primaryEmail && taken(store, 'primaryEmail', body.primaryEmail)) throw emailInUse();
    if (body.primaryPhone && taken(store, 'primaryPhone', body.primaryPhone)) throw phoneInUse();
    checkSizes(body);

    const now = nowMs();
    const user: UserRow = {
      id: store.newId(12),
      username: body.username ?? null,
      primaryEmail: body.primaryEmail ?? null,
      primaryPhone: body.primaryPhone ?? null,
      name: body.name ?? null,
      avatar: body.avatar ?? null,
      customData: body.customData ?? {},
      identities: {},
      lastSignInAt: null,
      createdAt: now,
      updatedAt: now,
      profile: body.profile ?? {},
      applicationId: null,
      cimdClientId: null,
      isSuspended: false,
      hasPassword: Boolean(body.password ?? body.passwordDigest),
    };
    store.addUser(user);
    if (body.password) store.userSecurity.setPassword(user.id, body.password);
    // `insertUser` gives every new user the default user roles.
    for (const role of store.roles.values()) {
      if (role.isDefault && role.type === 'User') store.userRoles.add(user.id, role.id);
    }
    return { status: 200, body: user };
  }),

  patch('/users/:userId', (context) => {
    const { store } = context;
    const body = guardBody(updateBody, context.body);
    const user = findUser(context);
    // `checkIdentifierCollision`: email, phone, then username; the user's own values do not count.
    if (body.primaryEmail && taken(store, 'primaryEmail', body.primaryEmail, user.id)) throw emailInUse();
    if (body.primaryPhone && taken(store, 'primaryPhone', body.primaryPhone, user.id)) throw phoneInUse();
    if (body.username && taken(store, 'username', body.username, user.id)) throw usernameInUse();
    checkSizes(body);
    if (Object.keys(body).length === 0) throw emptyUpdate();
    // `jsonbMode: 'replace'`: customData and profile are replaced, not merged.
    const changes: Partial<UserRow> = body;
    return { status: 200, body: saveUser(store, user, changes) };
  }),

  patch('/users/:userId/custom-data', (context) => {
    const { customData } = guardBody(z.object({ customData: jsonObject }), context.body);
    const user = findUser(context);
    // `updateUserById`'s default `jsonbMode: 'merge'`: Postgres `custom_data || $1`, a shallow merge.
    const updated = saveUser(context.store, user, { customData: { ...user.customData, ...customData } });
    return { status: 200, body: updated.customData };
  }),

  // `updateUserById`'s default merge: the given claims are merged into the stored profile.
  patch('/users/:userId/profile', (context) => {
    const { profile } = guardBody(z.object({ profile: userProfile }), context.body);
    const user = findUser(context);
    return { status: 200, body: saveUser(context.store, user, { profile: { ...user.profile, ...profile } }).profile };
  }),

  patch('/users/:userId/password', (context) => {
    const { password } = guardBody(z.object({ password: z.string().min(1) }), context.body);
    const user = findUser(context);
    // The row keeps only the fact; a salted verifier for `password/verify` lives apart (user-security-tables.ts).
    context.store.userSecurity.setPassword(user.id, password);
    return { status: 200, body: saveUser(context.store, user, { hasPassword: true }) };
  }),

  patch('/users/:userId/is-suspended', (context) => {
    const { isSuspended } = guardBody(z.object({ isSuspended: z.boolean() }), context.body);
    const user = findUser(context);
    return { status: 200, body: saveUser(context.store, user, { isSuspended }) };
  }),

  del('/users/:userId', (context) => {
    const user = findUser(context);
    context.store.removeUser(user.id);
    return { status: 204 };
  }),

  post('/users/:userId/roles', (context) => {
    const { store } = context;
    // Not `nonempty()` here, unlike the other relation routes: `[]` adds nothing and answers 201.
    const { roleIds } = guardBody(z.object({ roleIds: z.array(z.string().min(1)) }), context.body);
    const user = findUser(context);
    const existing = store.userRoles.rightsOf(user.id);
    const toAdd = roleIds.filter((id) => !existing.has(id));
    for (const id of toAdd) {
      const role = store.roles.get(id);
      if (role && role.type !== 'User') {
        throw new LogtoError(422, 'user.invalid_role_type', 'Invalid role type, can not assign machine-to-machine role to user.');
      }
    }
    for (const id of toAdd) if (!store.roles.has(id)) throw entityNotExistsWithId('roles', id);
    for (const id of toAdd) store.userRoles.add(user.id, id);
    return { status: 201, body: { roleIds, addedRoleIds: toAdd } };
  }),

  // Logto does not look the user up here: an unknown user or role is simply "no such row".
  del('/users/:userId/roles/:roleId', (context) => {
    if (!context.store.userRoles.delete(context.params.userId ?? '', context.params.roleId ?? '')) throw entityNotFound();
    return { status: 204 };
  }),
];
