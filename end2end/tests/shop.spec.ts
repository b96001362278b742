import { test, expect, type Page } from '@playwright/test';
import { ADA, GRACE, chooseProvider, expectAccessible, expectSignedInAs, submitCredentials, waitForHydration } from './helpers';
import { waitForMail } from './mail';

const searchBox = (page: Page) => page.getByLabel('Search titles, authors and descriptions');

test('a visitor searches as they type, filters, and the URL keeps the search', async ({ page }) => {
  await page.goto('/books');
  await waitForHydration(page);
  await expect(page.getByTestId('results-summary')).toHaveText(/^\d{3} books$/);
  await expectAccessible(page, 'book list');
  // Marks this document: a full reload would lose the mark.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  await searchBox(page).pressSequentially('sherlock', { delay: 40 });
  await expect(page).toHaveURL(/\/books\?q=sherlock/);
  await expect(page.getByTestId('results-summary')).toHaveText('2 books match \u201csherlock\u201d');
  await expect(page.getByRole('link', { name: 'The Adventures of Sherlock Holmes' })).toBeVisible();

  await searchBox(page).fill('verne');
  await expect(page.getByTestId('results-summary')).toHaveText('4 books match \u201cverne\u201d');
  await page.getByLabel('Subject').selectOption('Science Fiction');
  await expect(page).toHaveURL(/subject=Science\+Fiction/);
  await page.getByLabel('Sort by').selectOption('year');
  await expect(page.getByTestId('results-summary')).toHaveText('3 books match \u201cverne\u201d');
  const titles = page.getByTestId('book-card').getByRole('heading');
  await expect(titles).toHaveText(['Voyage au centre de la Terre', 'De la Terre \u00e0 la Lune', 'Vingt mille lieues sous les mers']);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // The URL alone reproduces the results, for example in a new tab.
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.getByTestId('book-card').getByRole('heading')).toHaveText([
    'Voyage au centre de la Terre',
    'De la Terre \u00e0 la Lune',
    'Vingt mille lieues sous les mers',
  ]);
});

test('pagination and the book page, with a real 404 for unknown books', async ({ page }) => {
  await page.goto('/books?sort=title');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('Page 2 of')).toBeVisible();

  await page.goto('/');
  await expectAccessible(page, 'home page');
  await page.getByRole('link', { name: 'Dracula', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dracula' })).toBeVisible();
  await expect(page.getByTestId('book-price')).toHaveText('$9.99');
  await expectAccessible(page, 'book page');
  await page.getByRole('link', { name: 'Bram Stoker' }).click();
  await expect(page).toHaveURL(/author=Bram\+Stoker/);
  await expect(page.getByTestId('results-summary')).toHaveText('1 book');

  const missing = await page.goto('/books/999999');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We could not find that book' })).toBeVisible();
});

test('a visitor fills a cart, signs in at checkout, orders, and only they can see the order', async ({ page, browser }) => {
  await page.goto('/books?q=frankenstein');
  await waitForHydration(page);
  const card = page.getByTestId('book-card').filter({ hasText: 'Frankenstein' });
  await card.getByRole('button', { name: /Add to cart/ }).click();
  await expect(card.getByRole('status')).toContainText('Added to your cart');
  await expect(page.getByTestId('cart-link')).toContainText('1');

  await page.getByTestId('cart-link').click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expectAccessible(page, 'cart');
  await page.getByLabel('Quantity of Frankenstein; or, The Modern Prometheus').fill('2');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByTestId('cart-total')).toHaveText('$23.98');
  await expect(page.getByTestId('cart-link')).toContainText('2');

  // Checkout needs an account: sign in, then back to the checkout.
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await chooseProvider(page);
  await submitCredentials(page, ADA.username, ADA.password);
  await page.waitForURL('/checkout');
  await expectSignedInAs(page, ADA.name);
  await expect(page.getByTestId('checkout-total')).toHaveText('$23.98');
  await waitForHydration(page);
  await expectAccessible(page, 'checkout');

  // A field error is shown next to its field; nothing is ordered.
  await page.getByLabel('Full name').fill(ADA.name);
  await page.getByLabel('Street address').fill('12 St James\u2019s Square');
  await page.getByLabel('City').fill('London');
  await page.getByLabel('Postal code').fill('SW1Y 4JH!');
  await page.getByLabel('Country').fill('United Kingdom');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.getByText('Postal code may contain only letters, digits, spaces and hyphens.')).toBeVisible();
  await expect(page.getByLabel('Postal code')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Postal code').fill('SW1Y 4JH');
  const place = page.getByRole('button', { name: 'Place order' });
  await place.click();
  await expect(page.getByTestId('order-placed')).toContainText('Your order has been placed');
  const orderPath = new URL(page.url()).pathname;
  expect(orderPath).toMatch(/^\/orders\/\d+$/);
  await expect(page.getByTestId('order-lines')).toContainText('2 \u00d7 Frankenstein; or, The Modern Prometheus');
  // A British address: the town, then the postcode on a line of its own.
  const address = await page.getByTestId('order-address').innerText();
  expect(address.split('\n')).toEqual([ADA.name, '12 St James\u2019s Square', 'London', 'SW1Y 4JH', 'United Kingdom']);
  await expect(page.getByTestId('cart-link')).toContainText('0');

  // The confirmation arrives at Ada's verified address, over SMTP, as
  // plain text and HTML, with what was bought, where it goes and the total.
  const orderId = orderPath.split('/').pop();
  const confirmation = await waitForMail(ADA.email, `Your Bookstore order ${orderId}`);
  expect(confirmation.from).toBe('"Bookstore" <shop@localhost>');
  expect(confirmation.contentType).toBe('multipart/alternative');
  for (const body of [confirmation.text, confirmation.html]) {
    expect(body).toContain('2 \u00d7 Frankenstein; or, The Modern Prometheus');
    expect(body).toContain('$23.98');
    expect(body).toContain('SW1Y 4JH');
    expect(body).toContain(`/orders/${orderId}`);
  }
  expect(confirmation.html).not.toMatch(/<img|<script/);
  await page.reload();
  await expect(page.getByTestId('order-mail')).toContainText('Order confirmation: sent');

  // Staff mark it shipped; the shipping note follows, once.
  await page.goto('/admin/orders');
  await page.getByRole('button', { name: `Mark order ${orderId} shipped` }).click();
  await expect(page.getByTestId('shipped-notice')).toContainText(`Order ${orderId} is marked shipped`);
  const note = await waitForMail(ADA.email, `Your Bookstore order ${orderId} is on its way`);
  expect(note.text).toContain('SW1Y 4JH');
  await expect(page.getByRole('button', { name: `Mark order ${orderId} shipped` })).toHaveCount(0);
  await page.goto(orderPath);
  await expect(page.getByTestId('order-date')).toContainText('Shipped');
  await expect(page.getByTestId('order-mail')).toContainText('Shipping note: sent');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  await expect(page.getByTestId('order-row')).toContainText('$23.98');

  // Another customer, in another browser, cannot see it.
  const other = await browser.newContext();
  const grace = await other.newPage();
  await grace.goto('/orders');
  await chooseProvider(grace);
  await submitCredentials(grace, GRACE.username, GRACE.password);
  await grace.waitForURL('/orders');
  await expectSignedInAs(grace, GRACE.name);
  await expect(grace.getByTestId('no-orders')).toBeVisible();
  const response = await grace.goto(orderPath);
  expect(response?.status()).toBe(404);
  await expect(grace.getByRole('heading', { name: 'We could not find that order' })).toBeVisible();
  await expect(grace.getByText('Frankenstein')).toHaveCount(0);
  await other.close();
});
