// The sign-in experience: Logto's login and register screens in miniature.
// Consent is granted automatically, as Logto does for first-party apps.
import { loginPage, registerPage } from './pages.mjs';
import { resetPage, socialPage } from './connector_pages.mjs';
import { languageOf } from './messages.mjs';

const PREFIX = '/interaction/';

export const isInteractionPath = (url) => url.startsWith(PREFIX);

async function formBody(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16 * 1024) throw new Error('form too large');
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function html(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

// Social connectors this tenant has (IDP_SOCIAL_CONNECTORS, targets), with
// the names Logto's connectors give them.
const SOCIAL_NAMES = { google: 'Google', github: 'GitHub', apple: 'Apple', facebook: 'Facebook' };
const SOCIAL = (process.env.IDP_SOCIAL_CONNECTORS ?? 'google').split(/[\s,]+/).filter(Boolean);

/** The connector `direct_sign_in=social:<target>` names, if the tenant has it (else Logto shows its sign-in screen). */
function directConnector(params) {
  const [kind, target] = String(params.direct_sign_in || '').split(':');
  if (kind !== 'social' || !SOCIAL.includes(target)) return undefined;
  return { target, name: SOCIAL_NAMES[target] || target };
}

/** `first_screen=register` (current Logto) or `interaction_mode=signUp` (older). */
function wantsRegister(params) {
  return ['register', 'identifier:register'].includes(params.first_screen)
    || (!params.first_screen && params.interaction_mode === 'signUp');
}

async function grantConsent(provider, req, res, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  // Resource scopes arrive already limited to the user's roles (getResourceServerInfo).
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export async function handleInteraction(provider, users, oneTimeTokens, req, res) {
  const url = new URL(req.url, 'http://idp.invalid');
  const [uid, action] = url.pathname.slice(PREFIX.length).split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return html(res, 400, 'This sign-in page is out of date. Start signing in again from the shop.');
  const { prompt, params } = details;
  // The language the relying party asked for (`ui_locales`), as Logto does.
  const lang = languageOf(params.ui_locales);

  if (req.method === 'GET' && !action) {
    if (prompt.name === 'consent') return grantConsent(provider, req, res, details);
    // A magic link: the one-time token for the address in `login_hint` signs
    // in the user with that address, or registers one (as Logto does).
    if (params.one_time_token) {
      if (!oneTimeTokens.consume(params.one_time_token, params.login_hint)) {
        return html(res, 400, loginPage({ uid, loginHint: params.login_hint, error: 'linkNotValid', lang }));
      }
      const { id } = users.byEmail(params.login_hint);
      return provider.interactionFinished(req, res, { login: { accountId: id } }, { mergeWithLastSubmission: false });
    }
    const screen = url.searchParams.get('screen');
    const connector = !screen && directConnector(params);
    if (connector) return html(res, 200, socialPage({ uid, ...connector, lang }));
    if (!screen && params.first_screen === 'reset_password') {
      return html(res, 200, resetPage({ uid, identifier: params.login_hint, lang }));
    }
    const register = screen === 'register'
      || (url.searchParams.get('screen') !== 'sign-in' && wantsRegister(params));
    return html(res, 200, register ? registerPage({ uid, lang }) : loginPage({ uid, loginHint: params.login_hint, lang }));
  }
  if (req.method !== 'POST') return html(res, 405, 'Method not allowed');

  const form = await formBody(req);
  if (action === 'login') {
    const accountId = await users.authenticate(form.identifier, form.password);
    if (!accountId) {
      return html(res, 401, loginPage({ uid, identifier: form.identifier, error: 'wrongCredentials', lang }));
    }
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  if (action === 'register') {
    const result = await users.register(form);
    if (result.errors) return html(res, 400, registerPage({ uid, values: form, errors: result.errors, lang }));
    return provider.interactionFinished(req, res, { login: { accountId: result.id } }, { mergeWithLastSubmission: false });
  }
  if (action === 'social') {
    const connector = directConnector(params);
    if (!connector) return html(res, 400, 'This sign-in did not start at a social connector.');
    const result = await users.social(connector.target, form);
    if (result.errors) return html(res, 400, socialPage({ uid, ...connector, values: form, errors: result.errors, lang }));
    return provider.interactionFinished(req, res, { login: { accountId: result.id } }, { mergeWithLastSubmission: false });
  }
  if (action === 'reset') {
    const accountId = await users.resetPassword(form.identifier, form.password);
    if (!accountId) return html(res, 400, resetPage({ uid, identifier: form.identifier, error: 'noSuchAccount', lang }));
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The user cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
  }
  return html(res, 404, 'Unknown sign-in step.');
}
