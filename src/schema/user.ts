import type { LogtoUser } from '../logto/types.js';
import { userById, usersConnection } from '../resolvers/users.js';
import { builder } from './builder.js';

export const UserRef = builder.node(builder.objectRef<LogtoUser>('User'), {
  description: 'A user of the Logto tenant (an end user, or a bot that signs in).',
  id: { resolve: (user) => user.id },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.users.load(id)),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'isSuspended' in value && 'primaryEmail' in value,
  fields: (t) => ({
    logtoId: t.exposeString('id', {
      description: "Logto's own id of the user (the `sub` claim of the user's tokens).",
    }),
    username: t.exposeString('username', { nullable: true, description: 'Unique username, if the user has one.' }),
    primaryEmail: t.field({
      type: 'EmailAddress',
      nullable: true,
      description: 'Primary email address, unique in the tenant.',
      resolve: (user) => user.primaryEmail,
    }),
    primaryPhone: t.exposeString('primaryPhone', {
      nullable: true,
      description: 'Primary phone number as Logto stores it: digits with the country code, no `+` (e.g. `14155550100`).',
    }),
    name: t.exposeString('name', { nullable: true, description: 'Display name.' }),
    avatar: t.field({
      type: 'URL',
      nullable: true,
      description: 'Avatar image URL.',
      resolve: (user) => user.avatar,
    }),
    isSuspended: t.exposeBoolean('isSuspended', { description: 'Whether the user is suspended (cannot sign in).' }),
    hasPassword: t.boolean({
      description: 'Whether the user has a password set. The password itself is never readable.',
      resolve: (user) => user.hasPassword ?? false,
    }),
    lastSignInAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the user last signed in.',
      resolve: (user) => user.lastSignInAt,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the user was created.', resolve: (user) => user.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When the user was last updated.', resolve: (user) => user.updatedAt }),
  }),
});

/** `UserConnection`, shared by every plain list of users (root and relations). */
export const UserConnectionRef = builder.connectionObject(
  { type: UserRef, name: 'UserConnection', description: 'A page of users.' },
  { name: 'UserEdge', description: 'A user in a page of users.' },
);

builder.queryFields((t) => ({
  user: t.field({
    type: UserRef,
    nullable: true,
    description: 'A user by global id or Logto id; `null` when there is none.',
    args: { id: t.arg.id({ required: true, description: 'Global id or Logto id of the user.' }) },
    resolve: (_root, args, ctx) => userById(ctx, args.id),
  }),
  users: t.connection(
    {
      type: UserRef,
      nullable: true,
      description: 'Users of the tenant, newest first (the order Logto returns them in).',
      resolve: (_root, args, ctx) => usersConnection(ctx, args),
    },
    UserConnectionRef,
  ),
}));
