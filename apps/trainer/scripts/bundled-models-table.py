"""Print the validation figures of every bundled model (``models/*/model-card.json``) as one table.

The figures are the cards' own: cross-validation on test-like cuts (see "Validation protocol" in the
README), truth capped at maxRul. PHM08 is also scaled to the engine count of the subset's official
test file (the official score sums over its engines), so it reads against published scores.

    cd apps/trainer && /usr/bin/python3 scripts/bundled-models-table.py
"""

from __future__ import annotations

import json
from pathlib import Path

MODELS = Path(__file__).resolve().parents[3] / "models"
# Engines in NASA's official test files (test_FD00x.txt).
TEST_ENGINES = {"FD001": 100, "FD002": 259, "FD003": 100, "FD004": 248}


def row(folder: Path) -> tuple[str, str]:
    card = json.loads((folder / "model-card.json").read_text())
    v, t = card["metrics"]["validation"], card["training"]
    subset = card["data"]["subset"]
    rmse, phm, cov, width = (v[k] for k in ("rmseCappedTruth", "phm08ScoreCappedTruthPer100",
                                            "intervalCoverage", "meanIntervalWidth"))  # fmt: skip
    engines = TEST_ENGINES.get(subset)
    phm_test = f"{phm['mean'] * engines / 100:,.0f}" if engines else "-"
    folds = v.get("folds") or len(v["seeds"])
    held = card["data"]["engines"]
    text = (f"| {subset} | `{folder.name}` | {folds} folds, {held['validation']} + "
            f"{held['calibration']} engines | {rmse['mean']:.2f} ± {rmse['sd']:.2f} | "
            f"{phm['mean']:.0f} | {phm_test} | {cov['mean']:.3f} ({min(cov['values']):.2f}-"
            f"{max(cov['values']):.2f}) | {width['mean']:.1f} | "
            f"{t['wallSeconds'] / 60:.0f} min |")  # fmt: skip
    return subset, text


def main() -> None:
    rows = sorted(row(card.parent) for card in MODELS.glob("*/model-card.json"))
    print("| subset | folder | validated on | capped RMSE (mean ± sd over folds) | PHM08 per 100 "
          "engines | PHM08 scaled to the test file | 90 % coverage (folds) | mean width | "
          "training |")  # fmt: skip
    print("|---|---|---|---:|---:|---:|---|---:|---:|")
    for _subset, text in rows:
        print(text)


if __name__ == "__main__":
    main()
