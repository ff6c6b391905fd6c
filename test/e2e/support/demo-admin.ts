import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { e2eAccounts } from './local-product';

// E2E_DEMO_URL / E2E_DEMO_PASSWORD point a test at an already running `npm start` while working on the screens.
export const demoUrl = () => process.env.E2E_DEMO_URL ?? `http://demo.localhost:${inject('port')}`;
const password = () => process.env.E2E_DEMO_PASSWORD ?? e2eAccounts.demoAdmin.password;

/** Logs the demo orchestra's admin in through the login page and waits for the dashboard. */
export async function logInAsDemoAdmin(page: Page): Promise<void> {
  await page.goto(`${demoUrl()}/login`);
  await page.getByLabel('E-post').fill(e2eAccounts.demoAdmin.email);
  await page.getByLabel('Lösenord').fill(password());
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'Översikt' }).count()).toBe(1);
}
