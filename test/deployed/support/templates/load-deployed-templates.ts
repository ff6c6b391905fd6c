import { resolve } from 'node:path';
import { localAccount, localRegion, type DeployedTemplates, type FunctionSpec, type ResolvedResource, type ResolvedStack } from '../contracts.js';
import { readCloudAssembly } from './cloud-assembly.js';
import { checkStackDependencies } from './dependency-check.js';
import { functionSpecOf } from './function-specs.js';
import { ResolutionMemo } from './resolution-memo.js';
import { ExportDirectory, StackResolver, type DeploymentEnvironment } from './stack-resolver.js';

export interface LoadOptions {
  /** Parameter values by stack name, over the templates' defaults. */
  parameterValues?: Record<string, Record<string, string>>;
  /** Values of SSM parameters the templates read (CDK's bootstrap version is given already). */
  ssmParameters?: Record<string, string>;
}

/** The bootstrap version a current `cdk bootstrap` leaves in SSM (what CDK's CheckBootstrapVersion rule reads). */
const bootstrapVersion = '30';

/** Attributes that carry an ARN, tried before Refs when looking a value up (a Ref may be a name or a URL). */
const arnAttribute = /(^|\.)(Arn|.*Arn|.*ARN)$/;

/** Resources whose Ref is another resource's (an attachment's Ref is its secret's ARN): found last. */
const pointerTypes = new Set([
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SecretsManager::RotationSchedule',
  'AWS::SecretsManager::ResourcePolicy',
]);

/**
 * Reads a cloud assembly and resolves every intrinsic of every stack as CloudFormation would after deploying
 * it into the local account and region: physical names, ARNs and ids shaped as AWS shapes them, stable per
 * assembly. Throws a TemplateError naming the stack, resource and property when CloudFormation would refuse.
 */
export function loadDeployedTemplates(outdir: string, options: LoadOptions = {}): DeployedTemplates {
  const assembly = readCloudAssembly(outdir);
  for (const stack of assembly) checkStackDependencies(stack.name, stack.template);
  const environment: DeploymentEnvironment = {
    account: localAccount,
    region: localRegion,
    partition: 'aws',
    urlSuffix: 'amazonaws.com',
    parameterValues: options.parameterValues ?? {},
    ssmParameters: { '/cdk-bootstrap/hnb659fds/version': bootstrapVersion, ...options.ssmParameters },
  };
  const memo = new ResolutionMemo();
  const exports = new ExportDirectory();
  const resolvers = assembly.map((stack) => new StackResolver(stack, environment, memo, exports));
  exports.register(resolvers);
  for (const resolver of resolvers) resolver.checkRules();
  const stacks: Record<string, ResolvedStack> = {};
  for (const resolver of resolvers) stacks[resolver.name] = resolver.resolveStack();
  return new LoadedTemplates(resolve(outdir), stacks);
}

class LoadedTemplates implements DeployedTemplates {
  private readonly all: ResolvedResource[];
  private readonly byValue = new Map<string, ResolvedResource>();
  private functionSpecs?: FunctionSpec[];

  constructor(
    readonly outdir: string,
    readonly stacks: Record<string, ResolvedStack>,
  ) {
    this.all = Object.values(stacks).flatMap((stack) => Object.values(stack.resources));
    const ranked = [
      ...this.all.flatMap((resource) =>
        Object.entries(resource.attributes)
          .filter(([name]) => arnAttribute.test(name))
          .map(([, value]) => [value, resource] as const),
      ),
      ...this.all.filter((resource) => !pointerTypes.has(resource.type)).map((resource) => [resource.ref, resource] as const),
      ...this.all.filter((resource) => pointerTypes.has(resource.type)).map((resource) => [resource.ref, resource] as const),
    ];
    for (const [value, resource] of ranked) if (!this.byValue.has(value)) this.byValue.set(value, resource);
  }

  resourcesOfType(type: string): ResolvedResource[] {
    return this.all.filter((resource) => resource.type === type);
  }

  findByRefOrArn(value: string): ResolvedResource | undefined {
    return this.byValue.get(value);
  }

  functions(): FunctionSpec[] {
    this.functionSpecs ??= this.resourcesOfType('AWS::Lambda::Function').map(functionSpecOf);
    return this.functionSpecs;
  }
}
