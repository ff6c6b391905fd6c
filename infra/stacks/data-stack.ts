import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { wildcardResourceFinding } from '../constructs/nag-finding';
import { listingOf } from '../constructs/bucket-listing';
import { TenantRole } from '../constructs/tenant-role';
import { ControlDatabaseSetup } from '../constructs/control-database-setup';
import { orchestraSecretPrefix, type StageConfig } from '../stage-config';

export interface DataStackProps extends StackProps {
  config: StageConfig;
}

/** The database every orchestra database lives in next to the control database; PostgreSQL 17 like local runs. */
export const auroraEngineVersion = rds.AuroraPostgresEngineVersion.VER_17_9;
/** The control database (orchestra registry and accounts). */
export const controlDatabaseName = 'control';
/** Every orchestra's backups in the files bucket, as shared/domain/backup-key.ts names them. */
export const backupObjectsPattern = 'orchestras/*/backups/*';


/**
 * Stateful resources: the Aurora cluster (reached only through the RDS Data API, so it sits in isolated
 * subnets with no route to anywhere), the session signing key, project files and the access-log bucket.
 */
export class DataStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly cluster: rds.DatabaseCluster;
  /** Master credentials of the cluster; for now also the login of the control database. */
  readonly adminSecret: secretsmanager.ISecret;
  /** JSON `{ "key": "…" }`: the key that signs session cookies. */
  readonly sessionKeySecret: secretsmanager.Secret;
  /** Login of the request functions and the tick to the control database (not the admin). */
  readonly controlAppSecret: secretsmanager.Secret;
  readonly filesBucket: s3.Bucket;
  /** Object read/write/delete in the files bucket; functions attach it (see ApiFunction.useFiles). */
  /** Read-only access to orchestra backups (`orchestras/<id>/backups/…`): the provisioning steps that restore one. */
  readonly backupsReadPolicy: iam.ManagedPolicy;
  /** Receives S3 server access logs and CloudFront standard logs of every stack. */
  readonly accessLogsBucket: s3.Bucket;
  readonly controlDatabaseName = controlDatabaseName;
  /** Name prefix of the per-orchestra database secrets the provisioning workflow creates. */
  readonly orchestraSecretPrefix: string;
  /** Request functions and the tick reach orchestra databases only through sessions of this role. */
  readonly tenantRole: iam.Role;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.orchestraSecretPrefix = orchestraSecretPrefix(config.stage);
    const logRemoval = config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Isolated subnets only: Lambdas use the Data API over AWS's endpoint, so nothing in the VPC needs a
    // NAT gateway or an internet gateway.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      // Nothing is ever placed in the default security group; locking it down would need a custom-resource Lambda.
      restrictDefaultSecurityGroup: false,
    });
    const flowLogs = new logs.LogGroup(this, 'VpcFlowLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: logRemoval,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    this.cluster = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: auroraEngineVersion }),
      credentials: rds.Credentials.fromGeneratedSecret('orchestra_admin'),
      defaultDatabaseName: controlDatabaseName,
      writer: rds.ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
      serverlessV2MinCapacity: config.auroraMinCapacity,
      serverlessV2MaxCapacity: config.auroraMaxCapacity,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      enableDataApi: true,
      storageEncrypted: true,
      backup: { retention: Duration.days(config.backupRetentionDays), preferredWindow: '01:00-02:00' },
      preferredMaintenanceWindow: 'Sun:03:00-Sun:04:00',
      deletionProtection: config.deletionProtection,
      removalPolicy: config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
    });
    if (!this.cluster.secret) throw new Error('the cluster has no generated admin secret');
    this.adminSecret = this.cluster.secret;
    // A retained cluster must keep the password that opens it.
    if (config.deletionProtection) (this.cluster.node.findChild('Secret') as rds.DatabaseSecret).applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.sessionKeySecret = new secretsmanager.Secret(this, 'SessionKey', {
      description: `Orchestra System ${config.stage}: signs session cookies`,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'key',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });

    // The request functions' own login to the control database: rows only, no schema changes.
    this.controlAppSecret = new secretsmanager.Secret(this, 'ControlAppLogin', {
      description: `Orchestra System ${config.stage}: control database login of the request functions`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'control_app', engine: 'postgres', dbname: controlDatabaseName }),
        generateStringKey: 'password',
        passwordLength: 40,
        excludePunctuation: true,
      },
    });

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logs can only be delivered to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL grant, so this bucket needs ACLs enabled.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      // Buckets are kept on stack deletion in every stage: CloudFormation cannot delete a non-empty bucket.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.filesBucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 's3/files/',
      // Browsers upload project files straight to S3 with presigned POSTs from the web app's origin.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          // Without a domain the web origin is CloudFront's generated host, unknown here; the presigned
          // policy still limits what can be written.
          allowedOrigins: config.domainName ? [`https://${config.domainName}`, `https://*.${config.domainName}`] : ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-replaced-versions', noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.backupsReadPolicy = new iam.ManagedPolicy(this, 'BackupsReadAccess', {
      description: `Orchestra System ${config.stage}: read orchestra backups to restore them`,
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.filesBucket.arnForObjects(backupObjectsPattern)] }),
        listingOf(this.filesBucket, backupObjectsPattern),
      ],
    });

    this.acknowledgeFindings(config);

    this.tenantRole = new TenantRole(this, 'Tenant', {
      stage: config.stage,
      cluster: this.cluster,
      orchestraSecretPrefix: this.orchestraSecretPrefix,
      filesBucket: this.filesBucket,
    }).role;

    new ControlDatabaseSetup(this, 'ControlDatabaseSetup', {
      stage: config.stage,
      cluster: this.cluster,
      adminSecret: this.adminSecret,
      controlAppSecret: this.controlAppSecret,
      controlDatabaseName,
      apexUrl: config.domainName ? `https://${config.domainName}` : undefined,
      superadminEmail: config.superadminEmail,
      logRemovalPolicy: logRemoval,
    });

    new CfnOutput(this, 'ClusterArn', { value: this.cluster.clusterArn });
    new CfnOutput(this, 'AdminSecretArn', { value: this.adminSecret.secretArn });
    new CfnOutput(this, 'SessionKeySecretArn', { value: this.sessionKeySecret.secretArn });
    new CfnOutput(this, 'FilesBucketName', { value: this.filesBucket.bucketName });
  }

  /** cdk-nag AwsSolutions findings this foundation accepts, each with its reason. */
  private acknowledgeFindings(config: StageConfig): void {
    Validations.of(this.cluster).acknowledge(
      {
        id: 'AwsSolutions-RDS6',
        reason: 'Functions reach the database only through the RDS Data API, which authenticates with Secrets Manager credentials; IAM database authentication does not apply to it.',
      },
      {
        id: 'AwsSolutions-RDS11',
        reason: 'The cluster has no network path at all (isolated subnets, no ingress rule); the Data API is the only way in, so a non-default port hides nothing.',
      },
    );
    if (!config.deletionProtection) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason: `Deletion protection is off by the deletionProtection context for the disposable "${config.stage}" stage; it defaults to on for every other stage.`,
      });
    }
    // The generated DatabaseSecret itself, not the attachment `cluster.secret` returns.
    Validations.of(this.cluster.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the admin secret needs a rotation Lambda inside the VPC with a Secrets Manager endpoint; planned with the production hardening. The secret is never exposed outside Secrets Manager.',
    });
    Validations.of(this.controlAppSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The control app login is re-applied on every deploy by the control database setup; scheduled rotation with a VPC rotation Lambda is planned with the production hardening.',
    });
    Validations.of(this.sessionKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the session signing key would sign out every user at once; rotation with overlapping keys is planned with the production hardening.',
    });
    Validations.of(this.backupsReadPolicy).acknowledge({
      id: wildcardResourceFinding(this, this.filesBucket.arnForObjects(backupObjectsPattern)),
      reason: 'A restore may read the backup of any orchestra (the superadmin picks it), so the orchestra id and file name in the key are wildcards; only backups, and only reading.',
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own access would log the log writes.',
    });
  }
}
