/** Writes histories back as C-MAPSS text (the simulator and tests produce files with it). */
import type { Cycle } from './types.js';

/** One row in the layout NASA ships: space-separated, two trailing spaces. */
export function formatCmapssLine(unit: string | number, row: Cycle): string {
  return [unit, row.cycle, ...row.settings, ...row.sensors].join(' ') + '  ';
}

export function formatCmapssText(
  units: ReadonlyArray<{ unit: string | number; cycles: readonly Cycle[] }>,
): string {
  const lines: string[] = [];
  for (const u of units) for (const row of u.cycles) lines.push(formatCmapssLine(u.unit, row));
  return lines.join('\n') + '\n';
}
