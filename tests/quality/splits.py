"""Which data is for development and which is kept blind.

Every gold the project has is split in two.  The engine is tuned, and its
weights are fitted, on the development half only; the blind half is scored and
reported, never looked into for errors.

- ECB+ topics: odd topic numbers are development, even ones blind.  This holds
  for everything drawn from ECB+: the weak same-event labels, the claim-level
  gold in ``ecbgold/`` and the injected conflicts.
- Hand-written sets (``sets/``) say their half in ``[set] split``.
- Real multi-outlet sets, kept outside the repository (their text is not ours
  to copy), are split by a hash of their folder name, fixed before any of them
  was scored: even digests are development, odd ones blind.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["dev", "blind"]
SPLITS: tuple[Split, ...] = ("dev", "blind")


def ecb_split(topic: str | int) -> Split:
    """The half an ECB+ topic belongs to."""
    return "dev" if int(topic) % 2 else "blind"


def parse_split(value: object, where: str) -> Split:
    if value is None:
        return "dev"
    if value in SPLITS:
        return value  # type: ignore[return-value]
    raise ValueError(f"{where}: split must be 'dev' or 'blind', not {value!r}")


def real_split(name: str) -> Split:
    """The half a real multi-outlet set belongs to, from its folder name."""
    return "dev" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0 else "blind"
