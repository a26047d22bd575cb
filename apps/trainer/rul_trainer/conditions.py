"""Operating conditions: clusters of the three operational settings.

FD002/FD004 fly six regimes that shift every sensor far more than wear does, so sensors are
normalised per regime. The number of regimes is found from the data (not assumed per subset): the
smallest k whose clusters explain all but ``tolerance`` of the settings' spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ConditionModel:
    """Centroids in raw setting units; distances are measured after dividing by ``scale``."""

    centroids: np.ndarray  # [k, 3]
    scale: np.ndarray  # [3]

    @property
    def count(self) -> int:
        return len(self.centroids)

    def assign(self, settings: np.ndarray) -> np.ndarray:
        diff = (settings[..., None, :] - self.centroids) / self.scale
        return np.argmin((diff**2).sum(-1), axis=-1)


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator, iters: int = 50) -> np.ndarray:
    """Plain Lloyd's k-means with k-means++ seeding; returns centroids."""
    centroids = [points[rng.integers(len(points))]]
    for _ in range(1, k):
        dist = np.min(((points[:, None, :] - np.asarray(centroids)) ** 2).sum(-1), axis=1)
        total = dist.sum()
        probs = dist / total if total > 0 else None
        centroids.append(points[rng.choice(len(points), p=probs)])
    centers = np.asarray(centroids, dtype=np.float64)
    for _ in range(iters):
        labels = np.argmin(((points[:, None, :] - centers) ** 2).sum(-1), axis=1)
        moved = np.array(
            [points[labels == j].mean(0) if np.any(labels == j) else centers[j] for j in range(k)]
        )
        if np.allclose(moved, centers):
            break
        centers = moved
    return centers


def _inertia(points: np.ndarray, centers: np.ndarray) -> float:
    return float(np.min(((points[:, None, :] - centers) ** 2).sum(-1), axis=1).sum())


def fit_conditions(
    settings: np.ndarray, requested: int | str, max_k: int, tolerance: float, seed: int = 0
) -> ConditionModel:
    """Cluster raw settings [n, 3]; ``requested`` is a fixed k or "auto"."""
    std = settings.std(axis=0)
    scale = np.where(std > 1e-12, std, 1.0)
    points = settings / scale
    rng = np.random.default_rng(seed)
    # Clustering every row is wasteful; a fixed random sample finds the same regimes.
    if len(points) > 5000:
        points = points[rng.choice(len(points), 5000, replace=False)]
    if requested != "auto":
        k = int(requested)
        if k < 1:
            raise ValueError("conditions must be >= 1 or 'auto'")
        centers = points.mean(0, keepdims=True) if k == 1 else _kmeans(points, k, rng)
        return ConditionModel(centers * scale, scale)
    total = _inertia(points, points.mean(0, keepdims=True))
    best = points.mean(0, keepdims=True)
    for k in range(2, max_k + 1):
        if total <= 0:
            break
        # Best of a few restarts: one unlucky seeding must not hide a real regime.
        candidates = [_kmeans(points, k, rng) for _ in range(3)]
        centers = min(candidates, key=lambda c: _inertia(points, c))
        if _inertia(points, centers) / total < tolerance:
            best = centers
            break
    return ConditionModel(best * scale, scale)
