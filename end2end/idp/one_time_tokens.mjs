// Logto's one-time tokens in miniature: `POST /api/one-time-tokens` (for
// the Management API app) makes a token for an e-mail address, good for
// `expiresIn` seconds (default 10 minutes); an authorization request with
// `one_time_token` and `login_hint` (that address) signs in the user with
// that address, or registers one, and uses the token up. As in Logto
// (packages/core/src/libraries/one-time-token.ts), the address must match
// exactly, and a used, expired or unknown token is refused.
import { randomBytes, randomUUID } from 'node:crypto';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_EXPIRES_IN = 10 * 60;

export class OneTimeTokens {
  #byToken = new Map();

  create(email, expiresIn = DEFAULT_EXPIRES_IN) {
    const record = {
      id: randomUUID(),
      token: randomBytes(24).toString('base64url'),
      email,
      context: {},
      status: 'active',
      createdAt: Date.now(),
      expiresAt: Date.now() + expiresIn * 1000,
    };
    this.#byToken.set(record.token, record);
    return record;
  }

  /** Uses `token` for `email`: true once; false if unknown, for another address, used or expired. */
  consume(token, email) {
    const record = this.#byToken.get(String(token || ''));
    if (!record || record.email !== email || record.status !== 'active') return false;
    if (record.expiresAt <= Date.now()) {
      record.status = 'expired';
      return false;
    }
    record.status = 'consumed';
    return true;
  }
}

export async function handleOneTimeTokens(tokens, allowed, req, res) {
  if (!(await allowed(req))) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"auth.unauthorized"}');
  if (req.method !== 'POST' || req.url !== '/api/one-time-tokens') return res.writeHead(404).end('Not found');
  let body = '';
  for await (const chunk of req) body += chunk;
  const input = JSON.parse(body || '{}');
  const expiresIn = input.expiresIn ?? DEFAULT_EXPIRES_IN;
  if (!EMAIL.test(input.email || '') || !(Number.isInteger(expiresIn) && expiresIn >= 1)) {
    return res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"guard.invalid_input"}');
  }
  const record = tokens.create(input.email, expiresIn);
  res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(record));
}
