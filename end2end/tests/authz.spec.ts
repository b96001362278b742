import { test, expect, type Page } from '@playwright/test';
import { ADA, GRACE, chooseProvider, expectSignedInAs, submitCredentials, waitForHydration } from './helpers';

const ALAN = { username: 'alan', password: 'bookstore-alan', name: 'alan' };

async function signIn(page: Page, user: { username: string; password: string; name: string }, then = '/') {
  await page.goto('/');
  await page.getByTestId('user-menu').getByRole('link', { name: 'Sign in' }).click();
  await chooseProvider(page);
  await submitCredentials(page, user.username, user.password);
  await page.waitForURL('/');
  await expectSignedInAs(page, user.name);
  if (then !== '/') await page.goto(then);
}

test('an admin adds a book that then appears in the catalog', async ({ page }) => {
  await signIn(page, ADA);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Manage the catalog' })).toBeVisible();
  await page.getByRole('link', { name: 'Add a book' }).click();
  await waitForHydration(page);
  await page.getByLabel('Title').fill('The Secret Adversary');
  await page.getByLabel('Authors').fill('Agatha Christie');
  await page.getByLabel('First published (year)').fill('1922');
  await page.getByLabel('Subjects').fill('Mystery, Adventure');
  await page.getByLabel('Price (US$)').fill('10.50');
  await page.getByLabel('Copies in stock').fill('3');
  await page.getByLabel('Description').fill('Tommy and Tuppence, young and broke, hire themselves out as adventurers.');
  await page.getByRole('button', { name: 'Add to the catalog' }).click();
  await expect(page.getByTestId('book-saved')).toBeVisible();

  await page.goto('/books?q=secret+adversary');
  await expect(page.getByTestId('results-summary')).toHaveText('1 book matches \u201csecret adversary\u201d');
  await page.getByRole('link', { name: 'The Secret Adversary' }).click();
  await expect(page.getByTestId('book-price')).toHaveText('$10.50');
  await expect(page.getByTestId('book-stock')).toHaveText('Only 3 copies left');
});

test('a reader cannot open /admin, and a direct call to an admin function is refused', async ({ page }) => {
  await signIn(page, GRACE);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  const response = await page.goto('/admin');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Staff only' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('does not have the admin role');
  // The browser's own session, calling the server function directly.
  const call = await page.request.post('/api/admin/set_stock', {
    form: { id: '1', stock: '0' },
    headers: { accept: 'application/json' },
  });
  expect(call.status()).toBe(403);
  await page.goto('/books/1');
  await expect(page.getByTestId('book-stock')).not.toHaveText('Sold out');
});

test('a purchaser orders for their book club and sees the club\u2019s orders', async ({ page }) => {
  await signIn(page, ALAN, '/account');
  await expect(page.getByTestId('organizations')).toContainText('Bletchley Park Book Club');
  await page.getByRole('link', { name: 'Bletchley Park Book Club' }).click();
  await expect(page.getByTestId('org-permissions')).toContainText("See the organization's orders");
  await expect(page.getByTestId('org-permissions')).toContainText('Place orders for the organization');
  await expect(page.getByTestId('org-no-orders')).toBeVisible();

  await page.goto('/books?q=middlemarch');
  await waitForHydration(page);
  await page.getByTestId('book-card').first().getByRole('button', { name: /Add to cart/ }).click();
  await expect(page.getByTestId('cart-link')).toContainText('1');
  await page.goto('/checkout');
  await waitForHydration(page);
  await page.getByLabel('Full name').fill('Alan Turing');
  await page.getByLabel('Street address').fill('The Mansion, Bletchley Park');
  await page.getByLabel('City').fill('Milton Keynes');
  await page.getByLabel('Postal code').fill('MK3 6EB');
  await page.getByLabel('Country').fill('United Kingdom');
  await page.getByLabel('Order for').selectOption({ label: 'Bletchley Park Book Club' });
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByTestId('order-placed')).toBeVisible();

  await page.goto('/organizations/org-bletchley');
  await expect(page.getByTestId('org-order-row')).toHaveCount(1);
  await expect(page.getByTestId('org-order-row')).toContainText('$14.99');
});
