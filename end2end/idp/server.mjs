// The Bookstore dev identity provider: shaped like Logto (which also runs on
// oidc-provider), for local development and the test suites. Never for
// production: users live in memory and the signing key is made at start-up.
//
//   node idp/server.mjs            # http://127.0.0.1:3001/oidc
//   IDP_PORT=0 node idp/server.mjs # any free port; the first stdout line says which
//
// Settings (environment): IDP_PORT (3001), IDP_SIGNING_ALG (ES384 | RS256),
// IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_CLIENT_AUTH_METHOD
// (client_secret_basic | client_secret_post | client_secret_jwt |
// private_key_jwt, with the client's public keys in IDP_CLIENT_JWKS), IDP_REDIRECT_URIS and
// IDP_POST_LOGOUT_REDIRECT_URIS (comma-separated; default: the app on :3000),
// IDP_M2M_CLIENT_ID and IDP_M2M_CLIENT_SECRET (the Management API app),
// IDP_WEBHOOK_URL and IDP_WEBHOOK_SIGNING_KEY (Logto's webhooks, see idp/webhooks.mjs),
// IDP_ACCOUNT_SESSIONS (the Account Center's session field, see idp/account_api.mjs),
// IDP_SOCIAL_CONNECTORS (social connector targets for direct_sign_in, default google),
// IDP_EXTRA_CLIENTS (a JSON array of further client registrations, for
// example the benchmark's mod_auth_openidc peer), IDP_TEST_MINT=1 (tests only: POST /test/mint signs any claims with the
// provider's key, so API tests can present expired or mis-addressed tokens
// whose signature is genuine).
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';
import { generateKeyPair, exportJWK, importJWK, jwtVerify, SignJWT } from 'jose';
import { Users } from './users.mjs';
import { handleManagement, webhookSender } from './webhooks.mjs';
import { accountCenter } from './account_center.mjs';
import { devMail, handleAccountApi, rememberDevice, SESSIONS_SCOPE } from './account_api.mjs';
import { MapAdapter } from './adapter.mjs';
import { enableOrganizationTokens } from './organizations.mjs';
import { handleInteraction, isInteractionPath } from './interactions.mjs';
import { OneTimeTokens, handleOneTimeTokens } from './one_time_tokens.mjs';
import { logoutSource, postLogoutSuccessSource, renderError } from './pages.mjs';

const env = process.env;
const signingAlg = env.IDP_SIGNING_ALG || 'ES384';
if (!['ES384', 'RS256'].includes(signingAlg)) {
  console.error(`IDP_SIGNING_ALG must be ES384 or RS256, not ${signingAlg}`);
  process.exit(2);
}
const list = (value, fallback) => (value || fallback).split(',').map((s) => s.trim()).filter(Boolean);
const client = {
  client_id: env.IDP_CLIENT_ID || 'bookstore-dev',
  client_secret: env.IDP_CLIENT_SECRET || 'bookstore-dev-secret',
  // What Logto registers for a traditional web app, unless told otherwise.
  token_endpoint_auth_method: env.IDP_CLIENT_AUTH_METHOD || 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: list(env.IDP_REDIRECT_URIS, 'http://localhost:3000/callback,http://127.0.0.1:3000/callback'),
  post_logout_redirect_uris: list(env.IDP_POST_LOGOUT_REDIRECT_URIS, 'http://localhost:3000/,http://127.0.0.1:3000/'),
  id_token_signed_response_alg: signingAlg,
  // Back-channel logout, as Logto sends it: to the app's /backchannel-logout, with sid.
  // (To 127.0.0.1, not localhost: Node may resolve localhost to ::1, where the app does not listen.)
  backchannel_logout_uri: env.IDP_BACKCHANNEL_LOGOUT_URI
    || new URL('/backchannel-logout', list(env.IDP_REDIRECT_URIS, 'http://localhost:3000/callback')[0]).href
      .replace('//localhost:', '//127.0.0.1:'),
  backchannel_logout_session_required: true,
  ...(env.IDP_CLIENT_JWKS ? { jwks: JSON.parse(env.IDP_CLIENT_JWKS) } : {}),
};

// The machine-to-machine app Bookstore calls Logto's Management API with
// (client credentials, resource MANAGEMENT_API, scope `all`), as a Logto
// tenant's M2M app with the Management API role.
export const MANAGEMENT_API = 'https://default.logto.app/api';
const m2mClient = {
  client_id: env.IDP_M2M_CLIENT_ID || 'bookstore-m2m',
  client_secret: env.IDP_M2M_CLIENT_SECRET || 'bookstore-m2m-secret-0123456789',
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  id_token_signed_response_alg: signingAlg,
};

// Further clients share the main one's grant types and signing algorithm.
const extraClients = JSON.parse(env.IDP_EXTRA_CLIENTS || '[]').map((extra) => ({
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  id_token_signed_response_alg: signingAlg,
  ...extra,
}));

async function signingKey() {
  const { privateKey } = await generateKeyPair(signingAlg, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg: signingAlg, use: 'sig', kid: `dev-${signingAlg.toLowerCase()}-${Date.now().toString(36)}` };
}

// The Bookstore API resource, as a Logto tenant would define it.
const apiResources = {
  'https://api.bookstore.test': { scope: 'read:orders write:books', audience: 'https://api.bookstore.test' },
  // Logto's Management API: only the M2M app gets `all` (see getResourceServerInfo).
  [MANAGEMENT_API]: { scope: 'all', audience: MANAGEMENT_API },
  // Logto's SDKs add this resource when the organizations scope is requested.
  'urn:logto:resource:organizations': { scope: '', audience: 'urn:logto:resource:organizations' },
};

// Whose token this is, at the authorization or the token endpoint.
const accountOf = (ctx) => ctx.oidc.session?.accountId
  || ctx.oidc.entities?.RefreshToken?.accountId
  || ctx.oidc.entities?.AuthorizationCode?.accountId
  || ctx.oidc.entities?.Grant?.accountId;

function configuration(users, key) {
  return {
    adapter: MapAdapter,
    clients: [client, m2mClient, ...extraClients],
    jwks: { keys: [key] },
    findAccount: (_ctx, id) => users.account(id),
    claims: {
      openid: ['sub'],
      profile: ['name', 'username', 'picture', 'updated_at', 'created_at'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
      roles: ['roles'],
      'urn:logto:scope:organizations': ['organizations', 'organization_data'],
      'urn:logto:scope:organization_roles': ['organization_roles'],
      // As Logto: a scope for the Account API's session routes, no claims.
      [SESSIONS_SCOPE]: [],
    },
    // Logto puts scope claims into the ID token even when an access token is issued.
    conformIdTokenClaims: false,
    extraParams: ['first_screen', 'interaction_mode', 'identifier', 'direct_sign_in', 'organization_id', 'one_time_token'],
    pkce: { required: () => true },
    enabledJWA: { idTokenSigningAlgValues: [signingAlg] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['bookstore-dev-idp-cookie-key-not-secret'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        // As Logto: the code exchange does not bind a resource; resource tokens come from refresh.
        useGrantedResource: () => false,
        defaultResource: () => undefined,
        // As Logto: a resource offers each user only the scopes their roles grant.
        getResourceServerInfo: (ctx, indicator) => {
          const info = apiResources[indicator];
          if (!info) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          const account = accountOf(ctx);
          if (indicator === MANAGEMENT_API && ctx.oidc.client?.clientId !== m2mClient.client_id) {
            throw new errors.InvalidTarget('the Management API is for the M2M app');
          }
          const scope = account
            ? info.scope.split(' ').filter((s) => users.permissions(account, indicator).includes(s)).join(' ')
            : info.scope;
          return { ...info, scope, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: signingAlg } } };
        },
      },
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 180 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
    },
    renderError,
    // Dev only: the apps it logs out live on 127.0.0.1, which oidc-provider's
    // SSRF protection refuses to call; a hosted provider calls public URLs.
    fetch: (url, options) => {
      delete options.dispatcher;
      return fetch(url, options);
    },
  };
}

const users = new Users();
const key = await signingKey();
const privateKey = await importJWK(key, signingAlg);
const { d: _private, ...publicJwk } = key;
const publicKey = await importJWK(publicJwk, signingAlg);

/** Tests only (IDP_TEST_MINT=1): signs the posted JSON claims with the provider's key (`_typ` sets the header's typ). */
async function mint(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const { _typ: typ = 'at+jwt', ...claims } = JSON.parse(body || '{}');
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: signingAlg, kid: key.kid, typ })
    .sign(privateKey);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
}
const sendWebhook = webhookSender(env);
const oneTimeTokens = new OneTimeTokens();
// Who may call the Management API: a JWT this provider signed for it, with `all`.
const managementCaller = (origin) => async (req) => {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    const { payload } = await jwtVerify(token, publicKey, { issuer: `${origin}/oidc`, audience: MANAGEMENT_API });
    return String(payload.scope || '').split(' ').includes('all');
  } catch {
    return false;
  }
};
const server = http.createServer();
const port = Number(env.IDP_PORT ?? 3001);

server.listen(port, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(`${origin}/oidc`, configuration(users, key));
  provider.proxy = false;
  enableOrganizationTokens(provider, users, key, privateKey);
  rememberDevice(provider);
  provider.on('backchannel.error', (_ctx, err, client) => {
    console.error(`back-channel logout to ${client.backchannelLogoutUri} failed: ${err.message}${err.cause ? ` (${err.cause.message || err.cause.code})` : ""}`);
  });
  const oidc = provider.callback();
  server.on('request', (req, res) => {
    if (isInteractionPath(req.url)) {
      handleInteraction(provider, users, oneTimeTokens, req, res).catch((err) => {
        console.error('interaction failed', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('The sign-in page failed. Start signing in again from the shop.');
      });
    } else if (req.url === '/oidc' || req.url.startsWith('/oidc/')) {
      // Mounted under /oidc like Logto; oidc-provider reads the mount path from originalUrl.
      req.originalUrl = req.url;
      req.url = req.url.slice('/oidc'.length) || '/';
      oidc(req, res);
    } else if (req.url === '/account' || req.url.startsWith('/account/') || req.url.startsWith('/account?')) {
      accountCenter(req, res, client);
    } else if (req.url === '/api/one-time-tokens') {
      handleOneTimeTokens(oneTimeTokens, managementCaller(origin), req, res).catch((err) => res.writeHead(400).end(String(err)));
    } else if (req.url.startsWith('/api/users/')) {
      handleManagement(users, sendWebhook, managementCaller(origin), req, res).catch((err) => res.writeHead(400).end(String(err)));
    } else if (req.url.startsWith('/api/verifications/') || req.url.startsWith('/api/my-account/')) {
      handleAccountApi(provider, users, [client.client_id], env, req, res).catch((err) => res.writeHead(400).end(String(err)));
    } else if (req.url.startsWith('/dev/mail')) {
      devMail(req, res);
    } else if (req.url === '/test/mint' && req.method === 'POST' && env.IDP_TEST_MINT === '1') {
      mint(req, res).catch((err) => res.writeHead(400).end(String(err)));
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found. The provider lives under /oidc.');
    }
  });
  // The first line is read by scripts and tests to find the port.
  console.log(`dev identity provider listening on ${origin}/oidc (${signingAlg}, client ${client.client_id})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
