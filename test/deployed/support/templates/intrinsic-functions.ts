import { TemplateError } from './template-error.js';
import { intrinsicName, type PlainValue, type TemplateValue } from './template-types.js';

/** `Ref: AWS::NoValue`: the property (or list element) is removed, as if the template never had it. */
export const noValue: unique symbol = Symbol('AWS::NoValue');
export type ResolvedValue = PlainValue | typeof noValue;

/** What intrinsic functions reach outside the value being resolved: the stack's names, conditions, exports. */
export interface IntrinsicScope {
  /** A resource, parameter or pseudo parameter. */
  ref(name: string, where: string): ResolvedValue;
  getAtt(logicalId: string, attribute: string, where: string): PlainValue;
  condition(name: string, where: string): boolean;
  importValue(exportName: string, where: string): PlainValue;
  findInMap(mapName: string, topKey: string, secondKey: string, where: string): PlainValue;
  availabilityZones(region: string): string[];
}

/** Resolves every intrinsic in the value, depth first; `where` names the value in errors (`stack/Id.Properties.X`). */
export function resolveValue(value: TemplateValue, scope: IntrinsicScope, where: string): ResolvedValue {
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveValue(item, scope, `${where}[${index}]`)).filter((item) => item !== noValue) as PlainValue[];
  }
  if (value === null || typeof value !== 'object') return value;
  const fn = intrinsicName(value);
  if (fn) return callIntrinsic(fn, value[fn], scope, `${where}.${fn}`);
  const out: Record<string, PlainValue> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolveValue(item, scope, `${where}.${key}`);
    if (resolved !== noValue) out[key] = resolved;
  }
  return out;
}

function fail(where: string, message: string): never {
  throw new TemplateError(`${where}: ${message}`);
}

function resolvePlain(value: TemplateValue, scope: IntrinsicScope, where: string): PlainValue {
  const resolved = resolveValue(value, scope, where);
  if (resolved === noValue) fail(where, 'AWS::NoValue where a value is required');
  return resolved;
}

function asString(value: PlainValue, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(where, `expected a string, got ${JSON.stringify(value)}`);
}

function asList(value: PlainValue, where: string): PlainValue[] {
  if (Array.isArray(value)) return value;
  return fail(where, `expected a list, got ${JSON.stringify(value)}`);
}

function args(raw: TemplateValue, count: number, fn: string, where: string): TemplateValue[] {
  if (!Array.isArray(raw) || raw.length !== count) fail(where, `${fn} takes a list of ${count} arguments`);
  return raw;
}

/** A condition: `{ "Condition": name }` or a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, rules' Fn::Contains …). */
export function evaluateCondition(value: TemplateValue, scope: IntrinsicScope, where: string): boolean {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && 'Condition' in value) {
    return scope.condition(asString(value.Condition as PlainValue, where), where);
  }
  const resolved = resolvePlain(value, scope, where);
  if (typeof resolved === 'boolean') return resolved;
  if (resolved === 'true' || resolved === 'false') return resolved === 'true';
  return fail(where, `expected a condition, got ${JSON.stringify(resolved)}`);
}

function callIntrinsic(fn: string, raw: TemplateValue, scope: IntrinsicScope, where: string): ResolvedValue {
  switch (fn) {
    case 'Ref':
      if (typeof raw !== 'string') fail(where, 'Ref takes a logical id or parameter name');
      return scope.ref(raw, where);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(raw)
        ? [asString(raw[0] as PlainValue, where), asString(resolvePlain(raw[1] as TemplateValue, scope, where), where)]
        : splitOnce(asString(raw as PlainValue, where), where);
      return scope.getAtt(logicalId, attribute, where);
    }
    case 'Fn::Join': {
      const [delimiter, list] = args(raw, 2, fn, where);
      const items = asList(resolvePlain(list, scope, where), where);
      return items.map((item, index) => asString(item, `${where}[${index}]`)).join(asString(delimiter as PlainValue, where));
    }
    case 'Fn::Sub':
      return substitute(raw, scope, where);
    case 'Fn::Select': {
      const [index, list] = args(raw, 2, fn, where);
      const position = Number(asString(resolvePlain(index, scope, where), where));
      const items = asList(resolvePlain(list, scope, where), where);
      if (!Number.isInteger(position) || position < 0 || position >= items.length) {
        fail(where, `Fn::Select index ${position} is out of bounds of a list of ${items.length}`);
      }
      return items[position];
    }
    case 'Fn::Split': {
      const [delimiter, source] = args(raw, 2, fn, where);
      return asString(resolvePlain(source, scope, where), where).split(asString(delimiter as PlainValue, where));
    }
    case 'Fn::ImportValue':
      return scope.importValue(asString(resolvePlain(raw, scope, where), where), where);
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = args(raw, 3, fn, where);
      const name = asString(condition as PlainValue, where);
      // Only the branch taken is resolved: the other may name a resource the condition left out.
      return scope.condition(name, where) ? resolveValue(whenTrue, scope, `${where}[1]`) : resolveValue(whenFalse, scope, `${where}[2]`);
    }
    case 'Fn::Equals': {
      const [left, right] = args(raw, 2, fn, where);
      return canonical(resolvePlain(left, scope, where)) === canonical(resolvePlain(right, scope, where));
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(raw) || raw.length < 2 || raw.length > 10) fail(where, `${fn} takes 2 to 10 conditions`);
      const values = raw.map((item, index) => evaluateCondition(item, scope, `${where}[${index}]`));
      return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
    }
    case 'Fn::Not':
      return !evaluateCondition(args(raw, 1, fn, where)[0], scope, where);
    case 'Fn::Contains': {
      const [list, item] = args(raw, 2, fn, where);
      const wanted = canonical(resolvePlain(item, scope, where));
      return asList(resolvePlain(list, scope, where), where).some((member) => canonical(member) === wanted);
    }
    case 'Fn::EachMemberEquals': {
      const [list, item] = args(raw, 2, fn, where);
      const wanted = canonical(resolvePlain(item, scope, where));
      return asList(resolvePlain(list, scope, where), where).every((member) => canonical(member) === wanted);
    }
    case 'Fn::EachMemberIn': {
      const [list, allowed] = args(raw, 2, fn, where);
      const allowedValues = asList(resolvePlain(allowed, scope, where), where).map(canonical);
      return asList(resolvePlain(list, scope, where), where).every((member) => allowedValues.includes(canonical(member)));
    }
    case 'Fn::GetAZs': {
      const region = asString(resolvePlain(raw, scope, where), where);
      return scope.availabilityZones(region);
    }
    case 'Fn::Base64':
      return Buffer.from(asString(resolvePlain(raw, scope, where), where), 'utf8').toString('base64');
    case 'Fn::FindInMap': {
      const [mapName, topKey, secondKey] = args(raw, 3, fn, where).map((item) => asString(resolvePlain(item, scope, where), where));
      return scope.findInMap(mapName, topKey, secondKey, where);
    }
    case 'Fn::Cidr': {
      const [block, count, bits] = args(raw, 3, fn, where).map((item) => asString(resolvePlain(item, scope, where), where));
      return cidrSubnets(block, Number(count), Number(bits), where);
    }
    case 'Fn::Length':
      return asList(resolvePlain(raw, scope, where), where).length;
    case 'Fn::ToJsonString':
      return JSON.stringify(resolvePlain(raw, scope, where));
    default:
      return fail(where, `${fn} is not an intrinsic function this tier resolves`);
  }
}

function canonical(value: PlainValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function splitOnce(value: string, where: string): [string, string] {
  const dot = value.indexOf('.');
  if (dot <= 0) fail(where, `Fn::GetAtt "${value}" is not "LogicalId.Attribute"`);
  return [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * Fn::Sub: `${Name}` is a parameter, pseudo parameter or resource Ref, `${Name.Attr}` a GetAtt, `${!Text}` the
 * literal `${Text}`; in the list form, the map's variables come first.
 */
function substitute(raw: TemplateValue, scope: IntrinsicScope, where: string): string {
  let text: string;
  let variables: Record<string, string> = {};
  if (typeof raw === 'string') {
    text = raw;
  } else if (Array.isArray(raw) && raw.length === 2 && typeof raw[0] === 'string') {
    text = raw[0];
    const map = resolvePlain(raw[1], scope, `${where}[1]`);
    if (!map || typeof map !== 'object' || Array.isArray(map)) fail(where, 'Fn::Sub variables must be a map');
    variables = Object.fromEntries(Object.entries(map).map(([key, value]) => [key, asString(value, `${where}[1].${key}`)]));
  } else {
    return fail(where, 'Fn::Sub takes a string or [string, variables]');
  }
  return text.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in variables) return variables[name];
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return asString(scope.getAtt(name.slice(0, dot), name.slice(dot + 1), where), where);
    }
    const value = scope.ref(name, where);
    if (value === noValue) fail(where, `Fn::Sub cannot use AWS::NoValue`);
    return asString(value, where);
  });
}

/** Fn::Cidr on an IPv4 block: `count` consecutive subnets with `bits` host bits each. */
function cidrSubnets(block: string, count: number, bits: number, where: string): string[] {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block);
  if (!match) fail(where, `Fn::Cidr supports IPv4 blocks only, got "${block}"`);
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const prefix = Number(match[5]);
  if (32 - bits < prefix || count > 2 ** (32 - prefix - bits)) fail(where, `Fn::Cidr: ${count} subnets of /${32 - bits} do not fit ${block}`);
  return Array.from({ length: count }, (_, index) => {
    const address = base + index * 2 ** bits;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
    return `${octets.join('.')}/${32 - bits}`;
  });
}
