import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../shared/app/accounts/login';
import { startTestProduct, type TestProduct } from '../support/test-product';

/**
 * A suspension holds at once (SPEC §4): every route group caches the registry briefly, yet login and every
 * mutating route of a suspended orchestra answer 423 straight after the suspend, and no session made
 * before or while it was suspended works after the resume — also for a login whose password check was
 * under way when the suspension committed. Through the local HTTP server and on the real PostgreSQL.
 */
describe('suspending an orchestra', () => {
  let product: TestProduct;
  let superCookie: string;

  beforeAll(async () => {
    product = await startTestProduct({ adapter: 'pg' });
    await product.addSuperadmin('root@example.org', 'super-secret-password');
    const res = await product.call('POST', '/api/auth/login', { host: product.apexHost, body: { email: 'root@example.org', password: 'super-secret-password' } });
    superCookie = (res.headers['set-cookie'] as string[])[0].split(';')[0];
  });
  afterAll(() => product?.close());

  const superadmin = (id: string, transition: 'suspend' | 'resume') =>
    product.call('POST', `/api/superadmin/orchestras/${id}/${transition}`, { host: product.apexHost, cookie: superCookie });
  const me = (host: string, cookie: string) => product.call('GET', '/api/auth/me', { host, cookie });

  it('refuses login and mutating routes at once, in groups that cached the orchestra as active', async () => {
    const o = await product.addOrchestra('held');
    // The auth and respond groups have just seen the orchestra active, and cached it.
    const before = await product.loginAs(o);
    expect((await product.call('GET', `/api/respond/${'A'.repeat(43)}`, { host: o.host })).status).toBe(404);

    expect((await superadmin(o.record.id, 'suspend')).status).toBe(200);
    const duringSuspension = await product.call('POST', '/api/auth/login', { host: o.host, body: { email: o.adminEmail, password: o.password } });
    expect(duringSuspension.status).toBe(423);
    expect(duringSuspension.headers['set-cookie']).toBeUndefined();
    const answer = await product.call('POST', `/api/respond/${'A'.repeat(43)}`, { host: o.host, body: { answer: 'yes' } });
    expect(answer.status).toBe(423);
    const reset = await product.call('POST', '/api/auth/password-reset', { host: o.host, body: { email: o.adminEmail } });
    expect(reset.status).toBe(423);

    expect((await superadmin(o.record.id, 'resume')).status).toBe(200);
    expect((await me(o.host, before)).status).toBe(401);
    expect((await me(o.host, await product.loginAs(o))).status).toBe(200);
  });

  it('ends a session whose login was still checking the password when the suspension committed', async () => {
    const o = await product.addOrchestra('midway');
    const control = product.runtime.control;
    let loggingIn: Promise<unknown> | undefined;
    await control.transaction(async (tx) => {
      // What a suspension does, held open: lock the row, change the status, end the sessions.
      await tx.query(`SELECT id FROM orchestras WHERE id = :id::uuid FOR UPDATE`, { id: o.record.id });
      await tx.query(`UPDATE orchestras SET status = 'suspended' WHERE id = :id::uuid`, { id: o.record.id });
      await tx.query(`UPDATE sessions SET revoked_at = now() WHERE orchestra_id = :id::uuid AND revoked_at IS NULL`, { id: o.record.id });
      const attempt = login(control, { email: o.adminEmail, password: o.password, orchestraId: o.record.id, sourceIp: '127.0.9.1', now: product.clock.now(), sessionHours: 8 });
      loggingIn = attempt.then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      // Commit only once the login has come as far as it can while the suspension is uncommitted.
      let settled = false;
      void loggingIn.then(() => (settled = true));
      while (!settled && !(await waitsOnALock(control))) await new Promise((r) => setTimeout(r, 20));
    });
    const outcome = (await loggingIn) as { result?: unknown; error?: { status?: number } };
    expect(outcome.error?.status).toBe(423);

    await control.query(`UPDATE orchestras SET status = 'active' WHERE id = :id::uuid`, { id: o.record.id });
    const { rows } = await control.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions WHERE orchestra_id = :id::uuid AND revoked_at IS NULL`,
      { id: o.record.id },
    );
    expect(rows[0].n).toBe(0);
  });
});

/** Whether another connection of this database is waiting for a row or advisory lock. */
async function waitsOnALock(db: TestProduct['runtime']['control']): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return rows[0].n > 0;
}
