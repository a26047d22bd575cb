"""A job's ``params`` (JSON from the API) checked against :class:`RunConfig` before training starts.

``RunConfig.from_dict`` already rejects unknown names; this adds the value types, so a job with
``{"optim": {"epochs": "ten"}}`` fails at once naming ``optim.epochs`` instead of deep in training.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import is_dataclass, replace
from typing import Any

from .config import RunConfig
from .worker_data import SUBSET_NAME

# A registry name: the API keeps versions per name and checks the same rule on POST /training-jobs.
MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

# The API's documented top-level names (camelCase, see its TrainingParams schema) and where they
# live in RunConfig; the full nested form stays available for everything else.
SHORTHAND: dict[str, tuple[str, str]] = {
    "epochs": ("optim", "epochs"),
    "batchSize": ("optim", "batch_size"),
    "learningRate": ("optim", "learning_rate"),
    "window": ("target", "window"),
    "maxRul": ("target", "max_rul"),
}


def expand_shorthand(params: dict[str, Any]) -> dict[str, Any]:
    """``{"epochs": 5}`` becomes ``{"optim": {"epochs": 5}}``; saying both ways is an error."""
    expanded = {k: v for k, v in params.items() if k not in SHORTHAND}
    for short, (section, name) in SHORTHAND.items():
        if short not in params:
            continue
        nested = expanded.get(section, {})
        if not isinstance(nested, dict):
            raise ValueError(f"invalid job params: {section} must be an object")
        if name in nested:
            raise ValueError(f"invalid job params: give {short} or {section}.{name}, not both")
        value = params[short]
        # JSON has one number type: 125.0 from a JavaScript client is the integer 125.
        integral = name in ("max_rul", "window", "epochs", "batch_size")
        if integral and isinstance(value, float) and value.is_integer():
            value = int(value)
        expanded[section] = {**nested, name: value}
    return expanded


def job_config(params: Any, data_source: str, device: str) -> RunConfig:
    """The job's params over the trainer's defaults, on the worker's device."""
    if not isinstance(params, dict):
        raise ValueError("invalid job params: expected a JSON object")
    params = expand_shorthand(params)
    try:
        config = RunConfig.from_dict(params)
    except (TypeError, ValueError) as err:
        raise ValueError(f"invalid job params: {err}") from None
    _check(RunConfig, params, "")
    if "subset" not in params:
        config = replace(config, subset=data_source)
    # The subset names the data file and the card's data.subset, the name the registry entry: refuse
    # a bad one before any data is read or trained on.
    if not SUBSET_NAME.fullmatch(config.subset):
        raise ValueError(
            f"invalid job params: subset {config.subset!r} must be 1-32 letters, digits, '_' or '-'"
        )
    if config.name is not None and not MODEL_NAME.fullmatch(config.name):
        raise ValueError(
            f"invalid job params: name {config.name!r} must be 1-128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    # Hardware is the deployment's choice, not the job submitter's.
    return replace(config, runtime=replace(config.runtime, device=device))


def _check(kind: Any, raw: dict[str, Any], prefix: str) -> None:
    hints = typing.get_type_hints(kind)
    for name, value in raw.items():
        where, expected = f"{prefix}{name}", hints[name]
        if is_dataclass(expected):
            if not isinstance(value, dict):
                raise ValueError(f"invalid job params: {where} must be an object")
            _check(expected, value, f"{where}.")
        elif not _accepts(expected, value):
            shown = _type_name(expected)
            raise ValueError(
                f"invalid job params: {where} must be {shown}, got {json.dumps(value)}"
            )


def _accepts(expected: Any, value: Any) -> bool:
    origin, args = typing.get_origin(expected), typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in args)
    if origin is tuple:
        return isinstance(value, list) and all(_accepts(args[0], v) for v in value)
    # An identity test on the annotation itself, which isinstance cannot do (pycodestyle 2.10 flags it).
    if expected is type(None):  # noqa: E721
        return value is None
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is str:
        return isinstance(value, str)
    return True


def _type_name(expected: Any) -> str:
    origin, args = typing.get_origin(expected), typing.get_args(expected)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(arg) for arg in args)
    if origin is tuple:
        plural = {int: "integers", float: "numbers", str: "strings", bool: "true/false values"}
        return f"a list of {plural.get(args[0], str(args[0]))}"
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false"}
    return names.get(expected, "null" if expected is type(None) else str(expected))  # noqa: E721
