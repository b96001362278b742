// Scripted sign-in round trips for scripts/bench: /sign-in at Bookstore, the
// provider's authorization endpoint and login, back to Bookstore's /callback.
// Every round trip uses a new Bookstore cookie jar (so each leaves a live
// session behind); the provider's session is reused after the first login,
// as a returning reader's would be, so the provider's password hashing is
// not what is measured. Bookstore's time per round trip is the time of its
// own requests minus the time it spent waiting for the provider (from the
// callback's Server-Timing header). The relying party's own share, compared
// with the peer's (which sends no Server-Timing), is the time of its own two
// responses including its server-side token request.
//
//   node benches/sign_in_rounds.mjs APP_ORIGIN COUNT CONCURRENCY [USER PASSWORD]
// Prints one JSON line: {rounds, errors, median_total_ms, median_rp_ms,
// p99_rp_ms, median_app_ms, median_idp_ms, p99_app_ms, cookie}.
// ROUNDS_COOKIE names the session cookie (bookstore.sid); ROUNDS_COOKIES_FILE,
// when set, receives every session cookie made, one per line (the signed-in
// load rotates over them).
import { writeFileSync } from 'node:fs';
import http from 'node:http';

const [appOrigin, countArg, concurrencyArg, user = 'ada', password = 'bookstore-ada'] = process.argv.slice(2);
const count = Number(countArg || 100);
const concurrency = Number(concurrencyArg || 4);
const cookieName = process.env.ROUNDS_COOKIE || 'bookstore.sid';

class Jar {
  #cookies = new Map();
  store(response) {
    for (const line of response.headers['set-cookie'] || []) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      this.#cookies.set(name.trim(), value.join('='));
    }
  }
  header() {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name) {
    return this.#cookies.get(name);
  }
}

// Plain node:http, not fetch: fetch always sends `Sec-Fetch-Mode: cors`, and
// mod_auth_openidc answers a request that is not a navigation with 401.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function timed(url, jar, init = {}) {
  const started = performance.now();
  const response = await request(new URL(url), {
    ...init,
    // What a browser's navigation sends.
    headers: {
      accept: 'text/html',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
      cookie: jar.header(),
      ...(init.headers || {}),
    },
  });
  jar.store(response);
  return { response, ms: performance.now() - started };
}

const idpJars = Array.from({ length: concurrency }, () => new Jar());

/** One round trip; returns {total, app, idp} in ms. */
async function roundTrip(idpJar) {
  const appJar = new Jar();
  let app = 0;
  let rp = 0;
  let idp = 0;
  const started = performance.now();
  const start = await timed(`${appOrigin}/sign-in`, appJar);
  app += start.ms;
  rp += start.ms;
  if (start.response.statusCode !== 302) throw new Error(`/sign-in answered ${start.response.statusCode}`);
  let next = new URL(start.response.headers.location);
  for (let hop = 0; hop < 12; hop++) {
    if (next.origin === appOrigin) {
      const callback = await timed(next, appJar);
      const waited = /idp;[^,]*dur=([0-9.]+)/.exec(callback.response.headers['server-timing'] || '');
      const providerMs = waited ? Number(waited[1]) : 0;
      app += callback.ms - providerMs;
      rp += callback.ms;
      idp += providerMs;
      if (callback.response.statusCode !== 302) throw new Error(`/callback answered ${callback.response.statusCode}`);
      const cookie = appJar.get(cookieName);
      if (!cookie) throw new Error(`the callback set no ${cookieName} cookie`);
      return { total: performance.now() - started, app, rp, idp, cookie };
    }
    const step = await timed(next, idpJar);
    idp += step.ms;
    if (step.response.statusCode >= 300 && step.response.statusCode < 400) {
      next = new URL(step.response.headers.location, next);
    } else if (step.response.statusCode === 200 && next.pathname.startsWith('/interaction/')) {
      const login = await timed(`${next.href.replace(/\/$/, '')}/login`, idpJar, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ identifier: user, password }).toString(),
      });
      idp += login.ms;
      next = new URL(login.response.headers.location, next);
    } else {
      throw new Error(`provider step ${next} answered ${step.response.statusCode}`);
    }
  }
  throw new Error('the provider never sent the browser back');
}

const results = [];
let errors = 0;
let issued = 0;
let lastError = '';
async function worker(index) {
  while (issued < count) {
    issued++;
    try {
      results.push(await roundTrip(idpJars[index]));
    } catch (err) {
      errors++;
      lastError = String(err);
    }
  }
}
// One warm-up round trip per provider cookie jar logs it in at the provider
// (password hashing, not measured); the measured ones reuse those sessions.
for (const jar of idpJars) await roundTrip(jar);
await Promise.all(idpJars.map((_, index) => worker(index)));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
};
const p99 = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : 0;
};
if (process.env.ROUNDS_COOKIES_FILE) {
  writeFileSync(process.env.ROUNDS_COOKIES_FILE, results.map((r) => `${cookieName}=${r.cookie}\n`).join(''));
}
const round = (ms) => Math.round(ms * 1000) / 1000;
console.log(JSON.stringify({
  rounds: results.length,
  errors,
  last_error: lastError || undefined,
  median_total_ms: round(median(results.map((r) => r.total))),
  median_rp_ms: round(median(results.map((r) => r.rp))),
  p99_rp_ms: round(p99(results.map((r) => r.rp))),
  median_app_ms: round(median(results.map((r) => r.app))),
  p99_app_ms: round(p99(results.map((r) => r.app))),
  median_idp_ms: round(median(results.map((r) => r.idp))),
  cookie: results.at(-1)?.cookie,
}));
