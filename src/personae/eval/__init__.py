"""Scoring personae against LitBank, PDNC and QuoteLi3 (training and evaluation data only)."""
from __future__ import annotations


def ratio(part: float, whole: float) -> float:
    """part / whole, 0 for an empty whole (a precision with nothing predicted)."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall, 0 when both are."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
