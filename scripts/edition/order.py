"""What kept its order: the longest run of items whose positions still increase.

Both the comparison (which corresponding clauses moved) and the importer (which matched clauses
moved) take everything outside this run as moved.
"""

from __future__ import annotations

from bisect import bisect_left


def longest_increasing(values: list[int]) -> list[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting; deterministic)."""
    tails: list[int] = []  # values
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        at = bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[at] = value
            tail_index[at] = i
        previous[i] = tail_index[at - 1] if at else -1
    out = []
    i = tail_index[-1] if tail_index else -1
    while i != -1:
        out.append(i)
        i = previous[i]
    return out[::-1]
