/**
 * The example admin portal (examples/admin-portal: React, Relay, Vite) in a real browser:
 * relay-compiler compiles it against schema.graphql (a schema change that breaks Relay's rules
 * fails here), tsc checks it, vite builds it, vite's preview server serves it with `/graphql`
 * forwarded to a facade on the embedded sandbox, and Debian's Chromium driven by playwright-core
 * pages, searches, adds a member and meets a typed error. Skipped (with a message) only when
 * Chromium is missing outside CI; in CI (CI=true, set by .ci/run, which installs Chromium) a
 * missing browser fails the test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const portal = join(root, 'examples', 'admin-portal');
const run = promisify(execFile);

/** The vite the portal depends on (its own major, not the one vitest brings). */
type Vite = typeof import('vite');
async function portalVite(): Promise<Vite> {
  const entry = createRequire(join(portal, 'package.json')).resolve('vite');
  return (await import(pathToFileURL(entry).href)) as Vite;
}

type PreviewServer = Awaited<ReturnType<Vite['preview']>>;

describe.skipIf(skipWithoutChromium('Admin portal browser test'))('the example admin portal in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let server: PreviewServer;
  let outDir: string;
  let typecheck: Promise<unknown>;
  let origin: string;
  /** The member the add-member test added (the role test changes their roles). */
  let added: { username: string; organizationId: string } | undefined;

  beforeAll(async () => {
    // Relay's compiler on the example, against schema.graphql: Relay's rules (node ids,
    // connections, @refetchable) are checked here, and it writes the artifacts the build imports.
    const relayCompiler = createRequire(join(portal, 'package.json')).resolve('relay-compiler/cli.js');
    await run(process.execPath, [relayCompiler], { cwd: portal });
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    // tsc runs beside the build; its own test awaits it.
    typecheck = run(process.execPath, [tsc, '-p', join(portal, 'tsconfig.json')], { cwd: portal }).then(
      () => null,
      (error: unknown) => error,
    );
    stack = await startStack();
    const vite = await portalVite();
    outDir = mkdtempSync(join(tmpdir(), 'admin-portal-'));
    const api = new URL(stack.server.url).origin;
    await vite.build({ root: portal, logLevel: 'warn', build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1024 } });
    server = await vite.preview({
      root: portal,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, proxy: { '/graphql': api } },
    });
    origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const rowTexts = (selector: string) => page.locator(selector).allInnerTexts();

  it('type-checks against the Relay artifacts relay-compiler wrote', async () => {
    expect(await typecheck).toBeNull();
  });

  it('opens on the users list and pages forwards with totalCount', async () => {
    const expected = await stack.graphql.request<{ users: { totalCount: number; nodes: { username: string | null }[] } }>(
      '{ users(first: 20) { totalCount nodes { username } } }',
    );
    // The portal's placeholder for users without one (Logto allows that).
    const usernames = expected.users.nodes.map((user) => user.username ?? '(no username)');
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));

    const response = await page.goto(`${origin}/#/users`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByTestId('users-count').innerText(), { timeout: 20_000 }).toBe(`Showing 10 of ${expected.users.totalCount} users`);
    expect((await rowTexts('[data-testid="user-row"] td:first-child')).map((text) => text.trim())).toEqual(usernames.slice(0, 10));

    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => page.getByTestId('users-count').innerText(), { timeout: 20_000 }).toBe(`Showing 20 of ${expected.users.totalCount} users`);
    expect((await rowTexts('[data-testid="user-row"] td:first-child')).map((text) => text.trim())).toEqual(usernames);
    expect(failed).toEqual([]);
  });

  it('searches with the typed filter', async () => {
    // A user beyond the pages on screen.
    const { users } = await stack.graphql.request<{ users: { nodes: { username: string | null }[] } }>('{ users(first: 35) { nodes { username } } }');
    const wanted = users.nodes.map((user) => user.username).findLast((username) => username !== null)!;
    const expected = await stack.graphql.request<{ users: { totalCount: number; nodes: { username: string | null }[] } }>(
      'query($like: String!) { users(first: 10, filter: { search: { like: $like } }) { totalCount nodes { username } } }',
      { like: `%${wanted}%` },
    );

    await page.getByLabel('Search users').fill(wanted);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.getByTestId('users-count').innerText(), { timeout: 20_000 })
      .toBe(`Showing ${expected.users.nodes.length} of ${expected.users.totalCount} users`);
    expect((await rowTexts('[data-testid="user-row"] td:first-child')).map((text) => text.trim())).toEqual(
      expected.users.nodes.map((user) => user.username ?? '(no username)'),
    );
  });

  it('adds a member to an organization and lists them', async () => {
    const { organizations } = await stack.graphql.request<{ organizations: { nodes: { id: string; name: string; members: { totalCount: number } }[] } }>(
      '{ organizations(first: 30) { nodes { id name members(first: 1) { totalCount } } } }',
    );
    const organization = organizations.nodes.find((candidate) => candidate.name === 'Wayne Enterprises')!;
    const { users } = await stack.graphql.request<{ users: { nodes: { id: string; username: string }[] } }>(
      'query($org: ID!) { users(first: 1, filter: { excludeOrganizationId: $org }) { nodes { id username } } }',
      { org: organization.id },
    );
    const newcomer = users.nodes[0]!;

    await page.getByRole('link', { name: organization.name }).click();
    await expect.poll(() => page.getByTestId('members-count').innerText(), { timeout: 20_000 }).toContain(`${organization.members.totalCount} members`);

    await page.locator('#add-member-username').fill(newcomer.username);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => rowTexts('[data-testid="member-row"] td:first-child'), { timeout: 20_000 }).toContain(newcomer.username);
    expect(await page.getByTestId('members-count').innerText()).toContain(`${organization.members.totalCount + 1} members`);

    // The sandbox has them as a member, and a refresh (the list's stand-in for live updates) still lists them.
    const after = await stack.graphql.request<{ organization: { members: { totalCount: number } } }>(
      'query($org: ID!, $q: String!) { organization(id: $org) { members(first: 5, filter: { q: $q }) { totalCount } } }',
      { org: organization.id, q: newcomer.username },
    );
    expect(after.organization.members.totalCount).toBe(1);
    added = { username: newcomer.username, organizationId: organization.id };
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => rowTexts('[data-testid="member-row"] td:first-child'), { timeout: 20_000 }).toContain(newcomer.username);
  });

  it("changes a member's organization roles", async () => {
    expect(added).toBeDefined();
    const { username, organizationId } = added!;
    const row = page.locator('[data-testid="member-row"]', { has: page.getByRole('link', { name: username, exact: true }) });
    const memberRole = row.getByRole('checkbox', { name: 'member', exact: true });
    const wasChecked = await memberRole.isChecked();
    await memberRole.click();
    // The box follows the roles the payload says the member now holds.
    await expect.poll(() => memberRole.isChecked(), { timeout: 20_000 }).toBe(!wasChecked);
    const { organization } = await stack.graphql.request<{ organization: { members: { edges: { organizationRoles: { name: string }[] }[] } } }>(
      'query($org: ID!, $q: String!) { organization(id: $org) { members(first: 5, filter: { q: $q }) { edges { organizationRoles { name } } } } }',
      { org: organizationId, q: username },
    );
    expect(organization.members.edges[0]!.organizationRoles.map((role) => role.name).includes('member')).toBe(!wasChecked);
  });

  it('shows a typed error next to the field it concerns (a taken username)', async () => {
    const { users } = await stack.graphql.request<{ users: { nodes: { username: string }[] } }>('{ users(first: 1) { nodes { username } } }');
    const taken = users.nodes[0]!.username;
    const membersBefore = await page.getByTestId('members-count').innerText();

    await page.locator('#new-member-username').fill(taken);
    await page.getByRole('button', { name: 'Create and add' }).click();
    const error = page.locator('[data-field="username"] .field-error');
    await expect.poll(() => error.count(), { timeout: 20_000 }).toBe(1);
    // The message is the ConflictError's own, read from `... on Error { message field }`.
    const direct = await stack.post<{ createUser: { __typename: string; message: string; field: string } }>(
      'mutation($u: String!) { createUser(input: { username: $u }) { __typename ... on Error { message field } } }',
      { u: taken },
    );
    expect(direct.body.data!.createUser).toMatchObject({ __typename: 'ConflictError', field: 'username' });
    expect(await error.innerText()).toBe(direct.body.data!.createUser.message);
    expect(await page.locator('#new-member-username').getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    // Nothing else claimed it, and nobody was added.
    expect(await page.locator('[data-field="primaryEmail"] .field-error').count()).toBe(0);
    expect(await page.getByTestId('members-count').innerText()).toBe(membersBefore);
  });

  it("assigns a role on a user's page, and rolls the list back on a typed error", async () => {
    const { users, roles } = await stack.graphql.request<{
      users: { nodes: { id: string; username: string; roles: { nodes: { id: string }[] } }[] };
      roles: { nodes: { id: string; name: string; type: string }[] };
    }>('{ users(first: 1) { nodes { id username roles(first: 50) { nodes { id } } } } roles(first: 50) { nodes { id name type } } }');
    const user = users.nodes[0]!;
    const held = new Set(user.roles.nodes.map((role) => role.id));
    const machineRole = roles.nodes.find((role) => role.type === 'MACHINE_TO_MACHINE')!;
    const userRole = roles.nodes.find((role) => role.type === 'USER' && !held.has(role.id))!;
    const heldNames = roles.nodes.filter((role) => held.has(role.id)).map((role) => role.name);

    await page.goto(`${origin}/#/users/${encodeURIComponent(user.id)}`, { waitUntil: 'load' });
    await expect.poll(() => page.locator('main h2').innerText(), { timeout: 20_000 }).toBe(user.username);
    const listed = async () => (await rowTexts('[data-testid="user-roles"] li')).map((text) => text.replace(/\s*×$/, '').trim()).sort();
    expect(await listed()).toEqual([...heldNames].sort());

    // A machine-to-machine role: Logto refuses it for a user, and the facade says so as a ValidationError.
    await page.locator('#assign-role').selectOption(machineRole.id);
    await page.getByRole('button', { name: 'Assign' }).click();
    const error = page.locator('[data-field="roleIds"] .field-error');
    await expect.poll(() => error.count(), { timeout: 20_000 }).toBe(1);
    expect(await error.innerText()).toMatch(/\S/);
    expect(await listed()).toEqual([...heldNames].sort());

    await page.locator('#assign-role').selectOption(userRole.id);
    await page.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(listed, { timeout: 20_000 }).toEqual([...heldNames, userRole.name].sort());
    expect(await error.count()).toBe(0);
    const after = await stack.graphql.request<{ user: { roles: { nodes: { id: string }[] } } }>('query($id: ID!) { user(id: $id) { roles(first: 50) { nodes { id } } } }', {
      id: user.id,
    });
    expect(after.user.roles.nodes.map((role) => role.id)).toContain(userRole.id);
  });
});
