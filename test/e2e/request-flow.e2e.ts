import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, phoneViewport, screenshot } from './support/browser';
import { demoUrl, logInAsDemoAdmin } from './support/demo-admin';
import { linkFromMailbox } from './support/mailbox';

// A position no other end-to-end test touches, so its A list can be set up from scratch.
const position = 'Kontrafagott';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a request from the admin to the musician and back', () => {
  it('adds a musician to an A list, previews and sends; the musician accepts on a phone; the seat shows filled', async () => {
    const stamp = Date.now();
    const firstName = 'Eva';
    const lastName = `E2E-${stamp}`;
    const name = `${firstName} ${lastName}`;
    const email = `eva.${stamp}@example.org`;
    const projectName = `E2E-förfrågan ${stamp}`;

    const context = await newContext(browser);
    const page = await context.newPage();
    await logInAsDemoAdmin(page);

    // Scenario 2: a new musician qualified for the position …
    await page.goto(`${demoUrl()}/musicians/new`);
    await page.getByLabel('Förnamn').fill(firstName);
    await page.getByLabel('Efternamn').fill(lastName);
    await page.getByLabel('E-post').fill(email);
    await page.getByLabel(position, { exact: true }).check();
    await screenshot(page, 'request-flow-new-musician');
    await page.getByRole('button', { name: 'Skapa musiker' }).click();
    await expect.poll(() => page.url()).toMatch(/\/musicians\/[0-9a-f-]{36}$/);

    // … alone on the position's A list (emptied first, so the need asks them and nobody else) …
    await page.goto(`${demoUrl()}/lists`);
    await page.getByLabel('Position').selectOption({ label: position });
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toMatch(/^A/);
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Sök kvalificerad musiker').fill(lastName);
    await panel.getByRole('button', { name: 'Sök', exact: true }).click();
    await expect.poll(() => panel.getByRole('button', { name: `Lägg till ${name}` }).count()).toBe(1);
    if ((await panel.locator('.sortable-row').count()) > 0) {
      await panel.getByRole('button', { name: 'Töm listan' }).click();
      await panel.getByRole('group').getByRole('button', { name: 'Töm listan' }).click();
      await expect.poll(() => panel.locator('.sortable-row').count()).toBe(0);
    }
    await panel.getByRole('button', { name: `Lägg till ${name}` }).click();
    await expect.poll(() => panel.locator('.sortable-row').count()).toBe(1);
    await screenshot(page, 'request-flow-a-list');

    // … a project with one seat asked from that list …
    await page.getByRole('link', { name: 'Projekt', exact: true }).click();
    await page.getByLabel('Namn').fill(projectName);
    await page.getByLabel('Startdatum').fill('2027-04-16');
    await page.getByRole('button', { name: 'Skapa projekt' }).click();
    await expect.poll(() => page.getByRole('heading', { name: projectName }).count()).toBe(1);
    await page.getByRole('button', { name: 'Lägg till behov' }).click();
    const editor = page.locator('.need-editor');
    await editor.getByLabel('Position').selectOption({ label: position });
    await expect.poll(() => editor.getByLabel('Lista').locator('option').first().textContent()).toBe('A – 1 musiker');
    await editor.getByLabel('Antal (Q)').fill('1');
    await editor.getByLabel('En i taget').check();
    await editor.getByRole('button', { name: 'Spara behovet' }).click();
    await expect.poll(() => page.locator('.need-editor').count()).toBe(0);
    const projectUrl = page.url();

    // … previewed: the new musician is the one to be asked …
    await page.getByRole('button', { name: 'Förhandsgranska utskick' }).click();
    const preview = page.locator('.engine-preview');
    const need = preview.getByRole('article', { name: new RegExp(position) });
    await expect.poll(() => need.locator('.ask-list li').allTextContents()).toEqual([expect.stringContaining(name)]);
    await screenshot(page, 'request-flow-preview');

    // … and sent.
    await preview.getByRole('button', { name: 'Skicka 1 förfrågan' }).click();
    await expect.poll(() => page.getByText('1 förfrågan skickad.').count()).toBe(1);
    const status = page.locator('.engine-status');
    const row = status.getByRole('row', { name: new RegExp(name) });
    await expect.poll(() => row.textContent()).toContain('väntar på svar');
    await screenshot(page, 'request-flow-sent');

    // Scenario 3: the musician opens the link from the mailbox on a phone and accepts.
    const phone = await newContext(browser, { phone: true });
    const mobile = await phone.newPage();
    const link = await linkFromMailbox(mobile, demoUrl(), email, /\/respond\//);
    await mobile.goto(link);
    await expect.poll(() => mobile.getByRole('button', { name: 'Ja, jag kommer' }).count()).toBe(1);
    await screenshot(mobile, 'request-flow-respond');
    await mobile.getByRole('button', { name: 'Ja, jag kommer' }).click();
    await expect.poll(() => mobile.getByText(/Bekräfta: ja, jag spelar/).count()).toBe(1);
    await screenshot(mobile, 'request-flow-respond-confirm');
    await mobile.getByRole('button', { name: 'Bekräfta' }).click();
    await expect.poll(() => mobile.getByText(/Du är bokad/).count()).toBe(1);
    await screenshot(mobile, 'request-flow-accepted');
    await phone.close();

    // The admin's project page, still open, shows the seat filled by polling; a fresh load does too.
    await expect.poll(() => row.textContent()).toContain('tackat ja');
    await expect.poll(() => status.getByText('Just nu: 1 av 1 plats tillsatt').count()).toBe(1);
    await page.goto(projectUrl);
    await expect.poll(() => page.getByText('1 av 1 plats tillsatt', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.locator('.engine-status').getByRole('article', { name: new RegExp(position) }).textContent()).toContain('tillsatt');
    await screenshot(page, 'request-flow-filled');
    await page.setViewportSize(phoneViewport);
    await screenshot(page, 'request-flow-filled-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The admin writes to the accepted musicians of the project; the group email reaches the musician's inbox …
    const subject = `Repetitionsschema ${stamp}`;
    await page.getByRole('link', { name: 'Gruppmejl' }).click();
    await page.getByLabel('Ämne').fill(subject);
    await page.getByLabel('Meddelande').fill('Hej {{firstName}}! Första repetitionen börjar 10.00.');
    await page.getByRole('button', { name: 'Granska och skicka' }).click();
    await page.getByRole('button', { name: 'Ja, skicka' }).click();
    await expect.poll(() => page.getByText(/skickas till 1 musiker/).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: subject }).count()).toBe(1);
    await screenshot(page, 'request-flow-group-email');
    const inbox = await context.newPage();
    await expect.poll(async () => {
      await inbox.goto(`${demoUrl()}/_mail`);
      return inbox.locator('li', { hasText: email }).filter({ hasText: subject }).count();
    }).toBe(1);
    await inbox.close();

    // … and the project's message log lists the request, the confirmation and the group email, each delivered.
    await page.goto(projectUrl);
    await page.getByRole('link', { name: 'Kommunikationslogg' }).click();
    const log = page.locator('table.messages-log');
    // The kind is the first word of the subject cell (the project's name, in every subject, holds "förfrågan" too).
    const kindOf = (kind: string) => log.getByRole('row').filter({ has: page.locator('td:nth-child(3) > span.help:first-child', { hasText: new RegExp(`^${kind}$`) }) });
    for (const kind of ['Förfrågan', 'Bekräftelse', 'Gruppmejl']) {
      await expect.poll(() => kindOf(kind).filter({ hasText: name }).count()).toBe(1);
    }
    await expect.poll(() => kindOf('Gruppmejl').textContent()).toContain('skickat');
    await screenshot(page, 'request-flow-messages-log');
    await context.close();
  });
});
