import { test, expect } from '@playwright/test';
import { ADA, expectSignedInAs, signInFromHeader } from './helpers';

test('pages hydrate: navigation is client-side and fetches data through server functions', async ({ page }) => {
  await page.goto('/');
  await signInFromHeader(page);
  await page.waitForURL('/');
  // From here on, only Bookstore's own page: Content-Security-Policy
  // violations and failed loads are reported as console errors.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.reload();
  await expectSignedInAs(page, ADA.name);
  await page.waitForLoadState('networkidle');

  const documents: string[] = [];
  const serverFunctions: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
    if (new URL(request.url()).pathname.startsWith('/api/')) serverFunctions.push(new URL(request.url()).pathname);
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByTestId('account-name')).toHaveText(ADA.name);
  expect(new URL(page.url()).pathname).toBe('/account');
  expect(documents).toEqual([]);
  expect(serverFunctions).toContain('/api/account_profile');
  // The header kept its server-rendered state: no signed-out flash, no refetch.
  await expectSignedInAs(page, ADA.name);
  expect(errors).toEqual([]);
});
