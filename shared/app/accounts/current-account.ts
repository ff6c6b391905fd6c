import type { SessionUser } from './sessions';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';

/** What GET /api/auth/me answers: who is logged in, and for which orchestra. */
export function describeAccount(session: SessionUser, orchestra: OrchestraRecord | null) {
  return {
    user: { id: session.userId, email: session.email, name: session.name, role: session.role },
    orchestra: orchestra ? { id: orchestra.id, name: orchestra.name, subdomain: orchestra.subdomain, plan: orchestra.plan } : null,
    sessionExpiresAt: session.expiresAt,
  };
}
