import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, headless, with the flags that make it work in a container without a GPU or network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

export const phoneViewport = { width: 390, height: 844 };

export async function newContext(browser: Browser, options: { phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext(options.phone ? { viewport: phoneViewport, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 860 } });
}

const screenshotDir = path.resolve(import.meta.dirname, '../../../test-results/e2e');

/** Saves a full-page screenshot under test-results/e2e/<name>.png (kept by CI as evidence). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
