import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, screenshot } from './support/browser';
import { logInAsDemoAdmin } from './support/demo-admin';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('projects, needs and ranking lists in the browser', () => {
  it('builds an A list by keyboard, then creates a project with a need from it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const projectName = `E2E-konsert ${Date.now()}`;
    await logInAsDemoAdmin(page);

    // Ranking lists: pick a position, add two qualified musicians, move the second to the top.
    await page.getByRole('link', { name: 'Rankinglistor' }).click();
    await page.getByLabel('Position').selectOption({ label: 'Tutti violin 2' });
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toMatch(/^A/);
    const panel = page.getByRole('tabpanel');
    if ((await panel.locator('.sortable-row').count()) > 0) {
      await panel.getByRole('button', { name: 'Töm listan' }).click();
      await panel.getByRole('group').getByRole('button', { name: 'Töm listan' }).click();
      await expect.poll(() => panel.locator('.sortable-row').count()).toBe(0);
    }
    const addButtons = panel.locator('.candidates button');
    await expect.poll(() => addButtons.count()).toBeGreaterThan(1);
    await addButtons.first().click();
    await expect.poll(() => panel.locator('.sortable-row').count()).toBe(1);
    await addButtons.first().click();
    await expect.poll(() => panel.locator('.sortable-row').count()).toBe(2);
    const names = async () => panel.locator('.sortable-content > span:first-child').allTextContents();
    const [first, second] = await names();
    await panel.getByRole('button', { name: `Flytta upp ${second}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(names).toEqual([second, first]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Flytta ned ${second}`);
    // The order is stored: a fresh page shows it.
    await expect.poll(() => page.getByText('Sparar ordningen…').count()).toBe(0);
    await page.reload();
    await expect.poll(names).toEqual([second, first]);
    await screenshot(page, 'admin-ranking-list');

    // Drag and drop by pointer: the top musician's handle dropped on the second row.
    const handle = (await panel.locator('.drag-handle').first().boundingBox())!;
    const target = (await panel.locator('.sortable-row').nth(1).boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2, target.y + target.height * 0.75, { steps: 12 });
    await page.mouse.up();
    await expect.poll(names).toEqual([first, second]);
    await expect.poll(() => page.getByText('Sparar ordningen…').count()).toBe(0);
    await page.reload();
    await expect.poll(names).toEqual([first, second]);

    // A project with a need asking from that list.
    await page.getByRole('link', { name: 'Projekt', exact: true }).click();
    await page.getByLabel('Namn').fill(projectName);
    await page.getByLabel('Startdatum').fill('2027-03-12');
    await page.getByRole('button', { name: 'Skapa projekt' }).click();
    await expect.poll(() => page.getByRole('heading', { name: projectName }).count()).toBe(1);
    await expect.poll(() => page.getByText('Inga platser ännu').count()).toBe(1);
    await page.getByRole('button', { name: 'Lägg till behov' }).click();
    const editor = page.locator('.need-editor');
    await editor.getByLabel('Position').selectOption({ label: 'Tutti violin 2' });
    await expect.poll(() => editor.getByLabel('Lista').locator('option').first().textContent()).toBe('A – 2 musiker');
    await editor.getByLabel('Antal (Q)').fill('2');
    await editor.getByLabel('Först till kvarn').check();
    await editor.getByLabel('Högst antal mottagare per omgång').fill('1');
    await editor.getByRole('button', { name: 'Spara behovet' }).click();
    await expect.poll(() => editor.locator('.field-error').textContent()).toContain('måste vara minst antalet platser (2)');
    await editor.getByLabel('Högst antal mottagare per omgång').fill('');
    await editor.getByRole('button', { name: 'Spara behovet' }).click();
    await expect.poll(() => page.locator('.need-editor').count()).toBe(0);
    await expect.poll(() => page.getByText('0 av 2 platser tillsatta', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: 'Först till kvarn' }).count()).toBe(1);
    await screenshot(page, 'admin-project-detail');

    await page.getByRole('link', { name: 'Alla projekt' }).click();
    await expect.poll(() => page.getByRole('row', { name: new RegExp(projectName) }).textContent()).toContain('0 av 2 platser tillsatta');
    await screenshot(page, 'admin-projects');
    await context.close();
  });
});
