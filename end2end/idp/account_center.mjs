// Logto's Account Center in miniature (`/account/<page>?redirect=…&ui_locales=…`):
// a page per route that names what Logto would let the customer change there,
// and a link back to `redirect` when it belongs to the registered client (as
// Logto checks it against the app's redirect URIs' origins).
import { esc, layout } from './pages.mjs';

const PAGES = {
  '/profile': 'Your name and picture',
  '/email': 'Your e-mail address',
  '/password': 'Your password',
  '/authenticator-app': 'Authenticator app',
  '/passkey/manage': 'Passkeys',
  '/backup-codes/manage': 'Backup codes',
  '/sessions': 'Your devices',
};

export function accountCenter(req, res, client) {
  const url = new URL(req.url, 'http://idp.invalid');
  const page = url.pathname.slice('/account'.length) || '/profile';
  const title = PAGES[page];
  const redirect = url.searchParams.get('redirect');
  const allowed = client.redirect_uris.map((uri) => new URL(uri).origin);
  const back = redirect && URL.canParse(redirect) && allowed.includes(new URL(redirect).origin) ? redirect : undefined;
  const status = title ? 200 : 404;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(layout(`Account Center · ${title ?? 'Not found'}`, `<h1>${esc(title ?? 'Not found')}</h1>
<p class="sub">Account Center (development provider): Logto would let you change this here.</p>
${back ? `<p class="switch"><a href="${esc(back)}">Back to the shop</a></p>` : ''}`));
}
