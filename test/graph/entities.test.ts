import { describe, expect } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import type { RestClient } from '../helpers/rest.js';
import { upstreamDuring } from '../helpers/stack.js';
import { stackTest } from '../helpers/stack-test.js';

type Row = { id: string; name?: string; username?: string | null; key?: string; invitee?: string };

/** One entity of each node type, found through the sandbox's REST API. */
async function samples(rest: RestClient): Promise<{ type: string; rootField: string; id: string; label: string; check: string }[]> {
  const [user] = (await rest.get<Row[]>('/api/users?page=1&page_size=1')).body;
  const [role] = (await rest.get<Row[]>('/api/roles?page=1&page_size=1')).body;
  const [application] = (await rest.get<Row[]>('/api/applications?page=1&page_size=1')).body;
  const [organization] = (await rest.get<Row[]>('/api/organizations?page=1&page_size=1')).body;
  const [organizationRole] = (await rest.get<Row[]>('/api/organization-roles?page=1&page_size=1')).body;
  const [organizationScope] = (await rest.get<Row[]>('/api/organization-scopes')).body;
  const [invitation] = (await rest.get<Row[]>('/api/organization-invitations')).body;
  const resources = (await rest.get<(Row & { scopes: Row[] })[]>('/api/resources?includeScopes=true')).body;
  const resource = resources.find((item) => item.scopes.length > 0)!;
  const [log] = (await rest.get<Row[]>('/api/logs?page=1&page_size=1')).body;
  return [
    { type: 'User', rootField: 'user', id: user!.id, label: user!.username ?? '', check: 'username' },
    { type: 'Role', rootField: 'role', id: role!.id, label: role!.name!, check: 'name' },
    { type: 'Application', rootField: 'application', id: application!.id, label: application!.name!, check: 'name' },
    { type: 'Organization', rootField: 'organization', id: organization!.id, label: organization!.name!, check: 'name' },
    { type: 'OrganizationRole', rootField: 'organizationRole', id: organizationRole!.id, label: organizationRole!.name!, check: 'name' },
    { type: 'OrganizationScope', rootField: 'organizationScope', id: organizationScope!.id, label: organizationScope!.name!, check: 'name' },
    { type: 'OrganizationInvitation', rootField: 'organizationInvitation', id: invitation!.id, label: invitation!.invitee!, check: 'invitee' },
    { type: 'Resource', rootField: 'resource', id: resource.id, label: resource.name!, check: 'name' },
    { type: 'Scope', rootField: 'scope', id: resource.scopes[0]!.id, label: resource.scopes[0]!.name!, check: 'name' },
    { type: 'Log', rootField: 'log', id: log!.id, label: log!.key!, check: 'key' },
  ];
}

const it = stackTest();

describe('objects by id', () => {
  it('finds every type by its global id and by its Logto id, and round-trips node(id:)', async ({ stack, rest }) => {
    for (const sample of await samples(rest)) {
      const globalId = encodeGlobalId(sample.type, sample.id);
      const query = `query($g: ID!, $l: ID!) {
        byGlobal: ${sample.rootField}(id: $g) { id logtoId ${sample.check} }
        byLogto: ${sample.rootField}(id: $l) { id logtoId }
        node(id: $g) { __typename id ... on ${sample.type} { logtoId } }
      }`;
      const response = await stack.post<Record<string, Record<string, string>>>(query, { g: globalId, l: sample.id });
      expect(response.body.errors, sample.type).toBeUndefined();
      const data = response.body.data!;
      expect(data.byGlobal, sample.type).toEqual({ id: globalId, logtoId: sample.id, [sample.check]: sample.label });
      expect(data.byLogto, sample.type).toEqual({ id: globalId, logtoId: sample.id });
      expect(data.node, sample.type).toEqual({ __typename: sample.type, id: globalId, logtoId: sample.id });
    }
  });

  it('resolves nodes(ids:) of mixed types in order, with null for unknown ids', async ({ stack, rest }) => {
    const all = await samples(rest);
    const ids = [...all.map((sample) => encodeGlobalId(sample.type, sample.id)), encodeGlobalId('User', 'nosuchuser00')];
    const response = await stack.post<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.nodes.map((node) => node?.__typename ?? null)).toEqual([...all.map((sample) => sample.type), null]);
  });

  it('answers null without an error for unknown ids', async ({ stack, rest }) => {
    const response = await stack.post(`{
      user(id: "nosuchuser00") { id }
      role(id: "nosuchrole00000000000") { id }
      application(id: "nosuchapp000000000000") { id }
      organization(id: "nosuchorg000") { id }
      organizationRole(id: "nosuchorgrole00000000") { id }
      log(id: "nosuchlog000000000000") { id }
      resource(id: "nosuchres000000000000") { id }
    }`);
    expect(response.body.errors).toBeUndefined();
    expect(Object.values(response.body.data!)).toEqual([null, null, null, null, null, null, null]);
  });

  it('rejects a malformed global id in node(id:) with BAD_USER_INPUT and no upstream call', async ({ stack, rest }) => {
    for (const id of ['not base64!', Buffer.from('Nope:1').toString('base64'), Buffer.from('User').toString('base64'), '']) {
      const { result, requests } = await upstreamDuring(stack, () => stack.post('query($id: ID!) { node(id: $id) { id } }', { id }));
      expect(result.body.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
      expect(requests, id).toHaveLength(0);
    }
  });

  it('limits nodes(ids:) to 100 ids', async ({ stack, rest }) => {
    const ids = Array.from({ length: 101 }, (_, index) => encodeGlobalId('User', `user${String(index).padStart(8, '0')}`));
    const response = await stack.post('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('does not reach one type through another type’s id argument', async ({ stack, rest }) => {
    const [role] = (await rest.get<Row[]>('/api/roles?page=1&page_size=1')).body;
    const response = await stack.post('query($id: ID!) { user(id: $id) { id } }', { id: encodeGlobalId('Role', role!.id) });
    expect(response.body.data).toEqual({ user: null });
  });

  it('exposes user fields as Logto stores them, with DateTime timestamps', async ({ stack, rest }) => {
    const [reference] = (await rest.get<Record<string, unknown>[]>('/api/users?page=1&page_size=1')).body;
    const response = await stack.post<{ user: Record<string, unknown> }>(
      `query($id: ID!) { user(id: $id) { logtoId username primaryEmail primaryPhone name avatar isSuspended hasPassword
        applicationId customData createdAt updatedAt lastSignInAt profile { givenName familyName address { country } } identities { target userId } } }`,
      { id: reference!.id },
    );
    const user = response.body.data!.user;
    expect(user).toMatchObject({
      logtoId: reference!.id,
      username: reference!.username,
      primaryEmail: reference!.primaryEmail,
      primaryPhone: reference!.primaryPhone,
      name: reference!.name,
      isSuspended: reference!.isSuspended,
      hasPassword: reference!.hasPassword,
      customData: reference!.customData,
      createdAt: new Date(reference!.createdAt as number).toISOString(),
      updatedAt: new Date(reference!.updatedAt as number).toISOString(),
    });
  });

  it('lists connectors without their configuration', async ({ stack, rest }) => {
    const reference = (await rest.get<Record<string, unknown>[]>('/api/connectors')).body;
    const response = await stack.post<{ connectors: { totalCount: number; nodes: { logtoId: string; type: string }[] } }>(
      '{ connectors { totalCount nodes { logtoId connectorId type name target platform } } }',
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.connectors.totalCount).toBe(reference.length);
    expect(JSON.stringify(response.body)).not.toMatch(/clientSecret|"config"/);
  });
});

describe('connectors', () => {
  it('round-trips a connector by id and node, never exposing its configuration', async ({ stack, rest }) => {
    const reference = (await rest.get<{ id: string; connectorId: string; type: string; config: Record<string, string> }[]>('/api/connectors')).body;
    expect(reference.length).toBeGreaterThan(0);
    const github = reference.find((item) => item.connectorId === 'github-universal')!;
    const globalId = encodeGlobalId('Connector', github.id);
    const response = await stack.post<{ connector: Record<string, unknown>; node: Record<string, unknown> }>(
      `query($id: ID!) {
        connector(id: $id) { id logtoId connectorId type name target platform isStandard isDemo }
        node(id: $id) { ... on Connector { logtoId } }
        connectors { nodes { logtoId name type } }
      }`,
      { id: globalId },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.connector).toEqual({
      id: globalId,
      logtoId: github.id,
      connectorId: 'github-universal',
      type: 'SOCIAL',
      name: 'GitHub',
      target: 'github',
      platform: 'Universal',
      isStandard: false,
      isDemo: false,
    });
    expect(response.body.data!.node).toEqual({ logtoId: github.id });
    const secrets = reference.flatMap((item) => Object.values(item.config).filter((value) => typeof value === 'string' && value.includes('secret') || typeof value === 'string' && value.includes('password')));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(JSON.stringify(response.body)).not.toContain(secret);
  });
});
