# Pure unit test of the worker's data shaping (fleet rows, upload text); no database, no training.
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rul_trainer.worker_data import JobDataError, fleet_engines, load_text, render_cmapss


def rows(engine_id: str, cycles: list[int], failure: int, value: float = 1.5) -> list[tuple]:
    return [(engine_id, c, [0.0, 0.0, 100.0], [value] * 21, failure - c) for c in cycles]


def test_only_complete_run_to_failure_histories_are_used() -> None:
    log: list[str] = []
    data = (
        rows("A", [1, 2, 3], 3)
        + rows("B", [1, 2, 3, 4], 4)
        + rows("C", [2, 3, 4], 4)  # starting late is fine: targets count back from the failure
        + rows("GAP", [1, 2, 4], 4)
        + rows("SHORT", [1, 2], 5)  # telemetry stops before the recorded failure
        + [("NAN", 1, [0.0, 0.0, 100.0], [1.0] * 20 + [float("nan")], 0)]
    )
    ids, engines = fleet_engines(data, log.append)
    assert ids == ["A", "B", "C"] and [len(e) for e in engines] == [3, 4, 3]
    assert engines[0][0] == [0.0, 0.0, 100.0] + [1.5] * 21
    assert log == [
        "skipping engine GAP: 1 gap(s) in its cycles before the failure",
        "skipping engine SHORT: telemetry stops 3 cycle(s) before its recorded failure",
        "skipping engine NAN: cycle 1: W32 is nan, not a finite number",
    ]


def test_too_few_engines_is_a_clear_error() -> None:
    with pytest.raises(JobDataError, match="2 engine\\(s\\) with complete run-to-failure"):
        fleet_engines(rows("A", [1, 2], 2) + rows("B", [1], 1), lambda _m: None)


def test_rendered_fleet_round_trips_exactly(tmp_path: Path) -> None:
    engines = [[[0.1 + i * 1e-9 + j for j in range(24)] for i in range(n)] for n in (3, 5)]
    data = load_text(render_cmapss(engines), tmp_path, "fleet", "fleet telemetry")
    assert data.runs.units == [1, 2] and data.path.name == "train_fleet.txt"
    np.testing.assert_array_equal(data.runs.readings[2], np.asarray(engines[1]))
    assert len(data.sha256) == 64


def test_upload_errors_name_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(JobDataError) as err:
        load_text("1 1 2 3\n", tmp_path, "upload", "uploaded training data")
    assert (
        str(err.value) == "uploaded training data, line 1, column 5: expected 26 columns, found 4"
    )
    with pytest.raises(JobDataError, match=r"subset '\.\./x' must be"):
        load_text("", tmp_path, "../x", "uploaded training data")
