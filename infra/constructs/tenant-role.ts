import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { orchestraTagKey } from '../../shared/adapters/aws/tenant-credentials';
import { grantDataApi, orchestraSecretsArn } from './api-function';
import { wildcardResourceFinding } from './nag-finding';

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
      // Trusts the account; which principals may assume it is decided by their own policies (useOrchestraDatabases).
      assumedBy: new iam.AccountPrincipal(Stack.of(this).account).withSessionTags(),
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
