import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Ports come from scripts/test; when Playwright is started by hand, free ones
// are picked here. Workers inherit process.env, so they see the same ports.
function freePort(): string {
  return execFileSync('node', ['-e', `const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})`]).toString().trim();
}
process.env.E2E_APP_PORT ||= freePort();
process.env.E2E_IDP_PORT ||= freePort();
process.env.E2E_ACME_PORT ||= freePort();
process.env.E2E_SMTP_PORT ||= freePort();
process.env.E2E_MAIL_PORT ||= freePort();
const appPort = process.env.E2E_APP_PORT;
const idpPort = process.env.E2E_IDP_PORT;
const acmePort = process.env.E2E_ACME_PORT;
// The mail catcher: the app sends to its SMTP port, tests read its JSON (tests/mail.ts).
const smtpPort = process.env.E2E_SMTP_PORT;
const mailPort = process.env.E2E_MAIL_PORT;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appBin = process.env.E2E_APP_BIN || path.join(process.env.CARGO_TARGET_DIR || path.join(root, 'target'), 'debug', 'bookstore');
// The app on "localhost" and the provider on "127.0.0.1": two sites, as in
// production, so the SameSite cookie rules are exercised for real.
const appURL = `http://localhost:${appPort}`;
const idpURL = `http://127.0.0.1:${idpPort}`;
const acmeURL = `http://127.0.0.1:${acmePort}`;

// A second, plain OpenID provider ("Acme ID", a second dev provider with
// client_secret_post, answering with response_mode=form_post, so the
// browser's SameSite handling is exercised for real) beside Logto,
// configured through the providers file.
const providersFile = path.join(os.tmpdir(), `bookstore-e2e-${appPort}.toml`);
writeFileSync(
  providersFile,
  `[[providers]]
type = "discovery"
id = "acme"
name = "Acme ID"
issuer = "${acmeURL}/oidc"
clientId = "acme-shop"
clientSecret = "acme-secret"
scope = "openid profile email"
tokenEndpointAuthMethod = "client_secret_post"

[providers.authRequestOptionalConfig]
responseMode = "form_post"
`,
);

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: appURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } },
  ],
  webServer: [
    {
      command: 'node idp/server.mjs',
      url: `${idpURL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        IDP_PORT: idpPort,
        IDP_SOCIAL_CONNECTORS: 'google',
        IDP_REDIRECT_URIS: `${appURL}/callback`,
        IDP_POST_LOGOUT_REDIRECT_URIS: `${appURL}/`,
      },
    },
    {
      command: 'node idp/server.mjs',
      url: `${acmeURL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        IDP_PORT: acmePort,
        IDP_CLIENT_ID: 'acme-shop',
        IDP_CLIENT_SECRET: 'acme-secret',
        IDP_CLIENT_AUTH_METHOD: 'client_secret_post',
        IDP_REDIRECT_URIS: `${appURL}/callback`,
        IDP_POST_LOGOUT_REDIRECT_URIS: `${appURL}/`,
      },
    },
    {
      command: 'node mail/catcher.mjs',
      url: `http://127.0.0.1:${mailPort}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { MAIL_SMTP_PORT: smtpPort, MAIL_HTTP_PORT: mailPort },
    },
    {
      command: appBin,
      cwd: root,
      url: `http://127.0.0.1:${appPort}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        LEPTOS_SITE_ADDR: `127.0.0.1:${appPort}`,
        LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
        BOOKSTORE_PUBLIC_URL: appURL,
        BOOKSTORE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        LOGTO_ENDPOINT: idpURL,
        LOGTO_APP_ID: 'bookstore-dev',
        LOGTO_APP_SECRET: 'bookstore-dev-secret',
        // As the dev run: roles, organizations, the Bookstore API resource, the devices.
        LOGTO_SCOPES: 'email roles urn:logto:scope:organizations urn:logto:scope:organization_roles read:orders urn:logto:scope:sessions',
        LOGTO_RESOURCES: 'https://api.bookstore.test',
        // "Continue with Google" (the dev provider's stand-in connector).
        LOGTO_DIRECT_SIGN_IN: 'social:google',
        // The account page links to Logto's Account Center (the dev provider has one in miniature).
        LOGTO_ACCOUNT_CENTER: 'true',
        // The tenant's Management API app: a customer can delete their account.
        LOGTO_M2M_APP_ID: 'bookstore-m2m',
        LOGTO_M2M_APP_SECRET: 'bookstore-m2m-secret-0123456789',
        BOOKSTORE_API_RESOURCE: 'https://api.bookstore.test',
        BOOKSTORE_CONFIG: providersFile,
        BOOKSTORE_ADMIN_PROVIDER: 'logto',
        // Step-up (step_up.spec.ts): orders above $100 need a sign-in of the last 8 s.
        BOOKSTORE_STEP_UP_AGE: '8s',
        BOOKSTORE_STEP_UP_ORDER_ABOVE: '100',
        DATABASE_URL: process.env.E2E_DATABASE_URL || `sqlite://${path.join(root, 'target', `e2e-${appPort}.db`)}?mode=rwc`,
        RUST_LOG: 'info',
      },
    },
  ],
});
