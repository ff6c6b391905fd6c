import { isAbsolute, join } from 'node:path';
import type { ResolvedResource, ResolvedStack } from '../contracts.js';
import type { AssemblyStack } from './cloud-assembly.js';
import { deterministicToken, deterministicUuid } from './deterministic-tokens.js';
import { evaluateCondition, noValue, resolveValue, type IntrinsicScope, type ResolvedValue } from './intrinsic-functions.js';
import { generatedPhysicalName } from './physical-names.js';
import type { ResolutionMemo } from './resolution-memo.js';
import { stackIdOf } from './stack-ids.js';
import { hasOwnModel, resourceModelFor } from './resource-types/registry.js';
import { stringProperty, type ResourceContext, type ResourceModel } from './resource-types/resource-model.js';
import { TemplateError } from './template-error.js';
import type { PlainValue, TemplateResource } from './template-types.js';

/** Where the stacks are deployed and what the deploy was given (parameters, SSM parameter values). */
export interface DeploymentEnvironment {
  account: string;
  region: string;
  partition: string;
  urlSuffix: string;
  /** Parameter values by stack name, over the templates' defaults. */
  parameterValues: Record<string, Record<string, string>>;
  /** Values of SSM parameters that `AWS::SSM::Parameter::Value<…>` parameters name. */
  ssmParameters: Record<string, string>;
}

/** Finds an export by name among every stack's Outputs, as `Fn::ImportValue` does. */
export class ExportDirectory {
  private stacks: StackResolver[] = [];

  register(stacks: StackResolver[]): void {
    this.stacks = stacks;
  }

  lookup(exportName: string, where: string, memo: ResolutionMemo): PlainValue {
    return memo.get(`export:${exportName}`, () => {
      for (const stack of this.stacks) {
        const outputId = stack.exportedOutputs().get(exportName);
        if (outputId) return stack.output(outputId);
      }
      throw new TemplateError(`${where}: No export named ${exportName} found`);
    });
  }
}

/** One stack's values, each resolved on first use and kept (shared memo: ImportValue crosses stacks). */
export class StackResolver implements IntrinsicScope {
  readonly name: string;
  private readonly models = new Map<string, ResourceModel>();

  constructor(
    private readonly stack: AssemblyStack,
    private readonly environment: DeploymentEnvironment,
    private readonly memo: ResolutionMemo,
    private readonly exports: ExportDirectory,
  ) {
    this.name = stack.name;
  }

  private get template() {
    return this.stack.template;
  }

  ref(name: string, where: string): ResolvedValue {
    const { account, region, partition, urlSuffix } = this.environment;
    switch (name) {
      case 'AWS::AccountId':
        return account;
      case 'AWS::Region':
        return region;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return urlSuffix;
      case 'AWS::StackName':
        return this.name;
      case 'AWS::StackId':
        return stackIdOf(this.name, this.environment);
      case 'AWS::NoValue':
        return noValue;
      case 'AWS::NotificationARNs':
        return [];
    }
    if (this.template.Parameters && name in this.template.Parameters) return this.parameter(name, where);
    this.requireResource(name, where, 'Ref');
    return this.memo.get(`${this.name}/${name}.Ref`, () => this.model(name).ref());
  }

  getAtt(logicalId: string, attribute: string, where: string): PlainValue {
    const resource = this.requireResource(logicalId, where, 'Fn::GetAtt');
    const model = this.model(logicalId);
    const getter = model.attributes[attribute];
    if (getter) return this.memo.get(`${this.name}/${logicalId}.${attribute}`, getter);
    if (model.unknownAttributes === 'placeholder' && !hasOwnModel(resource.Type)) return `${logicalId}-local-${attribute}`;
    const known = Object.keys(model.attributes);
    throw new TemplateError(
      `${where}: Fn::GetAtt ${logicalId}.${attribute}: ${resource.Type} has no attribute "${attribute}" this tier knows` +
        (model.unknownAttributes === 'error'
          ? ' (a custom resource returns its attributes from its handler at deploy time)'
          : ` (known: ${known.join(', ') || 'none'})`),
    );
  }

  condition(name: string, where: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new TemplateError(`${where}: condition "${name}" is not defined in ${this.name}`);
    return this.memo.get(`${this.name}/Conditions.${name}`, () =>
      evaluateCondition(expression, this, `${this.name}/Conditions.${name}`),
    );
  }

  importValue(exportName: string, where: string): PlainValue {
    return this.exports.lookup(exportName, where, this.memo);
  }

  findInMap(mapName: string, topKey: string, secondKey: string, where: string): PlainValue {
    const value = this.template.Mappings?.[mapName]?.[topKey]?.[secondKey];
    if (value === undefined) throw new TemplateError(`${where}: Fn::FindInMap: ${mapName}.${topKey}.${secondKey} is not in the Mappings`);
    return this.resolvePlain(value, `${this.name}/Mappings.${mapName}.${topKey}.${secondKey}`);
  }

  availabilityZones(region: string): string[] {
    const inRegion = region === '' ? this.environment.region : region;
    return ['a', 'b', 'c'].map((zone) => `${inRegion}${zone}`);
  }

  /** Resources CloudFormation creates: those without a Condition or whose Condition holds, in template order. */
  createdResourceIds(): string[] {
    return Object.keys(this.template.Resources ?? {}).filter((logicalId) => this.isCreated(logicalId));
  }

  /** Output logical id by export name (export names may themselves be intrinsics, e.g. `${AWS::StackName}:…`). */
  exportedOutputs(): Map<string, string> {
    return this.memo.get(`${this.name}/Exports`, () => {
      const byName = new Map<string, string>();
      for (const [outputId, output] of Object.entries(this.template.Outputs ?? {})) {
        if (!output.Export || !this.holds(output.Condition)) continue;
        const exportName = this.resolvePlain(output.Export.Name, `${this.name}/Outputs.${outputId}.Export.Name`);
        byName.set(String(exportName), outputId);
      }
      return byName;
    });
  }

  output(outputId: string): string {
    const output = this.template.Outputs?.[outputId];
    if (!output) throw new TemplateError(`${this.name}: no output "${outputId}"`);
    return this.memo.get(`${this.name}/Outputs.${outputId}`, () => {
      const where = `${this.name}/Outputs.${outputId}.Value`;
      const value = this.resolvePlain(output.Value, where);
      if (typeof value === 'object' && value !== null) throw new TemplateError(`${where}: an output's value must be a string`);
      return String(value);
    });
  }

  /** CloudFormation refuses a stack whose Rules assertions fail (CDK's bootstrap version check is one). */
  checkRules(): void {
    for (const [ruleName, rule] of Object.entries(this.template.Rules ?? {})) {
      const where = `${this.name}/Rules.${ruleName}`;
      if (rule.RuleCondition !== undefined && !evaluateCondition(rule.RuleCondition, this, `${where}.RuleCondition`)) continue;
      for (const [index, assertion] of (rule.Assertions ?? []).entries()) {
        if (!evaluateCondition(assertion.Assert, this, `${where}.Assertions[${index}]`)) {
          throw new TemplateError(`${where}: ${assertion.AssertDescription ?? 'assertion failed'}`);
        }
      }
    }
  }

  /** Every created resource and every output, resolved. */
  resolveStack(): ResolvedStack {
    const resources: Record<string, ResolvedResource> = {};
    for (const logicalId of this.createdResourceIds()) resources[logicalId] = this.resolveResource(logicalId);
    const outputs: Record<string, string> = {};
    for (const [outputId, output] of Object.entries(this.template.Outputs ?? {})) {
      if (this.holds(output.Condition)) outputs[outputId] = this.output(outputId);
    }
    return { name: this.name, resources, outputs };
  }

  private resolveResource(logicalId: string): ResolvedResource {
    const resource = this.template.Resources[logicalId];
    const where = `${this.name}/${logicalId}`;
    const properties = this.memo.get(`${where}.Properties`, () => this.resolvePlain(resource.Properties ?? {}, `${where}.Properties`));
    const ref = this.ref(logicalId, where);
    const attributes: Record<string, string> = {};
    for (const attribute of Object.keys(this.model(logicalId).attributes)) {
      attributes[attribute] = String(this.getAtt(logicalId, attribute, where));
    }
    const assetPath = resource.Metadata?.['aws:asset:path'];
    return {
      stack: this.name,
      logicalId,
      type: resource.Type,
      properties: properties as Record<string, any>,
      ref: String(ref),
      attributes,
      ...(typeof assetPath === 'string'
        ? { assetPath: isAbsolute(assetPath) ? assetPath : join(this.stack.assemblyDir, assetPath) }
        : {}),
    };
  }

  private parameter(name: string, where: string): PlainValue {
    return this.memo.get(`${this.name}/Parameters.${name}`, () => {
      const declared = this.template.Parameters![name];
      const given = this.environment.parameterValues[this.name]?.[name] ?? declared.Default;
      if (given === undefined) throw new TemplateError(`${where}: parameter ${name} of ${this.name} has no value and no Default`);
      let value = String(given);
      // The parameter's value names an SSM parameter; CloudFormation reads it at deploy time.
      if (declared.Type.startsWith('AWS::SSM::Parameter::Value<')) {
        const stored = this.environment.ssmParameters[value];
        if (stored === undefined) throw new TemplateError(`${where}: SSM parameter ${value} (for ${name}) has no value in this tier`);
        value = stored;
      }
      const isList = declared.Type === 'CommaDelimitedList' || /(^|<)List</.test(declared.Type);
      return isList ? value.split(',') : value;
    });
  }

  private isCreated(logicalId: string): boolean {
    const resource = this.template.Resources?.[logicalId];
    return resource !== undefined && this.holds(resource.Condition);
  }

  private holds(condition: string | undefined): boolean {
    return condition === undefined || this.condition(condition, `${this.name}/Conditions`);
  }

  private requireResource(logicalId: string, where: string, how: string): TemplateResource {
    const resource = this.template.Resources?.[logicalId];
    if (!resource) {
      throw new TemplateError(
        `${where}: ${how} to "${logicalId}", which is neither a resource nor a parameter of ${this.name} ` +
          `(CloudFormation: Unresolved resource dependencies [${logicalId}] in the Resources block of the template)`,
      );
    }
    if (!this.holds(resource.Condition)) {
      throw new TemplateError(`${where}: ${how} to "${logicalId}", which is not created (its Condition ${resource.Condition} is false)`);
    }
    return resource;
  }

  private resolvePlain(value: Parameters<typeof resolveValue>[0], where: string): PlainValue {
    const resolved = resolveValue(value, this, where);
    if (resolved === noValue) throw new TemplateError(`${where}: AWS::NoValue where a value is required`);
    return resolved;
  }

  private model(logicalId: string): ResourceModel {
    let model = this.models.get(logicalId);
    if (!model) {
      const resource = this.template.Resources[logicalId];
      model = resourceModelFor(resource.Type)(this.resourceContext(logicalId, resource));
      this.models.set(logicalId, model);
    }
    return model;
  }

  private resourceContext(logicalId: string, resource: TemplateResource): ResourceContext {
    const { account, region, partition, urlSuffix } = this.environment;
    const seed = `${this.name}/${logicalId}`;
    const context: ResourceContext = {
      stack: this.name,
      logicalId,
      type: resource.Type,
      account,
      region,
      partition,
      urlSuffix,
      property: (name) =>
        this.memo.get(`${seed}.Properties.${name}`, () => {
          const raw = resource.Properties?.[name];
          if (raw === undefined) return undefined;
          const value = resolveValue(raw, this, `${seed}.Properties.${name}`);
          return value === noValue ? undefined : value;
        }),
      nameOr: (property, rule) => stringProperty(context, property) ?? generatedPhysicalName(this.name, logicalId, rule),
      token: (purpose, length, alphabet) => deterministicToken(`${seed}/${purpose}`, length, alphabet),
      uuid: (purpose) => deterministicUuid(`${seed}/${purpose}`),
      arn: (service, resourcePart, scope) =>
        `arn:${partition}:${service}:${scope?.region ?? region}:${scope?.account ?? account}:${resourcePart}`,
    };
    return context;
  }
}
