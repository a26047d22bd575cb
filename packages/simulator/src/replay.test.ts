// Real files in a temp dir, real parser; nothing faked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCmapssText } from './cmapss-text.js';
import { generateFleet } from './degradation.js';
import { readReplayFile } from './replay.js';

const dir = mkdtempSync(join(tmpdir(), 'rul-replay-'));

describe('readReplayFile', () => {
  it('reads every unit of a C-MAPSS file in order under the prefix', () => {
    const fleet = generateFleet({ engines: 3, seed: 11, truncate: true });
    const path = join(dir, 'fleet.txt');
    writeFileSync(path, toCmapssText(fleet));
    const engines = readReplayFile(path, 'FD-');
    expect(engines.map((e) => e.unit)).toEqual(['FD-001', 'FD-002', 'FD-003']);
    expect(engines.map((e) => e.cycles)).toEqual(fleet.map((e) => e.cycles));
  });

  it('names the file, line and column of a malformed row', () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, '1 1 0 0 100 ' + '1 '.repeat(21) + '\n1 2 0 0 100 ' + '1 '.repeat(20) + 'x\n');
    expect(() => readReplayFile(path, '')).toThrow(/bad\.txt: line 2 column 26/);
  });
});
