/** The musician's page in the web app (SPEC §3.5 link); the emails point here. */
export function responseUrl(orchestraBaseUrl: string, token: string): string {
  return `${orchestraBaseUrl.replace(/\/+$/, '')}/respond/${token}`;
}

/** Could this string be a token at all (base64url)? Anything else is answered like an unknown link, without a query. */
export function looksLikeResponseToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{20,200}$/.test(value);
}
