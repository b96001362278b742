import { test, expect, type Page } from '@playwright/test';

// How the catalog sets its text: a book title breaks between words (or at
// a hyphen), never inside a word, in every card of the catalog, on a wide
// screen (three narrow cards a row) and on a phone.

/** The words of card titles that the browser laid out over more than one line. */
async function wordsSplitAcrossLines(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const split: string[] = [];
    for (const link of document.querySelectorAll('.book-card__title a')) {
      const text = link.firstChild;
      if (!(text instanceof Text)) continue;
      for (const match of text.data.matchAll(/\S+/g)) {
        if (match[0].includes('-')) continue; // "gentleman-cambrioleur" may break at its hyphen
        const range = document.createRange();
        range.setStart(text, match.index!);
        range.setEnd(text, match.index! + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
    return split;
  });
}

for (const { width, pages } of [{ width: 1280, pages: 14 }, { width: 390, pages: 3 }]) {
  test(`book titles break between words at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    let cards = 0;
    for (let n = 1; n <= pages; n += 1) {
      await page.goto(`/books?sort=title&page=${n}`);
      cards += await page.getByTestId('book-card').count();
      expect(await wordsSplitAcrossLines(page), `page ${n}`).toEqual([]);
    }
    expect(cards).toBeGreaterThan(width === 1280 ? 300 : 60);
  });
}

// The header's links keep their labels whole in Japanese, where a label may
// otherwise break between any two characters: for staff signed in (the
// longest header, with Admin and the account area), wide and on a phone.
test.describe('in Japanese', () => {
  test.use({ locale: 'ja-JP', extraHTTPHeaders: { 'Accept-Language': 'ja' } });
  test("the header's links keep their labels on one line", async ({ page }) => {
    await page.goto('/books');
    await page.getByTestId('user-menu').getByRole('link', { name: 'サインイン' }).click();
    await page.getByRole('link', { name: 'Logtoで続ける' }).click();
    await page.getByLabel('ユーザー名またはメールアドレス').fill('ada');
    await page.getByLabel('パスワード').fill('bookstore-ada');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.waitForURL('/books');
    const nav = page.getByRole('navigation', { name: 'メイン' });
    await expect(nav.getByRole('link', { name: '管理' })).toBeVisible();
    for (const width of [1280, 1024, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const links = await nav
        .getByRole('link')
        .evaluateAll((links) => links.map((link) => [link.textContent, link.getBoundingClientRect().height]));
      expect(links.length).toBeGreaterThan(4);
      for (const [label, height] of links) {
        expect(height as number, `${label} at ${width} px is on one line`).toBeLessThan(40);
      }
    }
  });
});
