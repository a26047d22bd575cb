"""Remaining-useful-life trainer: C-MAPSS loaders, calibrated CNN ensemble, ONNX + model card."""

__version__ = "0.1.0"
