// HTML for the dev identity provider's screens: plain forms, labelled fields,
// no scripts except the logout auto-submit that Logto's page also does. The
// sign-in and registration screens speak the language `ui_locales` asks for.
import { MESSAGES } from './messages.mjs';
export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f3f0ea;color:#222;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;padding:2rem 2.25rem;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.08);width:min(360px,90vw)}
h1{font-size:1.35rem;margin:0 0 .25rem}p.sub{color:#666;margin:0 0 1.25rem}label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #bbb;border-radius:6px;font-size:1rem}
button{margin-top:1rem;width:100%;padding:.65rem;border:0;border-radius:6px;background:#5d3fd3;color:#fff;font-size:1rem;cursor:pointer}
button.secondary{background:none;color:#5d3fd3;margin-top:.5rem}.error{color:#b00020;margin:.25rem 0 0;font-size:.9rem}
.alert{background:#fdecea;color:#8a1c1c;padding:.6rem .75rem;border-radius:6px}.switch{margin-top:1rem;text-align:center}`;

export const layout = (title, body, lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} · Logto (dev)</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;

export const cancelForm = (uid, t) => `<form method="post" action="/interaction/${esc(uid)}/abort">
<button class="secondary" type="submit">${esc(t.cancel)}</button></form>`;

/** `error` is a key of the messages (`wrongCredentials`). */
export function loginPage({ uid, identifier, loginHint, error, lang = 'en' }) {
  const t = MESSAGES[lang];
  return layout(t.signInTitle, `<h1>${esc(t.signInTitle)}</h1><p class="sub">${esc(t.signInSub)}</p>
${error ? `<p class="alert" role="alert">${esc(t[error])}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="identifier">${esc(t.identifier)}</label>
<input id="identifier" name="identifier" autocomplete="username" required value="${esc(identifier ?? loginHint)}">
<label for="password">${esc(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${esc(t.signInButton)}</button></form>
${cancelForm(uid, t)}
<p class="switch">${esc(t.noAccount)} <a href="/interaction/${esc(uid)}?screen=register">${esc(t.createAccount)}</a></p>`, lang);
}

/** `errors` maps a field to a key of the messages (`username_taken`). */
export function registerPage({ uid, values = {}, errors = {}, lang = 'en' }) {
  const t = MESSAGES[lang];
  const field = (name, label, type, autocomplete) => `<label for="${name}">${esc(label)}</label>
<input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" value="${type === 'password' ? '' : esc(values[name])}"
 ${name === 'name' ? '' : 'required'} ${errors[name] ? `aria-invalid="true" aria-describedby="${name}-error"` : ''}>
${errors[name] ? `<p class="error" id="${name}-error">${esc(t[errors[name]])}</p>` : ''}`;
  return layout(t.createAccount, `<h1>${esc(t.createAccount)}</h1><p class="sub">${esc(t.registerSub)}</p>
<form method="post" action="/interaction/${esc(uid)}/register">
${field('username', t.username, 'text', 'username')}
${field('name', t.fullName, 'text', 'name')}
${field('email', t.email, 'email', 'email')}
${field('password', t.password, 'password', 'new-password')}
<button type="submit">${esc(t.createAccount)}</button></form>
${cancelForm(uid, t)}
<p class="switch">${esc(t.haveAccount)} <a href="/interaction/${esc(uid)}?screen=sign-in">${esc(t.signInButton)}</a></p>`, lang);
}

/** Like Logto's logout page: submits itself with logout=yes; a button without JavaScript. */
export async function logoutSource(ctx, form) {
  ctx.body = layout('Signing out', `<h1>Signing out…</h1>${form}
<noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>
<script>const f=document.getElementById('op.logoutForm');const i=document.createElement('input');
i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script>`);
}

export async function postLogoutSuccessSource(ctx) {
  ctx.body = layout('Signed out', '<h1>You are signed out</h1><p class="sub">You can close this window.</p>');
}

export async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = layout('Error', `<h1>Sign-in error</h1><p class="alert" role="alert">${esc(out.error)}: ${esc(out.error_description)}</p>`);
}
