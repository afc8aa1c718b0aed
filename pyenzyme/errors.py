"""Exceptions and warnings pyenzyme raises for bad input, undifferentiable code and internal failures."""

from __future__ import annotations

from llvm_passes.differentiate import errors as _passes


class EnzymeError(Exception):
    """Base class of pyenzyme's own errors."""


class ActivityError(EnzymeError, TypeError):
    """An annotation that does not fit the argument, mode or return."""


class NotDifferentiableError(EnzymeError, _passes.NotDifferentiableError):
    """The pass met an instruction or call it cannot differentiate.

    The message names the Python function, the construct in Python terms and,
    where debug information finds it, the source line (`file:line`, also in
    `.python_line`).
    """

    def __init__(self, msg: str, python_line: str | None = None):
        super().__init__(msg)
        self.python_line = python_line


class CompileError(EnzymeError):
    """Numba could not compile the function (its message is kept)."""


class InternalError(EnzymeError):
    """A failure inside pyenzyme itself (a bug): the message names the function being differentiated."""


class EnzymeWarning(UserWarning):
    """A derivative that will be zero because nothing is active or no seed was given."""


__all__ = [
    "ActivityError",
    "CompileError",
    "EnzymeError",
    "EnzymeWarning",
    "InternalError",
    "NotDifferentiableError",
]
