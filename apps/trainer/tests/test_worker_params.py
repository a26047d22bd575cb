# Pure unit test of job params -> RunConfig (no database, no training).
from __future__ import annotations

import pytest

from rul_trainer.config import RunConfig
from rul_trainer.worker_params import job_config


def test_params_merge_over_the_defaults() -> None:
    config = job_config({"optim": {"epochs": 3}, "seeds": [4], "model": {"dilations": [1, 2]}},
                        "fleet", "cpu")  # fmt: skip
    defaults = RunConfig()
    assert config.optim.epochs == 3 and config.optim.batch_size == defaults.optim.batch_size
    assert config.seeds == (4,) and config.model.dilations == (1, 2)
    assert config.subset == "fleet" and config.runtime.device == "cpu"
    assert job_config({"subset": "FD002"}, "upload", "auto").subset == "FD002"


def test_a_job_names_its_subset_and_model() -> None:
    config = job_config({"subset": "FD002", "name": "my-fleet-model"}, "fleet", "cpu")
    assert config.subset == "FD002" and config.name == "my-fleet-model"
    # Without them: the data source is the subset and the card names the model after it.
    default = job_config({}, "fleet", "cpu")
    assert default.subset == "fleet" and default.name is None


SUBSET_RULE = "must be 1-32 letters, digits, '_' or '-'"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"subset": "FD 002"}, f"invalid job params: subset 'FD 002' {SUBSET_RULE}"),
        ({"subset": "../x"}, f"invalid job params: subset '../x' {SUBSET_RULE}"),
        ({"subset": "x" * 33}, f"invalid job params: subset '{'x' * 33}' {SUBSET_RULE}"),
        ({"subset": 2}, "invalid job params: subset must be a string, got 2"),
        (
            {"name": "-model"},
            "invalid job params: name '-model' must be 1-128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
        ),
    ],
)
def test_a_bad_subset_or_model_name_is_refused(params: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as err:
        job_config(params, "fleet", "cpu")
    assert str(err.value) == message


def test_the_worker_device_wins_over_params() -> None:
    assert job_config({"runtime": {"device": "cuda"}}, "fleet", "cpu").runtime.device == "cpu"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"bogus": 1}, "invalid job params: unknown RunConfig option(s): bogus"),
        ({"optim": {"epochz": 1}}, "invalid job params: unknown OptimConfig option(s): epochz"),
        (
            {"optim": {"epochs": "ten"}},
            'invalid job params: optim.epochs must be an integer, got "ten"',
        ),
        (
            {"optim": {"epochs": True}},
            "invalid job params: optim.epochs must be an integer, got true",
        ),
        ({"optim": 5}, "invalid job params: optim must be an object"),
        ({"seeds": [0, "1"]}, 'invalid job params: seeds must be a list of integers, got [0, "1"]'),
        (
            {"optim": {"max_batches_per_epoch": 1.5}},
            "invalid job params: optim.max_batches_per_epoch must be an integer or null, got 1.5",
        ),
        ([1, 2], "invalid job params: expected a JSON object"),
    ],
)
def test_bad_params_are_named(params: object, message: str) -> None:
    with pytest.raises(ValueError) as err:
        job_config(params, "fleet", "cpu")
    assert str(err.value) == message


def test_numbers_accept_integers_and_nulls_where_allowed() -> None:
    params = {
        "optim": {"learning_rate": 1, "max_batches_per_epoch": None},
        "preprocess": {"smoothing_alpha": None, "conditions": 1},
    }
    config = job_config(params, "fleet", "cpu")
    assert config.optim.learning_rate == 1 and config.preprocess.smoothing_alpha is None


def test_the_api_shorthand_maps_into_the_nested_config() -> None:
    config = job_config(
        {"epochs": 3, "batchSize": 64, "learningRate": 0.002, "window": 20, "maxRul": 130.0, "seeds": [1]},
        "fleet",
        "cpu",
    )
    assert (config.optim.epochs, config.optim.batch_size, config.optim.learning_rate) == (3, 64, 0.002)
    assert (config.target.window, config.target.max_rul) == (20, 130)
    assert config.seeds == (1,)


def test_shorthand_and_nested_forms_of_one_option_conflict() -> None:
    with pytest.raises(ValueError, match="give epochs or optim.epochs, not both"):
        job_config({"epochs": 3, "optim": {"epochs": 4}}, "fleet", "cpu")
