import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { routeGroups } from '../../functions/routes';
import { orchestraTagKey } from '../../shared/adapters/aws/tenant-credentials';
import { grantDataApi, orchestraSecretsArn } from './api-function';
import { listingOf } from './bucket-listing';
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

/** The key pattern of the session's own orchestra in the files bucket (shared/tenancy/orchestra-files.ts). */
export const sessionOrchestraObjectsPattern = `orchestras/\${aws:PrincipalTag/${orchestraTagKey}}/*`;

/**
 * The one role through which request functions and the tick reach orchestra databases and files (ARCHITECTURE
 * rule 4). Functions assume it with the session tag `orchestra-id=<id>` taken from the verified host and session;
 * the role may read a secret only when the secret's own `orchestra-id` tag equals the session's, and may reach
 * only the objects under `orchestras/<that id>/` in the files bucket. A bug that asks for another orchestra's
 * secret or file is therefore refused by IAM.
 */
export class TenantRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { stage: string; cluster: rds.DatabaseCluster; orchestraSecretPrefix: string; filesBucket: s3.IBucket }) {
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
    const ownObjects = props.filesBucket.arnForObjects(sessionOrchestraObjectsPattern);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheSessionOrchestraFiles',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [ownObjects],
      }),
    );
    // So that "is the upload there?" and "is the backup there?" are a 404 (missing), not a 403, for its own keys.
    this.role.addToPolicy(listingOf(props.filesBucket, sessionOrchestraObjectsPattern));
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(this.role, ownObjects),
      reason: "Each orchestra's files are created at run time under orchestras/<its id>/; the policy variable aws:PrincipalTag/orchestra-id limits every session to its own orchestra's prefix.",
    });
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(this.role, secrets),
      reason: 'Orchestra secrets are created at run time, so only their name prefix is known; the ResourceTag = PrincipalTag condition narrows every read to the one orchestra named by the session tag.',
    });
  }
}

function tenantRoleUserArn(scope: Construct, stage: string, user: TenantRoleUser): string {
  return Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: tenantRoleUserRoleName(stage, user), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
