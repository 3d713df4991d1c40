"""Sparse rows of weights, and the dot products between two sets of them.

The candidates stage needs only this much of a sparse-matrix library: rows
of term weights in compressed form, a subset of rows, a sum of rows, and
every non-zero dot product between two sets of rows.  Done here in numpy,
it spares every analysis the import of SciPy (a tenth of a second, longer
than the products themselves take on a day's coverage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Products formed at once when two sets of rows are multiplied: bounds the
# memory of a product between two long articles that share common terms.
PRODUCTS_AT_ONCE = 2_000_000


@dataclass(frozen=True, slots=True)
class SparseRows:
    """Rows in compressed form: row ``r`` holds ``data[indptr[r]:indptr[r+1]]``
    at the columns ``indices[indptr[r]:indptr[r+1]]`` (no column twice)."""

    indptr: np.ndarray  # int64, one more than there are rows
    indices: np.ndarray  # int64
    data: np.ndarray  # float64
    n_columns: int

    @classmethod
    def from_entries(
        cls, rows: Sequence[int], columns: Sequence[int], values: np.ndarray, n_rows: int
    ) -> SparseRows:
        """Rows from (row, column, value) entries given row by row."""
        row_of = np.asarray(rows, dtype=np.int64)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=n_rows), out=indptr[1:])
        columns_of = np.asarray(columns, dtype=np.int64)
        n_columns = int(columns_of.max()) + 1 if len(columns_of) else 0
        return cls(indptr, columns_of, np.asarray(values, dtype=np.float64), n_columns)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def row_of_entries(self) -> np.ndarray:
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.indptr))

    def take(self, rows: np.ndarray) -> SparseRows:
        """The given rows, in that order."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        sizes = ends - starts
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        at = np.repeat(starts - indptr[:-1], sizes) + np.arange(int(indptr[-1]))
        return SparseRows(indptr, self.indices[at], self.data[at], self.n_columns)

    def sum(self) -> np.ndarray:
        """The sum of the rows, dense."""
        return np.bincount(self.indices, weights=self.data, minlength=self.n_columns)

    def products(self, other: SparseRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every non-zero dot product between a row of these and a row of
        ``other``: (row here, row there, product), in row order here, then
        row order there.  Each product sums its terms in the order of the
        row's entries there.  Only these rows are sorted by column: keep
        the shorter side here."""
        if not len(self.indices) or not len(other.indices):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        order = np.argsort(self.indices, kind="stable")
        rows_by_column = self.row_of_entries()[order]
        data_by_column = self.data[order]
        # The columns used here, each with its run of entries in that order
        # (only those: a comparison's vocabulary can be far wider).
        columns, per_column = np.unique(self.indices, return_counts=True)
        column_start = np.zeros(len(columns) + 1, dtype=np.int64)
        np.cumsum(per_column, out=column_start[1:])
        slot = np.minimum(np.searchsorted(columns, other.indices), len(columns) - 1)
        # Products each entry there makes, and each row there.
        fan = np.where(columns[slot] == other.indices, per_column[slot], 0)
        reached = np.zeros(len(fan) + 1, dtype=np.int64)
        np.cumsum(fan, out=reached[1:])
        # Products up to the end of each row there.
        reached_by_row = reached[other.indptr[1:]]
        entry_rows = other.row_of_entries()
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        start = 0
        while start < len(other):
            budget = reached[other.indptr[start]] + PRODUCTS_AT_ONCE
            fitting = int(np.searchsorted(reached_by_row, budget, side="right"))
            stop = max(fitting, start + 1)
            width_now = stop - start
            lo, hi = other.indptr[start], other.indptr[stop]
            reps = fan[lo:hi]
            total = int(reps.sum())
            if not total:
                start = stop
                continue
            offset = np.arange(total) - np.repeat(np.cumsum(reps) - reps, reps)
            at = np.repeat(column_start[slot[lo:hi]], reps) + offset
            weights = np.repeat(other.data[lo:hi], reps) * data_by_column[at]
            keys = rows_by_column[at] * width_now + np.repeat(entry_rows[lo:hi] - start, reps)
            # Each pair's products, summed in the order they were formed.
            order = np.argsort(keys, kind="stable")
            keys = keys[order]
            first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            sums = np.add.reduceat(weights[order], first)
            flat = keys[first]
            found.append((flat // width_now, flat % width_now + start, sums))
            start = stop
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        here = np.concatenate([f[0] for f in found])
        there = np.concatenate([f[1] for f in found])
        product = np.concatenate([f[2] for f in found])
        order = np.lexsort((there, here))
        return here[order], there[order], product[order]
