import { describe, expect, it } from 'vitest';

import { shapeProblems } from '../helpers/logto-recordings.js';

/** The recordings helper the contract tests compare the sandbox with: it must see drift in nullable fields. */
describe('shapeProblems', () => {
  const recorded = [{ id: 'u1', name: 'Ada Lovelace', primaryEmail: 'ada@example.com', createdAt: 1, isSuspended: false, avatar: null }];

  it('reports a null where Logto never answers null (ids, timestamps, flags)', () => {
    const drifted = [{ id: null, name: 'Ada Lovelace', primaryEmail: 'ada@example.com', createdAt: null, isSuspended: null, avatar: null }];
    expect(shapeProblems(recorded, drifted)).toEqual([
      '[0].id: null where Logto had string',
      '[0].createdAt: null where Logto had number',
      '[0].isSuspended: null where Logto had boolean',
    ]);
  });

  it('accepts a null in a column Logto answers null elsewhere in its recordings, and a value where it recorded null', () => {
    const seeded = [{ id: 'u2', name: null, primaryEmail: null, createdAt: 2, isSuspended: true, avatar: 'https://example.com/a.png' }];
    expect(shapeProblems(recorded, seeded)).toEqual([]);
  });
});
