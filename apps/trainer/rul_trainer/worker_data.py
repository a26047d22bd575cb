"""A job's training data: the fleet's run-to-failure telemetry or an uploaded C-MAPSS file.

Both end up as a C-MAPSS text file read by the trainer's own loader, so a worker-trained model
is fingerprinted (``data.sha256`` in the card) and validated exactly like one trained from a file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from .cmapss_format import CHANNEL_NAMES, CmapssFormatError
from .datasets import TrainingData, load_training_data

SUBSET_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")
MIN_ENGINES = 3  # the engine split needs one train, one validation and one calibration engine


class JobDataError(ValueError):
    """The job's data cannot be trained on; the message says what to fix."""


def render_cmapss(engines: Sequence[Sequence[Sequence[float]]]) -> str:
    """C-MAPSS training text: units numbered 1.. in the given order, cycles 1.. per unit.

    ``repr`` keeps every float exactly, so the file round-trips the stored readings bit for bit.
    """
    lines: list[str] = []
    for unit, rows in enumerate(engines, start=1):
        for cycle, row in enumerate(rows, start=1):
            lines.append(" ".join([str(unit), str(cycle), *(repr(float(v)) for v in row)]))
    return "\n".join(lines) + "\n"


def fleet_engines(
    rows: Iterable[Sequence[Any]], log: Callable[[str], None]
) -> tuple[list[str], list[list[list[float]]]]:
    """Group ``(engine_id, cycle, settings, sensors, rul)`` rows (ordered by engine, cycle) into
    run-to-failure histories.

    The targets are counted back from the last row, so an engine is usable only if its telemetry is
    gap-free and reaches the recorded failure cycle; other engines are skipped and named in the log.
    """
    grouped: dict[str, list[tuple[int, list[float], int]]] = {}
    for engine_id, cycle, settings, sensors, rul in rows:
        grouped.setdefault(engine_id, []).append((cycle, [*settings, *sensors], rul))
    ids: list[str] = []
    engines: list[list[list[float]]] = []
    for engine_id, history in grouped.items():
        cycles = [c for c, _, _ in history]
        if history[-1][2] != 0:
            log(f"skipping engine {engine_id}: telemetry stops {history[-1][2]} cycle(s) before "
                "its recorded failure")  # fmt: skip
            continue
        gaps = sum(1 for a, b in pairwise(cycles) if b != a + 1)
        if gaps:
            log(f"skipping engine {engine_id}: {gaps} gap(s) in its cycles before the failure")
            continue
        bad = _first_bad_reading(history)
        if bad:
            log(f"skipping engine {engine_id}: {bad}")
            continue
        ids.append(engine_id)
        engines.append([values for _, values, _ in history])
    if len(engines) < MIN_ENGINES:
        raise JobDataError(
            f"the fleet has {len(engines)} engine(s) with complete run-to-failure telemetry "
            f"(failure recorded, no missing cycles); training needs at least {MIN_ENGINES}"
        )
    return ids, engines


def _first_bad_reading(history: list[tuple[int, list[float], int]]) -> str | None:
    for cycle, values, _ in history:
        for name, value in zip(CHANNEL_NAMES, values, strict=True):
            if value is None or not math.isfinite(value):
                return f"cycle {cycle}: {name} is {value}, not a finite number"
    return None


def load_text(text: str, folder: Path, subset: str, what: str) -> TrainingData:
    """Write ``text`` as ``train_<subset>.txt`` in ``folder`` and read it with the trainer's loader.

    Format errors come back as :class:`JobDataError` naming the line and column of ``what``.
    """
    if not SUBSET_NAME.fullmatch(subset):
        raise JobDataError(f"subset {subset!r} must be 1-32 letters, digits, '_' or '-'")
    path = folder / f"train_{subset}.txt"
    path.write_text(text, encoding="utf-8")
    try:
        return load_training_data(path, subset)
    except CmapssFormatError as err:
        where = f"line {err.line}" + (f", column {err.column}" if err.column else "")
        raise JobDataError(f"{what}, {where}: {err.message}") from None
