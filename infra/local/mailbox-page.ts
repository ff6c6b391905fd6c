import type { MailboxMessage, MailboxMessageSummary, MailboxReader } from '../../shared/adapters/local/mailbox-mailer';
import { safeDecode } from './safe-decode';

/**
 * The local mailbox page at `/_mail`: every email the local runtime "sent", readable on a phone,
 * with working links so a musician's answer can be clicked through. Pure rendering plus one small
 * request handler the local server mounts.
 */

export interface MailboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const basePath = '/_mail';

// Email HTML arrives in a sandboxed srcdoc iframe, which inherits this policy: inline styles and
// images are allowed (emails need them), scripts are not.
const pageSecurityHeaders = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const styles = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f4f4f5; color: #18181b; line-height: 1.45; }
  header.bar { background: #1e3a5f; color: #fff; padding: 0.75rem 1rem; }
  header.bar a { color: #fff; text-decoration: none; font-weight: 600; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.75rem; overflow-wrap: anywhere; }
  ul.messages { list-style: none; margin: 0; padding: 0; background: #fff; border-radius: 8px; }
  ul.messages li { border-bottom: 1px solid #e4e4e7; }
  ul.messages li:last-child { border-bottom: 0; }
  ul.messages a { display: block; padding: 0.75rem 1rem; color: inherit; text-decoration: none; }
  ul.messages a:hover, ul.messages a:focus { background: #eef2ff; }
  .subject { display: block; font-weight: 600; overflow-wrap: anywhere; }
  .meta { display: block; font-size: 0.85rem; color: #52525b; overflow-wrap: anywhere; }
  .card { background: #fff; border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
  dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0; }
  dl.headers dt { color: #52525b; }
  dl.headers dd { margin: 0; overflow-wrap: anywhere; }
  /* On a phone a long header name (X-Orchestra-Outbox-Id) would take half the width: names above values. */
  @media (max-width: 30rem) { dl.headers { grid-template-columns: 1fr; } dl.headers dd { margin-bottom: 0.4rem; } }
  iframe.html-body { width: 100%; min-height: 28rem; border: 1px solid #e4e4e7; border-radius: 6px; background: #fff; }
  pre.text-body { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9rem; margin: 0; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  a { color: #1d4ed8; }
  .empty { padding: 1rem; color: #52525b; }
`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header class="bar"><a href="${basePath}">Local mailbox</a></header>
<main>
${content}
</main>
</body>
</html>
`;
}

function formatDate(iso: string): string {
  // Shown in UTC so the page reads the same wherever the local server runs.
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC').replace(/Z$/, ' UTC');
}

/** The message list, newest first. */
export function renderMailboxIndex(messages: MailboxMessageSummary[]): string {
  const sorted = [...messages].sort((a, b) => (a.date === b.date ? b.id.localeCompare(a.id) : b.date.localeCompare(a.date)));
  const items = sorted
    .map(
      (m) => `<li><a href="${basePath}/${encodeURIComponent(m.id)}">
<span class="subject">${escapeHtml(m.subject || '(no subject)')}</span>
<span class="meta">To ${escapeHtml(m.to.join(', '))} · <time datetime="${escapeHtml(m.date)}">${escapeHtml(formatDate(m.date))}</time>${
        m.attachmentCount > 0 ? ` · ${m.attachmentCount} attachment${m.attachmentCount === 1 ? '' : 's'}` : ''
      }</span>
</a></li>`,
    )
    .join('\n');
  const body =
    sorted.length === 0
      ? '<p class="card empty">No messages yet.</p>'
      : `<ul class="messages">
${items}
</ul>`;
  return page(`Local mailbox (${sorted.length})`, `<h1>Local mailbox (${sorted.length})</h1>\n${body}`);
}

/** One message: headers, the html body in a sandboxed frame, the text body with clickable links, files. */
export function renderMailboxMessage(message: MailboxMessage): string {
  const messagePath = `${basePath}/${encodeURIComponent(message.id)}`;
  const headerRows: [string, string][] = [
    ['From', message.from],
    ['To', message.to.join(', ')],
    ...(message.replyTo ? ([['Reply-To', message.replyTo]] as [string, string][]) : []),
    ['Date', formatDate(message.date)],
    ['Subject', message.subject],
    ...Object.entries(message.headers),
  ];
  const headers = headerRows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n');

  const attachments =
    message.attachments.length === 0
      ? ''
      : `<section class="card"><h2>Attachments</h2><ul>
${message.attachments
  .map(
    (a, index) =>
      `<li><a href="${messagePath}/attachments/${index}" download="${escapeHtml(a.filename)}">${escapeHtml(a.filename)}</a> <span class="meta">${escapeHtml(a.contentType)}, ${formatSize(a.size)}</span></li>`,
  )
  .join('\n')}
</ul></section>`;

  // `<base target="_top">` makes a plain link in the email replace the mailbox page (allowed by
  // allow-top-navigation-by-user-activation) instead of loading inside the script-less sandbox.
  const html =
    message.html === undefined
      ? ''
      : `<section class="card"><h2>HTML</h2>
<iframe class="html-body" title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" srcdoc="${escapeHtml(
          `<base target="_top">${message.html}`,
        )}"></iframe>
</section>`;

  return page(
    message.subject || '(no subject)',
    `<h1>${escapeHtml(message.subject || '(no subject)')}</h1>
<section class="card"><dl class="headers">
${headers}
</dl>
<p><a href="${messagePath}.eml">Download .eml</a></p></section>
${html}
<section class="card"><h2>Text</h2>
<pre class="text-body">${linkify(message.text)}</pre>
</section>
${attachments}`,
  );
}

const urlPattern = /\bhttps?:\/\/[^\s<>"']+/g;

/** Escapes text and turns http(s) URLs into links; trailing punctuation stays outside the link. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    let url = match[0];
    const trailing = /[.,;:!?)\]]+$/.exec(url);
    if (trailing) url = url.slice(0, -trailing[0].length);
    const start = match.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name (å ä ö) in filename*. */
function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function htmlResponse(status: number, body: string): MailboxResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...pageSecurityHeaders }, body };
}

function notFound(): MailboxResponse {
  return htmlResponse(404, page('Not found', '<h1>Not found</h1><p class="card">No such message in the local mailbox.</p>'));
}

/**
 * Serves any path under `/_mail`: the index, a message, its `.eml`, an attachment. Returns null for
 * paths outside the mailbox so the local server can try its other routes.
 */
export async function handleMailboxRequest(mailbox: MailboxReader, method: string, path: string): Promise<MailboxResponse | null> {
  const pathname = path.split(/[?#]/, 1)[0];
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return null;

  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') {
    return { status: 405, headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Method Not Allowed' };
  }
  const response = await route(mailbox, pathname.slice(basePath.length).replace(/^\/+/, '').replace(/\/+$/, ''));
  return upper === 'HEAD' ? { ...response, body: '' } : response;
}

async function route(mailbox: MailboxReader, rest: string): Promise<MailboxResponse> {
  if (rest === '') return htmlResponse(200, renderMailboxIndex(await mailbox.list()));

  const parts = rest.split('/').map(safeDecode);
  if (parts.some((p) => p === null)) return notFound();
  const [first, second, third] = parts as string[];

  if (parts.length === 1 && first.endsWith('.eml')) {
    const id = first.slice(0, -'.eml'.length);
    const raw = await mailbox.readRaw(id);
    if (!raw) return notFound();
    return {
      status: 200,
      headers: {
        'Content-Type': 'message/rfc822',
        'Content-Disposition': attachmentDisposition(`${id}.eml`),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
      body: raw,
    };
  }

  if (parts.length === 1) {
    const message = await mailbox.read(first);
    return message ? htmlResponse(200, renderMailboxMessage(message)) : notFound();
  }

  if (parts.length === 3 && second === 'attachments' && /^\d{1,4}$/.test(third)) {
    const attachment = await mailbox.readAttachment(first, Number(third));
    if (!attachment) return notFound();
    return {
      status: 200,
      headers: {
        // Always a download: an html attachment must not render as a page on the local origin.
        'Content-Type': attachment.contentType || 'application/octet-stream',
        'Content-Disposition': attachmentDisposition(attachment.filename),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
      body: attachment.content,
    };
  }

  return notFound();
}
