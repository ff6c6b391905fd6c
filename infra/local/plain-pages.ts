/**
 * Plain pages the local twin serves until the web app (SolidJS) takes over these paths: a start page
 * naming the API and the mailbox, and the page that password-reset and invitation links open.
 */
const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{background:#f2f2f2;padding:.1rem .3rem;border-radius:4px}label{display:block;margin:.8rem 0 .2rem}
input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}button{font:inherit;margin-top:1rem;padding:.5rem 1rem}
.msg{margin-top:1rem;padding:.6rem;border-radius:6px}.ok{background:#e6f4ea}.err{background:#fdecea}`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function landingPage(host: string, baseDomain: string): string {
  const hostname = host.replace(/:\d+$/, '');
  const who = hostname === baseDomain ? 'the superadmin (the apex host)' : `orchestra <b>${escape(hostname.split('.')[0])}</b>`;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Orchestra System</title><style>${style}</style>
<h1>Orchestra System</h1>
<p>This is ${who}. The web app is not built yet; the JSON API is at <code>/api</code>.</p>
<ul>
<li><code>GET /api/health</code></li>
<li><code>POST /api/auth/login</code> with <code>{"email": "…", "password": "…"}</code>, then <code>GET /api/auth/me</code></li>
<li><a href="/_mail">The local mailbox</a> — every email the system sends, with working links</li>
</ul></html>`;
}

export function resetPasswordPage(): string {
  return `<!doctype html><html lang="sv"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Välj lösenord / Choose a password</title><style>${style}</style>
<h1>Välj lösenord <small>/ Choose a password</small></h1>
<form id="f"><label for="p">Nytt lösenord / New password (minst 10 tecken / at least 10 characters)</label>
<input id="p" type="password" autocomplete="new-password" minlength="10" required>
<button type="submit">Spara / Save</button></form><div id="m" role="status"></div>
<script>
const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const m = document.getElementById('m');
  const r = await fetch('/api/auth/password-reset/confirm', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: document.getElementById('p').value }) });
  const body = await r.json().catch(() => ({}));
  m.className = 'msg ' + (r.ok ? 'ok' : 'err');
  m.textContent = r.ok ? body.message : (body.error && body.error.message) || 'Error ' + r.status;
});
</script></html>`;
}
