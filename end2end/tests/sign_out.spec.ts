import { test, expect } from '@playwright/test';
import { ADA, chooseProvider, expectSignedInAs, expectSignedOut, idpOrigin, signInFromHeader, waitForHydration } from './helpers';

test('signing out ends the session here and at the provider; back stays signed out', async ({ page }) => {
  await page.goto('/');
  await signInFromHeader(page);
  await page.waitForURL('/');
  await page.goto('/account');
  await expect(page.getByTestId('account-name')).toHaveText(ADA.name);
  await page.goto('/');
  await expectSignedInAs(page, ADA.name);

  await page.getByTestId('user-menu').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin !== idpOrigin && url.pathname === '/');
  await expectSignedOut(page);

  // Back to the home page that showed "Signed in as": it must not come from a cache.
  await page.goBack();
  await page.waitForURL((url) => url.origin !== idpOrigin && url.pathname === '/');
  await expectSignedOut(page);
  // One more: the account page now asks to sign in again, and the provider
  // asks for the password, since the provider session ended too.
  await page.goBack();
  await chooseProvider(page);
  await page.waitForURL((url) => url.origin === idpOrigin);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('GET /sign-out only asks; the button signs out', async ({ page }) => {
  await page.goto('/');
  await signInFromHeader(page);
  await page.waitForURL('/');
  await page.goto('/sign-out');
  await expectSignedInAs(page, ADA.name);
  await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin !== idpOrigin && url.pathname === '/');
  await expectSignedOut(page);
});

test('a sign-out or a sign-in in one tab shows in the other tabs without a reload', async ({ page, context }) => {
  await page.goto('/');
  await signInFromHeader(page);
  await page.waitForURL('/');
  const other = await context.newPage();
  await other.goto('/books');
  await waitForHydration(other);
  await expectSignedInAs(other, ADA.name);
  // Marks this document: a reload or a navigation would lose the mark.
  await other.evaluate(() => { (window as any).__sameDocument = true; });

  await page.getByTestId('user-menu').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin !== idpOrigin && url.pathname === '/');
  await expectSignedOut(other);
  expect(await other.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // And back: a sign-in in the first tab reaches the second too.
  await signInFromHeader(page);
  await page.waitForURL('/');
  await expectSignedInAs(other, ADA.name);
  expect(await other.evaluate(() => (window as any).__sameDocument)).toBe(true);
});
