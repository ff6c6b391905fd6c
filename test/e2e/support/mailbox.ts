import type { Page } from 'playwright-core';

/**
 * Opens the newest email to `to` in the local mailbox page and returns the first link matching `pattern`,
 * waiting until there is one that is not among `seen` (links an earlier email already gave).
 */
export async function linkFromMailbox(page: Page, baseUrl: string, to: string, pattern: RegExp, seen: string[] = []): Promise<string> {
  const deadline = Date.now() + 30_000; // the tick delivers the outbox every second in the e2e product
  while (Date.now() < deadline) {
    await page.goto(`${baseUrl}/_mail`);
    const message = page.locator('li', { hasText: to }).first();
    if (await message.count()) {
      await message.locator('a').first().click();
      const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      const link = hrefs.find((href) => pattern.test(href) && !seen.includes(href));
      if (link) return link;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no email to ${to} with a link like ${pattern} within 30 s`);
}
