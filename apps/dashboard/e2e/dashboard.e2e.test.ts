// Real: production build of the dashboard, the real API (apps/api, embedded defaults and bundled model) serving it,
// and Debian's Chromium. Faked: nothing; the C-MAPSS input file is generated here.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, buildAll, startApi, type RunningApi } from './support/api-server';
import { launchChromium } from './support/chromium';
import { cmapssText } from './support/cmapss-file';

const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const SCREENSHOTS_MODEL = join(SCREENSHOTS, 'model.json');
const ENGINES = [
  { unit: 1, cycles: 31 },
  { unit: 2, cycles: 64 },
  { unit: 3, cycles: 120 },
  { unit: 4, cycles: 150 },
  { unit: 5, cycles: 190 },
];

let api: RunningApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openPage(
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; baseUrl?: string } = {},
) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error')
      problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${options.baseUrl ?? api.baseUrl}/`);
  return { page, problems };
}

async function view(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true }).click();
}

async function uploadAndPredict(page: Page) {
  await view(page, 'Predict');
  await page.getByLabel('Upload a C-MAPSS text file or CSV').setInputFiles({
    name: 'fleet_FD001.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(cmapssText(ENGINES)),
  });
  await page.getByText('Loaded fleet_FD001.txt').waitFor();
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await page.getByRole('heading', { name: `${ENGINES.length} engines predicted` }).waitFor();
}

/** Re-sends the engine's last reading as `count` new cycles, one request each (one prediction each). */
async function extendTelemetry(id: string, count: number) {
  const path = `${api.baseUrl}/engines/${encodeURIComponent(id)}/telemetry`;
  const stored = (await (await fetch(path)).json()) as {
    cycles: { cycle: number; settings: number[]; sensors: number[] }[];
  };
  const last = stored.cycles.at(-1);
  if (!last) throw new Error(`engine ${id} has no telemetry`);
  for (let k = 1; k <= count; k++) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        cycles: [{ cycle: last.cycle + k, settings: last.settings, sensors: last.sensors }],
      }),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
  }
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  buildAll();
  api = await startApi();
  // Which model the screenshots show; test/screenshots-current.test.ts compares it with the bundled one.
  const served = (await (await fetch(`${api.baseUrl}/models/active`)).json()) as {
    name: string;
    version: string;
  };
  writeFileSync(
    SCREENSHOTS_MODEL,
    `${JSON.stringify({ name: served.name, version: served.version }, null, 2)}\n`,
  );
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await api?.stop();
});

describe('dashboard in a real browser against the real API', () => {
  it('opens the seeded fleet, then one engine with its RUL chart, sensors and history', async () => {
    // The demo fleet arrives in one batch per engine (one prediction each); a few more cycles sent one at
    // a time give the engine a prediction history to draw.
    const lowest = (await (await fetch(`${api.baseUrl}/engines?sort=rul&order=asc&limit=1`)).json()) as {
      items: { id: string }[];
    };
    const id = lowest.items[0]?.id ?? '';
    await extendTelemetry(id, 12);

    const { page, problems } = await openPage();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    const table = page.getByRole('table', { name: 'Engines' });
    await table.waitFor();
    expect(await table.getByRole('rowheader').count()).toBeGreaterThan(0);
    await page.getByRole('region', { name: 'Fleet summary' }).getByText('Model in service').waitFor();
    await page.getByText('Live updates').waitFor();
    await shot(page, 'fleet');

    await table.getByRole('link', { name: id, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Engine ${id}` }).waitFor();
    const latest = page.getByRole('region', { name: 'Latest prediction' });
    await latest.getByText('At cycle').waitFor();
    const rul = page.getByRole('img', { name: /predicted remaining useful life of engine/i });
    await rul.locator('canvas').waitFor();
    await page
      .getByRole('img', { name: /sensor readings of engine/i })
      .locator('canvas')
      .waitFor();
    await page.getByRole('table', { name: 'Prediction history' }).waitFor();
    await shot(page, 'engine');

    // Recording the failure (after confirming) gives the fleet run-to-failure data to train on.
    const lastCycle = await page.getByLabel('Failure cycle').inputValue();
    await page.getByRole('button', { name: 'Record failure…' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Record a failure of engine ${id}?` });
    await dialog.getByRole('button', { name: 'Record failure', exact: true }).click();
    await page.getByText(`Failure recorded at cycle ${lastCycle}.`).waitFor();
    await page.getByRole('region', { name: 'Latest prediction' }).getByText('Failed').waitFor();
    expect(problems).toEqual([]);
  });

  it('flags an engine whose history the model cannot judge, in the fleet and on its page', async () => {
    // A demo engine's readings flown at 35,000 ft, Mach 0.84: a condition the FD001 model never saw.
    const anyEngine = (await (await fetch(`${api.baseUrl}/engines?sort=id&limit=1`)).json()) as {
      items: { id: string }[];
    };
    const source = `${api.baseUrl}/engines/${encodeURIComponent(anyEngine.items[0]?.id ?? '')}/telemetry`;
    const stored = (await (await fetch(source)).json()) as {
      cycles: { cycle: number; settings: number[]; sensors: number[] }[];
    };
    const aloft = stored.cycles.slice(-30).map((c, i) => ({
      cycle: i + 1,
      settings: [35.0019, 0.8404, 100],
      sensors: c.sensors,
    }));
    const posted = await fetch(`${api.baseUrl}/engines/ALOFT-1/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cycles: aloft }),
    });
    expect(posted.status, await posted.clone().text()).toBe(200);

    const { page, problems } = await openPage();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    await page.getByLabel('Engine name').fill('ALOFT');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ALOFT-1' }) });
    await row.getByText('Model cannot judge').waitFor();
    await row.getByRole('link', { name: 'ALOFT-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Engine ALOFT-1' }).waitFor();
    await page
      .getByRole('list', { name: 'Prediction warnings' })
      .getByText(/^Unknown operating conditions: the model could not judge this history/)
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('registers a second model version, compares it and activates it after confirmation', async () => {
    const card = JSON.parse(readFileSync(join(REPO_ROOT, 'models/default/model-card.json'), 'utf8')) as {
      version: string;
    };
    const version = `${card.version}-e2e`;
    const onnx = readFileSync(join(REPO_ROOT, 'models/default/model.onnx')).toString('base64');
    const registered = await fetch(`${api.baseUrl}/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ card: { ...card, version }, onnx }),
    });
    expect(registered.status, await registered.clone().text()).toBeLessThan(300);

    const { page, problems } = await openPage();
    await view(page, 'Models');
    const registry = page.getByRole('table', { name: 'Model registry' });
    await registry.waitFor();
    await registry.getByRole('button', { name: `Compare ${version} with the active model` }).click();
    const comparison = page.getByRole('region', { name: new RegExp(`Compare ${version}`) });
    await comparison.getByRole('table').waitFor();
    await registry.getByText(/FD001/).first().waitFor();
    await shot(page, 'models');

    await comparison.getByRole('button', { name: `Activate ${version}…` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Activate model ${version}?` });
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByText(`Version ${version} is now in service`).waitFor({ timeout: 60_000 });
    const active = await (await fetch(`${api.baseUrl}/models/active`)).json();
    expect((active as { version: string }).version).toBe(version);
    await registry
      .getByRole('row', { name: new RegExp(version) })
      .getByText('Active')
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('starts a training job on the fleet’s recorded failures and follows it', async () => {
    const { page, problems } = await openPage();
    await view(page, 'Training');
    await page.getByText('No training job yet').waitFor();
    await page.getByLabel('Epochs', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Start training' }).click();
    // No trainer worker runs here, so the job stays queued; its panel and the jobs list show it.
    await page
      .getByRole('region', { name: /^Training job / })
      .getByText('queued')
      .waitFor();
    await page.getByRole('table', { name: 'Training jobs' }).waitFor();
    await shot(page, 'training');
    expect(problems).toEqual([]);
  });

  it('predicts every engine of an uploaded C-MAPSS file and shows them in a table and a chart', async () => {
    const { page, problems } = await openPage();
    await uploadAndPredict(page);
    const table = page.getByRole('table', { name: 'Predictions per engine' });
    const units = await table.getByRole('rowheader').allTextContents();
    expect(units).toEqual(ENGINES.map((e) => String(e.unit)));
    const lastCycles = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(lastCycles).toEqual(ENGINES.map((e) => String(e.cycles)));
    const chart = page.getByRole('img', { name: /predicted remaining useful life per engine/i });
    expect(await chart.locator('canvas').count()).toBe(1);
    await shot(page, 'predict');
    expect(problems).toEqual([]);
  });

  it('shows the API’s error next to the input with the line at fault', async () => {
    const { page } = await openPage();
    await view(page, 'Predict');
    const lines = cmapssText([{ unit: 9, cycles: 4 }]).split('\n');
    lines[2] = (lines[2] ?? '').replace(/^(\S+ \S+ \S+) \S+/, '$1 abc');
    await page.getByLabel('Engine histories').fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Line 3/);
    expect(await page.getByLabel('Engine histories').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows readiness, the model in service and links on the System view', async () => {
    const { page, problems } = await openPage();
    await view(page, 'System');
    const readiness = page.getByRole('region', { name: 'API readiness' });
    await readiness.getByText('Ready', { exact: true }).waitFor();
    const model = page.getByRole('region', { name: 'Model in service' });
    await model
      .getByRole('table', { name: 'Validation metrics' })
      .or(model.getByText('lists no validation metrics'))
      .waitFor();
    expect(await page.getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe(
      `${api.baseUrl}/docs`,
    );
    await page
      .getByRole('region', { name: 'Input drift per channel' })
      .getByRole('table', { name: 'Drift per input channel' })
      .or(page.getByText('No fleet telemetry yet'))
      .waitFor();
    await shot(page, 'system');
    expect(problems).toEqual([]);
  });

  it('follows a dark OS theme and fits a tablet screen', async () => {
    const dark = await openPage({ colorScheme: 'dark' });
    await uploadAndPredict(dark.page);
    const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(17, 21, 27)');
    await shot(dark.page, 'predict-dark');

    const tablet = await openPage({ width: 820, height: 1180 });
    await uploadAndPredict(tablet.page);
    const overflow = await tablet.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(tablet.page, 'predict-tablet');

    // Wide tables scroll inside their panel; the page itself never scrolls sideways.
    for (const [name, file] of [
      ['Fleet', 'fleet-tablet'],
      ['Models', 'models-tablet'],
    ] as const) {
      await view(tablet.page, name);
      await tablet.page.getByRole('table').first().waitFor();
      if (name === 'Models') await tablet.page.getByRole('table').getByText(/FD001/).first().waitFor();
      const wide = await tablet.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(wide, `${name} overflows at tablet width`).toBeLessThanOrEqual(0);
      await shot(tablet.page, file);
    }
    await view(dark.page, 'Fleet');
    await dark.page.getByRole('table', { name: 'Engines' }).waitFor();
    await shot(dark.page, 'fleet-dark');
  });

  it('asks for an API key when the API requires one and sends it as a bearer token', async () => {
    const key = 'rul_e2e_dashboard_key';
    const secured = await startApi({
      AUTH_MODE: 'required',
      API_KEYS: `dashboard-e2e:read:${createHash('sha256').update(key).digest('hex')}`,
    });
    try {
      // The Fleet view opens first; its first request meets the 401.
      const { page } = await openPage({ baseUrl: secured.baseUrl });
      const dialog = page.getByRole('dialog', { name: 'API key required' });
      await dialog.waitFor();
      await dialog.getByLabel('API key').fill(key);
      await dialog.getByRole('button', { name: 'Use key' }).click();
      await page.getByRole('table', { name: 'Engines' }).waitFor();
      await view(page, 'System');
      await page.getByRole('region', { name: 'Model in service' }).getByText('Golden check').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('rul.apiKey'))).toBe(key);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
    } finally {
      await secured.stop();
    }
  });
});
