import type { Database } from '../database.js';
import { ValidationError } from '../errors.js';
import {
  monthOf,
  monthStart,
  PARTITIONED_TABLES,
  partitionName,
  Partitions,
  type Month,
} from './storage-partitions.js';

export interface MaintenanceOptions {
  /** The time to plan for; the current time by default (tests fix it). */
  now?: Date;
  /** Drop partitions wholly older than now minus this many days; 0 keeps everything. */
  retentionDays: number;
  /** Monthly partitions created ahead of the current month (default 2). */
  aheadPeriods?: number;
}

export interface MaintenanceReport {
  /** Partitions created, e.g. `telemetry_y2025m07`. */
  created: string[];
  /** Partitions dropped by retention. */
  dropped: string[];
  /** Telemetry rows of engines that ran to failure moved into `telemetry_kept` instead of dropped. */
  keptRows: number;
  /** Rows moved out of a DEFAULT partition into a newly created partition of their range. */
  movedFromDefault: number;
}

export interface StoredSize {
  rows: number;
  /** Tables, indexes and TOAST over every partition. */
  bytes: number;
}

export interface StorageSizes {
  telemetry: StoredSize;
  predictions: StoredSize;
}

const DAY_MS = 86_400_000;

/**
 * Partition maintenance of telemetry and prediction history: monthly partitions created ahead and,
 * with a retention, old ones dropped whole. Safe to run from several replicas at once (each step
 * takes an advisory lock and re-checks), and while writers are ingesting.
 */
export class StorageRepository {
  private readonly partitions: Partitions;

  constructor(private readonly db: Database) {
    this.partitions = new Partitions(db);
  }

  async maintain(options: MaintenanceOptions): Promise<MaintenanceReport> {
    const now = options.now ?? new Date();
    const ahead = options.aheadPeriods ?? 2;
    if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
      throw new ValidationError('now must be a valid date', { field: 'now' });
    }
    if (!Number.isInteger(options.retentionDays) || options.retentionDays < 0) {
      throw new ValidationError('retentionDays must be a non-negative integer', { field: 'retentionDays' });
    }
    if (!Number.isInteger(ahead) || ahead < 0 || ahead > 24) {
      throw new ValidationError('aheadPeriods must be an integer from 0 to 24', { field: 'aheadPeriods' });
    }
    const report: MaintenanceReport = { created: [], dropped: [], keptRows: 0, movedFromDefault: 0 };
    if (!(await this.partitions.enabled())) return report;
    const cutoff = options.retentionDays > 0 ? now.getTime() - options.retentionDays * DAY_MS : null;
    // A month is past retention when its partition would end at or before the cutoff.
    const expired = (m: Month) => cutoff !== null && monthStart(m + 1).getTime() <= cutoff;
    for (const table of PARTITIONED_TABLES) {
      const wanted = new Set<Month>();
      for (let m = monthOf(now); m <= monthOf(now) + ahead; m++) wanted.add(m);
      // Rows in DEFAULT (from before partitioning, or from a month nobody created ahead) get their
      // month's partition, so that retention can drop them too. An expired month whose rows are
      // all kept telemetry of failed engines stays where it is: that is what DEFAULT keeps.
      for (const m of await this.partitions.monthsInDefault(table)) {
        if (!expired(m) || !table.keepFailed || (await this.partitions.holdsLiveRows(table, m)))
          wanted.add(m);
      }
      const existing = await this.partitions.list(table);
      for (const m of [...wanted].sort((a, b) => a - b)) {
        if (existing.has(m)) continue;
        const moved = await this.partitions.create(table, m);
        if (moved === null) continue;
        existing.set(m, partitionName(table, m));
        report.created.push(partitionName(table, m));
        report.movedFromDefault += moved;
      }
      for (const m of [...existing.keys()].sort((a, b) => a - b)) {
        if (!expired(m)) continue;
        const kept = await this.partitions.drop(table, m);
        if (kept === null) continue;
        report.dropped.push(partitionName(table, m));
        report.keptRows += kept;
      }
    }
    return report;
  }

  /** Rows and bytes of telemetry and prediction history, for bytes-per-cycle figures. */
  async sizes(): Promise<StorageSizes> {
    const [telemetry, predictions] = await Promise.all(
      PARTITIONED_TABLES.map((t) => this.partitions.size(t)),
    );
    return { telemetry: telemetry as StoredSize, predictions: predictions as StoredSize };
  }
}
