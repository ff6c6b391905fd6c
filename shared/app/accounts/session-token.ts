import { jwtVerify, SignJWT } from 'jose';

/**
 * The session cookie's value: a JWT (HS256) naming a row in the control database's `sessions` table.
 * The signature keeps it unforgeable; the row makes logout and deactivation take effect at once.
 */
export interface SessionClaims {
  sessionId: string;
  userId: string;
  /** NULL for a superadmin session (apex host). */
  orchestraId: string | null;
}

const issuer = 'orchestra-system';

export async function signSessionToken(claims: SessionClaims, key: Uint8Array, expiresAt: Date): Promise<string> {
  return new SignJWT({ oid: claims.orchestraId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer)
    .setSubject(claims.userId)
    .setJti(claims.sessionId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

/** Returns null for anything that is not a valid, unexpired token signed with this key. */
export async function verifySessionToken(token: string, key: Uint8Array, now: Date): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer, algorithms: ['HS256'], currentDate: now });
    if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string') return null;
    const oid = payload.oid;
    if (oid !== null && typeof oid !== 'string') return null;
    return { sessionId: payload.jti, userId: payload.sub, orchestraId: oid };
  } catch {
    return null;
  }
}
