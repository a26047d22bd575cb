// Real: production build of the dashboard, the real API (apps/api, embedded defaults, two bundled models:
// FD001 and FD002) serving it, and Debian's Chromium. Faked: nothing; the C-MAPSS input file and the
// engines' telemetry are generated here (the six-condition history from the FD002 model card).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MODEL_DIRS,
  REPO_ROOT,
  buildAll,
  demoFleetSeeded,
  startApi,
  type RunningApi,
} from './support/api-server';
import { launchChromium } from './support/chromium';
import { cmapssCycles, cmapssText } from './support/cmapss-file';
import { cardTelemetry, type TelemetryCycle } from './support/condition-telemetry';

const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const SCREENSHOTS_MODEL = join(SCREENSHOTS, 'model.json');
const modelName = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'model-card.json'), 'utf8')) as { name: string }).name;
const FD001 = modelName(MODEL_DIRS.fd001);
const FD002 = modelName(MODEL_DIRS.fd002);
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

/** Creates (or extends) engine `id` with `cycles`; returns the engine as the API judged it. */
async function postTelemetry(id: string, cycles: TelemetryCycle[]) {
  const response = await fetch(`${api.baseUrl}/engines/${encodeURIComponent(id)}/telemetry`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cycles }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const engine = (await (await fetch(`${api.baseUrl}/engines/${encodeURIComponent(id)}`)).json()) as {
    engine: { prediction: { modelName: string | null; warnings: string[] } | null };
  };
  return engine.engine.prediction;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  buildAll();
  api = await startApi();
  await demoFleetSeeded(api);
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
    await page.getByRole('region', { name: 'Fleet summary' }).getByText('Models in service').waitFor();
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

  it('lists the engines of a remaining-life band picked on the histogram, and keeps it on reload', async () => {
    const summary = (await (await fetch(`${api.baseUrl}/fleet/summary`)).json()) as {
      total: number;
      bands: { from: number; to: number | null; count: number }[];
    };
    const index = summary.bands.findIndex((b) => b.count > 0);
    const band = summary.bands[index];
    if (!band) throw new Error('no band holds an engine');
    const range = band.to === null ? `${band.from} or more` : `${band.from}–${band.to}`;
    const engines = band.count === 1 ? 'engine' : 'engines';
    const { page, problems } = await openPage();
    const pages = page.getByRole('navigation', { name: 'Engine pages' });
    await pages.getByText(new RegExp(` of ${summary.total}$`)).waitFor();

    const histogram = page.getByRole('table', { name: 'Remaining life across the fleet' });
    const button = histogram.getByRole('button', {
      name: `Show the ${band.count} ${engines} with remaining life ${range} cycles`,
    });
    await button.focus();
    await page.keyboard.press('Enter');
    // The list total is the band's count: the first band is asked for without rulMin, as counted.
    await pages.getByText(new RegExp(` of ${band.count}$`)).waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    const params = new URL(page.url().replace('/#/', '/')).searchParams;
    expect(params.get('rulMin')).toBe(index > 0 || band.to === null ? String(band.from) : null);
    expect(params.get('rulMax')).toBe(band.to === null ? null : String(band.to));
    const filter = page.getByRole('group', { name: 'Remaining life' });
    await filter.waitFor();

    await page.reload();
    await pages.getByText(new RegExp(` of ${band.count}$`)).waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await filter.getByRole('button', { name: 'Clear the remaining-life filter' }).click();
    await pages.getByText(new RegExp(` of ${summary.total}$`)).waitFor();
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(problems).toEqual([]);
  });

  it('judges engines by the model their conditions fit, and flags one outside every model', async () => {
    // Sea-level (one-condition) telemetry goes to the FD001 model, six-condition telemetry to FD002.
    const fd001 = await postTelemetry('E2E-FD001', cmapssCycles({ unit: 1, cycles: 80 }));
    const outOfRange = ['SETTINGS_OUT_OF_RANGE', 'READINGS_OUT_OF_RANGE'];
    expect(fd001?.modelName).toBe(FD001);
    for (const code of outOfRange) expect(fd001?.warnings).not.toContain(code);
    const fd002 = await postTelemetry(
      'E2E-FD002',
      cardTelemetry(join(MODEL_DIRS.fd002, 'model-card.json'), 80),
    );
    expect(fd002?.modelName).toBe(FD002);
    for (const code of outOfRange) expect(fd002?.warnings).not.toContain(code);
    // A demo engine's readings at 60,000 ft and Mach 2: conditions neither model was trained on.
    const aloft = cmapssCycles({ unit: 2, cycles: 30 }).map((c) => ({ ...c, settings: [60, 2, 100] }));
    const outside = await postTelemetry('ALOFT-1', aloft);
    expect(outside?.warnings).toContain('SETTINGS_OUT_OF_RANGE');

    const { page, problems } = await openPage();
    await page.getByRole('heading', { level: 1, name: 'Fleet' }).waitFor();
    const table = page.getByRole('table', { name: 'Engines' });
    const row = (id: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name: id }) });
    await page.getByLabel('Engine name').fill('E2E-');
    await row('E2E-FD001').getByText('FD001 model').waitFor();
    await row('E2E-FD002').getByText('FD002 model').waitFor();
    expect(await row('E2E-FD002').getByText('FD002 model').getAttribute('title')).toBe(FD002);
    expect(await row('E2E-FD002').getByText('best fit').count()).toBe(1);

    // The model filter asks the API for the engines FD002 judges; it is kept in the URL.
    await page.getByLabel('Model', { exact: true }).selectOption(FD002);
    await row('E2E-FD001').waitFor({ state: 'detached' });
    await row('E2E-FD002').waitFor();
    expect(page.url()).toContain(`model=${FD002}`);
    await page.getByLabel('Model', { exact: true }).selectOption('');

    await page.getByLabel('Engine name').fill('ALOFT');
    await row('ALOFT-1').getByText('Model cannot judge').waitFor();
    await row('ALOFT-1').getByRole('link', { name: 'ALOFT-1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Engine ALOFT-1' }).waitFor();
    await page
      .getByRole('list', { name: 'Prediction warnings' })
      .getByText(/^Unknown operating conditions: the model could not judge this history/)
      .waitFor();

    // Judging the six-condition engine by the FD001 model instead: it is re-predicted, and flagged.
    await page.goto(`${api.baseUrl}/#/engines/E2E-FD002`);
    const panel = page.getByRole('region', { name: 'Model', exact: true });
    await panel.getByText(`${FD002} made the latest prediction`).waitFor();
    await panel.getByLabel('Judge this engine by').selectOption(FD001);
    await panel.getByRole('button', { name: 'Change model' }).click();
    await panel.getByRole('status').getByText(`Engine E2E-FD002 is now judged by ${FD001}`).waitFor();
    await panel.getByText('(assigned)').waitFor();
    await page
      .getByRole('list', { name: 'Prediction warnings' })
      .getByText(/^Unknown operating conditions/)
      .waitFor();
    const history = page.getByRole('table', { name: 'Prediction history' });
    await history.getByText('FD001 model').first().waitFor();
    await history.getByText('FD002 model').first().waitFor();
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
    // One section per model name; the FD002 model's versions are not in the FD001 one.
    await page.getByRole('region', { name: FD002, exact: true }).getByText('Active version').waitFor();
    const section = page.getByRole('region', { name: FD001, exact: true });
    const registry = section.getByRole('table', { name: `Versions of ${FD001}` });
    await registry.waitFor();
    await registry.getByRole('button', { name: `Compare ${version}`, exact: true }).click();
    const comparison = section.getByRole('region', {
      name: `Compare ${version} with the active ${card.version}`,
    });
    await comparison.getByRole('table').waitFor();
    await comparison
      .getByRole('row', { name: /Capped RMSE/ })
      .getByText('±0 (same)')
      .waitFor();
    await registry.getByText(/FD001/).first().waitFor();
    await shot(page, 'models');

    await comparison.getByRole('button', { name: `Activate ${version}…` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Activate version ${version} of ${FD001}?` });
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByText(`Version ${version} of ${FD001} is now in service`).waitFor({ timeout: 60_000 });
    const active = await (await fetch(`${api.baseUrl}/models/active`)).json();
    expect((active as { version: string }).version).toBe(version);
    // The other name still serves its own version.
    const served = (await (await fetch(`${api.baseUrl}/models/served`)).json()) as {
      items: { name: string; version: string }[];
    };
    expect(served.items.map((m) => m.name)).toEqual([FD001, FD002]);
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
    expect(await table.getByText('FD001 model').count()).toBe(ENGINES.length);
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
    const model = page.getByRole('region', { name: 'Models in service' });
    const served = model.getByRole('table', { name: 'Served models' });
    await served.getByRole('rowheader', { name: FD002 }).waitFor();
    expect(await served.getByRole('rowheader').allTextContents()).toEqual([`${FD001} default`, FD002]);
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
      EXTRA_MODEL_DIRS: '',
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
      await page.getByRole('region', { name: 'Models in service' }).getByText('Golden check').waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('rul.apiKey'))).toBe(key);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
    } finally {
      await secured.stop();
    }
  });
});
