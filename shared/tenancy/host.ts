/**
 * The orchestra is always derived from the host name (SPEC §1):
 *   <BASE_DOMAIN> or admin.<BASE_DOMAIN>  → the apex (superadmin)
 *   <subdomain>.<BASE_DOMAIN>            → that orchestra
 * Anything else is not ours.
 */
export type HostTarget = { kind: 'apex' } | { kind: 'orchestra'; subdomain: string } | { kind: 'foreign' };

const subdomainPattern = /^[a-z0-9-]{2,40}$/;

export function parseHost(hostHeader: string | undefined, baseDomain: string): HostTarget {
  if (!hostHeader) return { kind: 'foreign' };
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const base = baseDomain.toLowerCase();
  if (host === base || host === `admin.${base}`) return { kind: 'apex' };
  if (!host.endsWith(`.${base}`)) return { kind: 'foreign' };
  const subdomain = host.slice(0, -(base.length + 1));
  if (!subdomainPattern.test(subdomain)) return { kind: 'foreign' };
  return { kind: 'orchestra', subdomain };
}
