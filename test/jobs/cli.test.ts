import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect } from 'vitest';

import { BCRYPT, ndjson } from '../helpers/bulk-jobs.js';
import { stackTest } from '../helpers/stack-test.js';

/**
 * `logto-graphql import` as a user runs it (the package's bin, src/main.ts, through tsx), against
 * a running facade: its output, its exit code, and the CSV of failed rows.
 */

const run = promisify(execFile);
const test = stackTest({ sandbox: { users: 3 } });
// Each run starts a tsx process: slow on a busy machine.
const TIMEOUT = { timeout: 180_000 };
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['src/main.ts', 'import', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('logto-graphql import', () => {
  test('runs an Auth0 export as a job with a progress bar, and writes the failed rows to a CSV', TIMEOUT, async ({ stack }) => {
    const dir = await mkdtemp(join(tmpdir(), 'bulk-cli-'));
    const file = join(dir, 'users.ndjson');
    const records = Array.from({ length: 12 }, (_, i) => ({ user_id: `auth0|${i}`, username: `cli_user_${i}`, email: `cli${i}@example.com`, passwordHash: BCRYPT }));
    records.push({ user_id: 'auth0|bad', username: 'cli_bad', email: 'bad@example.com', passwordHash: 'plaintext-oops' });
    await writeFile(file, ndjson(records));

    const dry = await cli([file, '--format', 'auth0-export', '--dry-run', '--url', stack.server.url]);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain('Dry run: 13 rows, 12 valid, 1 would fail');
    expect(dry.stdout).toContain('row 13 (cli_bad): ValidationError passwordDigest Not a bcrypt hash');
    expect(stack.sandbox.store.users.size).toBe(3);

    const result = await cli([file, '--format', 'auth0-export', '--url', stack.server.url, '--poll-ms', '50']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2); // a row failed
    const id = /Started job (\S+): 13 rows/.exec(result.stdout)?.[1];
    expect(id).toBeDefined();
    // Without a terminal the bar prints a line per update; the last one is complete.
    const bars = result.stdout.split('\n').filter((line) => line.includes('rows/s'));
    expect(bars.length).toBeGreaterThan(0);
    expect(bars.at(-1)).toMatch(/100% \| 13\/13 rows \| done 12 \| failed 1 \| exists 0 \| [\d.]+ rows\/s \| ETA/);
    expect(result.stdout).toContain(`Job ${id} succeeded: 12 done, 1 failed, 0 already there, of 13.`);
    const csv = await readFile(`${file}.failed.csv`, 'utf8');
    expect(csv.trim().split('\n')).toEqual(['row,key,error,field,message', expect.stringMatching(/^13,cli_bad,ValidationError,passwordDigest,"?Not a bcrypt hash/)]);
    for (let i = 0; i < 12; i++) expect([...stack.sandbox.store.users.values()].filter((user) => user.username === `cli_user_${i}`)).toHaveLength(1);

    // Following a finished job again (`--job`) reports it without sending anything.
    const since = stack.sandbox.requestLog.lastSeq();
    const again = await cli(['--job', id!, '--url', stack.server.url, '--failed-csv', join(dir, 'again.csv')]);
    expect(again.stdout).toContain(`Following job ${id} (succeeded).`);
    expect(again.stdout).toContain('12 done, 1 failed');
    expect(stack.sandbox.requestLog.entries({ sinceSeq: since }).filter((entry) => entry.path.startsWith('/api/'))).toEqual([]);
  });

  test('says why when the facade cannot be reached', TIMEOUT, async () => {
    const result = await cli(['missing.ndjson', '--job', 'x', '--url', 'http://127.0.0.1:9/graphql']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^logto-graphql import: cannot reach http:\/\/127\.0\.0\.1:9\/graphql/);
  });
});
