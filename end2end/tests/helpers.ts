import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const idpOrigin = `http://127.0.0.1:${process.env.E2E_IDP_PORT}`;
export const acmeOrigin = `http://127.0.0.1:${process.env.E2E_ACME_PORT}`;

export const ADA = { username: 'ada', password: 'bookstore-ada', name: 'Ada Lovelace', email: 'ada@bookstore.test' };

/** On the provider's sign-in screen: types the credentials and submits. */
export async function submitCredentials(page: Page, identifier: string, password: string) {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username or e-mail').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** On Bookstore's sign-in page: picks a provider ("Continue with NAME"). */
export async function chooseProvider(page: Page, name = 'Logto') {
  await page.getByRole('link', { name: `Continue with ${name}` }).click();
}

/** From any Bookstore page: clicks a header link ("Sign in", "Create account") and picks Logto. */
export async function startFromHeader(page: Page, link: 'Sign in' | 'Create account' = 'Sign in') {
  await page.getByTestId('user-menu').getByRole('link', { name: link }).click();
  await chooseProvider(page);
}

/** From any Bookstore page: clicks "Sign in" in the header and signs in as `user` with Logto. */
export async function signInFromHeader(page: Page, user = ADA) {
  await startFromHeader(page);
  await page.waitForURL((url) => url.origin === idpOrigin);
  await submitCredentials(page, user.username, user.password);
}

export async function expectSignedInAs(page: Page, name: string) {
  const menu = page.getByTestId('user-menu');
  await expect(menu).toContainText(`Signed in as ${name}`);
  await expect(menu.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export async function expectSignedOut(page: Page) {
  const menu = page.getByTestId('user-menu');
  await expect(menu.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Create account' })).toBeVisible();
  await expect(menu).not.toContainText('Signed in as');
}

export const GRACE = { username: 'grace', password: 'bookstore-grace', name: 'Grace Hopper', email: 'grace@bookstore.test' };

/** Waits until the page is hydrated (interactive), not just loaded. */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}

/** Fails on serious or critical accessibility violations, listing them. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} \u2014 ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `accessibility of the ${what}`).toEqual([]);
}
