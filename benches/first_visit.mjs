// What a shopper feels on a first visit (issue 22): Chromium, an empty
// cache, and, unless --fast, a slow phone emulated through the DevTools
// protocol (CPU 4x slower, 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s
// up, as Lighthouse's "slow 4G"). For each page: the first contentful paint,
// the time until it is interactive (the app marks <html data-hydrated> once
// hydrated), and the bytes the browser received; median of RUNS fresh visits.
//
//   node benches/first_visit.mjs ORIGIN [--fast] [RUNS] [PATH...]
// Prints one JSON line: {profile, runs, pages: [{path, fcp_ms, interactive_ms, bytes}]}.
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const args = process.argv.slice(2);
const origin = args.shift();
const fast = args[0] === '--fast' && args.shift();
const runs = Number(args[0]) > 0 ? Number(args.shift()) : 3;
const paths = args.length ? args : ['/', '/books?q=the'];
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const SLOW_PHONE = { cpu: 4, latency: 150, down: (1.6 * 1024 * 1024) / 8, up: (750 * 1024) / 8 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });

async function visit(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (!fast) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_PHONE.cpu });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW_PHONE.latency,
      downloadThroughput: SLOW_PHONE.down,
      uploadThroughput: SLOW_PHONE.up,
    });
  }
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  // Times from the navigation's start, taken in the page.
  await page.addInitScript(() => {
    // The document is still empty here: watch all of it for the marker.
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated === 'true') {
        window.__interactiveAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  await page.goto(origin + path, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => window.__interactiveAt !== undefined, null, { timeout: 120_000 });
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    interactive: window.__interactiveAt,
  }));
  await context.close();
  return { ...timing, bytes };
}

const pages = [];
for (const path of paths) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) samples.push(await visit(path));
  pages.push({
    path,
    fcp_ms: Math.round(median(samples.map((s) => s.fcp))),
    interactive_ms: Math.round(median(samples.map((s) => s.interactive))),
    bytes: median(samples.map((s) => s.bytes)),
  });
}
await browser.close();
console.log(JSON.stringify({ profile: fast ? 'unthrottled' : 'slow phone (CPU 4x, 150 ms RTT, 1.6 Mbit/s)', runs, pages }));
