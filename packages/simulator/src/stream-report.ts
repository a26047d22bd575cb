/** The ack report and the verification result as the CLI prints them. */
import type { StreamReport } from './stream.js';
import type { VerifyReport } from './verify.js';

const n = (v: number) => v.toLocaleString('en-US');

/** At most this many stopped engines are listed one per line; the rest are counted. */
const LISTED = 20;

export function formatStreamReport(r: StreamReport): string {
  const l = r.ledger;
  const o = l.outcomes;
  const seconds = r.elapsedMs / 1000;
  const lines = [
    `route: ${r.mode === 'bulk' ? 'POST /fleet/telemetry' : 'POST /engines/{id}/telemetry'}`,
    `acknowledged: ${n(l.cyclesAcknowledged)} cycles (${n(l.cyclesStored)} stored, ${n(l.cyclesDuplicate)} duplicate) ` +
      `of ${n(l.ranges.size)} engines in ${seconds.toFixed(1)} s = ${n(Math.round(r.cyclesPerSec))} cycles/s`,
    `engine batches: ${n(o.stored)} stored, ${n(o.duplicate)} duplicate, ${n(o.conflict)} conflict, ` +
      `${n(o.rejected)} rejected, ${n(o.unacknowledged)} unacknowledged`,
    `predictions: ${n(l.batchesPredicted)} of ${n(l.batchesStored)} batches that stored cycles came back with one`,
    `requests: ${n(r.requests)} (${n(r.retries)} retries` +
      (r.longestOutageMs > 0
        ? `; longest wait for the API ${(r.longestOutageMs / 1000).toFixed(1)} s)`
        : ')'),
  ];
  if (l.stopped.length) {
    lines.push(`engines stopped (${n(l.stopped.length)}):`);
    for (const s of l.stopped.slice(0, LISTED)) {
      const conflicts = s.conflicts?.length ? ` [cycles ${s.conflicts.join(', ')}]` : '';
      lines.push(
        `  ${s.unit} cycles ${s.cycles[0]}-${s.cycles[1]}: ${s.outcome} ${s.code}: ${s.message}${conflicts}`,
      );
    }
    if (l.stopped.length > LISTED) lines.push(`  … and ${n(l.stopped.length - LISTED)} more`);
  }
  return lines.join('\n');
}

export function formatVerifyReport(v: VerifyReport): string {
  const ok = v.missing === 0 && v.different === 0 && v.unreadable.length === 0;
  const lines = [
    `verify: ${ok ? 'OK' : 'FAILED'} — ${n(v.cyclesChecked)} acknowledged cycles of ${n(v.engines)} engines read back ` +
      `in ${(v.elapsedMs / 1000).toFixed(1)} s: ${n(v.missing)} missing, ${n(v.different)} different, ` +
      `${n(v.unreadable.length)} engines unreadable`,
  ];
  for (const d of v.examples) {
    lines.push(`  ${d.unit} cycle ${d.cycle}: ${d.problem}${d.detail ? ` (${d.detail})` : ''}`);
  }
  for (const u of v.unreadable.slice(0, LISTED)) lines.push(`  ${u.unit}: ${u.message}`);
  return lines.join('\n');
}
