import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { GRACE, expectAccessible, idpOrigin, signInFromHeader, waitForHydration } from './helpers';

// The customer's own account page (issue 21, section 3): the profile in
// plain words with dates in the visitor's language, and Logto's Account
// Center one click away, coming back here.

async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test('a customer reads their account in plain words and goes to the Account Center and back', async ({ page }, testInfo) => {
  await page.goto('/');
  await signInFromHeader(page, GRACE);
  await page.goto('/account');
  await waitForHydration(page);
  await expect(page.getByTestId('account-name')).toHaveText(GRACE.name);
  await expect(page.getByTestId('account-email')).toHaveText('grace@bookstore.test (verified)');
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  await expect(page.getByTestId('account-confirmed')).toHaveText(today);
  await expect(page.getByTestId('account-since')).toHaveText(/\d{1,2} [A-Z][a-z]+ \d{4}/);
  const center = page.getByTestId('account-center');
  // Six pages of Logto's; the devices are shown here (`/account/devices`).
  await expect(center.getByRole('link')).toHaveCount(6);
  await expect(page.getByTestId('devices-link')).toHaveAttribute('href', '/account/devices');
  await expectAccessible(page, 'account page');
  await snap(page, testInfo, 'account-en');

  const password = center.getByRole('link', { name: 'Your password' });
  const href = new URL((await password.getAttribute('href'))!);
  expect(href.origin).toBe(idpOrigin);
  expect(href.pathname).toBe('/account/password');
  expect(href.searchParams.get('redirect')).toBe(new URL('/account', page.url()).href);
  expect(href.searchParams.get('ui_locales')).toBe('en');
  await password.click();
  await expect(page.getByRole('heading', { name: 'Your password' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the shop' }).click();
  await page.waitForURL('/account');
  await expect(page.getByTestId('account-name')).toHaveText(GRACE.name);
});

test.describe('in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('the account page speaks Japanese, dates included', async ({ page }, testInfo) => {
    await page.goto('/');
    await page.getByTestId('user-menu').getByRole('link', { name: 'サインイン' }).click();
    await page.getByRole('link', { name: 'Logtoで続ける' }).click();
    await page.waitForURL((url) => url.origin === idpOrigin);
    await page.getByLabel('ユーザー名またはメールアドレス').fill(GRACE.username);
    await page.getByLabel('パスワード').fill(GRACE.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/account');
    await waitForHydration(page);
    await expect(page.getByTestId('account-email')).toHaveText('grace@bookstore.test（確認済み）');
    await expect(page.getByTestId('account-confirmed')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    const password = page.getByTestId('account-center').getByRole('link', { name: 'パスワード' });
    expect(new URL((await password.getAttribute('href'))!).searchParams.get('ui_locales')).toBe('ja');
    await expect(page.getByTestId('devices-link')).toHaveText('端末を確認する…');
    await snap(page, testInfo, 'account-ja');
  });
});

test('a customer deletes their account after reading what happens, and is signed out', async ({ page }, testInfo) => {
  const username = `leaving_${Date.now()}`;
  await page.goto('/');
  await page.getByTestId('user-menu').getByRole('link', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'Continue with Logto' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('E-mail').fill(`${username}@bookstore.test`);
  await page.getByLabel('Password').fill('leaving-for-good');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('/');

  await page.goto('/account');
  await page.getByTestId('delete-account-link').click();
  await page.waitForURL('/account/delete');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Delete your account' })).toBeVisible();
  await expect(page.getByText('your orders are kept for our accounts')).toBeVisible();
  await expectAccessible(page, 'delete account page');
  await snap(page, testInfo, 'delete-account-en');
  await page.getByLabel('I understand that this cannot be undone').check();
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL('/account/deleted');
  await expect(page.getByTestId('account-deleted')).toContainText('Your account is deleted');
  await expect(page.getByTestId('user-menu').getByRole('link', { name: 'Sign in' })).toBeVisible();
});
