import type { EngineChunk, EngineOutcome } from './stream-transport.js';

export type OutcomeName = EngineOutcome['outcome'];
type Acknowledged = Extract<EngineOutcome, { outcome: 'stored' | 'duplicate' }>;

export const isAcknowledged = (o: EngineOutcome): o is Acknowledged =>
  o.outcome === 'stored' || o.outcome === 'duplicate';

/** An engine the streamer stopped sending: what the API said about it (or that it never answered). */
export interface StoppedEngine {
  unit: string;
  outcome: Exclude<OutcomeName, 'stored' | 'duplicate'>;
  code: string;
  message: string;
  /** First and last cycle of the batch that was not acknowledged. */
  cycles: [number, number];
  conflicts?: number[];
}

/**
 * What the API acknowledged, engine by engine, as ranges of cycles: the verification pass reads
 * exactly these back. Acknowledged means the answer said stored or duplicate — only given after COMMIT.
 */
export class AckLedger {
  /** unit → [first, last] cycle ranges in sending order, adjacent batches merged. */
  readonly ranges = new Map<string, [number, number][]>();
  readonly outcomes: Record<OutcomeName, number> = {
    stored: 0,
    duplicate: 0,
    conflict: 0,
    rejected: 0,
    unacknowledged: 0,
  };
  readonly stopped: StoppedEngine[] = [];
  cyclesAcknowledged = 0;
  cyclesStored = 0;
  cyclesDuplicate = 0;
  /** Acknowledged batches that stored something, and how many of them came back with a prediction. */
  batchesStored = 0;
  batchesPredicted = 0;

  record(chunk: EngineChunk, outcome: EngineOutcome, lastCycleSent: number): boolean {
    const first = chunk.cycles[0]?.cycle ?? 0;
    this.outcomes[outcome.outcome]++;
    if (isAcknowledged(outcome)) {
      this.cyclesAcknowledged += outcome.stored + outcome.duplicates;
      this.cyclesStored += outcome.stored;
      this.cyclesDuplicate += outcome.duplicates;
      if (outcome.stored > 0) {
        this.batchesStored++;
        if (outcome.predicted) this.batchesPredicted++;
      }
      const list = this.ranges.get(chunk.unit) ?? [];
      const last = list.at(-1);
      if (last && last[1] + 1 === first) last[1] = lastCycleSent;
      else list.push([first, lastCycleSent]);
      this.ranges.set(chunk.unit, list);
      return true;
    }
    this.stopped.push({
      unit: chunk.unit,
      outcome: outcome.outcome,
      code: outcome.outcome === 'conflict' ? 'TELEMETRY_CONFLICT' : outcome.code,
      message:
        outcome.outcome === 'rejected' && outcome.field && !outcome.message.includes(outcome.field)
          ? `${outcome.field}: ${outcome.message}`
          : outcome.message,
      cycles: [first, lastCycleSent],
      ...(outcome.outcome === 'conflict' ? { conflicts: outcome.conflicts } : {}),
    });
    return false;
  }
}
