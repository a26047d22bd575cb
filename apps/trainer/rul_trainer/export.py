"""ONNX export of the served graph (TorchScript-based exporter, fixed opset, dynamic batch)."""

from __future__ import annotations

import copy
import inspect
from pathlib import Path

import onnx
import torch

from .cmapss_format import CHANNEL_NAMES
from .graph import INPUT_NAME, OUTPUT_NAMES, RulGraph
from .networks import MemberNet, PlanarMember

OPSET = 17


def export_onnx(graph: RulGraph, window: int, path: str | Path) -> onnx.ModelProto:
    """Write ``graph`` to ``path`` and return the checked ONNX model.

    What is written is the graph's planar form (see ``planar_graph``): the same function, faster in
    ONNX Runtime. ``graph`` itself is left as it is.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    graph = planar_graph(graph)
    example = torch.zeros(2, window, len(CHANNEL_NAMES), dtype=torch.float32)
    kwargs: dict[str, object] = {}
    # torch 2.x switches to the dynamo exporter unless told otherwise; 1.13 lacks the argument.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    dynamic = {INPUT_NAME: {0: "batch"}}
    dynamic.update({name: {0: "batch"} for name in OUTPUT_NAMES})
    with torch.no_grad():
        torch.onnx.export(
            graph,
            (example,),
            str(path),
            input_names=[INPUT_NAME],
            output_names=list(OUTPUT_NAMES),
            dynamic_axes=dynamic,
            opset_version=OPSET,
            do_constant_folding=True,
            **kwargs,
        )
    model = onnx.load(str(path))
    _fix_quantile_dim(model, len(graph.offsets))
    onnx.save(model, str(path))
    onnx.checker.check_model(model)
    return model


def planar_graph(graph: RulGraph) -> RulGraph:
    """A CPU copy of ``graph`` whose ensemble members run their convolutions as 2-D ones."""
    planar = copy.deepcopy(graph).cpu().eval()
    members = planar.ensemble.members
    for i, member in enumerate(members):
        if isinstance(member, MemberNet):
            members[i] = PlanarMember(member)
    return planar.eval()


def _fix_quantile_dim(model: onnx.ModelProto, levels: int) -> None:
    """The exporter leaves the quantile axis symbolic; the card's Q is fixed, so say so."""
    for output in model.graph.output:
        if output.name == OUTPUT_NAMES[3]:
            output.type.tensor_type.shape.dim[1].dim_value = levels
