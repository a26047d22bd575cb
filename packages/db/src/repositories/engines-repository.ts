import type { Database } from '../database.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { validateEngineId } from '../telemetry-input.js';
import type { Engine, EngineRow, EngineStatus, StatusThresholds } from './engine-rows.js';
import { ENGINE_COLUMNS, ENGINE_STATUSES, toEngine } from './engine-rows.js';

export type FleetSort = 'rul' | 'id' | 'last_cycle' | 'updated';

export interface FleetQuery {
  status?: EngineStatus | EngineStatus[];
  /** Case-insensitive substring of the engine id. */
  search?: string;
  /** Engines judged by this model: assigned to it, or (unassigned) last predicted by it. */
  model?: string;
  sort?: FleetSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface FleetPage {
  items: Engine[];
  /** Engines matching the filter, ignoring limit/offset. */
  total: number;
  limit: number;
  offset: number;
}

export interface FleetSummary {
  counts: Record<EngineStatus, number>;
  /** Lowest current RUL among engines that have not failed; null when none has a prediction. */
  minRul: number | null;
}

// Whitelisted ORDER BY expressions: the sort key never reaches SQL as text from the caller.
const SORT_COLUMNS: Record<FleetSort, string> = {
  rul: 'e.rul',
  id: 'e.id',
  last_cycle: 'e.last_cycle',
  updated: 'e.updated_at',
};

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

  async getOrThrow(id: string): Promise<Engine> {
    const engine = await this.get(id);
    if (!engine) throw new NotFoundError('engine', id);
    return engine;
  }

  /** Fleet listing: filter by status and id substring, sort, paginate, with the total count. */
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
    const sort = SORT_COLUMNS[query.sort ?? 'id'];
    if (!sort) throw new ValidationError(`unknown sort '${query.sort}'`, { field: 'sort' });
    const dir = query.order === 'desc' ? 'DESC' : 'ASC';
    const search = query.search ? `%${escapeLike(query.search)}%` : null;
    // The filter is applied to the derived status, so it runs over a subquery that computes it.
    const filtered = `SELECT * FROM (SELECT ${ENGINE_COLUMNS} FROM engines e) e
      WHERE ($3::text[] IS NULL OR e.health = ANY($3::text[]))
        AND ($4::text IS NULL OR e.id ILIKE $4::text)
        AND ($5::text IS NULL OR coalesce(e.model_name, e.prediction_model) = $5::text)`;
    const params = [...this.thresholdParams, statuses, search, query.model ?? null];
    const [page, count] = await Promise.all([
      this.db.query<EngineRow>(
        `${filtered} ORDER BY ${sort} ${dir} NULLS LAST, e.id ${dir} LIMIT $6 OFFSET $7`,
        [...params, limit, offset],
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${filtered}) f`, params),
    ]);
    return { items: page.rows.map(toEngine), total: count.rows[0]?.n ?? 0, limit, offset };
  }

  /** Engine counts per status and the lowest live RUL, for fleet gauges. */
  async summary(): Promise<FleetSummary> {
    const res = await this.db.query<{ health: EngineStatus; n: number; min_rul: number | null }>(
      `SELECT e.health, count(*)::int AS n, min(e.rul) FILTER (WHERE e.health NOT IN ('failed', 'unknown')) AS min_rul
       FROM (SELECT ${ENGINE_COLUMNS} FROM engines e) e GROUP BY e.health`,
      this.thresholdParams,
    );
    const counts = Object.fromEntries(ENGINE_STATUSES.map((s) => [s, 0])) as Record<EngineStatus, number>;
    let minRul: number | null = null;
    for (const r of res.rows) {
      counts[r.health] = r.n;
      if (r.min_rul !== null) minRul = minRul === null ? r.min_rul : Math.min(minRul, r.min_rul);
    }
    return { counts, minRul };
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
