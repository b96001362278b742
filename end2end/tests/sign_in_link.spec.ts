// A shopper who forgot their password at checkout asks for a sign-in link
// by e-mail, follows it, and is back at the checkout, signed in, with the
// cart; the link works once. (Logto one-time tokens; the dev provider has them too.)
import { test, expect } from '@playwright/test';
import { GRACE, expectAccessible, expectSignedInAs, waitForHydration } from './helpers';
import { waitForMail } from './mail';

function linkIn(text: string): string {
  const match = text.match(/https?:\/\/\S+\/sign-in\/link\?k=[A-Za-z0-9_-]+/);
  expect(match, text).not.toBeNull();
  return match![0];
}

test('a signed-out visitor gets a sign-in link at checkout and comes back signed in with the cart', async ({ page, browser }) => {
  await page.goto('/books?q=dracula');
  await waitForHydration(page);
  const card = page.getByTestId('book-card').filter({ hasText: 'Dracula' });
  await card.getByRole('button', { name: /Add to cart/ }).click();
  await expect(page.getByTestId('cart-link')).toContainText('1');

  await page.getByTestId('cart-link').click();
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await page.waitForURL(/\/sign-in\/choose\?return_to=%2Fcheckout|\/sign-in\/choose\?return_to=\/checkout/);
  await expect(page.getByRole('heading', { name: 'No password? Get a sign-in link' })).toBeVisible();
  await page.getByLabel('E-mail address').fill(GRACE.email);
  await page.getByRole('button', { name: 'E-mail me a link' }).click();
  await expect(page.getByTestId('email-link-notice')).toContainText('a sign-in link is on its way');
  await expectAccessible(page, 'sign-in link sent');

  const mail = await waitForMail(GRACE.email, 'Your Bookstore sign-in link');
  expect(mail.html).not.toMatch(/<img|<script/);
  const link = linkIn(mail.text);
  await page.goto(link);
  await page.waitForURL('/checkout');
  await expectSignedInAs(page, GRACE.name);
  await expect(page.getByTestId('checkout-total')).toHaveText('$9.99');

  // Used once: the link now says so, in this browser and any other.
  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto(link);
  await expect(phone.getByRole('heading', { name: 'This sign-in link no longer works' })).toBeVisible();
  await other.close();
});

test('a link opened in another browser asks before it signs that browser in', async ({ page, browser }) => {
  await page.goto('/sign-in/choose?return_to=/checkout');
  const address = `reader-${Date.now()}@readers.test`;
  await page.getByLabel('E-mail address').fill(address);
  await page.getByRole('button', { name: 'E-mail me a link' }).click();
  await expect(page.getByTestId('email-link-notice')).toContainText('a sign-in link is on its way');
  const link = linkIn((await waitForMail(address, 'Your Bookstore sign-in link')).text);

  const other = await browser.newContext();
  const phone = await other.newPage();
  await phone.goto(link);
  await expect(phone.getByRole('heading', { name: 'Sign in in this browser?' })).toBeVisible();
  await expect(phone.getByText('r…@readers.test')).toBeVisible();
  await expectAccessible(phone, 'sign-in link confirmation');
  await phone.getByRole('button', { name: 'Sign in here' }).click();
  await phone.waitForURL('/checkout');
  // A new address: the provider registered a new customer.
  await expect(phone.getByTestId('user-menu')).toContainText('Signed in as');
  await other.close();
});
