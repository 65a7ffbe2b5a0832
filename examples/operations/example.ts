/**
 * What a TypeScript caller writes with the typed documents: graphql-request infers the
 * variables and the result from each document, so a renamed field or a wrong variable fails
 * the build, not the screen.
 */
import { GraphQLClient } from 'graphql-request';

import { CreateUserDocument, UsersWithRolesDocument } from './gql/graphql.js';

export async function firstUsernames(client: GraphQLClient, like: string): Promise<{ total: number; usernames: (string | null)[] }> {
  const { users } = await client.request(UsersWithRolesDocument, { first: 5, filter: { username: { like } } });
  return { total: users?.totalCount ?? 0, usernames: users?.nodes.map((user) => user.username) ?? [] };
}

/** A typed error is data: `field` names the input the user should fix. */
export async function createUser(client: GraphQLClient, username: string): Promise<{ id: string } | { message: string; field: string | null }> {
  const { createUser: result } = await client.request(CreateUserDocument, { input: { username } });
  switch (result?.__typename) {
    case 'CreateUserPayload':
      return { id: result.user?.id ?? '' };
    case 'ConflictError':
    case 'ValidationError':
      return { message: result.message, field: result.field ?? null };
    default:
      throw new Error('createUser returned nothing (no permission?)');
  }
}

export async function typesBite(client: GraphQLClient): Promise<void> {
  // @ts-expect-error `first` is an Int: the typed document refuses a string before any request.
  await client.request(UsersWithRolesDocument, { first: 'ten' });
}
