// Monthly range partitions of telemetry (by received_at) and predictions (by created_at): which
// exist, and the two transactions that create one (moving in what the DEFAULT partition holds for
// its range) and drop one (telemetry: keeping the rows of engines that ran to failure).
import type { Database, Queryable } from '../database.js';
import { quoteIdent } from '../database.js';

export interface PartitionedTable {
  name: 'telemetry' | 'predictions';
  /** The partition key column. */
  key: 'received_at' | 'created_at';
  /** The DEFAULT partition. */
  defaultPartition: string;
  /** Rows of engines that ran to failure survive a dropped partition (moved into the DEFAULT one). */
  keepFailed: boolean;
}

export const PARTITIONED_TABLES: readonly PartitionedTable[] = [
  { name: 'telemetry', key: 'received_at', defaultPartition: 'telemetry_kept', keepFailed: true },
  { name: 'predictions', key: 'created_at', defaultPartition: 'predictions_default', keepFailed: false },
];

/** A calendar month in UTC, as the index of months since year 0 (so months add up). */
export type Month = number;

export function monthOf(date: Date): Month {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function monthStart(month: Month): Date {
  return new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
}

export function partitionName(table: PartitionedTable, month: Month): string {
  const year = Math.floor(month / 12);
  return `${table.name}_y${year}m${String((month % 12) + 1).padStart(2, '0')}`;
}

function parsePartitionName(table: PartitionedTable, name: string): Month | null {
  const m = new RegExp(`^${table.name}_y(\\d{4})m(\\d{2})$`).exec(name);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}

// Timestamps spliced into DDL (which takes no parameters) are only ever ones made by monthStart.
const literal = (d: Date) => `'${d.toISOString()}'::timestamptz`;

export class Partitions {
  constructor(private readonly db: Database) {}

  private q(name: string): string {
    return `${quoteIdent(this.db.schema)}.${quoteIdent(name)}`;
  }

  /** Whether the migration that partitions the tables has run on this database. */
  async enabled(): Promise<boolean> {
    const res = await this.db.query<{ kind: string | null }>(
      `SELECT c.relkind::text AS kind FROM pg_class c WHERE c.oid = to_regclass($1)`,
      [this.q('telemetry')],
    );
    return res.rows[0]?.kind === 'p';
  }

  /** The table's monthly partitions by month. */
  async list(table: PartitionedTable, db: Queryable = this.db): Promise<Map<Month, string>> {
    const res = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1)`,
      [this.q(table.name)],
    );
    const out = new Map<Month, string>();
    for (const { name } of res.rows) {
      const month = parsePartitionName(table, name);
      if (month !== null) out.set(month, name);
    }
    return out;
  }

  /**
   * Months the DEFAULT partition holds rows of, found by jumping from month to month along the
   * key's index rather than reading every row.
   */
  async monthsInDefault(table: PartitionedTable): Promise<Month[]> {
    const def = this.q(table.defaultPartition);
    const res = await this.db.query<{ year: number; month: number }>(
      `WITH RECURSIVE m(start) AS (
         SELECT date_trunc('month', min(${table.key}) AT TIME ZONE 'UTC') FROM ${def}
         UNION ALL
         SELECT (SELECT date_trunc('month', min(d.${table.key}) AT TIME ZONE 'UTC') FROM ${def} d
                 WHERE d.${table.key} >= (m.start + interval '1 month') AT TIME ZONE 'UTC')
         FROM m WHERE m.start IS NOT NULL
       )
       SELECT extract(year FROM start)::int AS year, extract(month FROM start)::int AS month
       FROM m WHERE start IS NOT NULL`,
    );
    return res.rows.map((r) => r.year * 12 + r.month - 1);
  }

  /** Whether the DEFAULT partition holds telemetry of a month from engines that have not failed. */
  async holdsLiveRows(table: PartitionedTable, month: Month): Promise<boolean> {
    const res = await this.db.query<{ live: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM ${this.q(table.defaultPartition)} d JOIN engines e ON e.id = d.engine_id
         WHERE e.failed_at_cycle IS NULL AND d.${table.key} >= $1 AND d.${table.key} < $2
       ) AS live`,
      [monthStart(month), monthStart(month + 1)],
    );
    return res.rows[0]?.live ?? false;
  }

  /** One maintainer at a time per schema; held until the transaction ends. */
  private async lock(tx: Queryable): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rul-db-storage:${this.db.schema}`]);
  }

  /**
   * Takes the locks of a partition change up front, engines first. Every writer of telemetry or
   * predictions locks its engine rows before it touches those tables, and attaching a partition
   * clones the foreign key to engines (a lock on engines); taking the engines lock last could
   * deadlock with a writer that holds an engine and waits for the partition. EXCLUSIVE lets reads
   * through and holds writers at their first statement, before they touch any partition; then
   * `relation` (the DEFAULT partition or the parent) is taken whole: readers finish first.
   */
  private async lockForChange(tx: Queryable, relation: string): Promise<void> {
    await tx.query('LOCK TABLE engines IN EXCLUSIVE MODE');
    await tx.query(`LOCK TABLE ${this.q(relation)} IN ACCESS EXCLUSIVE MODE`);
  }

  /**
   * Creates the month's partition, moving into it the rows the DEFAULT partition holds for its
   * range. Returns the rows moved, or null when another maintainer created it first.
   */
  async create(table: PartitionedTable, month: Month): Promise<number | null> {
    const name = partitionName(table, month);
    const [lo, hi] = [literal(monthStart(month)), literal(monthStart(month + 1))];
    return this.db.transaction(async (tx) => {
      await this.lock(tx);
      if ((await this.list(table, tx)).has(month)) return null;
      // No writer slips rows of this range into DEFAULT between the move and the attach.
      await this.lockForChange(tx, table.defaultPartition);
      await tx.query(
        `CREATE TABLE ${this.q(name)} (LIKE ${this.q(table.name)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
      );
      const moved = await tx.query<{ n: number }>(
        `WITH moved AS (
           DELETE FROM ${this.q(table.defaultPartition)} WHERE ${table.key} >= ${lo} AND ${table.key} < ${hi}
           RETURNING *
         ), ins AS (INSERT INTO ${this.q(name)} SELECT * FROM moved RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
      );
      // The CHECK proves the range, so ATTACH does not scan the new partition again.
      await tx.query(
        `ALTER TABLE ${this.q(name)} ADD CONSTRAINT ${quoteIdent(`${name}_range`)}
         CHECK (${table.key} >= ${lo} AND ${table.key} < ${hi})`,
      );
      await tx.query(
        `ALTER TABLE ${this.q(table.name)} ATTACH PARTITION ${this.q(name)} FOR VALUES FROM (${lo}) TO (${hi})`,
      );
      await tx.query(`ALTER TABLE ${this.q(name)} DROP CONSTRAINT ${quoteIdent(`${name}_range`)}`);
      return moved.rows[0]?.n ?? 0;
    });
  }

  /**
   * Drops the month's partition; for telemetry the rows of engines that ran to failure move into
   * the DEFAULT partition first. Returns the rows kept, or null when it was already gone.
   */
  async drop(table: PartitionedTable, month: Month): Promise<number | null> {
    const name = partitionName(table, month);
    return this.db.transaction(async (tx) => {
      await this.lock(tx);
      if (!(await this.list(table, tx)).has(month)) return null;
      await this.lockForChange(tx, table.name);
      // Detached first: its range then belongs to DEFAULT, which can take the kept rows.
      await tx.query(`ALTER TABLE ${this.q(table.name)} DETACH PARTITION ${this.q(name)}`);
      let kept = 0;
      if (table.keepFailed) {
        const res = await tx.query<{ n: number }>(
          `WITH ins AS (
             INSERT INTO ${this.q(table.defaultPartition)}
             SELECT p.* FROM ${this.q(name)} p
             WHERE EXISTS (SELECT 1 FROM engines e WHERE e.id = p.engine_id AND e.failed_at_cycle IS NOT NULL)
             RETURNING 1
           )
           SELECT count(*)::int AS n FROM ins`,
        );
        kept = res.rows[0]?.n ?? 0;
      }
      await tx.query(`DROP TABLE ${this.q(name)}`);
      return kept;
    });
  }

  /** Rows and bytes on disk (tables, indexes, TOAST) of the table over all its partitions. */
  async size(table: PartitionedTable): Promise<{ rows: number; bytes: number }> {
    const res = await this.db.query<{ rows: string; bytes: string | null }>(
      `SELECT (SELECT count(*) FROM ${this.q(table.name)})::text AS rows,
              (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(to_regclass($1)))::text AS bytes`,
      [this.q(table.name)],
    );
    return { rows: Number(res.rows[0]?.rows ?? 0), bytes: Number(res.rows[0]?.bytes ?? 0) };
  }
}
