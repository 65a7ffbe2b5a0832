/**
 * A subscription in GraphiQL, in Chromium (like test/ops/graphiql-browser.test.ts): the "Live:
 * Logto events" example tab subscribes over SSE and shows a change published on the live bus
 * (what the webhook receiver does on a delivery).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { encodeGlobalId } from '../../src/global-id.js';
import { graphiqlPaneText, launchChromium, skipWithoutChromium } from '../helpers/chromium.js';
import { startStack, type Stack } from '../helpers/stack.js';


describe.skipIf(skipWithoutChromium('GraphiQL subscription browser test'))('a subscription in GraphiQL (Chromium)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('runs the live example tab and shows each event as it happens', async () => {
    const organization = [...stack.sandbox.store.organizations.keys()][0] ?? '';
    await page.goto(stack.server.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 20_000 });
    await page.locator('.graphiql-tab', { hasText: 'LiveEvents' }).locator('.graphiql-tab-button').dispatchEvent('click');
    await expect
      .poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\u00a0/g, ' '), { timeout: 20_000 })
      .toContain('subscription LiveEvents');
    await page.click('.graphiql-execute-button');
    // The subscription starts asynchronously: publish until the pane shows the event.
    await expect
      .poll(
        async () => {
          await stack.server.liveBus.pubsub.publish('logto', {
            event: 'Organization.Data.Updated',
            createdAt: new Date().toISOString(),
            path: `/organizations/${organization}`,
            method: 'PATCH',
            status: 200,
            params: { id: organization },
            matchedRoute: '/organizations/:id',
            hookId: 'test-hook',
          });
          return graphiqlPaneText(page);
        },
        { timeout: 40_000, interval: 500 },
      )
      .toContain('"event": "ORGANIZATION_DATA_UPDATED"');
    const text = await graphiqlPaneText(page);
    expect(text).toContain(`"entityId": "${encodeGlobalId('Organization', organization)}"`);
    expect(text).toContain('"source": "WEBHOOK"');
    expect(text).not.toContain('"errors"');
  });
});
