# Ensembles mixing member architectures: config checks, construction, train -> export -> reload.
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import onnx
import pytest
import torch
from conftest import synthetic_engine, train_with_cli, write_runs

from rul_trainer.artefacts import MODEL_FILE, load_card
from rul_trainer.cli import run
from rul_trainer.config import ModelConfig, RunConfig
from rul_trainer.export import planar_graph
from rul_trainer.networks import MemberNet, MlpMember, PlanarMember, build_member
from rul_trainer.pipeline import describe_epochs, refit_epochs
from rul_trainer.reload import golden_mismatch, load_graph
from rul_trainer.report import ensemble
from rul_trainer.worker_params import job_config

MIXED = {
    "seeds": [0],
    "split": {"folds": 2},
    "golden_pairs": 3,
    "model": {"members": 3, "member_kinds": ["cnn", "mlp"], "channels": 8, "hidden": 16,
              "dilations": [1, 2], "mlp_hidden": [24, 12]},
    "optim": {"epochs": 2, "max_batches_per_epoch": 1, "batch_size": 32},
    "target": {"window": 12},
}  # fmt: skip
TRAINER = Path(__file__).resolve().parents[1]


def test_unknown_or_no_member_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match=r"model.member_kinds: unknown kind 'rnn' \(known: cnn, mlp\)"):
        RunConfig.from_dict({"model": {"member_kinds": ["cnn", "rnn"]}})
    with pytest.raises(ValueError, match="must name at least one kind"):
        ModelConfig(member_kinds=())


def test_job_params_name_a_bad_member_kind() -> None:
    with pytest.raises(ValueError, match="invalid job params: model.member_kinds: unknown kind 'gru'"):
        job_config({"model": {"member_kinds": ["gru"]}}, "FD001", "cpu")
    with pytest.raises(ValueError, match="model.member_kinds must be a list of strings"):
        job_config({"model": {"member_kinds": "cnn"}}, "FD001", "cpu")
    config = job_config({"model": {"member_kinds": ["mlp", "cnn"]}}, "FD001", "cpu")
    assert config.model.member_kinds == ("mlp", "cnn")


def test_kinds_cycle_over_the_members() -> None:
    config = ModelConfig(members=5, member_kinds=("cnn", "mlp"), mlp_hidden=(10,))
    members = [build_member(14, 30, config, m) for m in range(config.members)]
    assert [type(m) for m in members] == [MemberNet, MlpMember, MemberNet, MlpMember, MemberNet]
    mlp = members[1]
    widths = [layer.out_features for layer in mlp.net if isinstance(layer, torch.nn.Linear)]
    assert widths == [10, 1 + len(config.quantile_levels)]
    with torch.no_grad():
        point, quantiles = mlp.eval()(torch.randn(4, 30, 14))
    assert point.shape == (4,) and quantiles.shape == (4, len(config.quantile_levels))


@pytest.fixture(scope="module")
def mixed_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return train_with_cli(tmp_path_factory.mktemp("mixed"), MIXED, seed=5)


def test_mixed_ensemble_card_says_what_each_member_is(mixed_model: Path) -> None:
    training = load_card(mixed_model)["training"]
    assert training["memberKinds"] == ["cnn", "mlp", "cnn"]
    # Cross-validated, then refitted: one epoch count per member, equal within a kind.
    epochs = training["refitEpochs"]
    assert len(epochs) == 3 and epochs[0] == epochs[2] and min(epochs) >= 1
    assert training["architecture"].startswith(
        "2 x dilated 1-D CNN (dilations [1, 2], 8 channels, kernel 5) + "
        "1 x fully connected net on the flattened window (hidden [24, 12])"
    )


def test_mixed_ensemble_reloads_and_exports(mixed_model: Path) -> None:
    card = load_card(mixed_model)
    graph = load_graph(mixed_model, card)
    assert [type(m) for m in graph.ensemble.members] == [MemberNet, MlpMember, MemberNet]
    assert golden_mismatch(graph, card) < 1e-5
    # Export: CNN members take their 2-D form, the fully connected one is exported as it is.
    planar = planar_graph(graph)
    assert [type(m) for m in planar.ensemble.members] == [PlanarMember, MlpMember, PlanarMember]
    x = torch.tensor([pair["input"] for pair in card["golden"]], dtype=torch.float32)
    with torch.no_grad():
        for a, b in zip(graph(x), planar(x)):
            assert torch.allclose(a, b, atol=1e-4)
    ops = {node.op_type for node in onnx.load(str(mixed_model / MODEL_FILE)).graph.node}
    assert "Conv" in ops and ("Gemm" in ops or "MatMul" in ops)


def test_cli_member_kinds_flag(tmp_path: Path) -> None:
    config = {**MIXED, "model": {**MIXED["model"], "members": 2}}
    out = train_with_cli(tmp_path, config, seed=9, engines=8, flags=("--member-kinds", "mlp"))
    assert load_card(out)["training"]["memberKinds"] == ["mlp", "mlp"]


def test_command_line_mistakes_are_one_line_errors(tmp_path: Path) -> None:
    data = write_runs(tmp_path / "train_FD001.txt", [synthetic_engine(40, np.random.default_rng(1))])
    done = subprocess.run(
        [sys.executable, "-m", "rul_trainer", "train", "--data", str(data), "--out",
         str(tmp_path / "m"), "--member-kinds", "cnn,rnn"],
        cwd=TRAINER, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "rul-trainer: error: model.member_kinds: unknown kind 'rnn' (known: cnn, mlp)"
    )
    assert run(["train", "--data", str(tmp_path / "missing"), "--out", str(tmp_path / "m")]) == 2


def test_the_refit_trains_each_kind_for_its_own_median_best_epoch() -> None:
    config = RunConfig.from_dict({"model": {"members": 3, "member_kinds": ["cnn", "mlp"]}})
    folds = [SimpleNamespace(member_epochs=e) for e in ([10, 4, 12], [14, 6, 16], [11, 5, 9])]
    # cnn: median of 9, 10, 11, 12, 14, 16 is 11.5 -> 12; mlp: median of 4, 5, 6 is 5.
    epochs = refit_epochs(config, folds)  # type: ignore[arg-type]
    assert epochs == (12, 5, 12)
    assert describe_epochs(config, epochs) == "12 (cnn) / 5 (mlp) epochs"
    assert describe_epochs(config, (7, 7, 7)) == "7 epochs"


def test_report_names_the_member_kinds() -> None:
    assert ensemble({"members": 3}) == "3-member ensemble"
    assert ensemble({"members": 3, "memberKinds": ["cnn"] * 3}) == "3-member ensemble"
    mixed = {"members": 4, "memberKinds": ["cnn", "mlp", "cnn", "mlp"]}
    assert ensemble(mixed) == "4-member ensemble: 2 cnn + 2 mlp"


def _fit(config: ModelConfig, index: int, fixed_epochs: int | None = None) -> int:
    from rul_trainer.config import OptimConfig, RuntimeConfig
    from rul_trainer.fit import fit_member

    g = torch.Generator().manual_seed(0)
    z, y = torch.randn(64, 12, 5, generator=g), torch.rand(64, generator=g)
    validation = (None, None, None) if fixed_epochs else (z[:16], y[:16], y[:16] * 125)
    optim = OptimConfig(epochs=3, patience=100, batch_size=32)
    result = fit_member(
        z, y, *validation, 125.0, config, optim, RuntimeConfig(device="cpu"),
        torch.device("cpu"), g, lambda _r: None, fixed_epochs=fixed_epochs, index=index,
    )  # fmt: skip
    return result.epochs_run


def test_mlp_epochs_is_the_budget_of_fully_connected_members_only() -> None:
    config = ModelConfig(member_kinds=("cnn", "mlp"), channels=4, hidden=8, dilations=(1,),
                         mlp_hidden=(8,), mlp_epochs=5)  # fmt: skip
    assert [_fit(config, 0), _fit(config, 1)] == [3, 5]
    # A refit's fixed epoch count is capped by the member's own budget.
    assert [_fit(config, 0, fixed_epochs=4), _fit(config, 1, fixed_epochs=4)] == [3, 4]
    assert _fit(ModelConfig(member_kinds=("mlp",), mlp_hidden=(8,)), 0) == 3
    with pytest.raises(ValueError, match="model.mlp_epochs must be at least 1, got 0"):
        RunConfig.from_dict({"model": {"mlp_epochs": 0}})
    with pytest.raises(ValueError, match="model.mlp_epochs must be an integer or null"):
        job_config({"model": {"mlp_epochs": "many"}}, "FD001", "cpu")


def test_mlp_batch_size_is_the_batch_of_fully_connected_members_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[int] = []
    step = torch.optim.AdamW.step

    def counted(self: torch.optim.AdamW, *args: object, **kwargs: object) -> object:
        steps.append(1)
        return step(self, *args, **kwargs)

    monkeypatch.setattr(torch.optim.AdamW, "step", counted)
    config = ModelConfig(member_kinds=("cnn", "mlp"), channels=4, hidden=8, dilations=(1,),
                         mlp_hidden=(8,), mlp_batch_size=8)  # fmt: skip
    per_member = []
    for index in (0, 1):
        steps.clear()
        _fit(config, index)
        per_member.append(len(steps))
    # 64 windows for 3 epochs: batches of 32 (optim.batch_size) for the CNN, of 8 for the MLP.
    assert per_member == [3 * 2, 3 * 8]
    with pytest.raises(ValueError, match="model.mlp_batch_size must be at least 1, got 0"):
        RunConfig.from_dict({"model": {"mlp_batch_size": 0}})
    with pytest.raises(ValueError, match="model.mlp_batch_size must be an integer or null"):
        job_config({"model": {"mlp_batch_size": 64.5}}, "FD001", "cpu")
