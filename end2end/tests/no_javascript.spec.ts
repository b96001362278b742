import { test, expect } from '@playwright/test';
import { ADA, expectSignedInAs, expectSignedOut, startFromHeader, submitCredentials } from './helpers';

test.use({ javaScriptEnabled: false });

test('the home page is complete without JavaScript, signed out and signed in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Books worth keeping' })).toBeVisible();
  await expect(page.getByTestId('home-status')).toContainText('You are not signed in.');
  await expectSignedOut(page);

  await startFromHeader(page);
  await submitCredentials(page, ADA.username, ADA.password);
  await page.waitForURL('/');
  await expectSignedInAs(page, ADA.name);
  await expect(page.getByTestId('home-status')).toContainText(`You are signed in as ${ADA.name}`);
});

test('search, filters and the cart work without JavaScript', async ({ page }) => {
  await page.goto('/books');
  await page.getByLabel('Search titles, authors and descriptions').fill('austen');
  await page.getByLabel('Sort by').selectOption('year');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=austen/);
  await expect(page.getByTestId('results-summary')).toHaveText('6 books match \u201causten\u201d');
  await expect(page.getByTestId('book-card').first().getByRole('heading')).toHaveText('Sense and Sensibility');

  // A plain form post; the server sends the browser back to the list.
  await page.getByTestId('book-card').first().getByRole('button', { name: /Add to cart/ }).click();
  await expect(page).toHaveURL(/\/books\?q=austen/);
  await expect(page.getByTestId('cart-link')).toContainText('1');
  await page.getByTestId('cart-link').click();
  await expect(page.getByTestId('cart-line')).toContainText('Sense and Sensibility');
});
