import type { IncomingMessage } from 'node:http';
import type { FieldError } from '../../shared/http/errors';

/**
 * What the local server routes on, read from a request that node's parser let through but that may still be
 * malformed: a Host that names no host, two of them, a target that is no path. CloudFront and API Gateway
 * answer those with 400 before any function runs; so does the twin, instead of failing somewhere later.
 */
export type RequestTarget = { ok: true; url: URL; host: string | undefined } | { ok: false; error: FieldError };

// RFC 3986 host (an IP literal in brackets, or a name of letters, digits, '.', '-', '_', '~'), then an optional port.
const hostPattern = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(\d{1,5}))?$/i;

export function readRequestTarget(req: IncomingMessage): RequestTarget {
  const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i].toLowerCase() === 'host').length;
  if (hosts > 1) return refuse('host', 'send one Host header, not several');
  const host = req.headers.host;
  if (host !== undefined) {
    const match = hostPattern.exec(host);
    if (!match) return refuse('host', 'must be a host name, optionally with :port');
    if (match[1] !== undefined && Number(match[1]) > 65535) return refuse('host', 'the port must be at most 65535');
  }
  const target = req.url ?? '';
  // Origin form only (a path): '*' and absolute URLs are for proxies, which this server is not.
  if (!target.startsWith('/')) return refuse('target', 'the request target must be a path starting with /');
  try {
    // A fixed base, and the target appended rather than resolved: '//name/x' stays the path '//name/x'.
    return { ok: true, url: new URL(`http://local.invalid${target}`), host };
  } catch {
    return refuse('target', 'the request target is not a valid path');
  }
}

function refuse(field: string, message: string): RequestTarget {
  return { ok: false, error: { field, message } };
}

/**
 * True for `localhost` and `*.localhost` (any port): names that only ever resolve to this machine. The mailbox
 * and the local files answer on those alone, so a page on another name that resolves here (DNS rebinding)
 * cannot read reset links, respond tokens or files.
 */
export function isLocalhostName(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return name === 'localhost' || /^[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost$/.test(name);
}
