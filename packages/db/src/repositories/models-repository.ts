import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../database.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';

export type ModelStatus = 'staged' | 'active' | 'retired';

export interface NewModel {
  version: string;
  name: string;
  /** The model card (model-card.json), stored as given. */
  card: Record<string, unknown>;
  /** The ONNX bytes, stored in the database; or give artifactPath instead. */
  onnx?: Uint8Array;
  artifactPath?: string;
  /** Required with artifactPath; checked against the bytes when onnx is given. */
  sha256?: string;
  metrics?: Record<string, unknown>;
}

export interface Model {
  version: string;
  name: string;
  card: Record<string, unknown>;
  artifactPath: string | null;
  /** True when the ONNX bytes are stored in the database (fetch them with getArtifact). */
  hasOnnx: boolean;
  sha256: string;
  status: ModelStatus;
  metrics: Record<string, unknown>;
  createdAt: Date;
  activatedAt: Date | null;
}

export interface Activation {
  id: number;
  /** The model name this activation switched (every name has its own active version). */
  name: string;
  version: string;
  previousVersion: string | null;
  action: 'activate' | 'rollback';
  actor: string;
  reason: string | null;
  createdAt: Date;
}

interface ModelRow {
  version: string;
  name: string;
  card: Record<string, unknown>;
  artifact_path: string | null;
  has_onnx: boolean;
  sha256: string;
  status: ModelStatus;
  metrics: Record<string, unknown>;
  created_at: Date;
  activated_at: Date | null;
}

// Never selects the bytes: listings stay small whatever the model size.
const COLUMNS = `version, name, card, artifact_path, onnx IS NOT NULL AS has_onnx, sha256, status, metrics,
  created_at, activated_at`;

function toModel(r: ModelRow): Model {
  return {
    version: r.version,
    name: r.name,
    card: r.card,
    artifactPath: r.artifact_path,
    hasOnnx: r.has_onnx,
    sha256: r.sha256,
    status: r.status,
    metrics: r.metrics,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
  };
}

export class ModelsRepository {
  constructor(private readonly db: Database) {}

  /** Adds a model as 'staged'; it serves nothing until activated. */
  async register(m: NewModel): Promise<Model> {
    if (!m.version || !m.name) throw new ValidationError('version and name are required');
    if (!m.onnx && !m.artifactPath)
      throw new ValidationError('either onnx bytes or artifactPath is required');
    let sha256 = m.sha256?.toLowerCase();
    if (m.onnx) {
      const actual = createHash('sha256').update(m.onnx).digest('hex');
      if (sha256 && sha256 !== actual) {
        throw new ValidationError(`sha256 mismatch: bytes hash to ${actual}`, { field: 'sha256' });
      }
      sha256 = actual;
    }
    if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new ValidationError('sha256 (64 hex digits) is required with artifactPath', { field: 'sha256' });
    }
    const res = await this.db.query<ModelRow>(
      `INSERT INTO models (version, name, card, onnx, artifact_path, sha256, metrics)
       VALUES ($1, $2, $3::jsonb, decode($4::text, 'base64'), $5, $6, $7::jsonb)
       ON CONFLICT (version) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        m.version,
        m.name,
        JSON.stringify(m.card),
        // As base64 text decoded by the database: one native conversion, where a driver's own bytea
        // encoding (the embedded one's, in JavaScript) left hundreds of MB of garbage per model.
        m.onnx ? Buffer.from(m.onnx.buffer, m.onnx.byteOffset, m.onnx.byteLength).toString('base64') : null,
        m.artifactPath ?? null,
        sha256,
        JSON.stringify(m.metrics ?? {}),
      ],
    );
    const row = res.rows[0];
    if (!row) throw new ConflictError('MODEL_VERSION_EXISTS', `model version '${m.version}' already exists`);
    return toModel(row);
  }

  async list(): Promise<Model[]> {
    const res = await this.db.query<ModelRow>(
      `SELECT ${COLUMNS} FROM models ORDER BY created_at DESC, version`,
    );
    return res.rows.map(toModel);
  }

  async get(version: string): Promise<Model | null> {
    const res = await this.db.query<ModelRow>(`SELECT ${COLUMNS} FROM models WHERE version = $1`, [version]);
    return res.rows[0] ? toModel(res.rows[0]) : null;
  }

  /** The active version of model `name`, or null when none of its versions is active. */
  async getActive(name: string): Promise<Model | null> {
    const res = await this.db.query<ModelRow>(
      `SELECT ${COLUMNS} FROM models WHERE status = 'active' AND name = $1`,
      [name],
    );
    return res.rows[0] ? toModel(res.rows[0]) : null;
  }

  /** Every name's active version, by name. */
  async listActive(): Promise<Model[]> {
    const res = await this.db.query<ModelRow>(
      `SELECT ${COLUMNS} FROM models WHERE status = 'active' ORDER BY name`,
    );
    return res.rows.map(toModel);
  }

  /** The stored ONNX bytes; null when the model keeps its artifact on disk. */
  async getArtifact(version: string): Promise<Uint8Array | null> {
    const res = await this.db.query<{ onnx: Uint8Array | null }>(
      'SELECT onnx FROM models WHERE version = $1',
      [version],
    );
    if (!res.rows[0]) throw new NotFoundError('model', version);
    const bytes = res.rows[0].onnx;
    return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  }

  /**
   * Makes `version` the active version of its model name in one transaction: the name's previous
   * active version becomes 'retired' and the switch is logged. Other names are left alone.
   * Activating the active version is a no-op.
   */
  async activate(
    version: string,
    by: { actor: string; reason?: string },
  ): Promise<{ name: string; version: string; previousVersion: string | null }> {
    return this.db.transaction(async (tx) => {
      await this.lock(tx);
      const target = await tx.query<{ name: string }>('SELECT name FROM models WHERE version = $1', [
        version,
      ]);
      const name = target.rows[0]?.name;
      if (name === undefined) throw new NotFoundError('model', version);
      const previous = await this.activeOf(tx, name);
      if (previous === version) return { name, version, previousVersion: previous };
      await this.switchTo(tx, version, previous);
      await tx.query(
        `INSERT INTO model_activations (name, version, previous_version, rollback_to, action, actor, reason)
         VALUES ($1, $2, $3, $3, 'activate', $4, $5)`,
        [name, version, previous, by.actor, by.reason ?? null],
      );
      return { name, version, previousVersion: previous };
    });
  }

  /**
   * Re-activates the version of `name` that was active before the current one. Repeated rollbacks
   * keep walking back through the name's earlier activations; with nothing earlier it is a conflict.
   */
  async rollback(
    name: string,
    by: { actor: string; reason?: string },
  ): Promise<{ name: string; version: string; previousVersion: string }> {
    return this.db.transaction(async (tx) => {
      await this.lock(tx);
      const current = await this.activeOf(tx, name);
      if (!current) {
        const known = await tx.query('SELECT 1 FROM models WHERE name = $1 LIMIT 1', [name]);
        if (known.rowCount === 0) throw new NotFoundError('model name', name);
      }
      const entry = await tx.query<{ rollback_to: string | null }>(
        `SELECT rollback_to FROM model_activations WHERE version = $1 ORDER BY id DESC LIMIT 1`,
        [current],
      );
      const target = entry.rows[0]?.rollback_to ?? null;
      if (!current || !target) {
        throw new ConflictError(
          'NOTHING_TO_ROLL_BACK',
          `model '${name}' has no earlier active version to roll back to`,
        );
      }
      // The restored version inherits the rollback target it had when it was first activated.
      const inherited = await tx.query<{ rollback_to: string | null }>(
        `SELECT rollback_to FROM model_activations WHERE version = $1 ORDER BY id DESC LIMIT 1`,
        [target],
      );
      await this.switchTo(tx, target, current);
      await tx.query(
        `INSERT INTO model_activations (name, version, previous_version, rollback_to, action, actor, reason)
         VALUES ($1, $2, $3, $4, 'rollback', $5, $6)`,
        [name, target, current, inherited.rows[0]?.rollback_to ?? null, by.actor, by.reason ?? null],
      );
      return { name, version: target, previousVersion: current };
    });
  }

  /** Activations and rollbacks, newest first; of one model name when `name` is given. */
  async listActivations(limit = 50, name?: string): Promise<Activation[]> {
    const res = await this.db.query<{
      id: number;
      name: string;
      version: string;
      previous_version: string | null;
      action: 'activate' | 'rollback';
      actor: string;
      reason: string | null;
      created_at: Date;
    }>(
      `SELECT id::int AS id, name, version, previous_version, action, actor, reason, created_at
       FROM model_activations WHERE ($2::text IS NULL OR name = $2) ORDER BY id DESC LIMIT $1`,
      [limit, name ?? null],
    );
    return res.rows.map((r) => ({
      id: r.id,
      name: r.name,
      version: r.version,
      previousVersion: r.previous_version,
      action: r.action,
      actor: r.actor,
      reason: r.reason,
      createdAt: r.created_at,
    }));
  }

  // Activations and rollbacks queue behind each other (readers are not blocked), so two concurrent
  // switches cannot both retire the same version or leave two active versions of one name.
  private async lock(tx: Queryable): Promise<void> {
    await tx.query('LOCK TABLE model_activations IN EXCLUSIVE MODE');
  }

  private async activeOf(tx: Queryable, name: string): Promise<string | null> {
    const res = await tx.query<{ version: string }>(
      `SELECT version FROM models WHERE status = 'active' AND name = $1`,
      [name],
    );
    return res.rows[0]?.version ?? null;
  }

  private async switchTo(tx: Queryable, version: string, previous: string | null): Promise<void> {
    if (previous) {
      await tx.query(`UPDATE models SET status = 'retired' WHERE version = $1`, [previous]);
    }
    await tx.query(`UPDATE models SET status = 'active', activated_at = now() WHERE version = $1`, [version]);
  }
}
