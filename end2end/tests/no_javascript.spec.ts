import { test, expect } from '@playwright/test';
import { ADA, expectSignedInAs, expectSignedOut, startFromHeader, submitCredentials } from './helpers';

test.use({ javaScriptEnabled: false });

test('the home page is complete without JavaScript, signed out and signed in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Books worth keeping' })).toBeVisible();
  await expect(page.getByTestId('home-status')).toHaveText('You are not signed in.');
  await expectSignedOut(page);

  await startFromHeader(page);
  await submitCredentials(page, ADA.username, ADA.password);
  await page.waitForURL('/');
  await expectSignedInAs(page, ADA.name);
  await expect(page.getByTestId('home-status')).toContainText(`You are signed in as ${ADA.name}`);
});
