// Real: Compose v2 (the pinned binary from ci-install.sh) and v1.29 `config` on the committed files,
// compared after normalising. Faked: nothing (a temporary .env made from each committed template).
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  comboArgs,
  comboName,
  combos,
  composeV1,
  composeV2,
  configWithoutEnv,
  missingProductionSecret,
  normalize,
  productionFiles,
  pinnedComposeV2Version,
} from '../src/compose.js';
import { run } from '../src/repo.js';

const configOf = (bin: string, args: string[]) => {
  const res = run(bin, [...args, 'config']);
  return { res, doc: res.code === 0 ? (YAML.parse(res.stdout) as Record<string, unknown>) : {} };
};

describe('docker compose config (Compose v2 reads every combination v1 reads, the same way)', () => {
  const v2 = composeV2();
  const v1 = composeV1();

  it(`is the pinned Compose v2 ${pinnedComposeV2Version()}`, () => {
    const res = run(v2, ['version', '--short']);
    expect(res.code, res.output).toBe(0);
    expect(res.stdout.trim()).toBe(pinnedComposeV2Version());
  });

  for (const combo of combos) {
    it(comboName(combo), () => {
      const args = comboArgs(combo);
      const two = configOf(v2, args);
      expect(two.res.code, two.res.output).toBe(0);
      // A key v2 only tolerates (obsolete, ignored, deprecated) is a key to remove from the files.
      expect(two.res.stderr, 'Compose v2 warnings').not.toMatch(/warn/i);
      const one = configOf(v1, args);
      expect(one.res.code, one.res.output).toBe(0);
      const a = normalize(one.doc, combo.profiles);
      const b = normalize(two.doc, combo.profiles);
      expect(Object.keys(b.services), 'services').toEqual(Object.keys(a.services));
      for (const name of Object.keys(a.services))
        expect(b.services[name], `service ${name}: v2 (received) vs v1 (expected)`).toEqual(a.services[name]);
      expect(b.networks, 'networks').toEqual(a.networks);
      expect(b.volumes, 'volumes').toEqual(a.volumes);
      if (combo.profiles.includes('gpu')) expect(Object.keys(b.services)).toContain('trainer-gpu');
    });
  }

  it('a fresh clone needs no .env; production refuses to start without its secrets', () => {
    const fresh = configWithoutEnv(v2, ['docker-compose.yml']);
    expect(fresh.code, fresh.output).toBe(0);
    const prod = configWithoutEnv(v2, productionFiles);
    expect(prod.code).not.toBe(0);
    expect(prod.output).toMatch(missingProductionSecret);
  });
});
