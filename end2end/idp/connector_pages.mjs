// Screens Logto shows for a link's choices: a social connector reached
// straight from the shop (`direct_sign_in=social:<target>`), and the
// password-reset first screen (`first_screen=reset_password`).
import { MESSAGES } from './messages.mjs';
import { cancelForm, esc, layout } from './pages.mjs';

const named = (text, name) => text.replaceAll('{name}', name);

/** The stand-in for a social provider's own page (Google's, say): who are you there. */
export function socialPage({ uid, target, name, values = {}, errors = {}, lang = 'en' }) {
  const t = MESSAGES[lang];
  const title = named(t.socialTitle, name);
  const error = (field) => (errors[field] ? `<p class="error" id="${field}-error">${esc(t[errors[field]])}</p>` : '');
  return layout(title, `<h1>${esc(title)}</h1><p class="sub">${esc(named(t.socialSub, name))}</p>
<form method="post" action="/interaction/${esc(uid)}/social" data-connector="${esc(target)}">
<label for="email">${esc(t.email)}</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${esc(values.email)}">${error('email')}
<label for="name">${esc(t.fullName)}</label>
<input id="name" name="name" autocomplete="name" value="${esc(values.name)}">
<button type="submit">${esc(title)}</button></form>
${cancelForm(uid, t)}`, lang);
}

/** Logto's "forgot password" screen, without the e-mailed code. */
export function resetPage({ uid, identifier, error, lang = 'en' }) {
  const t = MESSAGES[lang];
  return layout(t.resetTitle, `<h1>${esc(t.resetTitle)}</h1><p class="sub">${esc(t.resetSub)}</p>
${error ? `<p class="alert" role="alert">${esc(t[error])}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/reset">
<label for="identifier">${esc(t.identifier)}</label>
<input id="identifier" name="identifier" autocomplete="username" required value="${esc(identifier)}">
<label for="password">${esc(t.newPassword)}</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8">
<button type="submit">${esc(t.resetButton)}</button></form>
${cancelForm(uid, t)}
<p class="switch"><a href="/interaction/${esc(uid)}?screen=sign-in">${esc(t.backToSignIn)}</a></p>`, lang);
}
