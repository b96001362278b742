import { test, expect } from '@playwright/test';
import { ADA, acmeOrigin, chooseProvider, expectSignedInAs, expectSignedOut, idpOrigin, signInFromHeader, startFromHeader, submitCredentials } from './helpers';

test('a reader signs in from the header and sees their name', async ({ page }) => {
  await page.goto('/');
  await expectSignedOut(page);
  await signInFromHeader(page);
  await page.waitForURL('/');
  await expectSignedInAs(page, ADA.name);
  await expect(page.getByTestId('home-status')).toContainText(`You are signed in as ${ADA.name}`);
});

test('a wrong password is refused at the provider, then the right one works', async ({ page }) => {
  await page.goto('/');
  await startFromHeader(page);
  await submitCredentials(page, ADA.username, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Wrong username, e-mail or password');
  expect(new URL(page.url()).origin).toBe(idpOrigin);
  await submitCredentials(page, ADA.username, ADA.password);
  await page.waitForURL('/');
  await expectSignedInAs(page, ADA.name);
});

test('a new reader creates an account, with the sign-up screen first', async ({ page }) => {
  const username = `reader_${Date.now()}`;
  await page.goto('/');
  await startFromHeader(page, 'Create account');
  await expect(page.getByRole('heading', { name: 'Create account' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Full name (optional)').fill('Mary Shelley');
  await page.getByLabel('E-mail').fill(`${username}@bookstore.test`);
  await page.getByLabel('Password').fill('frankenstein-1818');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('/');
  await expectSignedInAs(page, 'Mary Shelley');
});

test('a signed-out visitor of /account signs in and comes back to /account', async ({ page }) => {
  await page.goto('/account');
  await chooseProvider(page);
  await page.waitForURL((url) => url.origin === idpOrigin);
  await submitCredentials(page, ADA.username, ADA.password);
  await page.waitForURL('/account');
  await expect(page.getByTestId('account-name')).toHaveText(ADA.name);
  await expect(page.getByRole('table', { name: 'Userinfo claims' })).toContainText('ada');
});

test('cancelling at the provider shows why and offers to try again', async ({ page }) => {
  await page.goto('/');
  await startFromHeader(page);
  // The callback answers 302 without a page; the failure page carries the status.
  const failed = page.waitForResponse((response) => new URL(response.url()).pathname === '/callback/failed');
  await page.getByRole('button', { name: 'Cancel and go back' }).click();
  expect((await failed).status()).toBe(400);
  await expect(page.getByRole('heading', { name: 'Sign-in was cancelled' })).toBeVisible();
  await expectSignedOut(page);
  await page.getByRole('link', { name: 'Try signing in again' }).click();
  await chooseProvider(page);
  await submitCredentials(page, ADA.username, ADA.password);
  await page.waitForURL('/');
  await expectSignedInAs(page, ADA.name);
});

test('two tabs signing in at once both succeed', async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto('/sign-in?provider=logto');
  await second.goto('/sign-in?provider=logto&return_to=/account');
  await submitCredentials(first, ADA.username, ADA.password);
  await first.waitForURL('/');
  await submitCredentials(second, ADA.username, ADA.password);
  await second.waitForURL('/account');
  await expectSignedInAs(first, ADA.name);
  await expect(second.getByTestId('account-name')).toHaveText(ADA.name);
});

test('a reader picks another OpenID provider on the sign-in page', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('user-menu').getByRole('link', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Continue with Logto' })).toBeVisible();
  await chooseProvider(page, 'Acme ID');
  await page.waitForURL((url) => url.origin === acmeOrigin);
  await submitCredentials(page, 'grace', 'bookstore-grace');
  await page.waitForURL('/');
  await expectSignedInAs(page, 'Grace Hopper');
});
