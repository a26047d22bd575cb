# Real parsing code on small generated files (fake engines); one test reads the real NASA FD001 file.
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import synthetic_engine, write_runs

from rul_trainer.cmapss_format import CHANNEL_NAMES, CmapssFormatError, read_rul, read_runs
from rul_trainer.datasets import load_training_data, sha256_file


def _good_lines(tmp_path: Path) -> list[str]:
    rng = np.random.default_rng(0)
    path = write_runs(tmp_path / "good.txt", [synthetic_engine(5, rng), synthetic_engine(4, rng)])
    return path.read_text().splitlines()


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_reads_units_cycles_and_trailing_spaces(tmp_path: Path) -> None:
    lines = _good_lines(tmp_path)
    assert lines[0].endswith("  ")
    runs = read_runs(_write(tmp_path, lines + ["", "   "]))  # blank tail lines are tolerated
    assert runs.units == [1, 2]
    assert runs.readings[1].shape == (5, len(CHANNEL_NAMES))
    assert runs.rows == 9


def _error(path: Path) -> CmapssFormatError:
    with pytest.raises(CmapssFormatError) as info:
        read_runs(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    return info.value


def test_rejects_missing_column_with_line_and_column(tmp_path: Path) -> None:
    lines = _good_lines(tmp_path)
    lines[2] = " ".join(lines[2].split()[:20])
    err = _error(_write(tmp_path, lines))
    assert (err.line, err.column) == (3, 21)
    assert "expected 26 columns, found 20" in err.message


def test_rejects_non_numeric_and_non_finite_values(tmp_path: Path) -> None:
    lines = _good_lines(tmp_path)
    fields = lines[3].split()
    fields[6] = "abc"
    err = _error(_write(tmp_path, lines[:3] + [" ".join(fields)] + lines[4:]))
    assert (err.line, err.column) == (4, 7)
    fields[6] = "nan"
    err = _error(_write(tmp_path, lines[:3] + [" ".join(fields)] + lines[4:]))
    assert (err.line, err.column) == (4, 7) and "not finite" in err.message


def test_rejects_cycle_gap_and_repeated_unit(tmp_path: Path) -> None:
    lines = _good_lines(tmp_path)
    err = _error(_write(tmp_path, lines[:2] + lines[3:]))  # cycle 3 of unit 1 missing
    assert (err.line, err.column) == (3, 2) and "expected 3" in err.message
    unit_one_again = "1 6 " + " ".join(lines[0].split()[2:])
    err = _error(_write(tmp_path, lines + [unit_one_again]))
    assert (err.line, err.column) == (len(lines) + 1, 1)
    err = _error(_write(tmp_path, ["1.5" + lines[0][1:]]))
    assert (err.line, err.column) == (1, 1)


def test_rejects_empty_file(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, [""]))
    assert "no readings" in err.message


def test_reads_test_file_and_rul_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    test = read_runs(write_runs(tmp_path / "test.txt", [synthetic_engine(n, rng) for n in (8, 3)]))
    rul_path = tmp_path / "RUL.txt"
    rul_path.write_text("112 \n98 \n")
    np.testing.assert_array_equal(read_rul(rul_path, expected=len(test.units)), [112, 98])


@pytest.mark.parametrize(
    ("content", "line", "column", "fragment"),
    [
        ("112\n-3\n", 2, 1, "non-negative"),
        ("112\n9 9\n", 2, 2, "expected 1 column"),
        ("112\n", 2, 0, "expected 2 RUL values"),
        ("1\n2\n3\n", 3, 0, "found 3"),
    ],
)
def test_rejects_bad_rul_files(tmp_path: Path, content: str, line: int, column: int,
                               fragment: str) -> None:  # fmt: skip
    path = tmp_path / "RUL.txt"
    path.write_text(content)
    with pytest.raises(CmapssFormatError) as info:
        read_rul(path, expected=2)
    assert (info.value.line, info.value.column) == (line, column)
    assert fragment in info.value.message


def test_real_fd001_training_file(real_data: Path) -> None:
    data = load_training_data(real_data, "FD001")
    assert len(data.runs.units) == 100 and data.runs.rows == 20631
    assert data.sha256 == "963b5e22825b34d8b21c69e1aeb4af3e647050eb672ee8834ba4b5d91d2de0f8"
    assert data.sha256 == sha256_file(real_data / "train_FD001.txt")
