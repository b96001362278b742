import { test, expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { expectAccessible, expectSignedOut, idpOrigin, signInFromHeader, startFromHeader, waitForHydration } from './helpers';

// "Your devices" (issue 21, section 3): the customer's sessions at the
// provider, unlocked by a code the provider e-mails (the dev provider keeps
// it at /dev/mail.json), and "sign out this device" behind the step-up
// (BOOKSTORE_STEP_UP_AGE=8s in this suite).

async function register(page: Page, username: string, password: string) {
  await page.goto('/');
  await startFromHeader(page, 'Create account');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('E-mail').fill(`${username}@bookstore.test`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('/');
}

/** The newest code the provider e-mailed to `to`. */
async function mailedCode(request: APIRequestContext, to: string): Promise<string> {
  const sent = await (await request.get(`${idpOrigin}/dev/mail.json?to=${encodeURIComponent(to)}`)).json();
  expect(sent.length).toBeGreaterThan(0);
  return sent[sent.length - 1].code;
}

/** When the shop asks the customer to confirm who they are, types the password again. */
async function confirmIfAsked(page: Page, password: string, done: Locator, { hydrates = true } = {}): Promise<boolean> {
  await Promise.race([page.waitForURL((url) => url.origin === idpOrigin), done.first().waitFor()]);
  if (new URL(page.url()).origin !== idpOrigin) return false;
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/account/devices');
  if (hydrates) await waitForHydration(page);
  return true;
}

/** The same customer signed in on a second device (a browser context of its own). */
async function secondDevice(browser: Browser, username: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await signInFromHeader(page, { username, password, name: username });
  await page.waitForURL('/');
  return { context, page };
}

test('a customer unlocks their devices with an e-mailed code and signs another browser out', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(90_000);
  const username = `devices_${Date.now()}`;
  const password = 'two-browsers-one-me';
  await register(page, username, password);

  // The same customer on a second device.
  const { context: phone, page: phonePage } = await secondDevice(browser, username, password);

  await page.goto('/account');
  await page.getByTestId('devices-link').click();
  await page.waitForURL('/account/devices');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Your devices' })).toBeVisible();
  await expect(page.getByText('we e-mail a code to d•••@bookstore.test')).toBeVisible();
  await page.getByRole('button', { name: 'Send me a code' }).click();
  if (await confirmIfAsked(page, password, page.getByTestId('devices-code-sent'))) {
    await page.getByRole('button', { name: 'Send me a code' }).click();
  }
  await expect(page.getByTestId('devices-code-sent')).toContainText('We sent a code to d•••@bookstore.test');
  await expectAccessible(page, 'devices page, code step');

  await page.getByLabel('Code from the e-mail').fill('not-it');
  await page.getByRole('button', { name: 'Show my devices' }).click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('devices-code-en.png'), fullPage: true });
  await page.getByLabel('Code from the e-mail').fill(await mailedCode(request, `${username}@bookstore.test`));
  await page.getByRole('button', { name: 'Show my devices' }).click();

  const devices = page.getByTestId('device');
  await expect(devices).toHaveCount(2);
  await expect(devices.first().getByTestId('this-device')).toHaveText('This device');
  await expect(devices.first()).toContainText('Chrome');
  await page.screenshot({ path: testInfo.outputPath('devices-en.png'), fullPage: true });

  // Past the step-up age: signing a device out asks to confirm first, then comes back here.
  await page.waitForTimeout(9_000);
  await devices.nth(1).getByRole('button', { name: 'Sign out this device' }).click();
  expect(await confirmIfAsked(page, password, page.getByText('No other device is signed in.'))).toBe(true);
  await expect(devices).toHaveCount(2);
  await devices.nth(1).getByRole('button', { name: 'Sign out this device' }).click();
  await expect(page.getByText('No other device is signed in.')).toBeVisible();
  await expect(devices).toHaveCount(1);

  // The other browser is signed out of the shop at its next request.
  await phonePage.reload();
  await expectSignedOut(phonePage);
  await phone.close();
});

test.describe('in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('the devices page explains the code in Japanese', async ({ page }, testInfo) => {
    const username = `devices_ja_${Date.now()}`;
    await page.goto('/');
    await page.getByTestId('user-menu').getByRole('link', { name: 'アカウント作成' }).click();
    await page.getByRole('link', { name: 'Logtoで続ける' }).click();
    await page.waitForURL((url) => url.origin === idpOrigin);
    await page.getByLabel('ユーザー名', { exact: true }).fill(username);
    await page.getByLabel('メールアドレス').fill(`${username}@bookstore.test`);
    await page.getByLabel('パスワード').fill('nihongo-de-tanmatsu');
    await page.getByRole('button', { name: 'アカウントを作成' }).click();
    await page.waitForURL('/');
    await page.goto('/account/devices');
    await waitForHydration(page);
    await expect(page.getByRole('heading', { name: 'ご利用中の端末' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'コードを送る' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('devices-ja.png'), fullPage: true });
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the code, a wrong code, the list and signing a device out work as plain forms', async ({ page, browser, request }) => {
    const username = `devices_nojs_${Date.now()}`;
    const password = 'plain-forms-only';
    await register(page, username, password);
    const { context: phone, page: phonePage } = await secondDevice(browser, username, password);

    await page.goto('/account/devices');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    // An older sign-in confirms first (BOOKSTORE_STEP_UP_AGE=8s), then sends again.
    if (await confirmIfAsked(page, password, page.getByTestId('devices-code-sent'), { hydrates: false })) {
      await page.getByRole('button', { name: 'Send me a code' }).click();
    }
    await expect(page.getByTestId('devices-code-sent')).toBeVisible();
    await page.getByLabel('Code from the e-mail').fill('000000x');
    await page.getByRole('button', { name: 'Show my devices' }).click();
    await expect(page.getByText('That code is not right')).toBeVisible();
    await page.getByLabel('Code from the e-mail').fill(await mailedCode(request, `${username}@bookstore.test`));
    await page.getByRole('button', { name: 'Show my devices' }).click();
    await expect(page.getByTestId('device')).toHaveCount(2);
    await expect(page.getByTestId('this-device')).toHaveCount(1);
    const other = page.locator('[data-testid=device][data-current=false]');
    await other.getByRole('button', { name: 'Sign out this device' }).click();
    if (await confirmIfAsked(page, password, page.getByText('No other device is signed in.'), { hydrates: false })) {
      await other.getByRole('button', { name: 'Sign out this device' }).click();
    }
    await expect(page.getByText('No other device is signed in.')).toBeVisible();
    await phonePage.reload();
    await expectSignedOut(phonePage);
    await phone.close();
  });
});
