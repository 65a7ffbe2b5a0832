import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';

import { SingleBar } from 'cli-progress';

/**
 * `logto-graphql import <file> --format auth0-export [--dry-run] [--job <id>] [--url …] [--token …]`:
 * a client of a running facade, through the same GraphQL API (a multipart upload, then
 * `bulkJob(id:)` polled for progress). It never reads the facade's configuration: everything it
 * needs is on its command line.
 */

const USAGE = `usage: logto-graphql import <file> [--format csv|ndjson|auth0-export] [--dry-run] [--job <id>]
                            [--on-conflict skip|update] [--mapping column=field,…] [--failed-csv <path>]
                            [--url http://127.0.0.1:4000/graphql] [--token <access token>]`;

export type CliIo = { readonly stdout: Writable; readonly stderr: Writable; readonly isTTY: boolean };

type Job = {
  id: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  existing: number;
  estimatedEndAt: string | null;
};
type RowError = { row: number; key: string; error: { __typename: string; message: string; field: string | null } };

const JOB_FIELDS = 'id status total processed succeeded failed existing estimatedEndAt';
const START = `mutation($input: StartUserImportInput!) { startUserImport(input: $input) {
  __typename ... on Error { message field } ... on ValidationError { issues { field message } }
  ... on StartUserImportPayload { job { ${JOB_FIELDS} } dryRun { total valid estimatedDurationSeconds errors { row key error { __typename ... on Error { message field } } } } }
} }`;
const READ = `query($id: ID!) { bulkJob(id: $id) { ${JOB_FIELDS} } }`;
const ERRORS = `query($id: ID!, $after: String) { bulkJob(id: $id) { errors(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } nodes { row key error { __typename ... on Error { message field } } } } } }`;
const RESUME = `mutation($input: ResumeBulkJobInput!) { resumeBulkJob(input: $input) { __typename ... on ResumeBulkJobPayload { job { ${JOB_FIELDS} } } } }`;

const FORMATS: Readonly<Record<string, string>> = { csv: 'CSV', ndjson: 'NDJSON', 'auth0-export': 'AUTH0_EXPORT' };
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

class CliError extends Error {}

/** Runs the command; resolves to the exit code (0: done, 1: could not run, 2: rows failed). */
export async function runImportCommand(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) }): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.stderr.write(`logto-graphql import: ${error instanceof CliError ? error.message : String(error)}\n`);
    return 1;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      job: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
      token: { type: 'string' },
      'on-conflict': { type: 'string' },
      mapping: { type: 'string' },
      'failed-csv': { type: 'string' },
      'poll-ms': { type: 'string', default: '500' },
    },
  });
  const file = positionals[0];
  if (!file && !values.job) throw new CliError(`a file is required\n${USAGE}`);
  const api = graphql(values.url, values.token);
  const pollMs = Math.max(20, Number(values['poll-ms']) || 500);
  const failedCsv = values['failed-csv'] ?? `${file ?? `job-${values.job}`}.failed.csv`;

  let job: Job;
  if (values.job) {
    const found = await api<{ bulkJob: Job | null }>(READ, { id: values.job });
    if (!found.bulkJob) throw new CliError(`no job ${values.job} (or not one of yours)`);
    job = found.bulkJob;
    if (job.status === 'PAUSED') job = (await api<{ resumeBulkJob: { job: Job } }>(RESUME, { input: { id: job.id } })).resumeBulkJob.job;
    io.stdout.write(`Following job ${job.id} (${job.status.toLowerCase()}).\n`);
  } else {
    const format = FORMATS[(values.format ?? (file!.endsWith('.csv') ? 'csv' : 'ndjson')).toLowerCase()];
    if (!format) throw new CliError(`--format must be csv, ndjson or auth0-export\n${USAGE}`);
    const input: Record<string, unknown> = { format, dryRun: values['dry-run'] };
    if (values['on-conflict']) input.onConflict = values['on-conflict'].toUpperCase();
    if (values.mapping) input.mapping = values.mapping.split(',').map((pair) => ({ column: pair.split('=')[0], field: pair.split('=')[1] ?? '' }));
    const text = await readFile(file!, 'utf8');
    const started = (await api<{ startUserImport: StartResult }>(START, { input }, { name: basename(file!), text })).startUserImport;
    if (started.__typename !== 'StartUserImportPayload') {
      throw new CliError(`refused: ${(started.issues ?? [{ field: started.field ?? null, message: started.message ?? '' }]).map((issue) => `${issue.field ?? 'input'}: ${issue.message}`).join('; ')}`);
    }
    if (started.dryRun) {
      const report = started.dryRun;
      io.stdout.write(`Dry run: ${report.total} rows, ${report.valid} valid, ${report.errors.length} would fail; about ${duration(report.estimatedDurationSeconds)} at the current budget. Nothing was sent to Logto.\n`);
      for (const error of report.errors) io.stdout.write(`  row ${error.row} (${error.key}): ${error.error.__typename} ${error.error.field ?? ''} ${error.error.message}\n`);
      if (report.errors.length > 0) await writeFailed(failedCsv, report.errors, io);
      return report.errors.length > 0 ? 2 : 0;
    }
    job = started.job!;
    io.stdout.write(`Started job ${job.id}: ${job.total} rows. Resume with --job ${job.id}.\n`);
  }

  job = await follow(api, job, pollMs, io);
  const errors = await allErrors(api, job.id);
  io.stdout.write(`Job ${job.id} ${job.status.toLowerCase()}: ${job.succeeded} done, ${job.failed} failed, ${job.existing} already there, of ${job.total}.\n`);
  if (errors.length > 0) await writeFailed(failedCsv, errors, io);
  return job.status === 'SUCCEEDED' && job.failed === 0 ? 0 : 2;
}

type StartResult = {
  __typename: string;
  message?: string;
  field?: string | null;
  issues?: { field: string | null; message: string }[];
  job?: Job | null;
  dryRun?: { total: number; valid: number; estimatedDurationSeconds: number; errors: RowError[] } | null;
};

/** A progress bar (done, failed, rate, ETA) until the job ends; one line per update without a terminal. */
async function follow(api: Api, first: Job, pollMs: number, io: CliIo): Promise<Job> {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {value}/{total} rows | done {succeeded} | failed {failed} | exists {existing} | {rate} rows/s | ETA {eta_formatted}',
    stream: io.isTTY ? io.stderr : io.stdout,
    noTTYOutput: !io.isTTY,
    notTTYSchedule: pollMs,
    etaBuffer: 50,
    hideCursor: io.isTTY,
  });
  const startedAt = Date.now();
  const startedWith = first.processed;
  const fields = (job: Job) => ({
    succeeded: job.succeeded,
    failed: job.failed,
    existing: job.existing,
    rate: ((job.processed - startedWith) / Math.max(0.001, (Date.now() - startedAt) / 1000)).toFixed(1),
  });
  bar.start(first.total, first.processed, fields(first));
  let job = first;
  try {
    while (!FINISHED.has(job.status)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const read = (await api<{ bulkJob: Job | null }>(READ, { id: job.id })).bulkJob;
      if (!read) throw new CliError(`job ${job.id} disappeared (a facade without Redis lost it on restart)`);
      job = read;
      bar.update(job.processed, fields(job));
      if (job.status === 'PAUSED') {
        io.stdout.write(`\nJob ${job.id} is paused; resume it with --job ${job.id}.\n`);
        break;
      }
    }
  } finally {
    bar.update(job.processed, fields(job));
    bar.stop();
  }
  return job;
}

async function allErrors(api: Api, id: string): Promise<RowError[]> {
  const rows: RowError[] = [];
  let after: string | null = null;
  for (;;) {
    type Page = { bulkJob: { errors: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: RowError[] } } | null };
    const page: Page = await api<Page>(ERRORS, { id, after });
    const errors = page.bulkJob?.errors;
    if (!errors) return rows;
    rows.push(...errors.nodes);
    if (!errors.pageInfo.hasNextPage) return rows;
    after = errors.pageInfo.endCursor;
  }
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

async function writeFailed(path: string, errors: readonly RowError[], io: CliIo): Promise<void> {
  const lines = ['row,key,error,field,message', ...errors.map((error) => [error.row, error.key, error.error.__typename, error.error.field, error.error.message].map(csvCell).join(','))];
  await writeFile(path, `${lines.join('\n')}\n`);
  io.stdout.write(`Failed rows: ${path}\n`);
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}

type Api = <T>(query: string, variables: Record<string, unknown>, upload?: { name: string; text: string }) => Promise<T>;

function graphql(url: string, token: string | undefined): Api {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return async <T>(query: string, variables: Record<string, unknown>, upload?: { name: string; text: string }): Promise<T> => {
    let init: RequestInit;
    if (upload) {
      // The GraphQL multipart request spec; the CSRF header makes it a request a browser form cannot forge.
      const form = new FormData();
      form.set('operations', JSON.stringify({ query, variables: { ...variables, input: { ...(variables.input as object), file: null } } }));
      form.set('map', JSON.stringify({ 0: ['variables.input.file'] }));
      form.set('0', new File([upload.text], upload.name));
      init = { method: 'POST', headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1', ...auth }, body: form };
    } else {
      init = { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) };
    }
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new CliError(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new CliError(body.errors.map((error) => `${error.extensions?.code ?? 'ERROR'}: ${error.message}`).join('; '));
    if (!body.data) throw new CliError(`${url} answered ${response.status} without data`);
    return body.data;
  };
}
