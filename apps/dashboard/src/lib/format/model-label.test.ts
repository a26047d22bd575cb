// Pure function; nothing faked.
import { describe, expect, it } from 'vitest';
import { modelLabel } from './model-label';

describe('modelLabel', () => {
  it('names a C-MAPSS model by its subset', () => {
    expect(modelLabel('cmapss-fd002-tcn-ensemble')).toBe('FD002 model');
    expect(modelLabel('cmapss-fd001')).toBe('FD001 model');
  });

  it('keeps any other name whole', () => {
    expect(modelLabel('fleet-a320-v2')).toBe('fleet-a320-v2');
    expect(modelLabel('cmapss-fd0012')).toBe('cmapss-fd0012');
  });
});
