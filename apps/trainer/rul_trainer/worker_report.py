"""Progress, log tail and heartbeat of the job a worker is running.

The training core calls :meth:`JobReporter.progress` after every epoch and :meth:`JobReporter.log`
for its log lines; both raise to unwind training as soon as the job is no longer this worker's
(cancelled or reclaimed: the guarded UPDATE matched no row) or the worker was told to stop. A
background thread heartbeats between epochs, which can be long on CPU.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from datetime import datetime, timezone
from typing import Any

import psycopg

from .pipeline import Progress
from .worker_sql import PROGRESS

LOG_LINES = 200
LOG_CHARS = 16_000
HISTORY_POINTS = 1000


class JobLost(Exception):
    """The job was cancelled or reclaimed while this worker was on it."""


class WorkerStopping(Exception):
    """The worker was asked to shut down mid-job."""


def _finite(value: float) -> float | None:
    # JSON has no NaN/Infinity; a diverged loss is reported as null rather than breaking the update.
    return value if value == value and abs(value) != float("inf") else None


class JobReporter:
    def __init__(
        self,
        conn: psycopg.Connection[Any],
        lock: threading.Lock,
        job_id: str,
        worker_id: str,
        heartbeat_s: float,
        stopping: threading.Event,
        min_write_interval_s: float = 1.0,
    ) -> None:
        self._conn, self._lock = conn, lock
        self._job_id, self._worker_id = job_id, worker_id
        self._heartbeat_s, self._stopping = heartbeat_s, stopping
        self._min_interval = min_write_interval_s
        self._lines: deque[str] = deque(maxlen=LOG_LINES)
        self._history: deque[dict[str, Any]] = deque(maxlen=HISTORY_POINTS)
        self._state: dict[str, Any] = {"epoch": 0, "epochs": 0, "trainLoss": None, "valLoss": None}
        self._last_write = 0.0
        self._steps = 0
        self._state_lock = threading.Lock()  # the heartbeat thread reads what training writes
        self._lost = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)

    # -- called by the training core ---------------------------------------------------------

    def progress(self, p: Progress) -> None:
        self.check()
        with self._state_lock:
            self._record(p)
        if time.monotonic() - self._last_write >= self._min_interval:
            self.flush()
        self.check()

    def _record(self, p: Progress) -> None:
        self._steps += 1
        point = {
            "epoch": self._steps,
            "trainLoss": _finite(p.train_loss),
            "valLoss": _finite(p.val_loss),
        }
        self._history.append(point)
        self._state = {
            **point,
            # Epochs over every seed and ensemble member; early stopping can end the job sooner.
            "epochs": p.runs * p.members * p.epochs,
            "seed": p.seed,
            "member": p.member + 1,
            "members": p.members,
            "memberEpoch": p.epoch,
            "memberEpochs": p.epochs,
            "valRmse": _finite(p.val_rmse),
            "fraction": round(p.fraction, 4),
        }

    def log(self, message: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
        with self._state_lock:
            for line in message.splitlines() or [""]:
                self._lines.append(f"{stamp} {line}")
        print(f"[{self._job_id}] {message}", file=sys.stderr, flush=True)
        self.check()

    # -- called by the worker -----------------------------------------------------------------

    def start(self, epochs: int) -> None:
        with self._state_lock:
            self._state["epochs"] = epochs
        self.flush()
        self.check()
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def check(self, stopping: bool = True) -> None:
        if self._lost.is_set():
            raise JobLost(f"job {self._job_id} was cancelled or reclaimed")
        if stopping and self._stopping.is_set():
            raise WorkerStopping("worker shutting down")

    @property
    def lost(self) -> bool:
        return self._lost.is_set()

    def snapshot(self) -> dict[str, Any]:
        with self._state_lock:
            return {**self._state, "history": list(self._history)}

    def log_tail(self) -> str:
        with self._state_lock:
            text = "\n".join(self._lines)
        return text[-LOG_CHARS:]

    def flush(self) -> bool:
        """Writes progress + log tail (also the heartbeat); False once the job is gone."""
        if self._lost.is_set():
            return False
        params = {
            "id": self._job_id,
            "worker": self._worker_id,
            "progress": json.dumps(self.snapshot()),
            "log_tail": self.log_tail() or None,
        }
        with self._lock, self._conn.transaction():
            row = self._conn.execute(PROGRESS, params).fetchone()
        self._last_write = time.monotonic()
        if row is None:
            self._lost.set()
        return row is not None

    def _beat(self) -> None:
        while not self._done.wait(self._heartbeat_s):
            try:
                if not self.flush():
                    return
            except psycopg.Error as err:
                # The main thread hits the same broken connection on its next write and fails
                # the job (or the API reclaims it); the heartbeat only reports it.
                print(f"[{self._job_id}] heartbeat failed: {err}", file=sys.stderr, flush=True)
