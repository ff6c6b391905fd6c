import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { routeGroups } from '../../functions/routes';
import { orchestraTagKey } from '../../shared/adapters/aws/tenant-credentials';
import { grantDataApi, orchestraSecretsArn } from './api-function';
import { wildcardResourceFinding } from './nag-finding';

/** The functions whose code assumes the tenant role (shared/runtime/aws-runtime.ts): every request function, the tick, the mail feedback. */
export const tenantRoleUsers = [...routeGroups, 'tick', 'mail-feedback'] as const;
export type TenantRoleUser = (typeof tenantRoleUsers)[number];

/**
 * The role name of a function that assumes the tenant role. Fixed by convention because the tenant role's
 * stack (data) is deployed before theirs: a trust policy naming a role ARN that does not exist yet is rejected
 * by IAM, so the trust names them in a condition on aws:PrincipalArn instead, which needs the name up front.
 */
export function tenantRoleUserRoleName(stage: string, user: TenantRoleUser): string {
  return `orchestra-system-${stage}-fn-${user}`;
}

/**
 * The one role through which request functions and the tick reach orchestra databases (ARCHITECTURE rule 4).
 * Functions assume it with the session tag `orchestra-id=<id>` taken from the verified host and session;
 * the role may read a secret only when the secret's own `orchestra-id` tag equals the session's. A bug
 * that asks for another orchestra's secret is therefore refused by IAM.
 */
export class TenantRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { stage: string; cluster: rds.DatabaseCluster; orchestraSecretPrefix: string }) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: `orchestra-system-${props.stage}-tenant`,
      description: 'Orchestra database access, one orchestra per session (tagged orchestra-id)',
      // Only the roles of the functions that use it (tenantRoleUsers), and only with the session tag; the
      // account principal plus aws:PrincipalArn, because those roles are created after this one.
      assumedBy: new iam.AccountPrincipal(Stack.of(this).account)
        .withConditions({ ArnEquals: { 'aws:PrincipalArn': tenantRoleUsers.map((user) => tenantRoleUserArn(this, props.stage, user)) } })
        .withSessionTags(),
    });
    const secrets = orchestraSecretsArn(this, props.orchestraSecretPrefix);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOnlyTheSessionOrchestraSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secrets],
        conditions: { StringEquals: { [`secretsmanager:ResourceTag/${orchestraTagKey}`]: `\${aws:PrincipalTag/${orchestraTagKey}}` } },
      }),
    );
    grantDataApi(this.role, props.cluster);
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(this.role, secrets),
      reason: 'Orchestra secrets are created at run time, so only their name prefix is known; the ResourceTag = PrincipalTag condition narrows every read to the one orchestra named by the session tag.',
    });
  }
}

function tenantRoleUserArn(scope: Construct, stage: string, user: TenantRoleUser): string {
  return Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: tenantRoleUserRoleName(stage, user), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
