import { existsSync } from 'node:fs';

import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium for the browser tests, driven by playwright-core (which never downloads a
 * browser of its own). Outside CI a missing Chromium skips the test with a message; in CI
 * (CI=true, set by .ci/run, which installs Chromium) it fails it.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const haveChromium = existsSync(CHROMIUM);

/** Whether a browser test should be skipped here; warns once with how to run it. */
export function skipWithoutChromium(what: string): boolean {
  const skip = !haveChromium && !inCI;
  if (skip) {
    console.warn(`${what} skipped: no Chromium at ${CHROMIUM} (install it with "apt-get install -y chromium", or set CHROMIUM_PATH); in CI it runs.`);
  }
  return skip;
}

// Flags from the machine notes: without the background-networking ones Chromium keeps trying to
// reach Google's hosts, which a closed network refuses.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium headless with a fresh, empty profile (playwright makes one per launch). */
export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run installs it with "apt-get install -y chromium"`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** GraphiQL's result pane is a Monaco editor: it renders spaces as no-break spaces and only the visible lines. */
export async function graphiqlPaneText(page: Page): Promise<string> {
  return (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
}
