/**
 * Which subdomains an orchestra may have (SPEC §4): `[a-z0-9-]{2,40}`, not one the product itself uses.
 * Shared by the provisioning workflow's validation and the superadmin API, so both refuse the same names.
 */
export const subdomainPattern = /^[a-z0-9-]{2,40}$/;

export const reservedSubdomains: ReadonlySet<string> = new Set([
  'www', 'admin', 'api', 'app', 'mail', 'smtp', 'static', 'assets', 'cdn', 'auth', 'login', 'status', 'help', 'support', 'docs', 'superadmin',
]);

/** Why a subdomain cannot be used, or null when it can. */
export function subdomainProblem(subdomain: string): string | null {
  if (!subdomainPattern.test(subdomain)) return 'must be 2–40 characters: lowercase letters, digits and hyphens';
  if (subdomain.startsWith('-') || subdomain.endsWith('-')) return 'must not start or end with a hyphen';
  if (reservedSubdomains.has(subdomain)) return `"${subdomain}" is reserved`;
  return null;
}
