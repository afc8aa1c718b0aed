"""Test utilities: check pyenzyme's derivatives of a function against finite differences.

Input: a function, a return activity and arguments, each optionally paired
with an activity (or several to try). Output: nothing when the derivatives,
primal results and mutated arguments agree with a plain call and with a
central finite-difference rule; an AssertionError naming the function, the
activity combination and the mismatching numbers otherwise.

>>> import numpy as np, pyenzyme as pe
>>> import pyenzyme.testing
>>> def norm2(x):
...     return np.sqrt(np.sum(x * x))
>>> pe.testing.test_forward(norm2, pe.Duplicated, (np.array([3.0, 4.0]), pe.Duplicated))
1
>>> pe.testing.test_reverse(norm2, pe.Active, (np.array([3.0, 4.0]), pe.Duplicated))
1
"""

from .activities import are_activities_compatible
from .checks import check_msg
from .finite_differences import CentralFDM, central_fdm
from .forward import test_forward
from .reverse import test_reverse

# These are library functions, not tests: keep pytest from collecting them
# when a test module imports them by name.
test_forward.__test__ = False  # type: ignore[attr-defined]
test_reverse.__test__ = False  # type: ignore[attr-defined]

__all__ = ["CentralFDM", "are_activities_compatible", "central_fdm", "check_msg", "test_forward", "test_reverse"]
