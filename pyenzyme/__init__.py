"""pyenzyme: automatic differentiation of Numba-jitted Python at the LLVM IR level.

Only public names live here; see API.md for the contract.
"""

from .frontend.capture import install_hook as _install_hook

_install_hook()  # before anything is compiled, so raw IR is captured

from .annotations import (Active, Annotation, BatchDuplicated, BatchDuplicatedNoNeed, Const,  # noqa: E402
                          Duplicated, DuplicatedNoNeed)
from .api import (autodiff, autodiff_deferred, autodiff_deferred_thunk, autodiff_thunk,  # noqa: E402
                  make_zero, typeof)
from .convenience import gradient, gradient_, jacobian, onehot  # noqa: E402
from .errors import (ActivityError, CompileError, EnzymeError, EnzymeWarning, InternalError,  # noqa: E402
                     NotDifferentiableError)
from .modes import (ABI, FFIABI, Forward, ForwardMode, InlineABI, Mode, Reverse, ReverseMode,  # noqa: E402
                    ReverseModeSplit, ReverseSplitNoPrimal, ReverseSplitWithPrimal, ReverseWithPrimal)

from . import testing  # noqa: E402  (pe.testing)

__version__ = "0.1.0"

__all__ = [
    "ABI", "Active", "ActivityError", "Annotation", "BatchDuplicated", "BatchDuplicatedNoNeed", "CompileError",
    "Const", "Duplicated", "DuplicatedNoNeed", "EnzymeError", "EnzymeWarning", "FFIABI", "Forward", "ForwardMode",
    "InlineABI", "InternalError", "Mode", "NotDifferentiableError", "Reverse", "ReverseMode", "ReverseModeSplit",
    "ReverseSplitNoPrimal", "ReverseSplitWithPrimal", "ReverseWithPrimal", "autodiff", "autodiff_deferred",
    "autodiff_deferred_thunk", "autodiff_thunk", "gradient", "gradient_", "jacobian", "make_zero", "onehot",
    "typeof",
]
