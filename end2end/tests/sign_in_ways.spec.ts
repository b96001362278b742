import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, expectSignedInAs, idpOrigin, waitForHydration } from './helpers';

// The ways into Logto a link chooses (issue 21, section 1): a configured
// social connector straight from the header, and Logto's password-reset
// first screen from the sign-in page. The dev provider plays Logto's part
// with the same parameters (direct_sign_in, first_screen).

async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test('a new reader continues with Google from the header menu and comes back signed in where they were', async ({ page }, testInfo) => {
  await page.goto('/books?q=pride');
  await waitForHydration(page);
  const menu = page.getByTestId('user-menu');
  await menu.getByText('More ways to sign in').click();
  const google = menu.getByRole('link', { name: 'Continue with Google' });
  await expect(google).toBeVisible();
  await expectAccessible(page, 'header with more ways to sign in');
  await snap(page, testInfo, 'header-more-ways-en');
  await google.click();

  // Straight to the connector: no provider sign-in screen in between.
  await page.waitForURL((url) => url.origin === idpOrigin);
  await expect(page.getByRole('heading', { name: 'Continue with Google' })).toBeVisible();
  const email = `reader-${Date.now()}@example.com`;
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Full name (optional)').fill('Mary Shelley');
  await page.getByRole('button', { name: 'Continue with Google' }).click();

  await page.waitForURL((url) => url.pathname === '/books' && url.searchParams.get('q') === 'pride');
  await expectSignedInAs(page, 'Mary Shelley');
});

test('a reader who forgot their password resets it from the sign-in page and is signed in', async ({ page }, testInfo) => {
  await page.goto('/sign-in/choose?return_to=/cart');
  const logto = page.locator('.provider-list li').filter({ hasText: 'Continue with Logto' });
  await expect(logto.getByRole('link', { name: 'Continue with Google' })).toBeVisible();
  // Acme ID is not Logto: none of Logto's screens are offered for it.
  const acme = page.locator('.provider-list li').filter({ hasText: 'Continue with Acme ID' });
  await expect(acme.getByRole('link')).toHaveCount(1);
  await expectAccessible(page, 'sign-in choices');
  await snap(page, testInfo, 'sign-in-choices-en');
  await logto.getByRole('link', { name: 'Forgot your password?' }).click();

  await page.waitForURL((url) => url.origin === idpOrigin);
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  // Alan's own password again, so the other tests still know it.
  await page.getByLabel('Username or e-mail').fill('alan');
  await page.getByLabel('New password').fill('bookstore-alan');
  await page.getByRole('button', { name: 'Reset and sign in' }).click();

  await page.waitForURL((url) => url.pathname === '/cart');
  await expectSignedInAs(page, 'alan');
});

test.describe('in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('the sign-in choices and the header menu speak Japanese', async ({ page }, testInfo) => {
    await page.goto('/sign-in/choose');
    const logto = page.locator('.provider-list li').filter({ hasText: 'Logtoで続ける' });
    await expect(logto.getByRole('link', { name: 'Googleで続ける' })).toBeVisible();
    await expect(logto.getByRole('link', { name: 'パスワードをお忘れですか？' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'アカウントを作成' }).last()).toHaveAttribute('href', '/sign-up/choose');
    await snap(page, testInfo, 'sign-in-choices-ja');

    await page.goto('/');
    await waitForHydration(page);
    await page.getByTestId('user-menu').getByText('ほかの方法でサインイン').click();
    await expect(page.getByTestId('user-menu').getByRole('link', { name: 'Googleで続ける' })).toBeVisible();
    await snap(page, testInfo, 'header-more-ways-ja');
  });
});
