import { describe, expect, it } from 'vitest';

import { estimateDurationMs, ImportFileError, readImportRows, validRows } from '../../src/jobs/import-rows.js';
import { digestProblem } from '../../src/jobs/password-digest.js';

const BCRYPT = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
const ARGON2ID = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG';

describe('password digests, per algorithm', () => {
  it('accepts bcrypt $2a$, $2b$ and $2y$ with a cost and 53 characters, and nothing else', () => {
    for (const prefix of ['$2a$', '$2b$', '$2y$']) expect(digestProblem('Bcrypt', BCRYPT.replace('$2b$', prefix))).toBeUndefined();
    expect(digestProblem('Bcrypt', 'not-a-hash')).toMatch(/Not a bcrypt hash/);
    expect(digestProblem('Bcrypt', BCRYPT.replace('$2b$', '$2x$'))).toBeDefined();
    expect(digestProblem('Bcrypt', BCRYPT.replace('$10$', '$03$'))).toBeDefined();
    expect(digestProblem('Bcrypt', BCRYPT.slice(0, -1))).toBeDefined();
  });

  it('accepts Argon2 PHC strings of the named variant only', () => {
    expect(digestProblem('Argon2id', ARGON2ID)).toBeUndefined();
    expect(digestProblem('Argon2i', ARGON2ID.replace('argon2id', 'argon2i'))).toBeUndefined();
    expect(digestProblem('Argon2i', ARGON2ID)).toMatch(/Argon2id, not Argon2i/);
    expect(digestProblem('Argon2d', '$argon2d$m=1,t=1$abc$def')).toBeDefined();
  });

  it('wants the exact hex length for MD5, SHA1 and SHA256', () => {
    expect(digestProblem('MD5', 'a'.repeat(32))).toBeUndefined();
    expect(digestProblem('SHA1', 'B'.repeat(40))).toBeUndefined();
    expect(digestProblem('SHA256', '0'.repeat(64))).toBeUndefined();
    expect(digestProblem('MD5', 'a'.repeat(40))).toMatch(/32 hexadecimal/);
    expect(digestProblem('SHA256', 'g'.repeat(64))).toBeDefined();
  });

  it('reads Legacy as Logto does: [node hash, arguments with "@", hex]', () => {
    expect(digestProblem('Legacy', JSON.stringify(['sha256', ['salt123', '@'], 'c465f66c6ac481a7a17e9ed5b4e2e7e7288d892f12bf1c95c140901e9a70436e']))).toBeUndefined();
    expect(digestProblem('Legacy', JSON.stringify(['sha256', ['salt123'], 'abcd']))).toMatch(/"@"/);
    expect(digestProblem('Legacy', JSON.stringify(['no-such-hash', ['@'], 'abcd']))).toMatch(/Unknown hash/);
    expect(digestProblem('Legacy', 'sha256:salt:abcd')).toMatch(/Not JSON/);
  });
});

describe('reading an Auth0 export', () => {
  const line = (record: object) => JSON.stringify(record);
  it('puts the bcrypt hash, names, picture and metadata where Logto keeps them', () => {
    const [row] = readImportRows(
      'AUTH0_EXPORT',
      line({
        user_id: 'auth0|1',
        email: 'ada@example.com',
        username: 'ada',
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        picture: 'https://example.com/ada.png',
        phone_number: '+44 20 7946 0000',
        user_metadata: { theme: 'dark' },
        app_metadata: { plan: 'pro' },
        passwordHash: BCRYPT,
      }),
    );
    expect(row!.problems).toEqual([]);
    expect(row!.user).toEqual({
      username: 'ada',
      primaryEmail: 'ada@example.com',
      primaryPhone: '442079460000',
      name: 'Ada Lovelace',
      avatar: 'https://example.com/ada.png',
      profile: { givenName: 'Ada', familyName: 'Lovelace' },
      customData: { theme: 'dark', auth0: { userId: 'auth0|1', appMetadata: { plan: 'pro' } } },
      passwordDigest: BCRYPT,
      passwordAlgorithm: 'Bcrypt',
    });
    expect(row!.key).toBe('ada');
  });

  it('reports a hash that is not bcrypt on its row', () => {
    const rows = readImportRows('AUTH0_EXPORT', `${line({ email: 'a@example.com', passwordHash: BCRYPT })}\n${line({ email: 'b@example.com', passwordHash: 'not-a-hash' })}\n`);
    expect(rows.map((row) => row.problems.map((problem) => problem.field))).toEqual([[], ['passwordDigest']]);
    expect(rows[1]!.row).toBe(2);
  });
});

describe('reading a CSV or NDJSON file with a column mapping', () => {
  it('maps columns to fields and reports every kind of bad row with its line and key', () => {
    const csv = [
      'login,mail,hash,algo,plan',
      `good_one,good@example.com,${BCRYPT},Bcrypt,pro`,
      '1bad,bad-email,,,', // username and email both break Logto's rules
      `dup,GOOD@example.com,${'a'.repeat(32)},MD5,`, // email already in row 2 (case does not matter)
      `weird,w@example.com,${'a'.repeat(31)},MD5,`, // wrong MD5 length
      ',,,,', // nothing to identify the row (skipped as empty by csv-parse? no: it has commas)
      `algo_only,ao@example.com,,Bcrypt,`, // an algorithm without a digest
      `nope,n@example.com,x,Scrypt,`, // an algorithm Logto does not know
    ].join('\n');
    const mapping = [
      { column: 'login', field: 'username' },
      { column: 'mail', field: 'primaryEmail' },
      { column: 'hash', field: 'passwordDigest' },
      { column: 'algo', field: 'passwordAlgorithm' },
      { column: 'plan', field: 'customData.plan' },
    ];
    const rows = readImportRows('CSV', csv, mapping);
    const summary = rows.map((row) => [row.row, row.key, row.problems.map((problem) => `${problem.kind}:${problem.field}`)]);
    expect(summary).toEqual([
      [2, 'good_one', []],
      [3, '1bad', ['VALIDATION:username', 'VALIDATION:primaryEmail']],
      [4, 'dup', ['CONFLICT:primaryEmail']],
      [5, 'weird', ['VALIDATION:passwordDigest']],
      [6, 'row 6', ['VALIDATION:username']],
      [7, 'algo_only', ['VALIDATION:passwordDigest']],
      [8, 'nope', ['VALIDATION:passwordAlgorithm']],
    ]);
    expect(rows[0]!.user).toEqual({ username: 'good_one', primaryEmail: 'good@example.com', passwordDigest: BCRYPT, passwordAlgorithm: 'Bcrypt', customData: { plan: 'pro' } });
    expect(validRows(rows).map((row) => row.key)).toEqual(['good_one']);
  });

  it('reads NDJSON by dotted keys and reports lines that are not JSON objects', () => {
    const text = ['{"login":{"name":"x_1"},"mail":"x1@example.com"}', '', 'not json', '[1,2]', '{"login":{"name":"x_1"}}'].join('\n');
    const rows = readImportRows('NDJSON', text, [
      { column: 'login.name', field: 'username' },
      { column: 'mail', field: 'primaryEmail' },
    ]);
    expect(rows.map((row) => [row.row, row.problems.map((problem) => `${problem.kind}:${problem.field}`)])).toEqual([
      [1, []],
      [3, ['VALIDATION:null']],
      [4, ['VALIDATION:null']],
      [5, ['CONFLICT:username']],
    ]);
  });

  it('refuses a CSV it cannot read at all', () => {
    expect(() => readImportRows('CSV', 'a,b\n"unclosed,1\n')).toThrow(ImportFileError);
  });
});

describe('the time estimate', () => {
  it('is the budget’s pace: 5,000 requests at 200 per 10 s take 250 s, twice that at a 50% share', () => {
    expect(estimateDurationMs(5000, { limit: 200, windowMs: 10_000 })).toBe(250_000);
    expect(estimateDurationMs(5000, { limit: 200, windowMs: 10_000 }, 0.5)).toBe(500_000);
    expect(estimateDurationMs(0, { limit: 200, windowMs: 10_000 })).toBe(0);
  });
});
