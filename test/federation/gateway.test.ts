import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { composeSupergraph, type RunningGateway, startGateway } from '../helpers/gateway.js';
import { type Project, type ProjectsSubgraph, startProjectsSubgraph } from '../helpers/projects-subgraph.js';
import { type RestClient, restClient } from '../helpers/rest.js';
import { type Stack, startStack, upstreamDuring } from '../helpers/stack.js';

type Row = { id: string; name: string; username: string | null };

let stack: Stack;
let rest: RestClient;
let subgraph: ProjectsSubgraph;
let gateway: RunningGateway;
let users: Row[];
let organization: Row;
let projects: Project[];

/** A GraphQL request to the gateway, failing on errors. */
async function viaGateway<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer caller-token' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

beforeAll(async () => {
  stack = await startStack({ env: { FEDERATION: 'true' } });
  rest = await restClient(stack.sandbox);
  users = (await rest.get<Row[]>('/api/users?page=1&page_size=100')).body;
  [organization] = (await rest.get<Row[]>('/api/organizations?page=1&page_size=1')).body as [Row];
  // 120 projects owned by the 100 newest users (the first 20 own two); every third belongs to
  // an organization, referenced by its global id.
  projects = Array.from({ length: 120 }, (_, index) => ({
    id: `project-${index}`,
    name: `Project ${index}`,
    ownerSub: users[index % 100]!.id,
    organizationId: index % 3 === 0 ? encodeGlobalId('Organization', organization.id) : null,
  }));
  subgraph = await startProjectsSubgraph(projects);

  // What `rover subgraph introspect` does: ask the running facade for its SDL.
  const service = await stack.post<{ _service: { sdl: string } }>('{ _service { sdl } }');
  const composition = composeSupergraph([
    { name: 'logto', sdl: service.body.data!._service.sdl, url: stack.server.url },
    { name: 'projects', sdl: subgraph.typeDefs, url: subgraph.url },
  ]);
  if (composition.errors) throw new Error(composition.errors.map((error) => error.message).join('\n'));
  expect(composition.hints).toEqual([]);
  gateway = await startGateway(composition.supergraphSdl);
});

afterAll(async () => {
  await gateway?.close();
  await subgraph?.close();
  await stack?.close();
});

describe('through a federation gateway', () => {
  it("resolves projects' owners, their roles and organizations from the Logto subgraph", async () => {
    type Data = {
      projects: { name: string; owner: { username: string | null; roles: { nodes: { name: string }[] } }; organization: { name: string } | null }[];
    };
    const query = `{
      projects(first: 6) {
        name
        owner { username roles { nodes { name } } }
        organization { name }
      }
    }`;
    const { result, requests } = await upstreamDuring(stack, () => viaGateway<Data>(query));

    const expected = await Promise.all(
      projects.slice(0, 6).map(async (project, index) => ({
        name: project.name,
        owner: {
          username: users[index]!.username,
          roles: { nodes: (await rest.get<Row[]>(`/api/users/${users[index]!.id}/roles?page=1&page_size=20`)).body.map(({ name }) => ({ name })) },
        },
        organization: project.organizationId ? { name: organization.name } : null,
      })),
    );
    expect(result.projects).toEqual(expected);
    // One search for the six owners, one roles window per owner, one read of the organization
    // (referenced by its global id).
    expect(requests.filter((request) => request.path === '/api/users')).toHaveLength(1);
    expect(requests.filter((request) => /^\/api\/users\/[^/]+\/roles$/.test(request.path))).toHaveLength(6);
    expect(requests.filter((request) => request.path === `/api/organizations/${organization.id}`)).toHaveLength(1);
    expect(requests).toHaveLength(8);
  });

  it("adds the projects subgraph's User.projects to our users", async () => {
    type Data = { users: { nodes: { username: string | null; projects: { name: string }[] }[] } };
    const { result, requests } = await upstreamDuring(stack, () =>
      viaGateway<Data>('{ users(first: 5) { nodes { username projects { name } } } }'),
    );
    expect(result.users.nodes).toEqual(
      users.slice(0, 5).map((user, index) => ({
        username: user.username,
        projects: [{ name: `Project ${index}` }, { name: `Project ${index + 100}` }],
      })),
    );
    expect(requests.map((request) => request.path)).toEqual(['/api/users']);
  });

  it('resolves 100 user references with one upstream request', async () => {
    type Data = { projects: { owner: { logtoId: string; username: string | null } }[] };
    const since = gateway.subgraphRequests.length;
    const { result, requests } = await upstreamDuring(stack, () =>
      viaGateway<Data>('{ projects(first: 120) { owner { logtoId username } } }'),
    );
    expect(result.projects.map((project) => project.owner)).toEqual(
      projects.map((project, index) => ({ logtoId: project.ownerSub, username: users[index % 100]!.username })),
    );
    const entityCalls = gateway.subgraphRequests.slice(since).filter((request) => request.subgraph === 'logto');
    expect(entityCalls).toHaveLength(1);
    expect(entityCalls[0]!.query).toMatch(/_entities/);
    expect(entityCalls[0]!.representations).toBeGreaterThanOrEqual(100);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/api/users');
    expect(new Set(new URLSearchParams(requests[0]!.query).getAll('search.id')).size).toBe(100);
  });

  it('refetches a user by node(id:) and joins its projects', async () => {
    type Data = { node: { username: string | null; projects: { name: string }[] } };
    const user = users[42]!;
    const data = await viaGateway<Data>('query($id: ID!) { node(id: $id) { ... on User { username projects { name } } } }', {
      id: encodeGlobalId('User', user.id),
    });
    expect(data.node).toEqual({ username: user.username, projects: [{ name: 'Project 42' }] });
  });
});
