import { createHash } from 'node:crypto';

/** Alphabets of the random-looking parts AWS puts in ids and generated names. */
export const alphabets = {
  upperAlnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lowerAlnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  mixedAlnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lowerHex: '0123456789abcdef',
} as const;

/**
 * A random-looking string that is the same on every load of the same assembly (so names, ARNs and ids are
 * stable across runs and processes), drawn from the seed.
 */
export function deterministicToken(seed: string, length: number, alphabet: string): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    const bytes = createHash('sha256').update(`${round}:${seed}`).digest();
    for (const byte of bytes) {
      if (out.length === length) break;
      out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** A version-4-shaped UUID from the seed (KMS key ids, CloudFront policy ids, WAF ids). */
export function deterministicUuid(seed: string): string {
  const hex = deterministicToken(seed, 32, alphabets.lowerHex);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
