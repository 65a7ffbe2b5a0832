import type { GraphQLResponse, Stack } from './stack.js';

/** Helpers for bulk job tests: multipart uploads and waiting for a job to end. */

export const START_IMPORT = `mutation($input: StartUserImportInput!) {
  startUserImport(input: $input) {
    __typename
    ... on Error { message field }
    ... on ValidationError { issues { field message } }
    ... on StartUserImportPayload {
      job { id status total description durable }
      dryRun { total valid estimatedDurationSeconds errors { row key error { __typename ... on Error { message field logtoCode } } } }
    }
  }
}`;

export const JOB = `query($id: ID!) {
  bulkJob(id: $id) {
    id kind status total processed succeeded failed existing startedAt finishedAt estimatedEndAt
    errors(first: 100) { totalCount edges { node { row key error { __typename ... on Error { message field logtoCode } } } } }
  }
}`;

export type JobView = {
  id: string;
  kind: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  existing: number;
  startedAt: string | null;
  finishedAt: string | null;
  estimatedEndAt: string | null;
  errors: { totalCount: number; edges: { node: { row: number; key: string; error: { __typename: string; message: string; field: string | null; logtoCode: string | null } } }[] };
};

/** A GraphQL multipart request (the spec yoga implements): `operations`, `map`, then the file as part `0`. */
export async function upload<T = Record<string, unknown>>(
  stack: Stack,
  query: string,
  input: Record<string, unknown>,
  file: { readonly name: string; readonly text: string },
  headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' },
): Promise<GraphQLResponse<T>> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { input: { ...input, file: null } } }));
  form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.set('0', new File([file.text], file.name, { type: 'application/x-ndjson' }));
  const response = await fetch(stack.server.url, { method: 'POST', headers: { accept: 'application/json', ...headers }, body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as GraphQLResponse<T>['body'] };
}

export async function readJob(stack: Stack, id: string, headers?: Record<string, string>): Promise<JobView | null> {
  const answer = await stack.post<{ bulkJob: JobView | null }>(JOB, { id }, headers);
  if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
  return answer.body.data?.bulkJob ?? null;
}

/** Polls until the job has ended (or `until` holds); the job's own pace decides how long that takes. */
export async function waitForJob(stack: Stack, id: string, until: (job: JobView) => boolean = (job) => job.finishedAt !== null, headers?: Record<string, string>): Promise<JobView> {
  for (;;) {
    const job = await readJob(stack, id, headers);
    if (!job) throw new Error(`job ${id} is gone`);
    if (until(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const ndjson = (records: readonly object[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

/** A real-looking bcrypt hash (cost 10); the sandbox keeps only that a password is set. */
export const BCRYPT = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
