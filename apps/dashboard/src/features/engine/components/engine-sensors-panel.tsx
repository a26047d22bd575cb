// Loads the engine's stored telemetry and hands its sensors to the chart, named as the model card names them.
import { useMemo } from 'react';
import { QueryView } from '../../../components/async-states';
import { useEngineTelemetry, type EngineTelemetry } from '../api/get-engine-telemetry';
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

export function EngineSensorsPanel({ engineId, channels }: { engineId: string; channels: string[] | null }) {
  const query = useEngineTelemetry(engineId);
  return (
    <section className="panel stack" aria-labelledby="sensors-title">
      <h2 id="sensors-title">Sensors over cycles</h2>
      <QueryView
        query={query}
        loadingLabel="Loading telemetry…"
        errorTitle="The telemetry could not be loaded"
        isEmpty={(t) => t.cycles.length === 0}
        empty={<p className="muted">No telemetry stored for this engine.</p>}
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
