import { type App, Tags, Validations } from 'aws-cdk-lib';
import { ApiStack } from './stacks/api-stack';
import { DataStack } from './stacks/data-stack';
import { EdgeFirewallStack } from './stacks/edge-firewall-stack';
import { JobsStack } from './stacks/jobs-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { WorkflowsStack } from './stacks/workflows-stack';
import { WebStack } from './stacks/web-stack';
import type { StageConfig } from './stage-config';

export interface OrchestraSystemOptions {
  /** Built web app to upload with the web stack; nothing is uploaded when undefined. */
  webAssetsPath?: string;
}

export interface OrchestraSystemStacks {
  data: DataStack;
  api: ApiStack;
  web: WebStack;
  jobs: JobsStack;
  workflows: WorkflowsStack;
  monitoring: MonitoringStack;
  /** The WAF web ACL, in us-east-1 (CloudFront's web ACLs live there); the web stack attaches it by config.webAclArn. */
  edgeFirewall: EdgeFirewallStack;
}

/**
 * Adds one stage of Orchestra System to an app. Stacks are environment-agnostic (no account or region,
 * no lookups) so synth works offline; `cdk deploy` takes account and region from the caller's profile.
 */
export function addOrchestraSystem(app: App, config: StageConfig, options: OrchestraSystemOptions = {}): OrchestraSystemStacks {
  const name = (part: string) => `orchestra-system-${config.stage}-${part}`;
  const description = (what: string) => `Orchestra System (${config.stage}): ${what}`;

  const data = new DataStack(app, name('data'), {
    config,
    description: description('Aurora PostgreSQL, secrets, files'),
    terminationProtection: config.deletionProtection,
  });
  const api = new ApiStack(app, name('api'), { config, data, description: description('HTTP API and route-group Lambdas') });
  const web = new WebStack(app, name('web'), {
    config,
    httpApi: api.httpApi,
    accessLogsBucket: data.accessLogsBucket,
    filesBucket: data.filesBucket,
    webAssetsPath: options.webAssetsPath,
    description: description('CloudFront and the web app'),
  });
  const edgeFirewall = new EdgeFirewallStack(app, name('edge-firewall'), { config, description: description('WAF web ACL in front of CloudFront (us-east-1)') });
  const jobs = new JobsStack(app, name('jobs'), { config, data, description: description('every-minute tick') });

  const workflows = new WorkflowsStack(app, name('workflows'), { config, data, description: description('orchestra provisioning workflow') });
  const monitoring = new MonitoringStack(app, name('monitoring'), { config, data, api, jobs, workflows, description: description('alarms and dashboard') });

  for (const stack of [api, web, jobs, workflows, monitoring]) {
    Validations.of(stack).acknowledge({
      id: 'Annotation::@aws-cdk/core:crossStackReferencesDefaultStrong',
      reason: 'Strong cross-stack references (CloudFormation exports) are intended: they stop the data and API stacks from dropping a resource that a later stack still uses.',
    });
  }
  // Tagged per stack, not per app: one app may hold several stages (the infra tests synth two at once).
  for (const stack of [data, api, web, jobs, workflows, monitoring, edgeFirewall]) {
    Tags.of(stack).add('project', 'orchestra-system');
    Tags.of(stack).add('stage', config.stage);
  }
  return { data, api, web, jobs, workflows, monitoring, edgeFirewall };
}
