"""A model card's validation figures as a Markdown table (the README's metrics section)."""

from __future__ import annotations

from typing import Any

ROWS = (
    ("rmseCappedTruth", "RMSE (truth capped at maxRul, the literature's convention)", 2),
    ("phm08ScoreCappedTruthPer100", "PHM08 score per 100 engines (truth capped)", 1),
    ("rmse", "RMSE (true RUL)", 2),
    ("phm08ScorePer100", "PHM08 score per 100 engines (true RUL)", 1),
    ("intervalCoverage", "90 % interval coverage", 3),
    ("meanIntervalWidth", "mean interval width (cycles)", 1),
    ("uncalibratedCoverage", "coverage before conformal calibration", 3),
)


def metrics_table(card: dict[str, Any]) -> str:
    v = card["metrics"]["validation"]
    folds = v.get("folds")
    runs = "fold" if folds else "seed"
    engines = card["data"]["engines"]
    if folds:
        head = (
            f"{folds}-fold cross-validation, seeds {v['seeds']}: {engines['validation']} engines, "
            f"each validated once ({ensemble(card['training'])} per fold); "
            f"{engines['calibration']} calibration engines."
        )
    else:
        head = f"Seeds {v['seeds']} (each: its own engine split, ensemble and calibration)."
    out = [head, "", f"| metric | mean ± sd over {runs}s | per {runs} |", "|---|---|---|"]
    for key, label, digits in ROWS:
        if key not in v:
            continue
        m = v[key]
        per = ", ".join(f"{x:.{digits}f}" for x in m["values"])
        out.append(f"| {label} | {m['mean']:.{digits}f} ± {m['sd']:.{digits}f} | {per} |")
    pooled = v.get("pooled")
    if pooled:
        out += [
            "",
            f"Pooled over all {pooled['n']} validation cuts of {pooled['engines']} engines "
            "(every engine weighing the same): "
            f"RMSE {pooled['rmseCappedTruth']:.2f} (capped truth) / {pooled['rmse']:.2f} (true "
            f"RUL), PHM08/100 {pooled['phm08ScoreCappedTruthPer100']:.1f} / "
            f"{pooled['phm08ScorePer100']:.1f}, coverage {pooled['intervalCoverage']:.3f}, mean "
            f"width {pooled['meanIntervalWidth']:.1f}.",
        ]
    shipped = v.get("shipped", {})
    if shipped.get("kind") == "refit":
        out += ["", f"Shipped: {shipped['description']}."]
    return "\n".join(out)


def ensemble(training: dict[str, Any]) -> str:
    """ "3-member ensemble", or with mixed kinds "4-member ensemble: 2 cnn + 2 mlp"."""
    text = f"{training['members']}-member ensemble"
    kinds = training.get("memberKinds")
    if kinds and len(set(kinds)) > 1:
        text += ": " + " + ".join(f"{kinds.count(k)} {k}" for k in dict.fromkeys(kinds))
    return text
