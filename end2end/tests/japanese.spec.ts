import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, idpOrigin, waitForHydration } from './helpers';
import { waitForMail } from './mail';

// Its own customer, so the order it places is in no other test's list.
const ALAN = { username: 'alan', password: 'bookstore-alan', name: 'alan', email: 'alan@bookstore.test' };

/** Saves a screenshot of the whole page in the test's output folder. */
async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test.describe('a browser that prefers Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('shops in Japanese: searches 猫, signs in (the provider speaks Japanese), checks out, reads the order date the Japanese way', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('手元に置きたい本を');
    await waitForHydration(page);
    await expectAccessible(page, 'Japanese home page');
    await snap(page, testInfo, 'home-ja');

    // Search: a one-character Japanese word finds the title that contains it.
    await page.getByLabel('カタログを検索').fill('猫');
    await page.getByRole('button', { name: '検索' }).click();
    await page.waitForURL(/\/books\?q=/);
    await expect(page.getByTestId('results-summary')).toHaveText('「猫」に一致する本：1冊');
    const card = page.getByTestId('book-card').filter({ hasText: '吾輩は猫である' });
    await expect(card).toContainText('9.99ドル');
    await waitForHydration(page);
    await expectAccessible(page, 'Japanese search');
    await snap(page, testInfo, 'search-ja');

    await card.getByRole('link', { name: '吾輩は猫である' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('吾輩は猫である');
    await expect(page.getByTestId('book-price')).toHaveText('9.99ドル');
    await expect(page.locator('.facts')).toContainText('日本語');
    await snap(page, testInfo, 'book-ja');
    await page.getByRole('button', { name: /カートに入れる/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'カートに追加しました' })).toBeVisible();

    await page.getByTestId('cart-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('カート');
    await expect(page.getByTestId('cart-total')).toHaveText('9.99ドル');
    await waitForHydration(page);
    await expectAccessible(page, 'Japanese cart');
    await snap(page, testInfo, 'cart-ja');

    // Checkout needs an account: the provider's page is in Japanese too.
    await page.getByRole('link', { name: 'ご注文手続きへ' }).click();
    await page.getByRole('link', { name: 'Logtoで続ける' }).click();
    await page.waitForURL((url) => url.origin === idpOrigin);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.getByRole('heading', { name: 'サインイン' })).toBeVisible();
    await page.getByLabel('ユーザー名またはメールアドレス').fill(ALAN.username);
    await page.getByLabel('パスワード').fill('not-the-password');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect(page.getByRole('alert')).toContainText('パスワードが違います');
    await snap(page, testInfo, 'provider-sign-in-ja');
    await page.getByLabel('パスワード').fill(ALAN.password);
    await page.getByRole('button', { name: 'サインイン' }).click();

    await page.waitForURL('/checkout');
    await expect(page.getByTestId('user-menu')).toContainText(`サインイン中：${ALAN.name}`);
    await expect(page.getByTestId('checkout-total')).toHaveText('9.99ドル');
    await waitForHydration(page);
    await page.getByLabel('氏名').fill('夏目 金之助');
    await page.getByLabel('住所（番地・建物名）').fill('早稲田南町7');
    await page.getByLabel('市区町村').fill('新宿区');
    await page.getByLabel('郵便番号').fill('162-0043!');
    await page.getByLabel('国').fill('日本');
    await page.getByRole('button', { name: '注文を確定する' }).click();
    await expect(page.getByText('郵便番号には英数字・スペース・ハイフンのみ使えます。')).toBeVisible();
    await expectAccessible(page, 'Japanese checkout');
    await snap(page, testInfo, 'checkout-ja');
    await page.getByLabel('郵便番号').fill('162-0043');
    await page.getByRole('button', { name: '注文を確定する' }).click();

    await expect(page.getByTestId('order-placed')).toContainText('ご注文を承りました');
    const today = new Date();
    const japaneseDate = `${today.getUTCFullYear()}年${today.getUTCMonth() + 1}月${today.getUTCDate()}日`;
    await expect(page.getByTestId('order-date')).toContainText(`注文日：${japaneseDate}`);
    await expect(page.getByTestId('order-lines')).toContainText('1 × 吾輩は猫である');
    // The confirmation is in Japanese too, its subject encoded for mail headers.
    const orderId = new URL(page.url()).pathname.split('/').pop();
    const mail = await waitForMail(ALAN.email, `Bookstore ご注文番号 ${orderId} の確認`);
    expect(mail.headerLines.find((h) => h.startsWith('Subject:'))).toMatch(/=\?utf-8\?/i);
    expect(mail.text).toContain('夏目 金之助 様、ご注文ありがとうございます。');
    expect(mail.text).toContain('吾輩は猫である × 1');
    expect(mail.text).toContain('9.99ドル');
    expect(mail.html).toContain('lang="ja"');
    await expectAccessible(page, 'Japanese order');
    await snap(page, testInfo, 'order-ja');
  });
});

test.describe('error pages in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('a failed sign-in and a missing book say what happened in Japanese, with the right status', async ({ page }, testInfo) => {
    const failed = await page.goto('/callback/failed?reason=cancelled&error=access_denied');
    expect(failed?.status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('サインインはキャンセルされました');
    await expect(page.getByRole('alert')).toContainText('サインインサービスからの応答：access_denied');
    await expect(page.getByRole('link', { name: 'もう一度サインインする' })).toBeVisible();
    await waitForHydration(page);
    await expectAccessible(page, 'Japanese sign-in failure');
    await snap(page, testInfo, 'sign-in-failed-ja');

    const missing = await page.goto('/books/999999');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('その本は見つかりませんでした');
    await expect(page).toHaveTitle('本が見つかりません — Bookstore');
  });
});

test.describe('without JavaScript', () => {
  test.use({ locale: 'ja-JP', javaScriptEnabled: false });

  test('the header switches the shop to English and back, and the choice is remembered', async ({ page }) => {
    await page.goto('/books?q=%E7%8C%AB');
    await expect(page.getByTestId('results-summary')).toHaveText('「猫」に一致する本：1冊');
    const switcher = page.getByRole('form', { name: '言語' });
    await switcher.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(/\/books\?q=/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('results-summary')).toHaveText('1 book matches \u201c猫\u201d');
    await expect(page.getByTestId('book-card')).toContainText('$9.99');

    // Remembered: another page, still English although the browser prefers Japanese.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Books worth keeping');
    await page.getByRole('form', { name: 'Language' }).getByRole('button', { name: '日本語' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('手元に置きたい本を');
  });
});
