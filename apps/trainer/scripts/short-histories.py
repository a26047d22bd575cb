"""Score a saved model on short histories: how well it does when a history is shorter than its window.

The official FD002/FD004 test files hold engines with as few as 21 and 19 recorded cycles; the served
model (and this script) pads such histories by repeating their first row in front, as training did.
The model is scored on its calibration engines, which no fit ever saw, each cut after exactly
``h`` cycles for every ``h`` in ``--lengths`` (a cut is kept only when the engine ran longer), true
RUL capped at the card's ``maxRul``. Point accuracy there is free of selection; the interval was
calibrated on these engines (at test-like cuts, not these), so its coverage is indicative.

    cd apps/trainer && /usr/bin/python3 scripts/short-histories.py --data ../../../shared/data/cmapss \\
        --model ../../models/cmapss-fd004-tcn-ensemble [--markdown]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rul_trainer.artefacts import load_card  # noqa: E402
from rul_trainer.config import RunConfig  # noqa: E402
from rul_trainer.datasets import fold_splits, load_training_data  # noqa: E402
from rul_trainer.metrics import score_predictions  # noqa: E402
from rul_trainer.pipeline import predict  # noqa: E402
from rul_trainer.reload import load_graph  # noqa: E402
from rul_trainer.windows import pad_history  # noqa: E402

DEFAULT_LENGTHS = (19, 25, 30, 40, 50, 75, 100, 150)


def score_lengths(model: Path, data_path: str, lengths: tuple[int, ...]) -> list[dict[str, float]]:
    card = load_card(model)
    graph, config = load_graph(model, card), RunConfig.from_dict(card["training"]["config"])
    data = load_training_data(data_path, card["data"]["subset"])
    calibration = fold_splits(data.runs.units, config.split, config.seeds[0]).refit.calibration
    window, max_rul = int(card["window"]), float(card["maxRul"])
    rows = []
    for h in lengths:
        xs, ruls = [], []
        for unit in calibration:
            history = data.runs.readings[unit]
            if len(history) > h:
                xs.append(pad_history(history[:h], window))
                ruls.append(len(history) - h)
        if not xs:
            continue
        median, lower, upper, _ = predict(graph, np.stack(xs).astype(np.float32))
        truth = np.asarray(ruls, np.float32)
        m = score_predictions(median, lower, upper, truth, max_rul)
        m["history"] = h
        m["padded"] = h < window
        m["truthAboveCap"] = float(np.mean(truth > max_rul))
        rows.append(m)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="train_FD00x.txt or the folder holding it")
    parser.add_argument("--model", required=True, help="model directory (card + weights.pt)")
    parser.add_argument("--lengths", type=int, nargs="+", default=list(DEFAULT_LENGTHS))
    args = parser.parse_args()
    card = load_card(Path(args.model))
    rows = score_lengths(Path(args.model), args.data, tuple(args.lengths))
    print(f"{card['name']} {card['version']}: calibration engines cut after h cycles "
          f"(window {card['window']}, shorter histories repeat-first padded)")  # fmt: skip
    print("| history h | padded | engines | truth > cap | capped RMSE | coverage | mean width |")
    print("|---:|:---:|---:|---:|---:|---:|---:|")
    for m in rows:
        print(f"| {m['history']} | {'yes' if m['padded'] else 'no'} | {m['n']} | "
              f"{m['truthAboveCap']:.0%} | {m['rmseCappedTruth']:.2f} | "
              f"{m['intervalCoverage']:.2f} | {m['meanIntervalWidth']:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
