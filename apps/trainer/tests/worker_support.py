"""Helpers for the worker tests: a migrated schema, fleet rows and jobs written with plain SQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import psycopg
import pytest
from conftest import REPO_ROOT, synthetic_engine
from psycopg import sql

from rul_trainer.worker import Worker, WorkerOptions

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")

# One seed, one small member, two one-batch epochs: seconds on a busy CPU.
TINY_PARAMS: dict[str, Any] = {
    "seeds": [0],
    "golden_pairs": 3,
    "model": {"members": 1, "channels": 8, "hidden": 16, "dilations": [1, 2]},
    "optim": {"epochs": 2, "max_batches_per_epoch": 1, "batch_size": 32},
    "target": {"window": 12},
}


def pnpm() -> str:
    found = shutil.which("pnpm")
    if not found:
        pytest.fail("pnpm not found in PATH: the worker tests build their schema with "
                    "`pnpm --filter @rul/db migrate`")  # fmt: skip
    return found


def require_postgres(url: str) -> None:
    try:
        psycopg.connect(url, connect_timeout=3).close()
        return
    except psycopg.OperationalError as err:
        reason = str(err).strip()
    pytest.fail(
        f"PostgreSQL unreachable at {url} ({reason}); the worker tests need a real server: "
        "start one or point TEST_DATABASE_URL at it",
        pytrace=False,
    )


@contextmanager
def migrated_schema(url: str) -> Iterator[str]:
    """A fresh schema migrated by the project's own command, dropped afterwards."""
    require_postgres(url)
    schema = f"trainer_worker_{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "DATABASE_URL": url, "DB_SCHEMA": schema}
    done = subprocess.run([pnpm(), "--filter", "@rul/db", "migrate"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    try:
        if done.returncode != 0:
            pytest.fail(f"`pnpm --filter @rul/db migrate` failed:\n{done.stdout}\n{done.stderr}")
        yield schema
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def connect(url: str, schema: str | None) -> psycopg.Connection[Any]:
    conn = psycopg.connect(url, autocommit=True)
    if schema:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    return conn


def clear(conn: psycopg.Connection[Any]) -> None:
    conn.execute("TRUNCATE training_jobs, model_activations, models, predictions, telemetry, "
                 "engines CASCADE")  # fmt: skip


def insert_fleet(conn: psycopg.Connection[Any], engines: int = 8, seed: int = 5) -> None:
    """Failed engines with run-to-failure telemetry, plus one still-active engine and one whose
    telemetry has a gap (both must be left out of the training data)."""
    rng = np.random.default_rng(seed)
    histories = [synthetic_engine(int(rng.integers(45, 70)), rng) for _ in range(engines + 2)]
    with conn.transaction():
        for i, history in enumerate(histories):
            engine_id = f"ENG-{i + 1:03d}"
            active = i == engines
            gap = i == engines + 1
            conn.execute(
                "INSERT INTO engines (id, status, last_cycle, failed_at_cycle) "
                "VALUES (%s, %s, %s, %s)",
                (engine_id, "active" if active else "failed", len(history),
                 None if active else len(history)),
            )  # fmt: skip
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO telemetry (engine_id, cycle, settings, sensors) "
                    "VALUES (%s, %s, %s, %s)",
                    [(engine_id, c, row[:3].tolist(), row[3:].tolist())
                     for c, row in enumerate(history, start=1) if not (gap and c == 10)],
                )  # fmt: skip


def enqueue(conn: psycopg.Connection[Any], params: dict[str, Any], source: str = "fleet",
            text: str | None = None) -> str:  # fmt: skip
    row = conn.execute(
        "INSERT INTO training_jobs (params, data_source, data_text) VALUES (%s::jsonb, %s, %s) "
        "RETURNING id::text",
        (json.dumps(params), source, text),
    ).fetchone()
    assert row is not None
    return row[0]


def job(conn: psycopg.Connection[Any], job_id: str) -> dict[str, Any]:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        row = cur.execute("SELECT * FROM training_jobs WHERE id = %s", (job_id,)).fetchone()
    assert row is not None
    return row


def options(
    url: str, schema: str | None, worker_id: str = "test-worker", **kw: Any
) -> WorkerOptions:
    return WorkerOptions(database_url=url, worker_id=worker_id, schema=schema, once=True,
                         device="cpu", heartbeat_s=kw.pop("heartbeat_s", 0.5), **kw)  # fmt: skip


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def run_in_thread(worker: Worker) -> tuple[threading.Thread, list[Any]]:
    results: list[Any] = []
    thread = threading.Thread(target=lambda: results.append(worker.run_one()), daemon=True)
    thread.start()
    return thread, results
