import type { SandboxStore } from '../../src/sandbox/index.js';

/**
 * Recorded ids (Logto generated them) mapped to the seeded entity that plays the same part, e.g.
 * "Acme Corp", "the Editor role", "a user with exactly one role who is an Acme member". Values
 * are substituted in request paths and in expected `Link` URLs.
 */
export function recordedEquivalents(store: SandboxStore): Map<string, string> {
  const byName = <T extends { id: string; name: string }>(rows: Iterable<T>, name: string): string => {
    for (const row of rows) if (row.name === name) return row.id;
    throw new Error(`no seeded entity named ${name}`);
  };
  const organization = (name: string) => byName(store.organizations.values(), name);
  const role = (name: string) => byName(store.roles.values(), name);
  const application = (name: string) => byName(store.applications.values(), name);
  const organizationRole = (name: string) => byName(store.organizationRoles.values(), name);
  const acme = organization('Acme Corp');
  const editor = role('Editor');
  const memberRole = organizationRole('member');
  const usersOldestFirst = [...store.users.values()];
  const newest = store.usersNewestFirst()[0];
  const userAt = (index: number) => usersOldestFirst[index];

  // Recorded "Amara Clark": holds only the Editor role and is a plain `member` of Acme Corp.
  const amara = usersOldestFirst.find(
    (user) =>
      store.userRoles.rightsOf(user.id).size === 1 &&
      store.userRoles.has(user.id, editor) &&
      store.organizationUserRoles.rolesOf(acme, user.id).has(memberRole) &&
      store.organizationUsers.leftsOf(user.id).size === 1,
  );
  const withCustomData = usersOldestFirst.find((user) => Object.keys(user.customData).length > 0 && user.name);
  const suspended = usersOldestFirst.find((user) => user.isSuspended);
  const withLogs = [...store.logsNewestFirst()].find((log) => typeof log.payload.userId === 'string')?.payload.userId;
  const revoked = [...store.invitations.values()].find((invitation) => invitation.status === 'Revoked');
  if (!amara || !withCustomData || !suspended || !newest || !withLogs || !revoked) {
    throw new Error('the seed lacks an entity the recordings need');
  }
  const rosa = userAt(1099);
  const alice = userAt(1097);
  const inventory = [...store.resources.values()].find((resource) => resource.name === 'Inventory API');

  const pairs: Array<[string, string | null | undefined]> = [
    ['olldmaqcd4rg', acme],
    ['s1crs4gvui2i', organization('Globex')],
    ['fn12dim4s696', organization('Nakatomi Trading')],
    ['750fht5qrguj6qkyd7xx9', editor],
    ['0tjxklva0l2bux20kkn9r', role('Admin')],
    ['4ybiwx765qyl8h0be0tjb', role('Billing Webhook')],
    ['q0lt3tbbl9iocdu9rwoiz', application('Reporting Cron')],
    ['b5i4bvxg1hnstjtma22lj', application('Customer Portal')],
    ['hynzmfpiafxq8dvsdin4v', organizationRole('admin')],
    ['zlhp0530ttjqypcpe8uly', organizationRole('owner')],
    ['nanxgjhkfkuzp9rgsqfv1', inventory?.id],
    ['05bjsu8xjxjw', amara.id],
    ['n28xft8kmd4v', newest.id],
    ['fhilmldctdha', withCustomData.id],
    ['3vudbvg2uqns', suspended.id],
    ['8u7z0keyl1vm', userAt(2)?.id],
    ['f2tsj2emo64m', withLogs],
    ['8ehcg15d32v5', rosa?.id],
    ['s31ib78vwmij', userAt(1098)?.id],
    ['rosa_white_1099', rosa?.username],
    ['alice.torres.1097%40example.org', alice?.primaryEmail?.replace('@', '%40')],
    ['dc8f2kbhr0xvr52u4xveh', revoked.id],
    // October 2026 in the recording; a week inside the seeded timeline (2025) here.
    ['1790812800000', String(Date.UTC(2025, 9, 1))],
    ['1791417600000', String(Date.UTC(2025, 9, 8))],
  ];
  const map = new Map<string, string>();
  for (const [recorded, seeded] of pairs) {
    if (!seeded) throw new Error(`no seeded equivalent for ${recorded}`);
    map.set(recorded, seeded);
  }
  return map;
}

export function substitute(value: string, equivalents: ReadonlyMap<string, string>): string {
  let result = value;
  for (const [recorded, seeded] of equivalents) result = result.replaceAll(recorded, seeded);
  return result;
}
