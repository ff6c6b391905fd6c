import { describe, expect, it } from 'vitest';
import { signSessionToken, verifySessionToken } from '../../shared/app/accounts/session-token';

const key = new TextEncoder().encode('k'.repeat(48));
const otherKey = new TextEncoder().encode('x'.repeat(48));
const claims = { sessionId: '5f0c6c59-8d8f-4f57-9f6e-2a9a1b2c3d4e', userId: 'b3f7a4f2-1111-4c4c-8888-123456789abc', orchestraId: null };

describe('session tokens', () => {
  it('round-trip their claims', async () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const token = await signSessionToken(claims, key, new Date('2026-11-25T18:00:00Z'));
    expect(await verifySessionToken(token, key, now)).toEqual(claims);
  });

  it('are refused when expired, signed with another key, or tampered with', async () => {
    const token = await signSessionToken(claims, key, new Date('2026-11-25T18:00:00Z'));
    expect(await verifySessionToken(token, key, new Date('2026-11-25T18:00:01Z'))).toBeNull();
    expect(await verifySessionToken(token, otherKey, new Date('2026-11-25T10:00:00Z'))).toBeNull();
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), oid: 'another' })).toString('base64url');
    expect(await verifySessionToken(`${header}.${forged}.${signature}`, key, new Date('2026-11-25T10:00:00Z'))).toBeNull();
    expect(await verifySessionToken('not-a-token', key, new Date())).toBeNull();
  });
});
