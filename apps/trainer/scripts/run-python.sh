#!/bin/sh
# Runs Debian's python3 (which carries python3-torch); a pyenv/venv python first in PATH usually lacks it.
set -eu
PYTHON="${RUL_TRAINER_PYTHON:-/usr/bin/python3}"
if ! "$PYTHON" -c "import torch, numpy, onnx, pytest" >/dev/null 2>&1; then
  echo "rul_trainer: $PYTHON cannot import torch/numpy/onnx/pytest." >&2
  echo "install python3-torch libopenblas0-openmp python3-threadpoolctl python3-numpy python3-onnx python3-pytest python3-psycopg from apt" >&2
  echo "(or point RUL_TRAINER_PYTHON at a python that has them)" >&2
  exit 1
fi
cd "$(dirname "$0")/.."
exec "$PYTHON" "$@"
