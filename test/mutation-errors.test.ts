import { describe, expect, it } from 'vitest';

import { errorFromResponse, LogtoApiError } from '../src/logto/errors.js';
import { ConflictError, NotFoundError, typedErrorFrom, ValidationError } from '../src/mutation-errors.js';

/** Logto's answer → the typed result a UI can switch on (or nothing: a top-level error). */

const answer = (status: number, body: unknown) => errorFromResponse({ status, body, requestId: 'r-1', method: 'POST', route: '/api/x' });

describe('typedErrorFrom', () => {
  it('maps "in use" codes to ConflictError with the field they are about', () => {
    const error = typedErrorFrom(answer(422, { code: 'user.email_already_in_use', message: 'This email is associated with an existing account.' }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ field: 'primaryEmail', logtoCode: 'user.email_already_in_use', message: 'This email is associated with an existing account.' });
    expect(typedErrorFrom(answer(422, { code: 'role.name_in_use', message: 'x' }))).toMatchObject({ field: 'name' });
    expect(typedErrorFrom(answer(409, { code: 'something.else', message: 'x' }))).toBeInstanceOf(ConflictError);
  });

  it('maps 404 and unknown foreign keys to NotFoundError, naming the field from the hints', () => {
    expect(typedErrorFrom(answer(404, { code: 'entity.not_found', message: 'The resource does not exist.' }), { 'entity.not_found': 'userId' })).toMatchObject({
      field: 'userId',
    });
    const byTable = { 'entity.not_exists_with_id:roles': 'roleId', 'entity.not_exists_with_id:scopes': 'scopeIds' };
    expect(typedErrorFrom(answer(404, { code: 'entity.not_exists_with_id', message: 'The scopes with ID `x` does not exist.' }), byTable)).toMatchObject({ field: 'scopeIds' });
    expect(typedErrorFrom(answer(404, { code: 'entity.not_exists_with_id', message: 'The roles with ID `x` does not exist.' }), byTable)).toMatchObject({ field: 'roleId' });
    const foreignKey = typedErrorFrom(answer(422, { code: 'entity.relation_foreign_key_not_found', message: 'Cannot find one or more foreign keys.' }), { notFound: 'userIds' });
    expect(foreignKey).toBeInstanceOf(NotFoundError);
    expect(foreignKey).toMatchObject({ field: 'userIds', logtoCode: 'entity.relation_foreign_key_not_found' });
  });

  it('maps guard errors to ValidationError with every issue’s body path', () => {
    const error = typedErrorFrom(
      answer(400, {
        code: 'guard.invalid_input',
        message: 'The request body is invalid.',
        data: { issues: [{ code: 'invalid_string', message: 'Invalid', path: ['primaryEmail'] }, { code: 'too_big', message: 'Too long', path: ['profile', 'nickname'] }] },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'primaryEmail', message: 'Invalid value.' },
      { field: 'profile.nickname', message: 'Too long' },
    ]);
    expect(error).toMatchObject({ field: 'primaryEmail', logtoCode: 'guard.invalid_input' });
  });

  it('maps Logto’s other refusals of the input to ValidationError', () => {
    expect(typedErrorFrom(answer(422, { code: 'user.invalid_role_type', message: 'Invalid role type' }), { 'user.invalid_role_type': 'roleIds' })).toMatchObject({
      field: 'roleIds',
      message: 'Invalid role type',
    });
    expect(typedErrorFrom(answer(400, { code: 'scope.name_with_space', message: 'no spaces' }))).toMatchObject({ field: null });
  });

  it('leaves outages, rate limits, auth failures and lost answers to top-level errors', () => {
    expect(typedErrorFrom(answer(500, { message: 'boom' }))).toBeUndefined();
    expect(typedErrorFrom(answer(503, 'Service Unavailable'))).toBeUndefined();
    expect(typedErrorFrom(answer(429, { code: 'request.rate_limited', message: 'slow down' }))).toBeUndefined();
    expect(typedErrorFrom(answer(401, { code: 'auth.unauthorized', message: 'no' }))).toBeUndefined();
    expect(typedErrorFrom(answer(403, { code: 'auth.forbidden', message: 'no' }))).toBeUndefined();
    const lost = new LogtoApiError({ status: 0, code: 'network.outcome_unknown', message: 'lost', requestId: 'r', outcomeUnknown: true });
    expect(typedErrorFrom(lost)).toBeUndefined();
    expect(typedErrorFrom(new Error('not from Logto'))).toBeUndefined();
  });
});
