// Logto's Account API, the part Bookstore's "Your devices" uses, as Logto 1.42
// answers it (packages/core/src/routes/verification, routes/account/sessions.ts,
// middleware/koa-auth/koa-oidc-auth.ts):
//
//   POST   /api/verifications/verification-code         send a code to the user's own e-mail
//   POST   /api/verifications/verification-code/verify  check it: the record now proves "it's you"
//   GET    /api/my-account/sessions                     the user's sessions, `isCurrent` marked
//   DELETE /api/my-account/sessions/:id?revokeGrantsTarget=all
//
// Every call carries the user's opaque access token (with `openid`); the
// session routes also need the `urn:logto:scope:sessions` scope and a verified
// record in `logto-verification-id`. The code is "mailed" by printing it and
// keeping it for GET /dev/mail (Logto's mock e-mail connector keeps it in a
// file in the same way). IDP_ACCOUNT_SESSIONS (Edit | ReadOnly | Off, default
// Edit) is the Account Center's `session` field.
import { randomBytes, randomInt } from 'node:crypto';
import { esc, layout } from './pages.mjs';
import { sessionsOf } from './adapter.mjs';

export const SESSIONS_SCOPE = 'urn:logto:scope:sessions';
const RECORD_TTL_MS = 10 * 60 * 1000;
const MAX_TRIES = 5;

const records = new Map(); // id -> { userId, email, code, expiresAt, verified, tries }
const mail = []; // what was sent, newest last (bounded)
const signInContext = new Map(); // session uid -> { ip, userAgent }

const json = (res, status, body) =>
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body === undefined ? '' : JSON.stringify(body));
const fail = (res, status, code, message) => json(res, status, { code, message });

async function readJson(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw new Error('body too large');
  }
  return body ? JSON.parse(body) : {};
}

/** Remembers the device a session signed in from (Logto: the session extension's signInContext). */
export function rememberDevice(provider) {
  provider.on('authorization.success', (ctx) => {
    const uid = ctx.oidc.session?.uid;
    if (!uid) return;
    signInContext.set(uid, { ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined });
  });
}

function verified(id, userId) {
  const record = typeof id === 'string' ? records.get(id) : undefined;
  return Boolean(record && record.verified && record.userId === userId && record.expiresAt > Date.now());
}

function publicSession(session, currentUid) {
  const { payload } = session;
  return {
    payload,
    lastSubmission: { interactionEvent: 'SignIn', userId: payload.accountId, verificationRecords: [], signInContext: signInContext.get(payload.uid) ?? {} },
    clientId: null,
    accountId: payload.accountId,
    expiresAt: payload.exp * 1000,
    isCurrent: payload.uid === currentUid,
  };
}

export async function handleAccountApi(provider, users, clientIds, env, req, res) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  const accessToken = token ? await provider.AccessToken.find(token) : undefined;
  if (!accessToken?.accountId) return fail(res, 401, 'auth.unauthorized', 'Unauthorized.');
  if (!accessToken.scopes.has('openid')) return fail(res, 403, 'auth.forbidden', 'Forbidden.');
  const userId = accessToken.accountId;
  const firstParty = clientIds.includes(accessToken.clientId);
  const url = new URL(req.url, 'http://idp.invalid');
  const field = env.IDP_ACCOUNT_SESSIONS || 'Edit';

  if (url.pathname === '/api/verifications/verification-code' && req.method === 'POST') {
    if (!firstParty) return fail(res, 403, 'application.not_first_party', 'Only first-party applications.');
    const { identifier } = await readJson(req);
    const user = users.userInfo(userId);
    if (identifier?.type !== 'email' || typeof identifier.value !== 'string') return fail(res, 400, 'guard.invalid_input', 'identifier must be an e-mail.');
    const id = randomBytes(12).toString('base64url');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    // As Logto: a code to an address other than the user's own is for binding it, and proves nothing.
    const own = identifier.value === user?.primaryEmail;
    records.set(id, { userId, email: identifier.value, code, own, expiresAt: Date.now() + RECORD_TTL_MS, verified: false, tries: 0 });
    mail.push({ to: identifier.value, code, template: own ? 'UserPermissionValidation' : 'BindNewIdentifier', at: new Date().toISOString() });
    if (mail.length > 100) mail.shift();
    console.log(`verification code for ${identifier.value}: ${code} (also at /dev/mail)`);
    return json(res, 201, { verificationRecordId: id, expiresAt: new Date(records.get(id).expiresAt).toISOString() });
  }

  if (url.pathname === '/api/verifications/verification-code/verify' && req.method === 'POST') {
    if (!firstParty) return fail(res, 403, 'application.not_first_party', 'Only first-party applications.');
    const { identifier, verificationId, code } = await readJson(req);
    const record = records.get(verificationId);
    if (!record || record.expiresAt <= Date.now()) return fail(res, 400, 'verification_record.not_found', 'Verification record not found.');
    if (record.email !== identifier?.value) return fail(res, 400, 'verification_code.email_mismatch', 'Email mismatch.');
    if (record.tries >= MAX_TRIES) return fail(res, 400, 'verification_code.exceed_max_try', 'Too many attempts.');
    if (String(code) !== record.code) {
      record.tries += 1;
      return fail(res, 400, 'verification_code.code_mismatch', 'Invalid verification code.');
    }
    record.verified = record.own;
    return json(res, 200, { verificationRecordId: verificationId });
  }

  const sessionMatch = url.pathname.match(/^\/api\/my-account\/sessions(?:\/([^/]+))?$/);
  if (sessionMatch) {
    if (!verified(req.headers['logto-verification-id'], userId)) return fail(res, 401, 'verification_record.permission_denied', 'Permission denied, the verification record is invalid.');
    const [, sessionId] = sessionMatch;
    if (req.method === 'GET' && !sessionId) {
      if (field !== 'Edit' && field !== 'ReadOnly') return fail(res, 400, 'account_center.field_not_enabled', 'This field is not enabled.');
      if (!accessToken.scopes.has(SESSIONS_SCOPE)) return fail(res, 401, 'auth.unauthorized', 'Unauthorized.');
      const sessions = sessionsOf(userId).map((s) => publicSession(s, accessToken.sessionUid));
      return json(res, 200, { sessions });
    }
    if (req.method === 'DELETE' && sessionId) {
      if (field !== 'Edit') return fail(res, 400, 'account_center.field_not_editable', 'This field is not editable.');
      if (!accessToken.scopes.has(SESSIONS_SCOPE)) return fail(res, 401, 'auth.unauthorized', 'Unauthorized.');
      if (!firstParty) return fail(res, 403, 'application.not_first_party', 'Only first-party applications.');
      const session = await provider.Session.findByUid(decodeURIComponent(sessionId));
      if (!session) return fail(res, 404, 'oidc.session_not_found', 'Session not found.');
      if (session.accountId !== userId) return fail(res, 404, 'oidc.invalid_session_account_id', 'Session not found.');
      if (url.searchParams.get('revokeGrantsTarget') === 'all') {
        for (const { grantId } of Object.values(session.authorizations ?? {})) {
          if (!grantId) continue;
          // As oidc-provider's revocation: the grant and every token issued under it.
          await provider.RefreshToken.revokeByGrantId(grantId);
          await (await provider.Grant.find(grantId))?.destroy();
        }
      }
      await session.destroy();
      signInContext.delete(session.uid);
      return json(res, 204);
    }
  }
  return fail(res, 404, 'router.not_found', 'Not found.');
}

/** The codes "mailed" (development only): what a mail catcher would show. */
export function devMail(req, res) {
  const url = new URL(req.url, 'http://idp.invalid');
  const to = url.searchParams.get('to');
  const sent = mail.filter((m) => !to || m.to === to);
  if (url.pathname === '/dev/mail.json') return json(res, 200, sent);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(layout('Mail sent by the provider', `<h1>Mail sent by the provider</h1>
<p class="sub">Development only: verification codes Logto would e-mail, newest first.</p>
<ul>${sent.slice().reverse().map((m) => `<li>${esc(m.at)} to <b>${esc(m.to)}</b>: code <code>${esc(m.code)}</code></li>`).join('') || '<li>Nothing yet.</li>'}</ul>`));
}
