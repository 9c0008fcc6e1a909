// Checks both ways of throttling against arithmetic: one 500 KB download under a profile that starts at 800 kbit/s and
// changes at 2 s. Expected: constant 800 → 5.0 s; 800 then 400 → 2 + 6 = 8.0 s; 800 then 1600 → 2 + 1.5 = 3.5 s.
// Usage: npx tsx bench/qoe/probeThrottle.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../test/browser/chromium.js';
import { startShapedServer } from './shapedServer.js';
import { startThrottle } from './throttleProfile.js';
import type { NetworkProfile } from './throttleProfile.js';

const BYTES = 500_000;
const body = Buffer.alloc(BYTES, 1);
const page = Buffer.from('<!doctype html><link rel="icon" href="data:,"><p>probe</p>');
const cases: { name: string; expectedS: number; profile: NetworkProfile }[] = [
  { name: '800 kbit/s constant', expectedS: 5, profile: { name: 'c', latencyMs: 40, steps: [{ kbps: 800, seconds: 60 }] } },
  { name: '800 → 400 kbit/s at 2 s', expectedS: 8, profile: { name: 'd', latencyMs: 40, steps: [{ kbps: 800, seconds: 2 }, { kbps: 400, seconds: 60 }] } },
  { name: '800 → 1600 kbit/s at 2 s', expectedS: 3.5, profile: { name: 'u', latencyMs: 40, steps: [{ kbps: 800, seconds: 2 }, { kbps: 1600, seconds: 60 }] } },
];

const timeFetch = (p: Page, url: string): Promise<number> =>
  p.evaluate(async (u) => {
    const t = performance.now();
    await (await fetch(u)).arrayBuffer();
    return performance.now() - t;
  }, url);

const plain = createServer((req, res) => {
  const html = (req.url ?? '').startsWith('/page');
  res.writeHead(200, { 'Content-Type': html ? 'text/html' : 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(html ? page : body);
});
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', () => resolve()));
const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
const shaped = await startShapedServer('/nonexistent', { 'page.html': { type: 'text/html', body: page }, 'blob.bin': { type: 'application/octet-stream', body } });
const browser = await launchChromium();
try {
  console.log('| case | expected s | CDP emulateNetworkConditions s | server-side shaping s |');
  console.log('|---|---|---|---|');
  for (const c of cases) {
    const cdpContext = await browser.newContext();
    const cdpPage = await cdpContext.newPage();
    await cdpPage.goto(`${plainUrl}/page`);
    // The profile's clock starts right before the download.
    const throttle = await startThrottle(await cdpContext.newCDPSession(cdpPage), c.profile);
    const cdpMs = await timeFetch(cdpPage, `${plainUrl}/blob?${Math.random()}`);
    throttle.stop();
    await cdpContext.close();
    const shapedContext = await browser.newContext();
    const shapedPage = await shapedContext.newPage();
    const pageLink = shaped.openLink({ name: 'fast', latencyMs: 0, steps: [{ kbps: 100_000, seconds: 60 }] });
    await shapedPage.goto(`${shaped.url}${pageLink.prefix}page.html`);
    const link = shaped.openLink(c.profile);
    const shapedMs = await timeFetch(shapedPage, `${shaped.url}${link.prefix}blob.bin`);
    shaped.closeLink(link.prefix);
    await shapedContext.close();
    console.log(`| ${c.name} | ${c.expectedS.toFixed(1)} | ${(cdpMs / 1000).toFixed(2)} | ${(shapedMs / 1000).toFixed(2)} |`);
  }
} finally {
  await browser.close();
  await shaped.close();
  plain.close();
}
