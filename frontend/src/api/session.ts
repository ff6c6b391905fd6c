import { createResource, createRoot } from 'solid-js';
import { api, ApiError } from './client';

export interface Me {
  user: { id: string; email: string; name: string; role: 'admin' | 'superadmin' };
  orchestra: { id: string; name: string; subdomain: string; plan: string } | null;
  sessionExpiresAt: string;
}

/** Who is logged in on this host; null when nobody is (401/403 are answers here, not errors). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

const session = createRoot(() => {
  const [me, { refetch, mutate }] = createResource(fetchMe);
  return { me, refetch, mutate };
});

export const me = session.me;
export const refreshSession = session.refetch;

export async function logout(): Promise<void> {
  await api.post('/api/auth/logout');
  session.mutate(null);
}
