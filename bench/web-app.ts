import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

/**
 * Web app budgets (issue 6): the JavaScript a first visit downloads (gzip) and the time to the first
 * rendered heading in headless Chromium, for the admin dashboard and for the musician's respond page.
 * The built app (frontend/dist) is served by a plain static server; the API answers with fixed fixtures
 * (routed in the browser), so the figures measure the app, not the database.
 */
const dist = path.resolve(import.meta.dirname, '../frontend/dist');

export interface WebFigure {
  page: string;
  jsFiles: number;
  jsGzipBytes: number;
  firstRenderMs: number;
}

const adminFixtures: Record<string, unknown> = {
  '/api/auth/me': {
    user: { id: 'u1', email: 'admin@demo.example.org', name: 'Admin', role: 'admin' },
    orchestra: { id: 'o1', name: 'Demo Symfoniorkester', subdomain: 'demo', plan: 'small' },
    sessionExpiresAt: '2030-01-01T00:00:00Z',
  },
  '/api/dashboard': {
    musicians: { active: 144, inactive: 6 },
    upcomingProjects: { total: 1, next: [] },
    pendingRequests: 12,
    answerRate: { windowDays: 30, sent: 20, answered: 15, rate: 0.75 },
    exhaustedNeeds: [],
    failingDeliveryNeeds: [],
    recentActivity: [],
    plan: {
      name: 'small',
      usage: {
        musicians: { resource: 'musicians', used: 44, limit: 50, warning: true },
        activeProjects: { resource: 'activeProjects', used: 1, limit: 5, warning: false },
        admins: { resource: 'admins', used: 1, limit: 2, warning: false },
      },
    },
  },
};

const respondFixture = {
  state: 'open',
  answer: null,
  message: '',
  language: 'sv',
  musician: { firstName: 'Anna' },
  orchestra: { name: 'Demo Symfoniorkester' },
  project: { name: 'Sibelius & Brahms', startDate: '2026-12-28', startDateText: 'måndag 28 december 2026', week: 53, rehearsalSchedule: 'Måndag 10–13', concertInfo: 'Torsdag 19.00' },
  position: { name: 'Tutti viola' },
  instrument: { name: 'Viola' },
  deadline: '2026-12-01T12:00:00Z',
  deadlineText: 'tisdag 1 december 2026 kl. 13:00',
  files: [],
};

export async function measureWebApp(runs = 5): Promise<WebFigure[]> {
  const server = await serveDist();
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    return [
      await measurePage(browser, `http://localhost:${port}/`, 'admin dashboard (signed in)', runs, (p) => adminFixtures[p]),
      await measurePage(browser, `http://localhost:${port}/respond/bench-token-0123456789abcdef`, 'respond page (phone)', runs, () => respondFixture, true),
    ];
  } finally {
    await browser.close();
    server.close();
  }
}

async function measurePage(browser: Browser, url: string, name: string, runs: number, api: (path: string) => unknown, phone = false): Promise<WebFigure> {
  const times: number[] = [];
  let js = new Set<string>();
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: no cache, like a first visit.
    const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true } : { viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const loaded = new Set<string>();
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith('.js')) loaded.add(pathname);
    });
    await page.route('**/api/**', (route) => {
      const body = api(new URL(route.request().url()).pathname);
      return route.fulfill(body === undefined ? { status: 404, json: { error: { code: 'not_found', message: 'Not found.' } } } : { status: 200, json: body });
    });
    await page.goto(url, { waitUntil: 'commit' });
    // The first heading with content the page fetched (the dashboard's figures, the musician's name).
    await page.waitForSelector(phone ? 'h1:has-text("Anna")' : '.figures dd');
    times.push(await page.evaluate(() => performance.now()));
    js = loaded;
    await context.close();
  }
  let gzip = 0;
  for (const file of js) gzip += gzipSync(await readFile(path.join(dist, file)), { level: 9 }).length;
  times.sort((a, b) => a - b);
  return { page: name, jsFiles: js.size, jsGzipBytes: gzip, firstRenderMs: times[Math.floor(times.length / 2)] };
}

function serveDist(): Promise<Server> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(dist, pathname);
    const body = await readFile(file.startsWith(dist + path.sep) ? file : '').catch(() => undefined);
    if (body) {
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      return void res.end(body);
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(await readFile(path.join(dist, 'index.html')));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
