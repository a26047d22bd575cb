import { readFileSync } from 'node:fs';
import { parseCmapssText } from '@rul/cmapss';
import type { StreamEngine } from './stream.js';

/** Engines from a C-MAPSS-format file, named `<prefix><unit>`, ready to stream; errors name line and column. */
export function readReplayFile(path: string, prefix: string): StreamEngine[] {
  const parsed = parseCmapssText(readFileSync(path, 'utf8'));
  if (!parsed.ok) {
    const detail = parsed.issues.map((i) => `  ${path}: ${i.message}`).join('\n');
    throw new Error(`cannot replay ${path}:\n${detail}`);
  }
  return parsed.value.map((u) => ({ unit: `${prefix}${u.unit.padStart(3, '0')}`, cycles: u.cycles }));
}
