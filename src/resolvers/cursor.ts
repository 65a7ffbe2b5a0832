import { createHash } from 'node:crypto';

import { badUserInput } from '../errors.js';

/**
 * Opaque offset cursors. A cursor names a position in one connection (e.g. `users` or
 * `User.roles`) and carries a short checksum, so an edited or foreign cursor is rejected with a
 * clear error instead of silently paging somewhere else. The checksum is deliberately unkeyed:
 * forging a cursor only lets a caller ask for an offset it could reach by paging anyway, and an
 * unkeyed one stays valid across replicas and restarts.
 */

const VERSION = 'v1';

function checksum(connection: string, offset: number): string {
  return createHash('sha256').update(`${VERSION}|${connection}|${offset}`).digest('base64url').slice(0, 8);
}

export function encodeCursor(connection: string, offset: number): string {
  return Buffer.from(`${VERSION}:${offset}:${checksum(connection, offset)}`).toString('base64url');
}

/** The offset a cursor points at; throws BAD_USER_INPUT for anything that is not our cursor for this connection. */
export function decodeCursor(connection: string, cursor: string, argumentName: string): number {
  const invalid = () =>
    badUserInput(`\`${argumentName}\` is not a valid cursor for this connection; use a cursor this connection returned.`, {
      argumentName,
    });
  if (cursor.length === 0 || cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const match = /^v1:(0|[1-9]\d{0,8}):([A-Za-z0-9_-]{8})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid();
  const offset = Number(match[1]);
  if (match[2] !== checksum(connection, offset)) throw invalid();
  return offset;
}

/**
 * The offset a cursor claims, without checking which connection it belongs to: for cost
 * estimates, which run before execution validates the cursor for real.
 */
export function peekCursorOffset(cursor: string): number | undefined {
  const match = /^v1:(0|[1-9]\d{0,8}):/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
