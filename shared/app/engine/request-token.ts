import { createHash, randomBytes } from 'node:crypto';

/**
 * A response link's secret (SPEC §3.5): 256 random bits, base64url so it sits in a URL as it is. Only its
 * SHA-256 is stored, so a database dump answers no request.
 */
export function newRequestToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashRequestToken(token) };
}

/** Hex SHA-256 of a token, as stored in requests.token_hash. */
export function hashRequestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
