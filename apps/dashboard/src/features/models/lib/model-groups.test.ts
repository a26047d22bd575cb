// Real functions, nothing faked.
import { describe, expect, it } from 'vitest';
import { comparedPair, groupByName } from './model-groups';

const v = (name: string, version: string, active = false) => ({ name, version, active });
const versions = [
  v('zeta', '3'),
  v('cmapss-fd002', '2.1'),
  v('cmapss-fd001', '1.1'),
  v('cmapss-fd002', '2.0', true),
  v('cmapss-fd001', '1.0', true),
  v('alpha', '9'),
];

describe('model groups', () => {
  it('groups versions by name, served names first in their order, the rest alphabetically', () => {
    const groups = groupByName(versions, ['cmapss-fd001', 'cmapss-fd002']);
    expect(groups.map((g) => g.name)).toEqual(['cmapss-fd001', 'cmapss-fd002', 'alpha', 'zeta']);
    expect(groups[1]?.versions.map((x) => x.version)).toEqual(['2.1', '2.0']);
    expect(groups[1]?.active?.version).toBe('2.0');
    expect(groups[2]?.active).toBeNull();
  });

  it('compares a version with the chosen one, else the active one, else the newest other', () => {
    const [fd001] = groupByName(versions, ['cmapss-fd001']);
    if (!fd001) throw new Error('no group');
    expect(comparedPair(fd001, '1.1', null)?.base?.version).toBe('1.0');
    expect(comparedPair(fd001, '1.0', null)?.base?.version).toBe('1.1');
    expect(comparedPair(fd001, '1.0', '1.0')?.base?.version).toBe('1.1');
    expect(comparedPair(fd001, '2.0', null)).toBeNull();
    const alpha = groupByName(versions).find((g) => g.name === 'alpha');
    if (!alpha) throw new Error('no group');
    expect(comparedPair(alpha, '9', null)).toEqual({ candidate: v('alpha', '9'), base: null });
  });
});
