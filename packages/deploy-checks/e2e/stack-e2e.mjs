/* global fetch, console, process, setTimeout */
// End-to-end checks against a running stack, through the edge like a real client. Real: every
// service of the stack. Faked: nothing. Runs on the host (scripts/smoke.sh) or in the e2e container
// (docker-compose.test.yml). Exit code 0 only when every check passes.
//   E2E_BASE_URL         the edge, e.g. http://127.0.0.1:8080
//   E2E_PROMETHEUS_URL   Prometheus, e.g. http://127.0.0.1:9090
//   E2E_API_KEY          a key accepted by the API (sent as Authorization: Bearer)
//   E2E_EXPECT_API_REPLICAS  how many api targets Prometheus must see up
//   E2E_EXPECT_DASHBOARD 0 to report the dashboard check as skipped
const base = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
const prometheus = process.env.E2E_PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const apiKey = process.env.E2E_API_KEY ?? '';
const replicas = Number(process.env.E2E_EXPECT_API_REPLICAS ?? '1');
const expectDashboard = process.env.E2E_EXPECT_DASHBOARD !== '0';

let failures = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    console.log(`ok    ${name}${detail ? ` (${detail})` : ''} [${Date.now() - started} ms]`);
  } catch (err) {
    failures += 1;
    console.log(`FAIL  ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
async function retry(fn, { attempts = 30, delayMs = 2000 } = {}) {
  for (let i = 1; ; i += 1) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** A plausible C-MAPSS FD001 history: 3 settings and 21 sensors per cycle, slowly degrading. */
function history(n) {
  const sensors = [
    518.67, 642.5, 1590, 1400, 14.62, 21.61, 553.5, 2388.1, 9050, 1.3, 47.5, 521.5, 2388.1, 8140, 8.44, 0.03,
    392, 2388, 100, 38.8, 23.3,
  ];
  return Array.from({ length: n }, (_, i) => ({
    cycle: i + 1,
    settings: [0.0005 * Math.sin(i), 0.0002, 100],
    sensors: sensors.map((v, j) => v * (1 + (j % 3 === 0 ? 0.00005 : -0.00003) * i)),
  }));
}

const auth = apiKey ? { authorization: `Bearer ${apiKey}` } : {};

await check('edge /healthz', async () => {
  const res = await fetch(`${base}/healthz`);
  assert(res.status === 200, `status ${res.status}`);
});

await check('API readiness through the edge', async () => {
  const res = await retry(async () => {
    const r = await fetch(`${base}/api/health/ready`);
    assert(r.status === 200, `status ${r.status}`);
    return r;
  });
  return `status ${res.status}`;
});

await check('POST /api/predict through the edge', async () => {
  const res = await fetch(`${base}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ unit: 'e2e-1', cycles: history(60), horizons: [10, 30] }),
  });
  const body = await res.json();
  assert(res.status === 200, `status ${res.status}: ${JSON.stringify(body)}`);
  assert(
    Number.isFinite(body.rul) && body.interval.lower <= body.rul && body.rul <= body.interval.upper,
    `bad prediction ${JSON.stringify(body)}`,
  );
  return `rul ${body.rul.toFixed(1)} in [${body.interval.lower.toFixed(1)}, ${body.interval.upper.toFixed(1)}], model ${body.model.version}`;
});

await check('unauthenticated /api/predict is refused', async () => {
  const res = await fetch(`${base}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cycles: history(5) }),
  });
  assert(res.status === 401, `status ${res.status}`);
});

await check('/api/metrics is not exposed by the edge', async () => {
  const res = await fetch(`${base}/api/metrics`);
  assert(res.status === 404, `status ${res.status}`);
});

await check('dashboard loads through the edge (index, hashed asset, SPA fallback)', async () => {
  if (!expectDashboard) return 'SKIPPED: the dashboard is not part of this run';
  const res = await fetch(`${base}/`);
  const html = await res.text();
  assert(res.status === 200 && /<html/i.test(html), `status ${res.status}`);
  for (const h of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'])
    assert(res.headers.get(h), `missing ${h}`);
  const asset = /(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert(asset, 'no hashed script in index.html');
  const a = await fetch(`${base}/${asset}`, { headers: { 'accept-encoding': 'gzip' } });
  assert(a.status === 200, `asset status ${a.status}`);
  assert(/immutable/.test(a.headers.get('cache-control') ?? ''), 'asset not immutable');
  const deep = await fetch(`${base}/engines/some-engine`);
  assert(deep.status === 200 && /<html/i.test(await deep.text()), `SPA fallback status ${deep.status}`);
  return `${asset}, ${a.headers.get('content-encoding') ?? 'identity'}`;
});

await check(`Prometheus scrapes ${replicas} API replica(s), all up`, async () => {
  const up = await retry(
    async () => {
      const r = await fetch(`${prometheus}/api/v1/targets?state=active`);
      const targets = (await r.json()).data.activeTargets.filter((t) => t.labels.job === 'rul-api');
      const healthy = targets.filter((t) => t.health === 'up');
      assert(
        healthy.length >= replicas,
        `${healthy.length}/${targets.length} rul-api targets up, want ${replicas}`,
      );
      return healthy;
    },
    { attempts: 45 },
  );
  return up.map((t) => t.labels.instance).join(', ');
});

await check('Prometheus loaded the alert rules', async () => {
  const r = await fetch(`${prometheus}/api/v1/rules`);
  const groups = (await r.json()).data.groups;
  const alerts = groups.flatMap((g) => g.rules).filter((x) => x.type === 'alerting');
  assert(alerts.length >= 10, `only ${alerts.length} alerting rules`);
  return `${groups.length} groups, ${alerts.length} alerts`;
});

await check('Prometheus has API metrics from the prediction', async () => {
  const q = encodeURIComponent('sum(rul_predictions_total{outcome="ok"})');
  const value = await retry(
    async () => {
      const r = await fetch(`${prometheus}/api/v1/query?query=${q}`);
      const result = (await r.json()).data.result;
      assert(result.length > 0 && Number(result[0].value[1]) >= 1, 'rul_predictions_total not scraped yet');
      return result[0].value[1];
    },
    { attempts: 30 },
  );
  return `rul_predictions_total{outcome="ok"} = ${value}`;
});

console.log(failures === 0 ? 'e2e: all checks passed' : `e2e: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
