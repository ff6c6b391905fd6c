/**
 * A browser's cookie store, as small as the scenarios need: host-only cookies per host, Domain cookies for the
 * domain and its subdomains, Path prefixes, Max-Age/Expires (a cookie in the past is deleted). Secure cookies
 * are kept and sent: the viewer side stands for HTTPS.
 */
interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresAt?: number;
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  store(host: string, setCookie: string): void {
    const [pair, ...attributes] = setCookie.split(';').map((p) => p.trim());
    const eq = pair!.indexOf('=');
    if (eq <= 0) return;
    const cookie: StoredCookie = { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), domain: host, hostOnly: true, path: '/' };
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = rawKey!.trim().toLowerCase();
      const value = rest.join('=').trim();
      if (key === 'domain' && value) {
        const domain = value.replace(/^\./, '').toLowerCase();
        // A host may only set cookies for itself or a parent domain.
        if (host !== domain && !host.endsWith(`.${domain}`)) return;
        cookie.domain = domain;
        cookie.hostOnly = false;
      } else if (key === 'path' && value.startsWith('/')) cookie.path = value;
      else if (key === 'max-age') cookie.expiresAt = this.now() + Number(value) * 1000;
      else if (key === 'expires' && cookie.expiresAt === undefined) cookie.expiresAt = Date.parse(value);
    }
    this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
    if (cookie.expiresAt === undefined || cookie.expiresAt > this.now()) this.cookies.push(cookie);
  }

  /** The Cookie header a browser would send to this host and path, or undefined. */
  header(host: string, path: string): string | undefined {
    const now = this.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
    const matching = this.cookies.filter(
      (c) =>
        (c.hostOnly ? c.domain === host : host === c.domain || host.endsWith(`.${c.domain}`)) &&
        (path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
    );
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** A cookie's value as this host would send it. */
  get(host: string, name: string): string | undefined {
    return this.header(host, '/')?.split('; ').find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
  }

  clear(): void {
    this.cookies = [];
  }
}
