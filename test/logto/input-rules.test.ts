import { emailRegEx, phoneRegEx, usernameRegEx } from '@logto/core-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';

import { EMAIL_PATTERN, PHONE_PATTERN, USERNAME_PATTERN } from '../../src/logto/input-rules.js';
import * as rules from '../../src/schema/input-validation.js';
import { loadRecording, type Recording } from '../helpers/logto-recordings.js';

/**
 * Every input rule the facade checks before calling Logto stands on a real exchange with Logto
 * OSS 1.42 (issue 15, item 9): a recording where Logto refused such a value (the rule must refuse
 * it too) or accepted it (the rule must not refuse what Logto took). Values read back from Logto
 * count as accepted: the recorded instance was seeded through the Management API, so every
 * stored value passed Logto's own guards. A new rule without a recording fails the first test.
 */

type Evidence = {
  readonly file: string;
  readonly verdict: 'accepted' | 'refused';
  /** The values of the recording the rule is about. */
  readonly values: (recording: Recording) => unknown[];
  /** For a refusal: the body path Logto's guard named, when it was a guard error. */
  readonly guardPath?: readonly (string | number)[];
  /** The rule reads the clock: judge it at the recording's `date`. */
  readonly atRecordingTime?: boolean;
};

type Row = Record<string, unknown>;
const rows = (recording: Recording) => recording.response.body as Row[];
const column = (name: string) => (recording: Recording) => rows(recording).map((row) => row[name]).filter((value) => value !== null);
const requestField = (name: string) => (recording: Recording) => [(recording.request.body as unknown as Row)[name]];
const requestBody = (recording: Recording) => [recording.request.body];

const EVIDENCE: Readonly<Record<string, readonly Evidence[]>> = {
  idRule: [
    { file: '013-users-default.json', verdict: 'accepted', values: column('id') },
    { file: '057-roles-default.json', verdict: 'accepted', values: column('id') },
  ],
  idListRule: [{ file: '131-user-roles-assign.json', verdict: 'accepted', values: requestField('roleIds') }],
  usernameRule: [
    { file: '125-user-create-invalid-username.json', verdict: 'refused', values: requestField('username'), guardPath: ['username'] },
    { file: '121-user-create-ok.json', verdict: 'accepted', values: requestField('username') },
    { file: '013-users-default.json', verdict: 'accepted', values: column('username') },
  ],
  emailRule: [
    { file: '124-user-create-invalid-email.json', verdict: 'refused', values: requestField('primaryEmail'), guardPath: ['primaryEmail'] },
    { file: '121-user-create-ok.json', verdict: 'accepted', values: requestField('primaryEmail') },
    { file: '013-users-default.json', verdict: 'accepted', values: column('primaryEmail') },
  ],
  phoneRule: [{ file: '013-users-default.json', verdict: 'accepted', values: column('primaryPhone') }],
  personNameRule: [
    { file: '121-user-create-ok.json', verdict: 'accepted', values: requestField('name') },
    { file: '127-user-patch.json', verdict: 'accepted', values: requestField('name') },
    { file: '013-users-default.json', verdict: 'accepted', values: column('name') },
  ],
  avatarRule: [{ file: '013-users-default.json', verdict: 'accepted', values: column('avatar') }],
  roleNameRule: [
    { file: '137-role-create-ok.json', verdict: 'accepted', values: requestField('name') },
    { file: '057-roles-default.json', verdict: 'accepted', values: column('name') },
  ],
  roleDescriptionRule: [
    { file: '137-role-create-ok.json', verdict: 'accepted', values: requestField('description') },
    { file: '057-roles-default.json', verdict: 'accepted', values: column('description') },
  ],
  applicationNameRule: [{ file: '069-applications-default.json', verdict: 'accepted', values: column('name') }],
  redirectUrisRule: [
    {
      file: '069-applications-default.json',
      verdict: 'accepted',
      values: (recording) => rows(recording).map((row) => (row.oidcClientMetadata as { redirectUris: string[] }).redirectUris),
    },
  ],
  organizationNameRule: [{ file: '081-organizations-default.json', verdict: 'accepted', values: column('name') }],
  organizationDescriptionRule: [{ file: '081-organizations-default.json', verdict: 'accepted', values: column('description') }],
  organizationRoleNameRule: [{ file: '094-organization-roles.json', verdict: 'accepted', values: column('name') }],
  organizationRoleDescriptionRule: [{ file: '094-organization-roles.json', verdict: 'accepted', values: column('description') }],
  organizationScopeNameRule: [{ file: '096-organization-scopes.json', verdict: 'accepted', values: column('name') }],
  organizationScopeDescriptionRule: [{ file: '096-organization-scopes.json', verdict: 'accepted', values: column('description') }],
  resourceNameRule: [{ file: '108-resources-default.json', verdict: 'accepted', values: column('name') }],
  indicatorRule: [{ file: '108-resources-default.json', verdict: 'accepted', values: column('indicator') }],
  accessTokenTtlRule: [{ file: '108-resources-default.json', verdict: 'accepted', values: column('accessTokenTtl') }],
  scopeNameRule: [
    { file: '109-resource-scopes.json', verdict: 'accepted', values: column('name') },
    { file: '068-role-scopes.json', verdict: 'accepted', values: column('name') },
  ],
  inviteeRule: [{ file: '097-organization-invitations.json', verdict: 'accepted', values: column('invitee') }],
  // No invitation with a past expiry was recorded; Logto refuses one with the same words and
  // check (`expiresAt > Date.now()`) on personal access tokens.
  futureDateRule: [
    {
      file: 'extra/210-user-pat-create-past-expiry.json',
      verdict: 'refused',
      values: (recording) => [new Date((recording.request.body as unknown as { expiresAt: number }).expiresAt)],
      atRecordingTime: true,
    },
    {
      file: 'extra/207-user-pat-create-expiring.json',
      verdict: 'accepted',
      values: (recording) => [new Date((recording.request.body as unknown as { expiresAt: number }).expiresAt)],
      atRecordingTime: true,
    },
  ],
  jsonObjectRule: [
    { file: 'extra/231-application-custom-data-patch-array.json', verdict: 'refused', values: requestBody, guardPath: [] },
    { file: '121-user-create-ok.json', verdict: 'accepted', values: requestField('customData') },
    { file: '127-user-patch.json', verdict: 'accepted', values: requestField('customData') },
  ],
};

/** Rules no recording can stand behind, and why. */
const WITHOUT_RECORDING: Readonly<Record<string, string>> = {
  passwordRule: 'the recorder redacted every password it sent; the rule is Logto’s `string().min(1)` (routes/admin-user/basics.ts) with a 256 cap of ours',
};

const ruleNames = Object.keys(rules).filter((name) => name.endsWith('Rule'));

afterEach(() => {
  vi.useRealTimers();
});

describe('the facade’s input rules agree with real Logto', () => {
  it('has a recorded exchange (or a stated reason) behind every rule it checks before Logto', () => {
    expect(ruleNames.length).toBeGreaterThan(0);
    const uncovered = ruleNames.filter((name) => !(name in EVIDENCE) && !(name in WITHOUT_RECORDING));
    expect(uncovered).toEqual([]);
    // And nothing stale: every entry names a rule that exists.
    expect([...Object.keys(EVIDENCE), ...Object.keys(WITHOUT_RECORDING)].filter((name) => !ruleNames.includes(name))).toEqual([]);
  });

  const cases = Object.entries(EVIDENCE).flatMap(([name, evidence]) => evidence.map((each) => [name, each] as const));

  it.each(cases)('%s agrees with %o', (name, evidence) => {
    const recording = loadRecording(evidence.file);
    const { status } = recording.response;
    if (evidence.verdict === 'accepted') {
      expect(status, 'the recording shows Logto accepting').toBeLessThan(300);
    } else {
      expect([400, 422], 'the recording shows Logto refusing').toContain(status);
      if (evidence.guardPath) {
        const issues = (recording.response.body as { data: { issues: { path: unknown[] }[] } }).data.issues;
        expect(issues.map((issue) => issue.path)).toContainEqual(evidence.guardPath);
      }
    }
    if (evidence.atRecordingTime) vi.useFakeTimers({ now: new Date(recording.response.headers.date ?? '') });

    const rule = (rules as unknown as Record<string, z.ZodType>)[name];
    const values = evidence.values(recording);
    expect(values.length, 'the recording holds values for this rule').toBeGreaterThan(0);
    const disagreeing = values.filter((value) => rule?.safeParse(value).success !== (evidence.verdict === 'accepted'));
    expect(disagreeing).toEqual([]);
  });
});

describe('the patterns are Logto’s own', () => {
  it('takes username, email and phone patterns from @logto/core-kit, not from a copy', () => {
    expect(USERNAME_PATTERN).toBe(usernameRegEx);
    expect(EMAIL_PATTERN).toBe(emailRegEx);
    expect(PHONE_PATTERN).toBe(phoneRegEx);
  });
});
