import { test, expect } from '@playwright/test';
import { ADA, expectSignedInAs, expectSignedOut, idpOrigin, signInFromHeader } from './helpers';

test('signing out ends the session here and at the provider; back stays signed out', async ({ page }) => {
  await page.goto('/');
  await signInFromHeader(page);
  await page.waitForURL('/');
  await page.goto('/account');
  await expect(page.getByTestId('account-name')).toHaveText(ADA.name);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.origin !== idpOrigin && url.pathname === '/');
  await expectSignedOut(page);

  await page.goBack();
  await expect(page.getByTestId('user-menu')).not.toContainText('Signed in as');

  // The provider session ended too: signing in again asks for the password.
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(idpOrigin);
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
