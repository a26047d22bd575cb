/** Formats the bench table and writes it into the API section of docs/benchmarks.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface Row {
  scenario: string;
  reqPerSec: number;
  predPerSec: number;
  p50: number | undefined;
  p99: number | undefined;
  peakRssMb: number | undefined;
  note?: string;
}

const fmt = (v: number | undefined, digits = 0) => (v === undefined ? '–' : v.toFixed(digits));

export function table(rows: Row[]): string {
  const head =
    '| scenario | req/s | predictions/s | p50 ms | p99 ms | peak RSS MB | note |\n|---|---:|---:|---:|---:|---:|---|';
  const body = rows.map(
    (r) =>
      `| ${r.scenario} | ${fmt(r.reqPerSec)} | ${fmt(r.predPerSec)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.peakRssMb)} | ${r.note ?? ''} |`,
  );
  return [head, ...body].join('\n');
}

/** 1-minute load average: the box is shared, and a busy neighbour moves every figure. */
export const load = (): string => loadavg()[0]?.toFixed(1) ?? '?';

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

const START = '<!-- api-bench:start -->';
const END = '<!-- api-bench:end -->';

export function writeDocs(section: string): string {
  const path = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  const block = `${START}\n${section.trim()}\n${END}`;
  let doc = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Benchmarks\n\nFigures measured on the machines named in each section.\n';
  if (doc.includes(START) && doc.includes(END)) {
    doc = doc.slice(0, doc.indexOf(START)) + block + doc.slice(doc.indexOf(END) + END.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(path, doc);
  return path;
}
