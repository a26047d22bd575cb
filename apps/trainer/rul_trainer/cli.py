"""Command line: ``python3 -m rul_trainer train|evaluate ...``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from .artefacts import save_model
from .config import RunConfig
from .datasets import SUBSETS, load_training_data
from .evaluate import evaluate
from .pipeline import Progress, train
from .worker_cli import add_worker_command


def _build_config(args: argparse.Namespace) -> RunConfig:
    config = RunConfig()
    if args.config:
        config = RunConfig.from_dict(json.loads(Path(args.config).read_text(encoding="utf-8")))
    if args.subset:
        config = replace(config, subset=args.subset)
    if args.seeds:
        config = replace(config, seeds=tuple(args.seeds))
    if args.name:
        config = replace(config, name=args.name)
    if args.version:
        config = replace(config, version=args.version)
    config = replace(config, runtime=replace(config.runtime, device=args.device))
    if args.threads:
        config = replace(config, runtime=replace(config.runtime, threads=args.threads))
    if args.folds is not None:
        config = replace(config, split=replace(config.split, folds=args.folds))
    if args.jobs:
        config = replace(config, runtime=replace(config.runtime, jobs=args.jobs))
    if args.no_amp:
        config = replace(config, runtime=replace(config.runtime, mixed_precision=False))
    optim, model, target = config.optim, config.model, config.target
    if args.epochs:
        optim = replace(optim, epochs=args.epochs)
    if args.members:
        model = replace(model, members=args.members)
    if args.member_kinds:
        model = replace(model, member_kinds=tuple(args.member_kinds.split(",")))
    if args.window:
        target = replace(target, window=args.window)
    if args.max_rul:
        target = replace(target, max_rul=args.max_rul)
    return replace(config, optim=optim, model=model, target=target)


def _print_progress(p: Progress) -> None:
    if p.epoch == 1 or p.epoch % 10 == 0:
        print(
            f"  seed {p.seed} member {p.member + 1}/{p.members} epoch {p.epoch}/{p.epochs} "
            f"train loss {p.train_loss:.4f} val loss {p.val_loss:.4f} val RMSE {p.val_rmse:.2f}",
            file=sys.stderr,
            flush=True,
        )


def cmd_train(args: argparse.Namespace) -> int:
    config = _build_config(args)
    data = load_training_data(args.data, config.subset)
    result = train(config, data, _print_progress, lambda m: print(m, file=sys.stderr, flush=True))
    card = save_model(result, args.out)
    summary = card["metrics"]["validation"]
    report = {
        "out": str(args.out),
        "version": card["version"],
        "wallSeconds": card["training"]["wallSeconds"],
        **{
            key: f"{summary[key]['mean']:.3f} ± {summary[key]['sd']:.3f}"
            for key in ("rmse", "rmseCappedTruth", "phm08ScorePer100",
                        "phm08ScoreCappedTruthPer100", "intervalCoverage", "meanIntervalWidth")
        },
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    print(json.dumps(evaluate(args.model, args.test, args.rul, args.backend), indent=2))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .artefacts import load_card
    from .report import metrics_table

    print(metrics_table(load_card(args.model)))
    return 0


def cmd_reexport(args: argparse.Namespace) -> int:
    from .artefacts import reexport_model

    card = reexport_model(args.model)
    print(json.dumps({"model": card["name"], "version": card["version"], **card["onnx"]}, indent=2))
    return 0


def cmd_parity(args: argparse.Namespace) -> int:
    from .parity import check_parity

    report = check_parity(args.model)
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="rul_trainer", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train, calibrate and export a model directory")
    t.add_argument("--data", required=True, help="train_FD00x.txt file or a folder holding it")
    t.add_argument("--subset", help=f"one of {', '.join(SUBSETS)} (or your own); default: the "
                   "--config file's subset, else FD001")
    t.add_argument("--out", required=True, type=Path, help="model directory to write")
    t.add_argument("--seeds", type=int, nargs="+", help="one run per seed; the first is shipped")
    t.add_argument("--folds", type=int,
                   help="K-fold cross-validation (seed = first seed + fold), then ship a refit "
                   "on every non-calibration engine; 0 = off")
    t.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    t.add_argument("--epochs", type=int, help="maximum epochs per member (early stopping)")
    t.add_argument("--members", type=int, help="ensemble members per seed")
    t.add_argument("--member-kinds",
                   help="member architectures, cycled over the members: comma-separated "
                   "cnn / mlp, e.g. cnn,mlp")
    t.add_argument("--window", type=int, help="window length in cycles")
    t.add_argument("--max-rul", type=int, help="RUL cap of the piecewise-linear target")
    t.add_argument("--threads", type=int, help="CPU threads for torch")
    t.add_argument("--jobs", type=int, help="train this many seeds/folds in parallel processes")
    t.add_argument("--no-amp", action="store_true", help="disable mixed precision on CUDA")
    t.add_argument("--config", help="JSON file with a full RunConfig (flags override it)")
    t.add_argument("--name", help="model name in the card")
    t.add_argument("--version", help="model version in the card (default: date + onnx hash)")
    t.set_defaults(func=cmd_train)

    e = sub.add_parser("evaluate", help="score a model directory on a test file + RUL file")
    e.add_argument("--model", required=True, type=Path, help="directory with model.onnx + card")
    e.add_argument("--test", required=True, help="test_FD00x.txt (histories cut before failure)")
    e.add_argument("--rul", required=True, help="RUL_FD00x.txt (true RUL per test engine)")
    e.add_argument("--backend", default="auto", choices=["auto", "onnxruntime", "torch"])
    e.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("parity", help="ONNX Runtime vs PyTorch check (needs onnxruntime)")
    p.add_argument("--model", required=True, type=Path, help="directory with model.onnx + card")
    p.set_defaults(func=cmd_parity)

    x = sub.add_parser("reexport", help="write model.onnx again from weights.pt (same weights, "
                       "current exporter); updates the card's hash and version")
    x.add_argument("--model", required=True, type=Path, help="directory with weights.pt + card")
    x.set_defaults(func=cmd_reexport)

    r = sub.add_parser("report", help="print a model card's validation figures as Markdown")
    r.add_argument("--model", required=True, type=Path, help="directory with model-card.json")
    r.set_defaults(func=cmd_report)

    add_worker_command(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


def run(argv: list[str] | None = None) -> int:
    """The command-line entry: a user's mistake (bad option value, missing or malformed file) is one
    line on stderr and exit status 2, not a traceback."""
    try:
        return main(argv)
    except (ValueError, FileNotFoundError) as err:
        print(f"rul-trainer: error: {err}", file=sys.stderr)
        return 2
