/**
 * The typed client path: graphql-config finds the schema and the example operations,
 * graphql-codegen's client preset types them (the committed `examples/operations/gql`), tsc
 * compiles them against the schema, and graphql-request runs them against the embedded sandbox.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { generate } from '@graphql-codegen/cli';
import { loadConfig } from 'graphql-config';
import { validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import codegenConfig from '../../codegen.js';
import { createUser, firstUsernames } from '../../examples/operations/example.js';
import {
  AddOrganizationMembersDocument,
  AssignOrganizationMemberRolesDocument,
  AuditLogDocument,
  OrganizationMembersDocument,
  UserDetailDocument,
  UsersWithRolesDocument,
} from '../../examples/operations/gql/graphql.js';
import { type Stack, startStack } from '../helpers/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('graphql.config.yml', () => {
  it('points tools at the client schema and the example operations, which validate against it', async () => {
    const config = await loadConfig({ rootDir: root, throwOnMissing: true, throwOnEmpty: true });
    const project = config!.getDefault();
    const schema = await project.getSchema();
    const documents = await project.getDocuments();
    expect(documents.length).toBeGreaterThanOrEqual(8);
    for (const source of documents) expect(validate(schema, source.document!), source.location).toEqual([]);
    // The admin portal's project reads the same file.
    expect(config!.getProject('admin-portal').schema).toBe('schema.graphql');
  });
});

describe('typed operations (graphql-codegen client preset)', () => {
  it('are what the client preset generates from schema.graphql (run `npm run print-schema`)', async () => {
    const outputs = await generate({ ...codegenConfig, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(readFileSync(join(root, output.filename), 'utf8'), output.filename).toBe(output.content);
    }
  });

  it('compile with tsc against the schema (a wrong variable type is refused)', async () => {
    // example.ts holds a `@ts-expect-error` for a string `first`: untyped documents would fail it.
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await expect(promisify(execFile)(process.execPath, [tsc, '-p', join(root, 'examples/operations/tsconfig.json')], { cwd: root })).resolves.toBeDefined();
  });
});

describe('typed operations against the embedded sandbox (graphql-request)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('pages and searches users', async () => {
    const first = await stack.graphql.request(UsersWithRolesDocument, { first: 3 });
    expect(first.users?.totalCount).toBe(1200);
    expect(first.users?.nodes).toHaveLength(3);
    const next = await stack.graphql.request(UsersWithRolesDocument, { first: 3, after: first.users?.pageInfo.endCursor });
    expect(next.users?.nodes.map((user) => user.id)).not.toContain(first.users?.nodes[0]?.id);

    const username = first.users!.nodes[0]!.username!;
    const found = await firstUsernames(stack.graphql, username);
    expect(found.usernames).toContain(username);
    expect(found.total).toBeGreaterThanOrEqual(1);
  });

  it("reads a user's page and the audit log", async () => {
    const { users } = await stack.graphql.request(UsersWithRolesDocument, { first: 1 });
    const { user } = await stack.graphql.request(UserDetailDocument, { id: users!.nodes[0]!.id });
    expect(user?.id).toBe(users!.nodes[0]!.id);
    expect(user?.roles?.totalCount).toBeGreaterThanOrEqual(0);
    const { logs } = await stack.graphql.request(AuditLogDocument, { first: 5 });
    expect(logs?.nodes).toHaveLength(5);
  });

  it('creates a user, adds them to an organization with a role, and reports a taken username as a typed error', async () => {
    const created = await createUser(stack.graphql, 'typed_client_ada');
    expect(created).toEqual({ id: expect.any(String) });
    const conflict = await createUser(stack.graphql, 'typed_client_ada');
    expect(conflict).toEqual({ message: expect.any(String), field: 'username' });

    const organization = (await stack.post<{ organizations: { nodes: { id: string }[] } }>('{ organizations(first: 1) { nodes { id } } }')).body.data!
      .organizations.nodes[0]!.id;
    const userId = (created as { id: string }).id;
    const added = await stack.graphql.request(AddOrganizationMembersDocument, { input: { organizationId: organization, userIds: [userId] } });
    expect(added.addOrganizationMembers?.__typename).toBe('AddOrganizationMembersPayload');

    const roles = await stack.post<{ organizationRoles: { nodes: { id: string; name: string }[] } }>('{ organizationRoles(first: 5) { nodes { id name } } }');
    const role = roles.body.data!.organizationRoles.nodes[0]!;
    const assigned = await stack.graphql.request(AssignOrganizationMemberRolesDocument, {
      input: { organizationId: organization, userId, organizationRoleIds: [role.id] },
    });
    expect(assigned.assignOrganizationMemberRoles?.__typename).toBe('AssignOrganizationMemberRolesPayload');

    const members = await stack.graphql.request(OrganizationMembersDocument, { org: organization, filter: { q: 'typed_client_ada' } });
    expect(members.organization?.members?.edges.map((edge) => [edge.node.username, edge.organizationRoles.map((r) => r.name)])).toEqual([
      ['typed_client_ada', [role.name]],
    ]);

    const unknown = await stack.graphql.request(AddOrganizationMembersDocument, { input: { organizationId: organization, userIds: ['no-such-user'] } });
    expect(unknown.addOrganizationMembers?.__typename).toBe('NotFoundError');
  });
});
