# Real PostgreSQL (fresh schema via `@rul/db migrate`), real CPU training; synthetic engines only.
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import onnx
import psycopg
import pytest
from worker_support import (
    TEST_DATABASE_URL,
    TINY_PARAMS,
    clear,
    connect,
    enqueue,
    insert_fleet,
    job,
    migrated_schema,
    options,
    run_in_thread,
    wait_for,
)

from rul_trainer.worker import Worker
from rul_trainer.worker_report import JobLost, JobReporter
from rul_trainer.worker_sql import CLAIM

TRAINER = Path(__file__).resolve().parents[1]
LONG_PARAMS = {**TINY_PARAMS, "optim": {**TINY_PARAMS["optim"], "epochs": 2000, "patience": 2000}}


@pytest.fixture(scope="module")
def schema() -> Iterator[str]:
    with migrated_schema(TEST_DATABASE_URL) as name:
        yield name


@pytest.fixture
def db(schema: str) -> Iterator[psycopg.Connection[Any]]:
    with connect(TEST_DATABASE_URL, schema) as conn:
        clear(conn)
        yield conn


def test_fleet_job_end_to_end_as_a_subprocess(db: psycopg.Connection[Any], schema: str) -> None:
    insert_fleet(db)
    # A failed engine judged by another model is another kind of fleet: not this model's data.
    # One judged by this model, and the others (judged by no named model yet), are.
    db.execute("UPDATE engines SET model_name = 'other-model' WHERE id = 'ENG-001'")
    db.execute("UPDATE engines SET prediction_model = 'fleet-test' WHERE id = 'ENG-002'")
    # The API stores a job's data set and model name as these RunConfig keys.
    job_id = enqueue(db, {**TINY_PARAMS, "subset": "line-7", "name": "fleet-test"})
    env = {**os.environ, "DATABASE_URL": TEST_DATABASE_URL, "DB_SCHEMA": schema}
    done = subprocess.run(
        [sys.executable, "-m", "rul_trainer", "worker", "--once", "--device", "cpu",
         "--worker-id", "e2e-worker", "--heartbeat", "1"],
        cwd=TRAINER, env=env, capture_output=True, text=True, timeout=170,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    row = job(db, job_id)
    assert row["status"] == "succeeded", row["error"]
    assert row["worker_id"] == "e2e-worker" and row["attempts"] == 1
    progress = row["progress"]
    assert progress["epoch"] == 2 and progress["epochs"] == 2
    assert [h["epoch"] for h in progress["history"]] == [1, 2]
    assert all(isinstance(h["trainLoss"], float) for h in progress["history"])
    assert "validation RMSE" in row["log_tail"]
    assert "skipping engine ENG-010: 1 gap(s)" in row["log_tail"]

    with db.cursor(row_factory=psycopg.rows.dict_row) as cur:
        model = cur.execute("SELECT * FROM models").fetchone()
    assert model is not None and model["status"] == "staged"
    assert model["version"] == row["model_version"] and model["name"] == "fleet-test"
    onnx_bytes = bytes(model["onnx"])
    assert model["sha256"] == hashlib.sha256(onnx_bytes).hexdigest()
    onnx.checker.check_model(onnx.load_from_string(onnx_bytes))
    card = model["card"]
    assert card["version"] == model["version"] and card["onnx"]["sha256"] == model["sha256"]
    assert card["name"] == "fleet-test" and card["data"]["subset"] == "line-7"
    assert card["data"]["file"] == "train_line-7.txt"
    assert len(card["golden"]) == 3 and card["window"] == 12
    # 7 usable engines: the active one, the one with a gap and the other model's are not training data.
    assert sum(card["data"]["engines"].values()) == 7
    assert card["training"]["job"] == job_id and "fleet" in card["data"]["source"]
    assert model["metrics"] == card["metrics"] == row["metrics"]


def test_malformed_upload_fails_with_line_and_column(
    db: psycopg.Connection[Any], make_worker: MakeWorker
) -> None:
    good = " ".join(["1", "1"] + ["0.5"] * 24)
    bad = " ".join(["1", "2"] + ["0.5"] * 10 + ["x1"] + ["0.5"] * 13)
    job_id = enqueue(db, TINY_PARAMS, "upload", f"{good}\n{bad}\n")
    outcome = make_worker().run_one()
    assert outcome is not None and outcome.status == "failed"
    row = job(db, job_id)
    assert row["status"] == "failed" and row["finished_at"] is not None
    assert row["error"] == "uploaded training data, line 2, column 13: 'x1' is not a number"


def test_unknown_params_fail_the_job_by_name(
    db: psycopg.Connection[Any], make_worker: MakeWorker
) -> None:
    job_id = enqueue(db, {"optim": {"epochz": 3}}, "upload", "1 1")
    make_worker().run_one()
    row = job(db, job_id)
    assert row["status"] == "failed"
    assert row["error"] == "invalid job params: unknown OptimConfig option(s): epochz"


def test_a_claimed_job_is_skipped_not_waited_for(db: psycopg.Connection[Any], schema: str) -> None:
    job_id = enqueue(db, TINY_PARAMS)
    with connect(TEST_DATABASE_URL, schema) as a, connect(TEST_DATABASE_URL, schema) as b:
        with a.transaction():
            claimed = a.execute(CLAIM, {"worker": "a"}).fetchone()
            assert claimed is not None
            # a still holds the row lock: b skips it at once instead of blocking.
            b.execute("SET statement_timeout = '2s'")
            assert b.execute(CLAIM, {"worker": "b"}).fetchone() is None
    row = job(db, job_id)
    assert row["worker_id"] == "a" and row["attempts"] == 1


def test_two_workers_racing_for_one_job(
    db: psycopg.Connection[Any], make_worker: MakeWorker
) -> None:
    # The job fails fast once claimed: the race for it is the point.
    job_id = enqueue(db, {"bogus": 1}, "upload", "1 1")
    workers = [make_worker(worker_id=f"racer-{i}") for i in range(2)]
    for w in workers:
        w._connection()  # connected before the start line, so both claims really overlap
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def race(w: Worker) -> None:
        start.wait()
        outcomes.append(w.run_one())

    threads = [threading.Thread(target=race, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for w in workers:
        w.close()
    claimed = [o for o in outcomes if o is not None]
    assert len(outcomes) == 2 and len(claimed) == 1
    row = job(db, job_id)
    assert row["attempts"] == 1 and row["worker_id"] in ("racer-0", "racer-1")


def test_cancellation_stops_training_promptly(
    db: psycopg.Connection[Any], make_worker: MakeWorker
) -> None:
    insert_fleet(db)
    job_id = enqueue(db, LONG_PARAMS)
    worker = make_worker()
    thread, results = run_in_thread(worker)
    wait_for(lambda: (job(db, job_id)["progress"] or {}).get("epoch", 0) >= 2, 60, "two epochs")
    db.execute("UPDATE training_jobs SET status = 'cancelled', finished_at = now() WHERE id = %s",
               (job_id,))  # fmt: skip
    cancelled = time.monotonic()
    thread.join(30)
    stopped_after = time.monotonic() - cancelled
    worker.close()
    assert not thread.is_alive() and results[0].status == "lost"
    assert stopped_after < 10, f"worker kept training {stopped_after:.1f}s after the cancel"
    row = job(db, job_id)
    assert row["status"] == "cancelled" and row["progress"]["epoch"] < 2000
    assert db.execute("SELECT count(*) FROM models").fetchone() == (0,)


def test_stale_running_jobs_are_reclaimed(
    db: psycopg.Connection[Any], make_worker: MakeWorker
) -> None:
    retry = enqueue(db, {"bogus": 1}, "upload", "1 1")
    spent = enqueue(db, {"bogus": 1}, "upload", "1 1")
    db.execute("UPDATE training_jobs SET status = 'running', worker_id = 'gone', "
               "heartbeat_at = now() - interval '1 hour', attempts = CASE WHEN id = %s THEN 1 "
               "ELSE 3 END", (retry,))  # fmt: skip
    outcome = make_worker(stale_after_s=60).run_one()
    assert outcome is not None and outcome.job_id == retry
    assert job(db, retry)["attempts"] == 2 and job(db, retry)["worker_id"] == "test-worker"
    row = job(db, spent)
    assert row["status"] == "failed" and row["error"] == "worker stopped sending heartbeats"


def test_heartbeats_between_epochs_and_notices_a_cancel(
    db: psycopg.Connection[Any], schema: str
) -> None:
    job_id = enqueue(db, TINY_PARAMS)
    with connect(TEST_DATABASE_URL, schema) as conn:
        with conn.transaction():
            assert conn.execute(CLAIM, {"worker": "w"}).fetchone() is not None
        claimed_at = job(db, job_id)["heartbeat_at"]
        reporter = JobReporter(conn, threading.Lock(), job_id, "w", 0.2, threading.Event())
        reporter.log("one long epoch ahead")
        reporter.start(epochs=10)
        try:
            # No epoch ends here, yet the heartbeat (and the log tail) keep reaching the row.
            wait_for(lambda: job(db, job_id)["heartbeat_at"] > claimed_at, 5, "a heartbeat")
            assert "one long epoch ahead" in job(db, job_id)["log_tail"]
            db.execute("UPDATE training_jobs SET status = 'cancelled' WHERE id = %s", (job_id,))
            wait_for(lambda: reporter.lost, 5, "the heartbeat to notice the cancel")
            with pytest.raises(JobLost):
                reporter.log("next line")
        finally:
            reporter.stop()


def test_sigterm_hands_the_running_job_back(db: psycopg.Connection[Any], schema: str) -> None:
    insert_fleet(db)
    job_id = enqueue(db, LONG_PARAMS)
    env = {**os.environ, "DATABASE_URL": TEST_DATABASE_URL, "DB_SCHEMA": schema}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rul_trainer", "worker", "--device", "cpu", "--heartbeat", "1",
         "--poll-interval", "0.2"],
        cwd=TRAINER, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for(lambda: (job(db, job_id)["progress"] or {}).get("epoch", 0) >= 1, 90, "training")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    row = job(db, job_id)
    assert row["status"] == "queued" and row["worker_id"] is None and row["attempts"] == 1
    assert "job released" in row["log_tail"]


def test_unreachable_database_exits_non_zero() -> None:
    worker = Worker(options("postgres://postgres@127.0.0.1:1/test", None))
    assert worker.run() == 1


MakeWorker = Callable[..., Worker]


@pytest.fixture
def make_worker(schema: str) -> Iterator[MakeWorker]:
    made: list[Worker] = []

    def make(**kw: Any) -> Worker:
        made.append(Worker(options(TEST_DATABASE_URL, schema, **kw)))
        return made[-1]

    yield make
    for w in made:
        w.close()
