# Real embedded PGlite over the wire (`@rul/db serve:socket`), real CPU training; synthetic engines.
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import onnx
import pytest
from conftest import REPO_ROOT
from worker_support import TINY_PARAMS, connect, enqueue, insert_fleet, job, options, pnpm

from rul_trainer.worker import Worker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def embedded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    data_dir = tmp_path_factory.mktemp("pglite")
    env = {**os.environ, "DATA_DIR": str(data_dir), "PGLITE_SOCKET_PORT": str(port)}
    env.pop("DATABASE_URL", None)
    env.pop("DB_SCHEMA", None)
    proc = subprocess.Popen([pnpm(), "--filter", "@rul/db", "serve:socket"], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)  # fmt: skip
    output: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            if "embedded database served at" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(60):
            pytest.fail("`pnpm --filter @rul/db serve:socket` did not come up:\n" + "".join(output))
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_worker_trains_against_the_embedded_database(embedded_url: str, tmp_path: Path) -> None:
    with connect(embedded_url, None) as db:
        insert_fleet(db, engines=6)
        job_id = enqueue(db, TINY_PARAMS)
        worker = Worker(options(embedded_url, None, worker_id="embedded-worker"))
        try:
            outcome = worker.run_one()
        finally:
            worker.close()
        assert outcome is not None and outcome.status == "succeeded", outcome
        row: dict[str, Any] = job(db, job_id)
        assert row["status"] == "succeeded" and len(row["progress"]["history"]) == 2
        model = db.execute("SELECT status, onnx, card FROM models WHERE version = %s",
                           (row["model_version"],)).fetchone()  # fmt: skip
        assert model is not None and model[0] == "staged"
        onnx.checker.check_model(onnx.load_from_string(bytes(model[1])))
        assert len(model[2]["golden"]) == 3
        # The queue is empty now: a second worker finds nothing to claim.
        second = Worker(options(embedded_url, None, worker_id="idle"))
        try:
            assert second.run_one() is None
        finally:
            second.close()
