import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import type { GraphQLError } from 'graphql';

import { graphQLError } from '../errors.js';
import type { Caller } from './caller.js';
import type { AuthScopes, Requirement } from './policy.js';
import { PROFILE_SCOPE } from './scopes.js';

type Need = { [K in keyof AuthScopes]: { readonly name: K; readonly parameter: AuthScopes[K] } }[keyof AuthScopes];

/** The named checks a scope-auth failure was made of. */
export function needsOfFailure(failure: AuthFailure): Need[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return [{ name: failure.scope, parameter: failure.parameter } as Need];
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      return failure.failures.flatMap(needsOfFailure);
    default:
      return [];
  }
}

/** The named checks a requirement is made of. */
export function needsOfRequirement(requirement: Requirement | boolean): Need[] {
  if (typeof requirement === 'boolean') return [];
  return Object.entries(requirement).flatMap(([name, parameter]) =>
    name === '$any' || name === '$all' ? needsOfRequirement(parameter as Requirement) : [{ name, parameter } as Need],
  );
}

function describe(caller: Caller, need: Need): { text: string; scope?: string } | undefined {
  const confined = caller.organizationId !== undefined;
  switch (need.name) {
    case 'tenant':
      return { text: confined ? `\`${need.parameter}\` tenant-wide` : `\`${need.parameter}\``, scope: need.parameter };
    case 'organization':
      return {
        text: confined ? `\`${need.parameter.scope}\` in organization ${need.parameter.organizationId}` : `\`${need.parameter.scope}\``,
        scope: need.parameter.scope,
      };
    case 'permission':
      return { text: `\`${need.parameter}\``, scope: need.parameter };
    case 'self':
    case 'profile':
      return { text: `\`${PROFILE_SCOPE}\` on the caller's own user`, scope: PROFILE_SCOPE };
    case 'member':
      return { text: "`read:users` on a member of the token's organization" };
    case 'authenticated':
      return undefined;
  }
}

/**
 * FORBIDDEN for one field or object: what it needs, which permissions would do, and for
 * organization tokens why tenant-wide data stays out of reach. Resolves to null with this
 * error at the field's path; the rest of the response is unaffected.
 */
export function forbiddenError(caller: Caller, subject: string, needs: readonly Need[]): GraphQLError {
  const described = needs.map((need) => describe(caller, need)).filter((item) => item !== undefined);
  const alternatives = [...new Set(described.map((item) => item.text))];
  const requiredScopes = [...new Set(described.flatMap((item) => (item.scope ? [item.scope] : [])))];
  let message = `Not allowed: ${subject}${alternatives.length > 0 ? ` needs ${alternatives.join(' or ')}` : ''}.`;
  if (caller.organizationId !== undefined && needs.some((need) => need.name === 'tenant' || need.name === 'organization' || need.name === 'member')) {
    message += ` This organization token reaches only organization ${caller.organizationId}, and nothing tenant-wide.`;
  }
  return graphQLError('FORBIDDEN', message, { requiredScopes });
}
