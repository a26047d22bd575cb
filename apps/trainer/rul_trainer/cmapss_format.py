"""Readers for the NASA C-MAPSS text formats (train_FD00x, test_FD00x, RUL_FD00x).

Malformed input raises :class:`CmapssFormatError` naming the file, line and column at fault, because
users bring their own files in this format and need to know exactly what to fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SETTING_NAMES: tuple[str, ...] = ("setting1", "setting2", "setting3")
SENSOR_NAMES: tuple[str, ...] = (
    "T2", "T24", "T30", "T50", "P2", "P15", "P30", "Nf", "Nc", "epr", "Ps30",
    "phi", "NRf", "NRc", "BPR", "farB", "htBleed", "Nf_dmd", "PCNfR_dmd", "W31", "W32",
)  # fmt: skip
# The 24 raw channels the model reads, in file column order (columns 3..26).
CHANNEL_NAMES: tuple[str, ...] = SETTING_NAMES + SENSOR_NAMES
N_COLUMNS = 2 + len(CHANNEL_NAMES)


class CmapssFormatError(ValueError):
    """A C-MAPSS file does not follow the format; ``line`` and ``column`` are 1-based (0 = n/a)."""

    def __init__(self, path: str | Path, line: int, column: int, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        where = f"{self.path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class EngineRuns:
    """Histories of several engines: ``readings[unit]`` is a [cycles, 24] array of raw channels."""

    readings: dict[int, np.ndarray]
    source: str

    @property
    def units(self) -> list[int]:
        return sorted(self.readings)

    @property
    def rows(self) -> int:
        return sum(len(r) for r in self.readings.values())

    def subset(self, units: list[int]) -> EngineRuns:
        return EngineRuns({u: self.readings[u] for u in units}, self.source)

    def stacked(self) -> np.ndarray:
        return np.concatenate([self.readings[u] for u in self.units], axis=0)


def _parse_int(text: str, path: Path, line: int, column: int, what: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise CmapssFormatError(path, line, column, f"{what} {text!r} is not a number") from None
    if not value.is_integer() or value < 1:
        raise CmapssFormatError(path, line, column, f"{what} {text!r} is not a positive integer")
    return int(value)


def read_runs(path: str | Path) -> EngineRuns:
    """Read a train or test file: 26 whitespace-separated columns, unit and cycle first.

    Each unit must be one contiguous block whose cycles count 1, 2, 3, ... (test files are simply
    cut earlier), which is how NASA ships every subset.
    """
    path = Path(path)
    rows: dict[int, list[list[float]]] = {}
    last_unit = 0
    with path.open("r", encoding="ascii", errors="replace") as handle:
        for line_no, line in enumerate(handle, start=1):
            fields = line.split()
            if not fields:
                continue  # NASA files end with blank lines; an empty line carries no reading
            if len(fields) != N_COLUMNS:
                column = min(len(fields), N_COLUMNS) + 1
                raise CmapssFormatError(
                    path, line_no, column, f"expected {N_COLUMNS} columns, found {len(fields)}"
                )
            unit = _parse_int(fields[0], path, line_no, 1, "unit")
            cycle = _parse_int(fields[1], path, line_no, 2, "cycle")
            if unit != last_unit:
                if unit in rows:
                    raise CmapssFormatError(
                        path, line_no, 1, f"unit {unit} appears again after other units"
                    )
                rows[unit] = []
                last_unit = unit
            expected_cycle = len(rows[unit]) + 1
            if cycle != expected_cycle:
                raise CmapssFormatError(
                    path, line_no, 2, f"unit {unit}: cycle {cycle}, expected {expected_cycle}"
                )
            values: list[float] = []
            for column, text in enumerate(fields[2:], start=3):
                try:
                    value = float(text)
                except ValueError:
                    raise CmapssFormatError(
                        path, line_no, column, f"{text!r} is not a number"
                    ) from None
                if not math.isfinite(value):
                    raise CmapssFormatError(path, line_no, column, f"{text!r} is not finite")
                values.append(value)
            rows[unit].append(values)
    if not rows:
        raise CmapssFormatError(path, 1, 0, "file holds no readings")
    readings = {unit: np.asarray(values, dtype=np.float64) for unit, values in rows.items()}
    return EngineRuns(readings, str(path))


def read_rul(path: str | Path, expected: int | None = None) -> np.ndarray:
    """Read a RUL_FD00x file: one non-negative integer per line, in the test file's unit order."""
    path = Path(path)
    values: list[int] = []
    with path.open("r", encoding="ascii", errors="replace") as handle:
        for line_no, line in enumerate(handle, start=1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 1:
                raise CmapssFormatError(path, line_no, 2, f"expected 1 column, found {len(fields)}")
            try:
                value = float(fields[0])
            except ValueError:
                raise CmapssFormatError(path, line_no, 1, f"{fields[0]!r} is not a number") from None
            if not value.is_integer() or value < 0:
                raise CmapssFormatError(
                    path, line_no, 1, f"{fields[0]!r} is not a non-negative integer"
                )
            values.append(int(value))
    if expected is not None and len(values) != expected:
        raise CmapssFormatError(
            path, len(values) + 1 if len(values) < expected else expected + 1, 0,
            f"expected {expected} RUL values (one per test unit), found {len(values)}",
        )  # fmt: skip
    return np.asarray(values, dtype=np.float64)
