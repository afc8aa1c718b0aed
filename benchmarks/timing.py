"""The side-by-side timer now lives in ``pyenzyme.bench.timing``; re-exported here for the benchmark scripts."""

from pyenzyme.bench.timing import *  # noqa: F403
from pyenzyme.bench.timing import __all__  # noqa: F401
