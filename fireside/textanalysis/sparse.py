"""Sparse vectors (a dict of weights and its norm), shared by the near-duplicate check and related stories."""

from collections.abc import Hashable, Mapping

SparseVector = tuple[Mapping[Hashable, float], float]


def cosine(a: SparseVector, b: SparseVector) -> float:
    """Cosine of two sparse vectors given with their norms, walking the smaller one (0 for an empty vector)."""
    (va, na), (vb, nb) = a, b
    if not na or not nb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    get = vb.get
    return min(1.0, sum(w * get(t, 0.0) for t, w in va.items()) / (na * nb))
