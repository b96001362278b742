// Scripted sign-in round trips for scripts/bench: /sign-in at Bookstore, the
// provider's authorization endpoint and login, back to Bookstore's /callback.
// Every round trip uses a new Bookstore cookie jar (so each leaves a live
// session behind); the provider's session is reused after the first login,
// as a returning reader's would be, so the provider's password hashing is
// not what is measured. Bookstore's time per round trip is the time of its
// own requests minus the time it spent waiting for the provider (from the
// callback's Server-Timing header).
//
//   node benches/sign_in_rounds.mjs APP_ORIGIN COUNT CONCURRENCY [USER PASSWORD]
// Prints one JSON line: {rounds, errors, median_total_ms, median_app_ms, median_idp_ms, p99_app_ms, cookie}.

const [appOrigin, countArg, concurrencyArg, user = 'ada', password = 'bookstore-ada'] = process.argv.slice(2);
const count = Number(countArg || 100);
const concurrency = Number(concurrencyArg || 4);

class Jar {
  #cookies = new Map();
  store(response) {
    for (const line of response.headers.getSetCookie()) {
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

async function timed(url, jar, init = {}) {
  const started = performance.now();
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { accept: 'text/html', cookie: jar.header(), ...(init.headers || {}) },
  });
  await response.arrayBuffer();
  jar.store(response);
  return { response, ms: performance.now() - started };
}

const idpJars = Array.from({ length: concurrency }, () => new Jar());

/** One round trip; returns {total, app, idp} in ms. */
async function roundTrip(idpJar) {
  const appJar = new Jar();
  let app = 0;
  let idp = 0;
  const started = performance.now();
  const start = await timed(`${appOrigin}/sign-in`, appJar);
  app += start.ms;
  if (start.response.status !== 302) throw new Error(`/sign-in answered ${start.response.status}`);
  let next = new URL(start.response.headers.get('location'));
  for (let hop = 0; hop < 12; hop++) {
    if (next.origin === appOrigin) {
      const callback = await timed(next, appJar);
      const waited = /idp;dur=([0-9.]+)/.exec(callback.response.headers.get('server-timing') || '');
      const providerMs = waited ? Number(waited[1]) : 0;
      app += callback.ms - providerMs;
      idp += providerMs;
      if (callback.response.status !== 302) throw new Error(`/callback answered ${callback.response.status}`);
      return { total: performance.now() - started, app, idp, cookie: appJar.get('bookstore.sid') };
    }
    const step = await timed(next, idpJar);
    idp += step.ms;
    if (step.response.status >= 300 && step.response.status < 400) {
      next = new URL(step.response.headers.get('location'), next);
    } else if (step.response.status === 200 && next.pathname.startsWith('/interaction/')) {
      const login = await timed(`${next.href.replace(/\/$/, '')}/login`, idpJar, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ identifier: user, password }),
      });
      idp += login.ms;
      next = new URL(login.response.headers.get('location'), next);
    } else {
      throw new Error(`provider step ${next} answered ${step.response.status}`);
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
const round = (ms) => Math.round(ms * 1000) / 1000;
console.log(JSON.stringify({
  rounds: results.length,
  errors,
  last_error: lastError || undefined,
  median_total_ms: round(median(results.map((r) => r.total))),
  median_app_ms: round(median(results.map((r) => r.app))),
  p99_app_ms: round(p99(results.map((r) => r.app))),
  median_idp_ms: round(median(results.map((r) => r.idp))),
  cookie: results.at(-1)?.cookie,
}));
