# The thread settings of a run reach the BLAS library torch multiplies through, not only torch.
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, torch, threadpoolctl
from rul_trainer.config import RuntimeConfig
from rul_trainer.runtime import configure
configure(RuntimeConfig(threads=1))
torch.ones(64, 64) @ torch.ones(64, 64)  # loads the BLAS library if torch defers it
print(json.dumps(threadpoolctl.threadpool_info()))
"""


def test_a_thread_count_holds_the_blas_pool_too() -> None:
    # A fresh interpreter: the limit is process-wide and would outlive this test.
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=Path(__file__).resolve().parents[1],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    blas = [pool for pool in json.loads(out) if pool["user_api"] == "blas"]
    assert blas, "no BLAS thread pool found: install libopenblas0-openmp (see the trainer README)"
    assert [pool["num_threads"] for pool in blas] == [1] * len(blas)
