/**
 * The Fleet view's first render in Chromium against a running API that serves the built dashboard:
 * for each run a fresh browser context (nothing cached) opens /fleet, and the page itself records,
 * in ms since navigation started, when the first engine row and the first remaining-life band are
 * laid out, plus the longest main-thread task until then (a frozen page shows up there). Used by the
 * API's fleet bench; prints one `FIRST_RENDER {json}` line.
 *   tsx scripts/first-render.ts <api base URL> [runs]
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/chromium';

const [baseUrl, runsArg] = process.argv.slice(2);
if (!baseUrl) {
  process.stderr.write('usage: tsx scripts/first-render.ts <api base URL> [runs]\n');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const TIMEOUT_MS = 30_000;

/** ms since navigation start at which the first row of the table under the heading is laid out. */
function firstRowOf(page: Page, heading: RegExp): Promise<number> {
  return page
    .waitForFunction(
      (source) => {
        const pattern = new RegExp(source, 'i');
        const title = [...document.querySelectorAll('h2')].find((h) => pattern.test(h.textContent ?? ''));
        const row = title?.closest('section')?.querySelector('tbody tr');
        return row && row.getBoundingClientRect().height > 0 ? performance.now() : null;
      },
      heading.source,
      { polling: 'raf', timeout: TIMEOUT_MS },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);
}

interface RunResult {
  rowsMs: number;
  histogramMs: number | null;
  longestTaskMs: number;
}

const browser = await launchChromium();
const results: RunResult[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { longestTask: number };
      w.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longestTask = Math.max(w.longestTask, entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${baseUrl.replace(/\/$/, '')}/fleet`, { waitUntil: 'commit' });
    const [rowsMs, histogramMs] = await Promise.all([
      firstRowOf(page, /^engines$/),
      // A dashboard without the histogram says so (null) rather than failing the run.
      firstRowOf(page, /remaining life across the fleet/).catch(() => null),
    ]);
    const longestTaskMs = await page.evaluate(
      () => (window as unknown as { longestTask: number }).longestTask,
    );
    results.push({ rowsMs, histogramMs, longestTaskMs });
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(`FIRST_RENDER ${JSON.stringify({ runs: results })}\n`);
