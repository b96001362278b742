import { test, expect } from '@playwright/test';
import { ADA, expectSignedInAs, signInFromHeader, waitForHydration } from './helpers';

// Islands: every page arrives complete (signed in, in its HTML) as a full
// page load; only the interactive parts hydrate, and the page is marked
// `data-hydrated` after they have.
test('pages arrive signed in in their HTML and only the islands hydrate', async ({ page }) => {
  await page.goto('/');
  await signInFromHeader(page);
  await page.waitForURL('/');
  // From here on, only Bookstore's own page: Content-Security-Policy
  // violations, failed loads and hydration errors are console errors.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  const documents: string[] = [];
  const serverFunctions: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(new URL(request.url()).pathname);
    if (new URL(request.url()).pathname.startsWith('/api/')) serverFunctions.push(new URL(request.url()).pathname);
  });

  // The account page's HTML already says who is signed in: nothing is fetched to show it.
  const html = await (await page.request.get('/account')).text();
  expect(html).toMatch(new RegExp(`data-testid="user-name">${ADA.name}(<!>)?</strong>`));
  expect(html).toContain('<leptos-island data-component="AccountArea_');
  // The page's data stays on the server: no serialized resources for hydration.
  expect(html).not.toMatch(/__RESOLVED_RESOURCES\[\d+\]/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await page.waitForURL('/account');
  await waitForHydration(page);
  await expect(page.getByTestId('account-name')).toHaveText(ADA.name);
  await expectSignedInAs(page, ADA.name);
  expect(documents).toEqual(['/account']);
  expect(serverFunctions).toEqual([]);
  // The islands of this page, and nothing else, are hydrated.
  const islands = await page.locator('leptos-island').evaluateAll((els) => els.map((el) => el.getAttribute('data-component')!.split('_')[0]));
  expect(islands).toEqual(['CartCount', 'AccountArea']);
  expect(errors).toEqual([]);
});

test('kept pages hydrate their islands without console or CSP errors, and the live search hydrates what it brings', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  for (const path of ['/', '/books?q=the&sort=title', '/books/1']) {
    await page.goto(path);
    await waitForHydration(page);
  }
  await page.goto('/books');
  await waitForHydration(page);
  await page.getByLabel('Search titles, authors and descriptions').fill('dracula');
  await expect(page.getByTestId('results-summary')).toHaveText('1 book matches \u201cdracula\u201d');
  // The card that came with the new results adds to the cart in place.
  const card = page.getByTestId('book-card').filter({ hasText: 'Dracula' });
  await card.getByRole('button', { name: /Add to cart/ }).click();
  await expect(card.getByRole('status')).toContainText('Added to your cart');
  await expect(page.getByTestId('cart-link')).toContainText('1');
  expect(new URL(page.url()).search).toBe('?q=dracula&sort=relevance');
  expect(errors).toEqual([]);
});
