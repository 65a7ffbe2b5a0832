import { describe, expect } from 'vitest';

import { SCOPES } from '../../src/auth/scopes.js';
import { EXTRAS_APPLICATION, EXTRAS_EMAIL_DOMAIN, EXTRAS_M2M_ROLE, EXTRAS_ORGANIZATION, EXTRAS_SSO_CONNECTOR } from '../../src/sandbox/seed-organization-extras.js';
import { stackTest } from '../helpers/stack-test.js';
import { type Stack, upstreamDuring } from '../helpers/stack.js';

/**
 * An organization's screen, read through the graph: its machine-to-machine applications with their
 * organization roles, its just-in-time provisioning, and each member's resolved organization
 * scopes — compared with what the Management API answers, with the upstream requests pinned.
 */

const test = stackTest({ auth: true, sandbox: { users: 40 } });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const organizationId = (stack: Stack, name: string) => [...stack.sandbox.store.organizations.values()].find((org) => org.name === name)?.id ?? '';
const tenantReader = (stack: Stack) =>
  stack.mintToken({ scope: [SCOPES.readOrganizations, SCOPES.readApplications, SCOPES.readUsers].join(' ') });

async function query<T>(stack: Stack, token: string, document: string, variables: Record<string, unknown>) {
  const { result, requests } = await upstreamDuring(stack, () => stack.post<T>(document, variables, bearer(token)));
  return { body: result.body, requests: requests.map((request) => `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`) };
}

const APPLICATIONS = `query($id: ID!) { organization(id: $id) {
  applications(first: 10) { totalCount edges { organizationRoles { name } node { logtoId name type } } }
} }`;

describe('Organization.applications', () => {
  test('lists the M2M members with their organization roles in one request per page', async ({ stack, rest }) => {
    const id = organizationId(stack, EXTRAS_ORGANIZATION);
    const { body, requests } = await query<{ organization: { applications: { totalCount: number; edges: { organizationRoles: { name: string }[]; node: { logtoId: string; name: string; type: string } }[] } } }>(
      stack,
      tenantReader(stack),
      APPLICATIONS,
      { id },
    );
    expect(body.errors).toBeUndefined();
    const expected = (await rest.get<{ id: string; name: string; organizationRoles: { name: string }[] }[]>(`/api/organizations/${id}/applications`)).body;
    expect(body.data?.organization.applications.totalCount).toBe(expected.length);
    expect(body.data?.organization.applications.edges).toEqual(
      expected.map((app) => ({ organizationRoles: app.organizationRoles.map(({ name }) => ({ name })), node: { logtoId: app.id, name: app.name, type: 'MACHINE_TO_MACHINE' } })),
    );
    expect(body.data?.organization.applications.edges[0]).toMatchObject({ organizationRoles: [{ name: EXTRAS_M2M_ROLE }], node: { name: EXTRAS_APPLICATION } });
    // The organization, then one page of its applications (rows carry the roles).
    expect(requests).toEqual([`GET /api/organizations/${id}`, `GET /api/organizations/${id}/applications?page=1&page_size=10`]);
  });

  test('is refused to an organization token, even for its own organization, before any request', async ({ stack }) => {
    const id = organizationId(stack, EXTRAS_ORGANIZATION);
    const own = stack.mintToken({ sub: 'orgadmin0001', organizationId: id, scope: [SCOPES.readOrganizations, SCOPES.readApplications].join(' ') });
    const { body, requests } = await query<{ organization: { applications: unknown } }>(stack, own, APPLICATIONS, { id });
    expect(body.data?.organization.applications).toBeNull();
    expect(body.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([['organization.applications', 'FORBIDDEN']]);
    expect(requests).toEqual([`GET /api/organizations/${id}`]);
  });
});

const JIT = `query($id: ID!) { organization(id: $id) {
  jit { emailDomains defaultRoles { name type } ssoConnectors { logtoId connectorName providerName domains } }
} }`;

type Jit = { emailDomains: string[]; defaultRoles: { name: string }[]; ssoConnectors: { logtoId: string; connectorName: string; providerName: string; domains: string[] }[] };

describe('Organization.jit', () => {
  test('shows the email domains, default roles and SSO connectors, one request each, never a connector config', async ({ stack, rest }) => {
    const id = organizationId(stack, EXTRAS_ORGANIZATION);
    const { body, requests } = await query<{ organization: { jit: Jit } }>(stack, tenantReader(stack), JIT, { id });
    expect(body.errors).toBeUndefined();
    const jit = body.data!.organization.jit;
    expect(jit.emailDomains).toEqual([EXTRAS_EMAIL_DOMAIN]);
    expect(jit.defaultRoles).toEqual([{ name: 'member', type: 'USER' }]);
    const connectors = (await rest.get<{ id: string; connectorName: string }[]>(`/api/organizations/${id}/jit/sso-connectors`)).body;
    expect(jit.ssoConnectors).toEqual(connectors.map((row) => ({ logtoId: row.id, connectorName: EXTRAS_SSO_CONNECTOR, providerName: 'OIDC', domains: [EXTRAS_EMAIL_DOMAIN] })));
    expect(requests.sort()).toEqual(
      [
        `GET /api/organizations/${id}`,
        `GET /api/organizations/${id}/jit/email-domains`,
        `GET /api/organizations/${id}/jit/roles`,
        `GET /api/organizations/${id}/jit/sso-connectors`,
      ].sort(),
    );
    const type = await stack.post<{ __type: { fields: { name: string }[] } }>('{ __type(name: "OrganizationSsoConnector") { fields { name } } }', undefined, bearer(tenantReader(stack)));
    expect(type.body.data?.__type.fields.map((field) => field.name)).not.toContain('config');
  });

  test('is readable by an organization token for its own organization only', async ({ stack }) => {
    const globex = organizationId(stack, EXTRAS_ORGANIZATION);
    const acme = organizationId(stack, 'Acme Corp');
    const token = stack.mintToken({ sub: 'orgadmin0002', organizationId: globex, scope: SCOPES.readOrganizations });
    const own = await query<{ organization: { jit: Jit } }>(stack, token, JIT, { id: globex });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data?.organization.jit.emailDomains).toEqual([EXTRAS_EMAIL_DOMAIN]);
    const other = await query<{ organization: unknown }>(stack, token, JIT, { id: acme });
    expect(other.body.data?.organization).toBeNull();
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.requests).toEqual([]);
  });
});

describe('OrganizationMemberEdge.organizationScopes', () => {
  test("resolves each member's organization scopes as Logto does, one request per member", async ({ stack, rest }) => {
    const id = organizationId(stack, 'Acme Corp');
    const { body, requests } = await query<{ organization: { members: { edges: { organizationScopes: { logtoId: string; name: string }[]; node: { logtoId: string } }[] } } }>(
      stack,
      tenantReader(stack),
      'query($id: ID!) { organization(id: $id) { members(first: 3) { edges { organizationScopes { logtoId name } node { logtoId } } } } }',
      { id },
    );
    expect(body.errors).toBeUndefined();
    const edges = body.data!.organization.members.edges;
    expect(edges).toHaveLength(3);
    for (const edge of edges) {
      const scopes = (await rest.get<{ id: string; name: string }[]>(`/api/organizations/${id}/users/${edge.node.logtoId}/scopes`)).body;
      expect(edge.organizationScopes).toEqual(scopes.map((scope) => ({ logtoId: scope.id, name: scope.name })));
    }
    expect(edges.some((edge) => edge.organizationScopes.length > 0)).toBe(true);
    expect(requests.filter((request) => request.endsWith('/scopes'))).toHaveLength(3);
    expect(requests).toHaveLength(1 + 1 + 3);
  });
});
