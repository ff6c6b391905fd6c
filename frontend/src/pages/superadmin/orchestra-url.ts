/** An orchestra's address, seen from the apex page: `<subdomain>.` before this host. */
export function orchestraUrl(subdomain: string): string {
  return `${location.protocol}//${subdomain}.${location.host}`;
}
