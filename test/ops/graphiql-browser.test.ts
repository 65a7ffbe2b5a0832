/**
 * GraphiQL in a real browser: Debian's Chromium driven by playwright-core opens /graphql on the
 * sandbox, runs the default operation and reads the users in the result pane; the example tabs
 * are there. Skipped (with a message) only when Chromium is missing outside CI; in CI (CI=true,
 * set by .ci/run, which also installs Chromium) a missing browser fails the test.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { graphiqlPaneText, launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';


describe.skipIf(skipWithoutChromium('GraphiQL browser test'))('GraphiQL in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    // A fresh, empty profile per launch: no stored tabs override the defaults.
    browser = await launchChromium();
    // A tall viewport: the result pane (Monaco) renders only the lines it can show.
    page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('opens /graphql, runs the default operation and shows the users in the result pane', async () => {
    const expected = await stack.graphql.request<{ users: { nodes: { username: string }[] } }>('{ users(first: 2) { nodes { username } } }');
    const [first, second] = expected.users.nodes.map((node) => node.username);
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));

    const response = await page.goto(stack.server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('logto-graphql');
    // One tab per common admin screen, the first opened.
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    await expect.poll(() => page.locator('.graphiql-tab').allInnerTexts()).toEqual(['UsersWithRoles', 'OrganizationMembers', 'AuditLog', 'LiveEvents']);

    await page.click('.graphiql-execute-button');
    await expect.poll(() => graphiqlPaneText(page), { timeout: 20_000 }).toContain(`"username": "${first}"`);
    const text = await graphiqlPaneText(page);
    expect(text).toContain('"totalCount": 1200');
    expect(text).toContain(`"username": "${second}"`);
    expect(text).not.toContain('"errors"');
    // Everything the page needs is served by us: nothing was fetched from a CDN.
    expect(failed).toEqual([]);
  });

  it('runs the organization-members example tab', async () => {
    // A click event on the tab's button, not a mouse click at its box: GraphiQL's tabs are
    // draggable and headless Chromium leaves them mid layout-animation (a translate3d offset),
    // so a pointer click can land on the neighbouring tab.
    await page.locator('.graphiql-tab', { hasText: 'OrganizationMembers' }).locator('.graphiql-tab-button').dispatchEvent('click');
    await expect.poll(() => page.locator('.graphiql-tab-active').innerText(), { timeout: 20_000 }).toContain('OrganizationMembers');
    // Run only once the editor shows this tab's operation (switching tabs re-renders it), and
    // until the pane shows its answer: on a busy machine the first click can land mid-switch.
    await expect
      .poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\u00a0/g, ' '), { timeout: 20_000 })
      .toContain('query OrganizationMembers');
    await expect
      .poll(
        async () => {
          const text = await graphiqlPaneText(page);
          if (!text.includes('"organizationRoles"')) await page.click('.graphiql-execute-button');
          return text;
        },
        { timeout: 40_000, interval: 1_000 },
      )
      .toContain('"organizationRoles"');
    expect(await graphiqlPaneText(page)).not.toContain('"errors"');
  });
});
