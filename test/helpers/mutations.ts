import { type Stack, upstreamDuring } from './stack.js';

/** What every mutation result carries when it is a typed error (the `Error` interface). */
export type MutationResult = {
  __typename: string;
  message?: string;
  field?: string | null;
  logtoCode?: string | null;
  issues?: { field: string | null; message: string }[];
  [key: string]: unknown;
};

export type MutationCall = {
  /** The mutation field's value: null when it failed with a top-level error (FORBIDDEN, an outage, a lost answer). */
  result: MutationResult | null | undefined;
  errors: { message: string; extensions?: Record<string, unknown> }[] | undefined;
  cost: { estimatedUpstreamRequests: number; upstreamRequests: number } | undefined;
  /** Management API requests the sandbox received while the mutation ran. */
  requests: { method: string; path: string; query: string; status: number }[];
};

/**
 * Runs `name(input: $input)` with the typed-error fields every test wants, plus `selection`
 * (usually `... on XPayload { ... }`), and reports what reached the sandbox.
 */
export async function mutate(
  stack: Stack,
  name: string,
  input: Record<string, unknown>,
  selection = '',
  headers?: Record<string, string>,
): Promise<MutationCall> {
  const inputType = `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
  const query = `mutation($input: ${inputType}!) {
    ${name}(input: $input) {
      __typename
      ... on Error { message field logtoCode }
      ... on ValidationError { issues { field message } }
      ${selection}
    }
  }`;
  const { result: response, requests } = await upstreamDuring(stack, () => stack.post<Record<string, MutationResult>>(query, { input }, headers));
  return {
    result: response.body.data?.[name],
    errors: response.body.errors,
    cost: response.body.extensions?.cost as MutationCall['cost'],
    requests,
  };
}

/** The mutation's payload, typed as the test's selection shapes it. */
export function payload<T>(call: MutationCall): T {
  return call.result as unknown as T;
}
