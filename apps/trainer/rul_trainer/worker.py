"""The training-job worker: claims queued jobs from the database, trains, registers a staged model.

Several workers may run against one database: the claim uses ``FOR UPDATE SKIP LOCKED`` and every
later write is guarded by ``worker_id`` and ``status = 'running'`` (packages/db/README.md). A job is
never left running by a worker that is alive: it ends succeeded, failed, or (on shutdown) back in
the queue. Promotion of the new model is the API's decision.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from types import FrameType
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from .artefacts import MODEL_FILE, save_model
from .config import RunConfig
from .pipeline import train
from .worker_data import fleet_engines, load_text, render_cmapss
from .worker_params import job_config
from .worker_report import JobLost, JobReporter, WorkerStopping
from .worker_sql import (
    CLAIM,
    COMPLETE,
    FAIL,
    FLEET_RUN_TO_FAILURE,
    RECLAIM_STALE,
    REGISTER_MODEL,
    RELEASE,
)


@dataclass(frozen=True)
class WorkerOptions:
    database_url: str
    worker_id: str
    schema: str | None = None
    poll_interval_s: float = 2.0
    heartbeat_s: float = 10.0
    # Running jobs quiet for this long are requeued (or failed after max_attempts claims).
    stale_after_s: float = 120.0
    max_attempts: int = 3
    once: bool = False
    device: str = "auto"


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    status: str  # succeeded | failed | lost | released
    model_version: str | None = None
    error: str | None = None


def connect(options: WorkerOptions) -> psycopg.Connection[Any]:
    # Autocommit, with an explicit transaction per statement group: nothing stays open between
    # them, which also suits the embedded database's single session behind its socket.
    conn = psycopg.connect(options.database_url, autocommit=True, connect_timeout=10)
    if options.schema:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(options.schema)))
    return conn


class Worker:
    def __init__(self, options: WorkerOptions, stopping: threading.Event | None = None) -> None:
        self.options = options
        self.stopping = stopping or threading.Event()
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()

    # -- the loop -------------------------------------------------------------------------------

    def run(self) -> int:
        """Polls until stopped (or one job with ``once``); returns the process exit code."""
        try:
            while not self.stopping.is_set():
                try:
                    outcome = self.run_one()
                except psycopg.OperationalError as err:
                    # Database restarted or unreachable: a job in flight is reclaimed by heartbeat
                    # timeout; keep polling (a one-shot run reports the failure instead).
                    _say(f"database unavailable: {str(err).strip()}")
                    self.close()
                    if self.options.once:
                        return 1
                    self.stopping.wait(self.options.poll_interval_s)
                    continue
                if self.options.once:
                    return 0
                if outcome is None:
                    self.stopping.wait(self.options.poll_interval_s)
            return 0
        finally:
            self.close()

    def run_one(self) -> JobOutcome | None:
        """Reclaims stale jobs, claims the oldest queued one and runs it; None if there is none."""
        conn = self._connection()
        with self._lock, conn.transaction():
            stale = {"timeout": float(self.options.stale_after_s),
                     "max_attempts": self.options.max_attempts}  # fmt: skip
            for job_id, status in conn.execute(RECLAIM_STALE, stale).fetchall():
                _say(f"reclaimed stale job {job_id} -> {status}")
        with self._lock, conn.transaction(), conn.cursor(row_factory=dict_row) as cur:
            job = cur.execute(CLAIM, {"worker": self.options.worker_id}).fetchone()
        if job is None:
            return None
        return self.process(job)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.options)
        return self._conn

    # -- one job --------------------------------------------------------------------------------

    def process(self, job: dict[str, Any]) -> JobOutcome:
        job_id = str(job["id"])
        conn = self._connection()
        reporter = JobReporter(conn, self._lock, job_id, self.options.worker_id,
                               self.options.heartbeat_s, self.stopping)  # fmt: skip
        try:
            reporter.log(f"claimed by {self.options.worker_id} (attempt {job['attempts']}, "
                         f"data source {job['data_source']})")  # fmt: skip
            config = job_config(job["params"], job["data_source"], self.options.device)
            config = replace(config, version=config.version or _fresh_version(job_id))
            optim, model = config.optim, config.model
            reporter.start(len(config.seeds) * model.members * optim.epochs)
            with tempfile.TemporaryDirectory(prefix="rul-job-") as tmp:
                folder = Path(tmp)
                data = self._load_data(job, config, folder, reporter)
                result = train(config, data, reporter.progress, reporter.log)
                # Training is done: a shutdown request now waits the few seconds export takes.
                reporter.check(stopping=False)
                card = save_model(result, folder / "model")
                onnx_bytes = (folder / "model" / MODEL_FILE).read_bytes()
            card["data"]["source"] = data_description(job, data.runs.rows)
            card["training"]["job"] = job_id
            reporter.stop()
            reporter.flush()
            reporter.check(stopping=False)
            self._complete(job_id, card, onnx_bytes, reporter)
            _say(f"job {job_id} succeeded: staged model {card['version']}")
            return JobOutcome(job_id, "succeeded", model_version=card["version"])
        except JobLost:
            _say(f"job {job_id} was cancelled or reclaimed; stopped working on it")
            return JobOutcome(job_id, "lost")
        except WorkerStopping:
            return self._release(job_id, reporter)
        except Exception as err:  # any failure ends the job as failed, never left running
            message = _describe(err)
            _say(f"job {job_id} failed: {message}")
            reporter.stop()
            with self._lock, conn.transaction():
                row = conn.execute(FAIL, {"id": job_id, "worker": self.options.worker_id,
                                          "error": message, "log_tail": reporter.log_tail() or None,
                                          }).fetchone()  # fmt: skip
            return JobOutcome(job_id, "failed" if row else "lost", error=message)
        finally:
            reporter.stop()

    def _load_data(
        self, job: dict[str, Any], config: RunConfig, folder: Path, reporter: JobReporter
    ) -> Any:
        if job["data_source"] == "upload":
            text = job["data_text"] or ""
            return load_text(text, folder, config.subset, "uploaded training data")
        conn = self._connection()
        with self._lock, conn.transaction():
            rows = conn.execute(FLEET_RUN_TO_FAILURE, {"model": config.name}).fetchall()
        ids, engines = fleet_engines(rows, reporter.log)
        reporter.log(f"fleet data: {len(ids)} run-to-failure engines (units 1..{len(ids)} = "
                     f"{', '.join(ids[:20])}{' ...' if len(ids) > 20 else ''})")  # fmt: skip
        return load_text(render_cmapss(engines), folder, config.subset, "fleet telemetry")

    def _complete(
        self, job_id: str, card: dict[str, Any], onnx_bytes: bytes, reporter: JobReporter
    ) -> None:
        metrics = json.dumps(card["metrics"])
        conn = self._connection()
        # One transaction: a job cancelled at the last moment registers no model.
        with self._lock, conn.transaction():
            registered = conn.execute(REGISTER_MODEL, {
                "version": card["version"], "name": card["name"], "card": json.dumps(card),
                "onnx": onnx_bytes, "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
                "metrics": metrics,
            }).fetchone()  # fmt: skip
            if registered is None:
                raise ValueError(f"model version '{card['version']}' already exists")
            done = conn.execute(COMPLETE, {
                "id": job_id, "worker": self.options.worker_id, "metrics": metrics,
                "model_version": card["version"], "log_tail": reporter.log_tail() or None,
            }).fetchone()  # fmt: skip
            if done is None:
                raise JobLost(f"job {job_id} was cancelled or reclaimed")

    def _release(self, job_id: str, reporter: JobReporter) -> JobOutcome:
        reporter.stop()
        conn = self._connection()
        with self._lock, conn.transaction():
            row = conn.execute(RELEASE, {
                "id": job_id, "worker": self.options.worker_id,
                "max_attempts": self.options.max_attempts,
                "error": "worker shut down during the last allowed attempt",
                "log_tail": (reporter.log_tail() + "\nworker shutting down: job released").strip(),
            }).fetchone()  # fmt: skip
        status = row[1] if row else "lost"
        _say(f"shutting down: job {job_id} released ({status})")
        return JobOutcome(job_id, "released" if row else "lost")


def data_description(job: dict[str, Any], rows: int) -> str:
    if job["data_source"] == "fleet":
        return f"fleet run-to-failure telemetry ({rows} cycles), training job {job['id']}"
    return f"uploaded C-MAPSS training file ({rows} cycles), training job {job['id']}"


def _fresh_version(job_id: str) -> str:
    # The job id keeps versions unique even when two jobs produce byte-identical models.
    return f"{datetime.now(timezone.utc):%Y.%m.%d}-job-{job_id[:8]}"


def _describe(err: BaseException) -> str:
    if isinstance(err, ValueError) and str(err):
        return str(err)
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


def _say(message: str) -> None:
    print(f"worker: {message}", file=sys.stderr, flush=True)


def install_signal_handlers(stopping: threading.Event) -> None:
    """SIGTERM/SIGINT: finish the current epoch, hand the job back, exit 0."""

    def handle(signum: int, _frame: FrameType | None) -> None:
        _say(f"received {signal.Signals(signum).name}; stopping")
        stopping.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
