// What the app sent, read from the mail catcher (mail/catcher.mjs) the
// Playwright config starts and the app sends to over SMTP.
import { expect } from '@playwright/test';

export const mailOrigin = `http://127.0.0.1:${process.env.E2E_MAIL_PORT}`;

export interface Mail {
  id: number;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  contentType: string;
  text: string;
  html: string;
  headerLines: string[];
}

async function messagesTo(address: string): Promise<Mail[]> {
  const response = await fetch(`${mailOrigin}/messages.json?to=${encodeURIComponent(address)}`);
  return (await response.json()) as Mail[];
}

/** Waits (up to 15 s: the app's mail worker looks every 2 s) for a message to `address` whose subject matches. */
export async function waitForMail(address: string, subject: RegExp | string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(async () => {
      const all = await messagesTo(address);
      found = all.reverse().find((m) => (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)));
      return Boolean(found);
    }, { timeout: 15_000, intervals: [250, 500, 1000] })
    .toBe(true);
  return found!;
}

/** How many messages `address` has received whose subject matches. */
export async function countMail(address: string, subject: RegExp): Promise<number> {
  return (await messagesTo(address)).filter((m) => subject.test(m.subject)).length;
}
