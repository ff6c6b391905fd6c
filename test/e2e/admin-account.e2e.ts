import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser';
import { e2eAccounts } from './support/local-product';
import { linkFromMailbox } from './support/mailbox';

const demoUrl = () => `http://demo.localhost:${inject('port')}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('an orchestra admin in the browser', () => {
  it('logs in, sees the dashboard, and logs out', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${demoUrl()}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('E-post').fill(e2eAccounts.demoAdmin.email);
    await page.getByLabel('Lösenord').fill(e2eAccounts.demoAdmin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Översikt' }).count()).toBe(1);
    await expect.poll(() => page.locator('.brand').textContent()).toBe('Demo Symfoniorkester');
    // The demo's figures from its own database: about 150 musicians.
    await expect.poll(async () => Number(await page.locator('.figures > div', { has: page.getByText('Aktiva musiker', { exact: true }) }).locator('dd').textContent())).toBeGreaterThan(100);
    await screenshot(page, 'admin-dashboard');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login$/);
    await context.close();
  });

  it('refuses a wrong password with the server message, in English when chosen', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${demoUrl()}/login`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Email').fill(e2eAccounts.demoAdmin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i);
    await screenshot(page, 'login-refused');
    await context.close();
  });

  it('resets a forgotten password through the link in the local mailbox, once per link', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const mailboxUrl = `http://localhost:${inject('port')}`;

    const links: string[] = [];
    const resetTo = async (password: string, shot?: string) => {
      await page.goto(`${demoUrl()}/forgot-password`);
      await page.getByLabel('E-post').fill(e2eAccounts.demoAdmin.email);
      await page.getByRole('button', { name: 'Skicka länk' }).click();
      await expect.poll(() => page.getByRole('status').count()).toBe(1);
      const link = await linkFromMailbox(page, mailboxUrl, e2eAccounts.demoAdmin.email, /\/reset-password#token=/, links);
      links.push(link);
      await page.goto(link);
      await page.getByLabel('Nytt lösenord').fill(password);
      await page.getByLabel('Upprepa lösenordet').fill(password);
      await page.getByRole('button', { name: 'Spara' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Lösenordet är sparat');
      if (shot) await screenshot(page, shot);
      return link;
    };
    const logIn = async (password: string) => {
      await page.goto(`${demoUrl()}/login`);
      await page.getByLabel('E-post').fill(e2eAccounts.demoAdmin.email);
      await page.getByLabel('Lösenord').fill(password);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Översikt' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Logga ut' }).click();
      await page.waitForURL(/\/login$/);
    };

    const newPassword = 'a-brand-new-e2e-password';
    const usedLink = await resetTo(newPassword, 'password-set');
    await logIn(newPassword);

    // The spent link is refused; a fresh one puts the printed password back for the other tests.
    await page.goto(usedLink);
    await page.getByLabel('Nytt lösenord').fill('yet-another-password');
    await page.getByLabel('Upprepa lösenordet').fill('yet-another-password');
    await page.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    await screenshot(page, 'password-link-spent');
    await resetTo(e2eAccounts.demoAdmin.password);
    await logIn(e2eAccounts.demoAdmin.password);
    await context.close();
  });
});
