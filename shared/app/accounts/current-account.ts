import type { SessionUser } from './sessions';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';

/** What GET /api/auth/me (and a login) answers: who is logged in, and for which orchestra. */
export interface AccountView {
  user: { id: string; email: string; name: string; role: SessionUser['role'] };
  orchestra: { id: string; name: string; subdomain: string; plan: OrchestraRecord['plan'] } | null;
  sessionExpiresAt: string;
}

export function describeAccount(session: SessionUser, orchestra: OrchestraRecord | null): AccountView {
  return {
    user: { id: session.userId, email: session.email, name: session.name, role: session.role },
    orchestra: orchestra ? { id: orchestra.id, name: orchestra.name, subdomain: orchestra.subdomain, plan: orchestra.plan } : null,
    sessionExpiresAt: session.expiresAt,
  };
}
