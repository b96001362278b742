// The dev identity provider's words in each language it speaks, as Logto's
// sign-in experience follows `ui_locales`. A key missing in one language is
// a start-up error (checked below), so the two lists cannot drift apart.
export const MESSAGES = {
  en: {
    signInTitle: 'Sign in',
    signInSub: 'to continue to Bookstore',
    identifier: 'Username or e-mail',
    password: 'Password',
    signInButton: 'Sign in',
    cancel: 'Cancel and go back',
    noAccount: 'No account?',
    createAccount: 'Create account',
    registerSub: 'for Bookstore',
    username: 'Username',
    fullName: 'Full name (optional)',
    email: 'E-mail',
    haveAccount: 'Have an account?',
    wrongCredentials: 'Wrong username, e-mail or password. Try again.',
    linkNotValid: 'This sign-in link has expired or was used already. Sign in with your password, or ask the shop for a new link.',
    username_format: 'Use 3 to 32 letters, digits or underscores, starting with a letter.',
    username_taken: 'This username is taken.',
    email_format: 'Enter an e-mail address like name@example.com.',
    email_taken: 'An account with this e-mail already exists.',
    password_short: 'Use at least 8 characters.',
    socialTitle: 'Continue with {name}',
    socialSub: 'Development connector: stands in for {name}, which would confirm this e-mail address.',
    resetTitle: 'Reset your password',
    resetSub: 'Logto would first send a code to your e-mail; the development provider trusts you.',
    newPassword: 'New password',
    resetButton: 'Reset and sign in',
    noSuchAccount: 'No account has this username or e-mail.',
    backToSignIn: 'Back to sign-in',
  },
  ja: {
    signInTitle: 'サインイン',
    signInSub: 'Bookstore を利用するには',
    identifier: 'ユーザー名またはメールアドレス',
    password: 'パスワード',
    signInButton: 'サインイン',
    cancel: 'キャンセルして戻る',
    noAccount: 'アカウントをお持ちでない方は',
    createAccount: 'アカウントを作成',
    registerSub: 'Bookstore のアカウント',
    username: 'ユーザー名',
    fullName: '氏名（任意）',
    email: 'メールアドレス',
    haveAccount: 'アカウントをお持ちの方は',
    wrongCredentials: 'ユーザー名、メールアドレスまたはパスワードが違います。もう一度お試しください。',
    linkNotValid: 'このサインイン用リンクは期限切れか、すでに使われています。パスワードでサインインするか、ショップで新しいリンクを依頼してください。',
    username_format: '英字で始まる 3〜32 文字の英数字またはアンダースコアを使ってください。',
    username_taken: 'このユーザー名はすでに使われています。',
    email_format: 'name@example.com のようなメールアドレスを入力してください。',
    email_taken: 'このメールアドレスのアカウントはすでにあります。',
    password_short: '8 文字以上にしてください。',
    socialTitle: '{name}で続ける',
    socialSub: '開発用コネクター：このメールアドレスを確認する {name} の代わりです。',
    resetTitle: 'パスワードの再設定',
    resetSub: 'Logto はまずメールに確認コードを送ります。開発用プロバイダーでは省略します。',
    newPassword: '新しいパスワード',
    resetButton: '再設定してサインイン',
    noSuchAccount: 'このユーザー名またはメールアドレスのアカウントはありません。',
    backToSignIn: 'サインインに戻る',
  },
};

for (const [language, messages] of Object.entries(MESSAGES)) {
  for (const key of Object.keys(MESSAGES.en)) {
    if (!(key in messages)) throw new Error(`idp/messages.mjs: "${key}" is missing in ${language}`);
  }
  for (const key of Object.keys(messages)) {
    if (!(key in MESSAGES.en)) throw new Error(`idp/messages.mjs: "${key}" is in ${language} only`);
  }
}

/** The first language of `ui_locales` (space-separated BCP 47 tags) the provider speaks, else English. */
export function languageOf(uiLocales) {
  for (const tag of String(uiLocales || '').split(/\s+/)) {
    const primary = tag.split(/[-_]/)[0].toLowerCase();
    if (primary in MESSAGES) return primary;
  }
  return 'en';
}
