import { formatCmapssLine } from '@rul/cmapss';
import type { GeneratedEngine } from './degradation.js';

/**
 * C-MAPSS text for generated engines. Units must be numeric in this format; engines named otherwise
 * are numbered in order.
 */
export function toCmapssText(engines: readonly GeneratedEngine[]): string {
  const lines: string[] = [];
  engines.forEach((engine, index) => {
    const unit = /^\d+$/.test(engine.unit) ? engine.unit : String(index + 1);
    for (const c of engine.cycles) lines.push(formatCmapssLine(unit, c));
  });
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** The matching truth file: one remaining-life value per engine, in order (RUL_FD00x.txt layout). */
export function toRulText(engines: readonly GeneratedEngine[]): string {
  return engines.map((e) => `${e.rul} `).join('\n') + (engines.length ? '\n' : '');
}
