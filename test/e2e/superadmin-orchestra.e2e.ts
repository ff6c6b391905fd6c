import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser';
import { e2eAccounts } from './support/local-product';
import { linkFromMailbox } from './support/mailbox';

const apexUrl = () => `http://localhost:${inject('port')}`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the superadmin in the browser', () => {
  it("creates an orchestra, watches it provision step by step, and its admin sets a password from the mailbox", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${apexUrl()}/login`);
    await page.getByLabel('E-post').fill(e2eAccounts.superadmin.email);
    await page.getByLabel('Lösenord').fill(e2eAccounts.superadmin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(/\/orchestras$/);
    await expect.poll(() => page.getByRole('link', { name: 'Demo Symfoniorkester' }).count()).toBe(1);
    await screenshot(page, 'superadmin-orchestras');

    // Bad input is refused by the shared schema before anything is sent.
    await page.getByRole('button', { name: 'Skapa orkester' }).click();
    await expect.poll(() => page.locator('#orchestra-subdomain').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Namn', { exact: true }).fill('Uppsala Kammarorkester');
    await page.getByLabel('Subdomän').fill('uppsala');
    await page.getByLabel('Kontaktadress').fill('kontakt@uppsala.example.org');
    await page.getByRole('button', { name: 'Skapa orkester' }).click();
    await page.waitForURL(/\/orchestras\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Uppsala Kammarorkester' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Klar: orkestern är aktiv och inbjudan är skickad.').count(), { timeout: 60_000 }).toBe(1);
    // The workflow's steps (Validate, CreateDatabase, Migrate, Seed, Activate, InviteAdmin), named in words.
    for (const step of ['Kontrollera uppgifterna', 'Skapa databasen', 'Skapa tabellerna', 'Fyll i grunddata', 'Aktivera orkestern', 'Bjud in administratören']) {
      expect(await page.locator('.step-succeeded', { hasText: step }).count(), step).toBe(1);
    }
    await screenshot(page, 'superadmin-orchestra-provisioned');

    // A backup of the demo orchestra, asked for and confirmed, is listed and restores as another orchestra
    // holding the same musicians.
    await page.goto(`${apexUrl()}/orchestras`);
    await page.getByRole('link', { name: 'Demo Symfoniorkester' }).click();
    const musicianCount = page.locator('dl.figures div', { hasText: 'Musiker' }).locator('dd');
    await expect.poll(() => musicianCount.count()).toBe(1);
    const demoMusicians = Number(await musicianCount.textContent());
    expect(demoMusicians).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Säkerhetskopiera nu' }).click();
    await page.locator('.confirm').getByRole('button', { name: 'Säkerhetskopiera nu' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Säkerhetskopian är klar' }).count()).toBe(1);
    await page.getByRole('link', { name: /^Återställ säkerhetskopian från/ }).click();
    await page.waitForURL(/\/orchestras\?restoreFrom=/);
    await expect.poll(() => page.getByLabel('Återställ från säkerhetskopia (nyckel)').inputValue()).toMatch(/\S/);
    await page.getByLabel('Namn', { exact: true }).fill('Demo Symfoniorkester (kopia)');
    await page.getByLabel('Subdomän').fill('demo-kopia');
    await page.getByLabel('Kontaktadress').fill('kontakt@demo-kopia.example.org');
    await screenshot(page, 'superadmin-restore-form');
    await page.getByRole('button', { name: 'Skapa orkester' }).click();
    await page.waitForURL(/\/orchestras\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Demo Symfoniorkester (kopia)' }).count()).toBe(1);
    const finished = async () => (await page.locator('.step-failed').count()) + (await page.getByText(/^Klar:/).count());
    await expect.poll(finished, { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.locator('.step-failed').count()).toBe(0);
    await expect.poll(async () => Number(await musicianCount.textContent())).toBe(demoMusicians);
    await screenshot(page, 'superadmin-orchestra-restored');

    // A taken subdomain is refused by the server (409), its message shown.
    await page.goto(`${apexUrl()}/orchestras`);
    await page.getByLabel('Namn', { exact: true }).fill('Uppsala igen');
    await page.getByLabel('Subdomän').fill('uppsala');
    await page.getByLabel('Kontaktadress').fill('other@uppsala.example.org');
    await page.getByRole('button', { name: 'Skapa orkester' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('uppsala');

    // The invited admin chooses a password from the mailbox and logs in at the new orchestra's address.
    const invitation = await linkFromMailbox(page, apexUrl(), 'kontakt@uppsala.example.org', /uppsala\.localhost:\d+\/set-password#token=/);
    const admin = await (await newContext(browser)).newPage();
    await admin.goto(invitation);
    const password = 'uppsala-admin-password';
    await admin.getByLabel('Nytt lösenord').fill(password);
    await admin.getByLabel('Upprepa lösenordet').fill(password);
    await admin.getByRole('button', { name: 'Spara' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('Lösenordet är sparat');
    await admin.getByRole('link', { name: 'Till inloggningen' }).click();
    await admin.getByLabel('E-post').fill('kontakt@uppsala.example.org');
    await admin.getByLabel('Lösenord').fill(password);
    await admin.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(() => admin.locator('.brand').textContent()).toBe('Uppsala Kammarorkester');
    await screenshot(admin, 'new-orchestra-admin-dashboard');
    await context.close();
  });
});
