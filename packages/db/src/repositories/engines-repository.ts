import type { Database } from '../database.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { validateEngineId } from '../telemetry-input.js';
import type { Engine, EngineRow, EngineStatus, StatusThresholds } from './engine-rows.js';
import { ENGINE_COLUMNS, ENGINE_STATUSES, toEngine } from './engine-rows.js';
import { afterCursor, decodeCursor, encodeCursor, SORT_KEYS, type FleetSort } from './fleet-cursor.js';
import { fleetSummary, type FleetSummary, type SummaryOptions } from './fleet-summary.js';
import { rulRangeCondition, validateRulRange, type RulRange } from './rul-range.js';
import { SharedReads } from './shared-reads.js';

export type { FleetSort } from './fleet-cursor.js';
export type { FleetSummary, RulBand, SummaryOptions } from './fleet-summary.js';
export type { RulRange } from './rul-range.js';

export interface FleetQuery extends RulRange {
  status?: EngineStatus | EngineStatus[];
  /** Case-insensitive substring of the engine id. */
  search?: string;
  /** Engines judged by this model: assigned to it, or (unassigned) last predicted by it. */
  model?: string;
  sort?: FleetSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  /**
   * Opaque `nextCursor` of the previous page (same sort and order): the page starts right after
   * that page's last engine. Stable while engines are added or re-predicted, unlike offset.
   */
  cursor?: string;
}

export interface FleetPage {
  items: Engine[];
  /** Engines matching the filter, ignoring limit/offset/cursor. */
  total: number;
  limit: number;
  offset: number;
  /** Cursor of the page after this one; null on the last page. */
  nextCursor: string | null;
}

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A model name as the registry keeps it (the card's `name`). */
export function validateModelName(name: string): void {
  if (!MODEL_NAME.test(name)) {
    throw new ValidationError(
      `model '${name}' is not a model name (1-128 letters, digits, '.', '_' or '-', starting with a letter or digit)`,
      { field: 'model' },
    );
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class EnginesRepository {
  // Identical summaries and list totals asked for at once share one query (never an older one).
  private readonly summaries = new SharedReads<FleetSummary>();
  private readonly totals = new SharedReads<number>();

  constructor(
    private readonly db: Database,
    private readonly thresholds: StatusThresholds,
  ) {
    if (!(thresholds.criticalRul <= thresholds.warningRul)) {
      throw new ValidationError('criticalRul must not exceed warningRul');
    }
  }

  private get thresholdParams(): [number, number] {
    return [this.thresholds.criticalRul, this.thresholds.warningRul];
  }

  /**
   * Creates the engine if it does not exist yet; returns it either way. `model` is the model a new
   * engine is judged by (an existing engine keeps its own; change it with setModel).
   */
  async ensure(id: string, options: { model?: string | null } = {}): Promise<Engine> {
    validateEngineId(id);
    const model = options.model ?? null;
    if (model !== null) validateModelName(model);
    await this.db.query('INSERT INTO engines (id, model_name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
      id,
      model,
    ]);
    return this.getOrThrow(id);
  }

  /** Sets the model the engine is judged by (null: chosen per prediction by operating conditions). */
  async setModel(id: string, model: string | null): Promise<Engine> {
    validateEngineId(id);
    if (model !== null) validateModelName(model);
    const res = await this.db.query('UPDATE engines SET model_name = $2, updated_at = now() WHERE id = $1', [
      id,
      model,
    ]);
    if (res.rowCount === 0) throw new NotFoundError('engine', id);
    return this.getOrThrow(id);
  }

  async get(id: string): Promise<Engine | null> {
    const res = await this.db.query<EngineRow>(`SELECT ${ENGINE_COLUMNS} FROM engines e WHERE e.id = $3`, [
      ...this.thresholdParams,
      id,
    ]);
    const row = res.rows[0];
    return row ? toEngine(row) : null;
  }

  /** The engines among `ids` that exist, in one query. */
  async getMany(ids: readonly string[]): Promise<Map<string, Engine>> {
    if (ids.length === 0) return new Map();
    const res = await this.db.query<EngineRow>(
      `SELECT ${ENGINE_COLUMNS} FROM engines e WHERE e.id = ANY($3::text[])`,
      [...this.thresholdParams, ids],
    );
    return new Map(res.rows.map((r) => [r.id, toEngine(r)]));
  }

  async getOrThrow(id: string): Promise<Engine> {
    const engine = await this.get(id);
    if (!engine) throw new NotFoundError('engine', id);
    return engine;
  }

  /**
   * Fleet listing: filter by status, id substring, model and RUL range, sort, one page (by offset, or keyset after a
   * cursor) with the total count and the cursor of the next page.
   */
  async list(query: FleetQuery = {}): Promise<FleetPage> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ValidationError('limit must be an integer between 1 and 1000', { field: 'limit' });
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ValidationError('offset must be a non-negative integer', { field: 'offset' });
    }
    const statuses = query.status === undefined ? null : [query.status].flat();
    for (const s of statuses ?? []) {
      if (!ENGINE_STATUSES.includes(s)) {
        throw new ValidationError(`unknown status '${s}'`, { field: 'status', allowed: ENGINE_STATUSES });
      }
    }
    const [rulMin, rulMax] = validateRulRange(query);
    const sortName = query.sort ?? 'id';
    const key = SORT_KEYS[sortName];
    if (!key) throw new ValidationError(`unknown sort '${query.sort}'`, { field: 'sort' });
    const order = query.order === 'desc' ? 'desc' : 'asc';
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, sortName, order);
    if (cursor && offset > 0) {
      throw new ValidationError('offset cannot be combined with cursor', { field: 'offset' });
    }
    const dir = order === 'desc' ? 'DESC' : 'ASC';
    const search = query.search ? `%${escapeLike(query.search)}%` : null;
    // The filter is applied to the derived status, so it runs over a subquery that computes it.
    const filtered = `SELECT * FROM (SELECT ${ENGINE_COLUMNS} FROM engines e) e
      WHERE ($3::text[] IS NULL OR e.health = ANY($3::text[]))
        AND ($4::text IS NULL OR e.id ILIKE $4::text)
        AND ($5::text IS NULL OR coalesce(e.model_name, e.prediction_model) = $5::text)
        AND ${rulRangeCondition('$6', '$7')}`;
    const params = [...this.thresholdParams, statuses, search, query.model ?? null, rulMin, rulMax];
    const after = cursor ? afterCursor(cursor, 10) : null;
    const orderBy = `ORDER BY ${key.column} ${dir} NULLS LAST, e.id ${dir}`;
    // One row more than the page ($8 = limit + 1) tells whether a next page exists.
    const rowsAfter = (condition: string, ordering: string) =>
      `SELECT e.*, ${key.print} AS cursor_key FROM (${filtered} ${condition}) e ${ordering} LIMIT $8`;
    // After a keyed cursor: the keyed rows after it (an index range scan from the cursor), then the
    // rows without a key, each branch ordered and limited on its own. Both order by (key, id), the
    // key's index order, so the second reads that index at its null end rather than every id.
    const byKey = `ORDER BY ${key.column} ${dir}, e.id ${dir}`;
    const pageSql = after?.thenNulls
      ? `SELECT * FROM ((${rowsAfter(`AND ${after.sql}`, byKey)})
           UNION ALL (${rowsAfter(`AND ${key.column} IS NULL`, byKey)})) e
         ${orderBy} LIMIT $8 OFFSET $9`
      : `${rowsAfter(after ? `AND ${after.sql}` : '', orderBy)} OFFSET $9`;
    const [page, count] = await Promise.all([
      this.db.query<EngineRow & { cursor_key: string | null }>(pageSql, [
        ...params,
        limit + 1,
        after ? 0 : offset,
        ...(after?.params ?? []),
      ]),
      this.totals.run(JSON.stringify(params), async () => {
        const res = await this.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (${filtered}) f`,
          params,
        );
        return res.rows[0]?.n ?? 0;
      }),
    ]);
    const rows = page.rows.slice(0, limit);
    const last = rows[rows.length - 1];
    const nextCursor =
      page.rows.length > limit && last
        ? encodeCursor({ sort: sortName, order, key: last.cursor_key, id: last.id })
        : null;
    return {
      items: rows.map(toEngine),
      total: count,
      limit,
      offset: cursor ? 0 : offset,
      nextCursor,
    };
  }

  /**
   * Engine counts per status, the lowest live RUL and, with `bandEdges`, how many judged engines
   * fall in each RUL band, in one query.
   */
  async summary(options: SummaryOptions = {}): Promise<FleetSummary> {
    return this.summaries.run(JSON.stringify(options.bandEdges ?? null), () =>
      fleetSummary(this.db, this.thresholdParams, options),
    );
  }

  /**
   * Marks the engine failed at `cycle`. Repeating the same failure is a no-op (`newlyFailed: false`);
   * a different cycle for an already failed engine is a conflict.
   */
  async recordFailure(id: string, cycle: number): Promise<{ engine: Engine; newlyFailed: boolean }> {
    validateEngineId(id);
    if (!Number.isInteger(cycle) || cycle < 1) {
      throw new ValidationError('cycle must be a positive integer', { field: 'cycle' });
    }
    const newlyFailed = await this.db.transaction(async (tx) => {
      const current = await tx.query<{ failed_at_cycle: number | null }>(
        'SELECT failed_at_cycle FROM engines WHERE id = $1 FOR UPDATE',
        [id],
      );
      const row = current.rows[0];
      if (!row) throw new NotFoundError('engine', id);
      if (row.failed_at_cycle !== null) {
        if (row.failed_at_cycle === cycle) return false;
        throw new ConflictError(
          'ENGINE_ALREADY_FAILED',
          `engine '${id}' already failed at cycle ${row.failed_at_cycle}`,
        );
      }
      await tx.query(
        `UPDATE engines SET status = 'failed', failed_at_cycle = $2, updated_at = now() WHERE id = $1`,
        [id, cycle],
      );
      return true;
    });
    return { engine: await this.getOrThrow(id), newlyFailed };
  }

  /** Deletes the engine with its telemetry and predictions; false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    const res = await this.db.query('DELETE FROM engines WHERE id = $1', [id]);
    return res.rowCount > 0;
  }
}
