# The exported graph runs its convolutions in 2-D form: same numbers as the trained 1-D members.
from __future__ import annotations

import json
import shutil
from pathlib import Path

import onnx
import pytest
import torch
from conftest import DEFAULT_MODEL

from rul_trainer.artefacts import CARD_FILE, MODEL_FILE, load_card
from rul_trainer.cli import main
from rul_trainer.datasets import sha256_file
from rul_trainer.config import ModelConfig
from rul_trainer.export import export_onnx, planar_graph
from rul_trainer.networks import MemberNet, MlpMember, PlanarMember
from rul_trainer.reload import load_graph


def test_planar_member_matches_member_on_random_weights() -> None:
    torch.manual_seed(0)
    config = ModelConfig(channels=16, kernel_size=3, dilations=(1, 3), hidden=24)
    member = MemberNet(features=7, window=20, config=config).eval()
    z = torch.randn(33, 20, 7)
    planar = PlanarMember(member).eval()
    with torch.no_grad():
        (p, q), (pp, pq) = member(z), planar(z)
    assert pq.shape == q.shape == (33, len(config.quantile_levels))
    assert torch.allclose(p, pp, atol=1e-5) and torch.allclose(q, pq, atol=1e-5)
    # The copy owns its weights: training the member afterwards does not move the planar one.
    with torch.no_grad():
        member.stem.weight.add_(1.0)
        assert not torch.allclose(member(z)[0], planar(z)[0], atol=1e-3)


def test_planar_graph_matches_the_default_model_and_leaves_it_alone() -> None:
    card = load_card(DEFAULT_MODEL)
    graph = load_graph(DEFAULT_MODEL, card)
    x = torch.tensor([pair["input"] for pair in card["golden"]], dtype=torch.float32)
    planar = planar_graph(graph)
    kinds = card["training"].get("memberKinds", ["cnn"] * len(graph.ensemble.members))
    assert "cnn" in kinds
    # CNN members are exported in their 2-D form, the others as they are; the graph is untouched.
    planar_types = [PlanarMember if k == "cnn" else MlpMember for k in kinds]
    assert [type(m) for m in planar.ensemble.members] == planar_types
    assert [type(m) for m in graph.ensemble.members] == [
        MemberNet if k == "cnn" else MlpMember for k in kinds
    ]
    with torch.no_grad():
        for a, b in zip(graph(x), planar(x)):
            assert torch.allclose(a, b, atol=1e-4)


def test_exported_convolutions_are_2d(tmp_path: Path) -> None:
    card = load_card(DEFAULT_MODEL)
    model = export_onnx(load_graph(DEFAULT_MODEL, card), card["window"], tmp_path / "m.onnx")
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    assert convs, "no Conv nodes exported"
    for node in convs:
        kernel = next(a for a in node.attribute if a.name == "kernel_shape")
        assert len(onnx.helper.get_attribute_value(kernel)) == 2, node.name


def test_reexport_rewrites_onnx_and_card(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, model_dir)
    before = load_card(model_dir)
    (model_dir / MODEL_FILE).write_bytes(b"stale")
    assert main(["reexport", "--model", str(model_dir)]) == 0
    after = load_card(model_dir)
    sha = sha256_file(model_dir / MODEL_FILE)
    assert after["onnx"]["sha256"] == sha
    assert after["version"] == before["createdAt"][:10].replace("-", ".") + "-" + sha[:8]
    assert after["golden"] == before["golden"] and after["metrics"] == before["metrics"]
    onnx.checker.check_model(onnx.load(str(model_dir / MODEL_FILE)))
    # Weights that no longer give the golden outputs are refused, and nothing is written.
    card = load_card(model_dir)
    card["golden"][0]["output"]["rul_lower"] += 5.0
    (model_dir / CARD_FILE).write_text(json.dumps(card), encoding="utf-8")
    written = (model_dir / MODEL_FILE).read_bytes()
    with pytest.raises(ValueError, match="golden pairs"):
        main(["reexport", "--model", str(model_dir)])
    assert (model_dir / MODEL_FILE).read_bytes() == written
