// Loads the engine's stored telemetry and hands its sensors to the chart, named as the model card names them.
import { useMemo, useState, type FormEvent } from 'react';
import { QueryView } from '../../../components/async-states';
import { useEngineTelemetry, type EngineTelemetry, type TelemetryRange } from '../api/get-engine-telemetry';
import { SensorChart, type SensorSeries } from './sensor-chart';

const SETTINGS = 3;
/** Sensors that move with wear on C-MAPSS engines; shown first so the chart says something at once. */
const PREFERRED = ['T24', 'T50', 'Ps30'];

function toSeries(telemetry: EngineTelemetry, channels: string[] | null): SensorSeries[] {
  const count = telemetry.cycles[0]?.sensors.length ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const named = channels?.length === SETTINGS + count ? channels[SETTINGS + i] : undefined;
    return {
      name: named ? `${named} (s${i + 1})` : `s${i + 1}`,
      values: telemetry.cycles.map((c) => c.sensors[i] ?? null),
    };
  });
}

const isCycle = (text: string) => /^[0-9]{1,9}$/.test(text.trim());

/** Optional first/last cycle, sent as `from` / `to`; empty means the whole stored history. */
function CycleRangeForm({ onApply }: { onApply: (range: TelemetryRange) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromOk = from.trim() === '' || isCycle(from);
  const toOk = to.trim() === '' || isCycle(to);
  const ordered = !(isCycle(from) && isCycle(to)) || Number(from) <= Number(to);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fromOk || !toOk || !ordered) return;
    onApply({ ...(isCycle(from) ? { from: Number(from) } : {}), ...(isCycle(to) ? { to: Number(to) } : {}) });
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Cycle range">
      <div className="field">
        <label htmlFor="telemetry-from">From cycle</label>
        <input
          id="telemetry-from"
          inputMode="numeric"
          value={from}
          aria-invalid={!fromOk || !ordered}
          onChange={(event) => setFrom(event.target.value)}
          placeholder="first"
        />
      </div>
      <div className="field">
        <label htmlFor="telemetry-to">To cycle</label>
        <input
          id="telemetry-to"
          inputMode="numeric"
          value={to}
          aria-invalid={!toOk || !ordered}
          onChange={(event) => setTo(event.target.value)}
          placeholder="last"
        />
      </div>
      <button type="submit" disabled={!fromOk || !toOk || !ordered}>
        Show cycles
      </button>
      {!ordered ? <span className="hint">“From” must not be after “To”.</span> : null}
    </form>
  );
}

export function EngineSensorsPanel({ engineId, channels }: { engineId: string; channels: string[] | null }) {
  const [range, setRange] = useState<TelemetryRange>({});
  const query = useEngineTelemetry(engineId, range);
  return (
    <section className="panel stack" aria-labelledby="sensors-title">
      <h2 id="sensors-title">Sensors over cycles</h2>
      <CycleRangeForm onApply={setRange} />
      <QueryView
        query={query}
        loadingLabel="Loading telemetry…"
        errorTitle="The telemetry could not be loaded"
        isEmpty={(t) => t.cycles.length === 0}
        empty={<p className="muted">No telemetry stored for this engine in this cycle range.</p>}
      >
        {(telemetry) => <SensorPlot telemetry={telemetry} channels={channels} engineId={engineId} />}
      </QueryView>
    </section>
  );
}

function SensorPlot({
  telemetry,
  channels,
  engineId,
}: {
  telemetry: EngineTelemetry;
  channels: string[] | null;
  engineId: string;
}) {
  const sensors = useMemo(() => toSeries(telemetry, channels), [telemetry, channels]);
  const cycles = useMemo(() => telemetry.cycles.map((c) => c.cycle), [telemetry]);
  const preferred = sensors
    .filter((s) => PREFERRED.some((p) => s.name.startsWith(`${p} `)))
    .map((s) => s.name);
  return (
    <SensorChart
      key={channels ? 'named' : 'plain'}
      engineName={engineId}
      cycles={cycles}
      sensors={sensors}
      initial={preferred.length > 0 ? preferred : undefined}
    />
  );
}
