"""``python3 -m rul_trainer worker``: flags and environment of the job worker.

Kept apart from :mod:`rul_trainer.worker` so ``train`` and ``evaluate`` never import the database
driver.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from pathlib import Path

SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")  # same rule as packages/db's openDatabase


def add_worker_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    w = sub.add_parser("worker", help="claim training jobs from the database and run them")
    w.add_argument(
        "--database-url", help="PostgreSQL URL (default: DATABASE_URL or DATABASE_URL_FILE)"
    )
    w.add_argument("--schema", help="schema of the tables (default: DB_SCHEMA)")
    w.add_argument("--worker-id", help="name recorded on claimed jobs (default: <host>-<pid>)")
    w.add_argument("--poll-interval", type=float, default=2.0, help="seconds between queue polls")
    w.add_argument("--heartbeat", type=float, default=10.0, help="seconds between heartbeats")
    w.add_argument(
        "--stale-after",
        type=float,
        default=120.0,
        help="requeue running jobs without a heartbeat for this many seconds",
    )
    w.add_argument("--max-attempts", type=int, default=3, help="claims before a job fails for good")
    w.add_argument("--once", action="store_true", help="process at most one job, then exit")
    w.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    w.set_defaults(func=cmd_worker)


def database_url(flag: str | None) -> str:
    if flag:
        return flag
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    secret = os.environ.get("DATABASE_URL_FILE")
    if secret:
        return Path(secret).read_text(encoding="utf-8").strip()
    raise SystemExit(
        "worker: no database: pass --database-url or set DATABASE_URL / DATABASE_URL_FILE"
    )


def cmd_worker(args: argparse.Namespace) -> int:
    from .worker import Worker, WorkerOptions, install_signal_handlers

    schema = args.schema or os.environ.get("DB_SCHEMA") or None
    if schema is not None and not SCHEMA_NAME.fullmatch(schema):
        raise SystemExit(f"worker: schema {schema!r} must be a lowercase SQL identifier")
    if args.heartbeat <= 0 or args.poll_interval <= 0 or args.stale_after <= args.heartbeat:
        raise SystemExit("worker: need poll-interval > 0 and stale-after > heartbeat > 0")
    options = WorkerOptions(
        database_url=database_url(args.database_url),
        worker_id=args.worker_id or f"{socket.gethostname()}-{os.getpid()}",
        schema=schema,
        poll_interval_s=args.poll_interval,
        heartbeat_s=args.heartbeat,
        stale_after_s=args.stale_after,
        max_attempts=args.max_attempts,
        once=args.once,
        device=args.device,
    )
    worker = Worker(options)
    install_signal_handlers(worker.stopping)
    print(f"worker: {options.worker_id} polling every {options.poll_interval_s:g}s",
          file=sys.stderr, flush=True)  # fmt: skip
    return worker.run()
