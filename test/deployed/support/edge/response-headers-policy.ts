import type { HeaderPairs } from './edge-http';

/** AWS::CloudFront::ResponseHeadersPolicy's ResponseHeadersPolicyConfig, resolved. */
export interface ResponseHeadersPolicyConfig {
  Name?: string;
  SecurityHeadersConfig?: {
    ContentSecurityPolicy?: { ContentSecurityPolicy: string; Override: boolean };
    ContentTypeOptions?: { Override: boolean };
    FrameOptions?: { FrameOption: string; Override: boolean };
    ReferrerPolicy?: { ReferrerPolicy: string; Override: boolean };
    StrictTransportSecurity?: { AccessControlMaxAgeSec: number; IncludeSubdomains?: boolean; Preload?: boolean; Override: boolean };
    XSSProtection?: { Protection: boolean; ModeBlock?: boolean; ReportUri?: string; Override: boolean };
  };
  CustomHeadersConfig?: { Items: { Header: string; Value: string; Override: boolean }[] };
  RemoveHeadersConfig?: { Items: { Header: string }[] };
  CorsConfig?: unknown;
  ServerTimingHeadersConfig?: unknown;
}

/** The headers the policy sets, each with its Override flag (override: replace the origin's; else only fill in). */
function policyHeaders(policy: ResponseHeadersPolicyConfig): { name: string; value: string; override: boolean }[] {
  const s = policy.SecurityHeadersConfig ?? {};
  const out: { name: string; value: string; override: boolean }[] = [];
  if (s.ContentSecurityPolicy) out.push({ name: 'content-security-policy', value: s.ContentSecurityPolicy.ContentSecurityPolicy, override: s.ContentSecurityPolicy.Override });
  if (s.ContentTypeOptions) out.push({ name: 'x-content-type-options', value: 'nosniff', override: s.ContentTypeOptions.Override });
  if (s.FrameOptions) out.push({ name: 'x-frame-options', value: s.FrameOptions.FrameOption, override: s.FrameOptions.Override });
  if (s.ReferrerPolicy) out.push({ name: 'referrer-policy', value: s.ReferrerPolicy.ReferrerPolicy, override: s.ReferrerPolicy.Override });
  if (s.StrictTransportSecurity) {
    const t = s.StrictTransportSecurity;
    const value = [`max-age=${t.AccessControlMaxAgeSec}`, ...(t.IncludeSubdomains ? ['includeSubDomains'] : []), ...(t.Preload ? ['preload'] : [])].join('; ');
    out.push({ name: 'strict-transport-security', value, override: t.Override });
  }
  if (s.XSSProtection) {
    const x = s.XSSProtection;
    const value = x.Protection ? ['1', ...(x.ModeBlock ? ['mode=block'] : []), ...(x.ReportUri ? [`report=${x.ReportUri}`] : [])].join('; ') : '0';
    out.push({ name: 'x-xss-protection', value, override: x.Override });
  }
  for (const item of policy.CustomHeadersConfig?.Items ?? []) out.push({ name: item.Header.toLowerCase(), value: item.Value, override: item.Override });
  return out;
}

export function assertPolicyEmulated(policy: ResponseHeadersPolicyConfig): void {
  if (policy.CorsConfig || policy.ServerTimingHeadersConfig) throw new Error(`response headers policy ${policy.Name}: CORS and Server-Timing settings are not emulated`);
}

/** The response headers the viewer gets once CloudFront applied the behaviour's response headers policy. */
export function applyResponseHeadersPolicy(policy: ResponseHeadersPolicyConfig, headers: HeaderPairs): HeaderPairs {
  const removed = new Set((policy.RemoveHeadersConfig?.Items ?? []).map((i) => i.Header.toLowerCase()));
  let result = headers.filter(([name]) => !removed.has(name.toLowerCase()));
  for (const header of policyHeaders(policy)) {
    const present = result.some(([name]) => name.toLowerCase() === header.name);
    if (present && !header.override) continue;
    result = [...result.filter(([name]) => name.toLowerCase() !== header.name), [header.name, header.value]];
  }
  return result;
}
