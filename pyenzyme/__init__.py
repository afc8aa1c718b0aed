"""pyenzyme: automatic differentiation of Numba-jitted Python at the LLVM IR level.

Only public names live here; see API.md for the contract.
"""

from .frontend.capture import install_hook as _install_hook

_install_hook()  # before anything is compiled, so raw IR is captured

from . import rules, testing  # noqa: E402  (pe.rules, pe.testing)
from .annotations import Active, Annotation, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed  # noqa: E402
from .api import autodiff, autodiff_deferred, autodiff_deferred_thunk, autodiff_thunk, make_zero, typeof  # noqa: E402
from .convenience import gradient, gradient_, jacobian, onehot  # noqa: E402
from .errors import ActivityError, CompileError, EnzymeError, EnzymeWarning, InternalError, NotDifferentiableError  # noqa: E402
from .frontend.callplan import runtime_activity, set_runtime_activity  # noqa: E402
from .higher import hessian, hvp, value_and_gradient  # noqa: E402
from .modes import (  # noqa: E402
    ABI,
    FFIABI,
    Forward,
    ForwardMode,
    InlineABI,
    Mode,
    Reverse,
    ReverseMode,
    ReverseModeSplit,
    ReverseSplitNoPrimal,
    ReverseSplitWithPrimal,
    ReverseWithPrimal,
)

__version__ = "0.1.0"

__all__ = [
    "ABI",
    "FFIABI",
    "Active",
    "ActivityError",
    "Annotation",
    "BatchDuplicated",
    "BatchDuplicatedNoNeed",
    "CompileError",
    "Const",
    "Duplicated",
    "DuplicatedNoNeed",
    "EnzymeError",
    "EnzymeWarning",
    "Forward",
    "ForwardMode",
    "InlineABI",
    "InternalError",
    "Mode",
    "NotDifferentiableError",
    "Reverse",
    "ReverseMode",
    "ReverseModeSplit",
    "ReverseSplitNoPrimal",
    "ReverseSplitWithPrimal",
    "ReverseWithPrimal",
    "autodiff",
    "autodiff_deferred",
    "autodiff_deferred_thunk",
    "autodiff_thunk",
    "gradient",
    "gradient_",
    "hessian",
    "hvp",
    "jacobian",
    "make_zero",
    "onehot",
    "rules",
    "runtime_activity",
    "set_runtime_activity",
    "testing",
    "typeof",
    "value_and_gradient",
]
