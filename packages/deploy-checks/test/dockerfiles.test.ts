// Real: the committed Dockerfiles parsed with dockerfile-ast and checked against the image policy.
// Faked: nothing; no image is built here (scripts/smoke.sh builds them).
import { existsSync } from 'node:fs';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { envExample, fromRoot, isPinnedImage, readRepoFile } from '../src/repo.js';

interface Stage {
  name: string | undefined;
  image: string;
  user: string | undefined;
  healthcheck: boolean;
  instructions: { keyword: string; text: string; flags: string[]; args: string[] }[];
}

/** Final targets that become running containers, per Dockerfile. */
const dockerfiles: Record<string, string[]> = {
  'docker/api/Dockerfile': ['runtime'],
  'docker/dashboard/Dockerfile': ['runtime'],
  'docker/nginx/Dockerfile': ['runtime'],
  'docker/training/Dockerfile': ['cpu', 'gpu'],
};

function stages(df: Dockerfile): Stage[] {
  return df.getFROMs().map((from, i, froms) => {
    const start = from.getRange().start.line;
    const end = froms[i + 1]?.getRange().start.line ?? Number.MAX_SAFE_INTEGER;
    const instructions = df
      .getInstructions()
      .filter((ins) => ins.getRange().start.line >= start && ins.getRange().start.line < end)
      .map((ins) => ({
        keyword: ins.getKeyword(),
        text: ins.getTextContent(),
        flags:
          'getFlags' in ins && typeof ins.getFlags === 'function'
            ? (ins.getFlags() as { toString(): string; getName(): string; getValue(): string | null }[]).map(
                (f) => `${f.getName()}=${f.getValue() ?? ''}`,
              )
            : [],
        args: ins.getArguments().map((a) => a.getValue()),
      }));
    const users = instructions.filter((x) => x.keyword === 'USER');
    return {
      name: from.getBuildStage() ?? undefined,
      image: from.getImageName()
        ? `${from.getImageName()}${from.getImageTag() ? `:${from.getImageTag()}` : ''}`
        : (from.getArguments()[0]?.getValue() ?? ''),
      user: users.at(-1)?.args[0],
      healthcheck: instructions.some((x) => x.keyword === 'HEALTHCHECK'),
      instructions,
    };
  });
}

/** Defaults of the ARGs declared before the first FROM (the ones FROM lines may use). */
const argDefaults = (text: string): Map<string, string> => {
  const head = text.slice(0, text.search(/^FROM\s/m));
  return new Map([...head.matchAll(/^ARG\s+([A-Z_]+)=(\S+)/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
};

for (const [file, targets] of Object.entries(dockerfiles)) {
  describe(file, () => {
    const text = readRepoFile(file);
    const df = DockerfileParser.parse(text);
    const all = stages(df);
    const args = argDefaults(text);
    const env = envExample();

    it('uses only what the offline BuildKit supports: no syntax line, no COPY --link, no heredocs', () => {
      expect(text).not.toMatch(/^#\s*syntax\s*=/im);
      expect(text).not.toMatch(/COPY\s+[^\n]*--link/);
      expect(text).not.toMatch(/<<-?\s*['"]?[A-Z]+/);
    });

    it('every base image is pinned to an exact tag (ARG defaults equal .env.example)', () => {
      const stageNames = new Set(all.map((s) => s.name));
      for (const s of all) {
        const ref = s.image;
        const argRef = /^\$\{?([A-Z_]+)\}?$/.exec(ref);
        if (argRef?.[1]) {
          const value = args.get(argRef[1]);
          expect(value, `ARG ${argRef[1]} needs a default`).toBeDefined();
          expect(isPinnedImage(value ?? ''), `${argRef[1]}=${value}`).toBe(true);
          expect(env.get(argRef[1]), `${argRef[1]} differs from .env.example`).toBe(value);
        } else if (!stageNames.has(ref)) {
          expect(isPinnedImage(ref), ref).toBe(true);
        }
      }
    });

    it('COPY --from and RUN --mount from= name an earlier stage', () => {
      const seen = new Set<string>();
      for (const s of all) {
        for (const ins of s.instructions) {
          const refs = [...ins.text.matchAll(/--from=([A-Za-z0-9_-]+)|from=([A-Za-z0-9_-]+)/g)].map(
            (m) => m[1] ?? m[2],
          );
          for (const ref of refs)
            expect(seen.has(ref ?? ''), `${ins.text.slice(0, 60)} -> ${ref}`).toBe(true);
        }
        if (s.name) seen.add(s.name);
      }
    });

    it('COPY sources from the build context exist', () => {
      for (const s of all) {
        for (const ins of s.instructions.filter((x) => x.keyword === 'COPY' && !/--from=/.test(x.text))) {
          const sources = ins.args.filter((a) => !a.startsWith('--')).slice(0, -1);
          for (const src of sources) expect(existsSync(fromRoot(src)), `${src} (in ${file})`).toBe(true);
        }
      }
    });

    for (const target of targets) {
      it(`target ${target}: numeric non-root USER and a HEALTHCHECK`, () => {
        const stage = all.find((s) => s.name === target);
        expect(stage, `stage ${target}`).toBeDefined();
        expect(stage?.user, 'USER').toMatch(/^\d+(:\d+)?$/);
        expect(Number(stage?.user?.split(':')[0])).toBeGreaterThan(0);
        expect(stage?.healthcheck, 'HEALTHCHECK').toBe(true);
      });
    }

    it('the last stage is a runtime target (a plain `docker build` gives the deployable image)', () => {
      expect(targets).toContain(all.at(-1)?.name);
    });
  });
}

describe('image specifics', () => {
  it('api: pnpm deploy --prod, onnxruntime pruned to linux/x64, healthcheck in node, model bundled', () => {
    const text = readRepoFile('docker/api/Dockerfile');
    expect(text).toMatch(/pnpm install --frozen-lockfile/);
    expect(text).toMatch(/deploy --prod/);
    expect(text).toMatch(/! -name linux/);
    expect(text).toMatch(/! -name x64/);
    expect(text).toMatch(/HEALTHCHECK[\s\S]*CMD \["node"/);
    expect(text).not.toMatch(/curl|wget/);
    expect(text).toMatch(/models\/default\/model\.onnx/);
  });

  it('trainer: entrypoint runs the worker; an index only ever with hashes, and only for the GPU image', () => {
    const text = readRepoFile('docker/training/Dockerfile');
    expect(text).toMatch(/ENTRYPOINT \["python", "-m", "rul_trainer"\]\s*\nCMD \["worker"\]/);
    const gpuFrom = text.indexOf(' AS gpu');
    expect(gpuFrom).toBeGreaterThan(0);
    const pipLines = (part: string) => part.split('\n').filter((l) => /pip (install|wheel)/.test(l));
    for (const line of pipLines(text.slice(0, gpuFrom))) expect(line).toMatch(/--no-index/);
    // The GPU stage: PIP_SOURCE=index (default) hash-checks what requirements-gpu.txt pins and takes
    // exact binary wheels for what requirements-gpu-unhashed.txt still pins; local never touches the network.
    const gpu = text.slice(gpuFrom);
    expect(gpu).toMatch(/^ARG PIP_SOURCE=index$/m);
    for (const line of pipLines(gpu)) expect(line).toMatch(/--no-index|--require-hashes|--only-binary :all:/);
    expect(gpu).toMatch(/--require-hashes [^\n]*\\\n\s*-r \/ctx\/requirements-gpu\.txt/);
    expect(gpu).toMatch(/--only-binary :all: \\\n\s*-r \/ctx\/requirements-gpu-unhashed\.txt/);
    expect(gpu).toMatch(/python -c "import rul_trainer, torch, psycopg, onnx"/);
    expect(gpu).not.toMatch(/WARNING/);
    expect(text).toMatch(/python3-torch/);
    // Without it Debian's torch multiplies through the reference BLAS (cost: apps/trainer/README.md).
    expect(text).toMatch(/libopenblas0-openmp python3-threadpoolctl/);
    expect(text).toMatch(/python3-psycopg/);
  });

  it('trainer: requirements-gpu.txt pins exact versions, each with the sha256 of its files', () => {
    const text = readRepoFile('docker/training/requirements-gpu.txt').replace(/\\\n\s*/g, ' ');
    const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    const unhashedPins = readRepoFile('docker/training/requirements-gpu-unhashed.txt')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    // Every package the image needs is pinned in one of the two files, never in both.
    expect([...lines, ...unhashedPins].map((l) => l.split(/[= ]/)[0]).sort()).toEqual([
      'onnx',
      'protobuf',
      'psycopg',
    ]);
    const unhashed: string[] = [];
    for (const line of lines) {
      expect(line).toMatch(/^[a-z0-9-]+==\d+(\.\d+)+( |$)/);
      for (const h of line.matchAll(/--hash=(\S+)/g)) expect(h[1]).toMatch(/^sha256:[0-9a-f]{64}$/);
      if (!line.includes('--hash=')) unhashed.push(line.trim());
    }
    // docker/scripts/lock-trainer-requirements.sh writes them (it needs the package index).
    expect(unhashed, 'pins without hashes').toEqual([]);
  });

  it('trainer: pins still waiting for hashes are exact versions, and only the two known ones', () => {
    const pins = readRepoFile('docker/training/requirements-gpu-unhashed.txt')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    for (const pin of pins) expect(pin).toMatch(/^[a-z0-9-]+==\d+(\.\d+)+$/);
    // A new dependency goes into requirements-gpu.txt with its hashes; this list may only shrink.
    expect(['onnx==1.17.0', 'protobuf==5.28.3']).toEqual(expect.arrayContaining(pins));
  });

  it('.dockerignore keeps secrets, VCS data and build output out of the context', () => {
    const text = readRepoFile('.dockerignore');
    for (const entry of ['.git', '.env', '**/node_modules', '**/dist', 'docker/nginx/certs/*']) {
      expect(text.split('\n')).toContain(entry);
    }
  });
});
