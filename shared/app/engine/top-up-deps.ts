import { publicBaseUrl } from '../../config/app-config';
import type { Runtime } from '../../runtime/runtime';
import type { OrchestraRecord } from '../../tenancy/orchestra-registry';
import { orchestraAdminEmails } from './orchestra-admin-emails';
import type { TopUpDeps } from './top-up-needs';

/** What topUpNeeds needs from a runtime, for one orchestra: HTTP handlers and the tick job build it the same way. */
export function topUpDepsFor(runtime: Pick<Runtime, 'config' | 'clock' | 'control'>, orchestra: Pick<OrchestraRecord, 'id' | 'subdomain'>): TopUpDeps {
  return {
    clock: runtime.clock,
    orchestraBaseUrl: publicBaseUrl(runtime.config, orchestra.subdomain),
    adminEmails: () => orchestraAdminEmails(runtime.control, orchestra.id),
  };
}
