import { mkdir } from 'node:fs/promises';
import { runTick } from '../../shared/app/jobs/run-tick';
import { publicBaseUrl } from '../../shared/config/app-config';
import { noGraces, reconcileProvisioning } from '../../shared/app/provisioning/reconcile-provisioning';
import { bootstrapLocal } from './bootstrap';
import { createLocalHttpServer, listen } from './http-server';
import { readLocalConfig } from './local-config';
import { createLocalRuntime } from './local-runtime';
import { createLocalWorkflows } from './local-workflows';
import { startTwinDatabase } from './twin-database-server';

/**
 * `npm start`: the whole product on one machine — embedded PostgreSQL under DATA_DIR (or an existing one named
 * by DATABASE_URL), the same handlers the Lambdas run, a local mailbox, and the tick job on an interval.
 */
async function main() {
  const config = readLocalConfig(process.env);
  process.env.LOG_LEVEL ??= config.LOG_LEVEL;
  await mkdir(config.dataDir, { recursive: true });
  console.log(`Starting Orchestra System (data in ${config.dataDir})…`);
  // The embedded PostgreSQL under DATA_DIR, or the existing one DATABASE_URL names.
  const database = await startTwinDatabase({ dataDir: config.dataDir, webPort: config.PORT, external: config.externalPostgres });
  const postgres = database.server;
  const runtime = await createLocalRuntime(
    config,
    { host: postgres.host, port: postgres.port, superuser: postgres.superuser, password: postgres.password },
    { controlDatabase: database.controlDatabase },
  );
  // New orchestras are provisioned by the same ASL workflow Step Functions runs in AWS.
  runtime.workflows = createLocalWorkflows(runtime);
  const { accounts } = await bootstrapLocal(runtime, config, database.controlDatabase);
  // A provisioning the last stop cut off has no run left in this process: failed with its step, and rolled back.
  const workflows = runtime.workflows;
  for (const o of await reconcileProvisioning({ control: runtime.control, workflows, now: runtime.clock.now() }, { graces: noGraces })) {
    console.warn(`Provisioning of orchestra ${o.orchestraId} was cut off by the last stop (${o.failedStep}): marked failed and rolled back; retry it from the superadmin page.`);
  }
  const servers = await listen(createLocalHttpServer(runtime), config.PORT);

  let ticking = false;
  let overran = false;
  const runOnce = async () => {
    if (ticking) {
      overran = true;
      return;
    }
    ticking = true;
    try {
      // The same budget as the Lambda's: a tick starts no new work once its period is over, so it does not run
      // on into the next ones (which would be skipped meanwhile); what it defers the next tick picks up.
      const report = await runTick(runtime, { deadline: Date.now() + config.TICK_SECONDS * 1000 });
      for (const e of report.errors) console.error(`tick: ${e.orchestra}: ${e.message}`);
      // Delivery spread over several ticks is the outbox pacing itself to the sending rate, not news.
      const deferred = Object.entries(report.deferred ?? {}).filter(([what, n]) => n > 0 && what !== 'deliveries');
      if (deferred.length > 0) console.warn(`tick: out of time, deferred ${deferred.map(([what, n]) => `${n} ${what}`).join(', ')}`);
    } catch (error) {
      console.error('tick failed:', (error as Error).message);
    } finally {
      ticking = false;
    }
    // A tick that ran into the next period (sends already started finish after its deadline) is followed at once
    // rather than a period later, so the outbox keeps its sending rate instead of idling every other period.
    if (overran) {
      overran = false;
      void runOnce();
    }
  };
  const tick = setInterval(runOnce, config.TICK_SECONDS * 1000);

  const apex = publicBaseUrl(runtime.config);
  const demo = publicBaseUrl(runtime.config, 'demo');
  console.log(`
Orchestra System is running.

  Superadmin   ${apex}
               ${accounts.superadmin.email} / ${accounts.superadmin.password}
  Demo admin   ${demo}
               ${accounts.demoAdmin.email} / ${accounts.demoAdmin.password}
  Mailbox      ${apex}/_mail   (every email the system sends)
  API          ${demo}/api/health

Try:  curl -c /tmp/demo.cookies -H 'content-type: application/json' \\
        -d '{"email":"${accounts.demoAdmin.email}","password":"${accounts.demoAdmin.password}"}' ${demo}/api/auth/login
      curl -b /tmp/demo.cookies ${demo}/api/auth/me

(Passwords as first set; one changed since through a reset link is yours, not the printed one.)
Stop with Ctrl+C. ${config.externalPostgres ? `Data stays in ${config.dataDir} and in ${database.description} (to start over, drop its databases and logins, then delete the folder).` : `Data stays in ${config.dataDir} (delete it to start over).`}
`);

  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping…`);
    clearInterval(tick);
    for (const server of servers) server.close();
    await runtime.close().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('Orchestra System could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
