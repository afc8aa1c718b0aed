"""Exceptions pyenzyme raises for bad input and undifferentiable code."""

from __future__ import annotations

from llvm_passes.differentiate.errors import NotDifferentiableError


class EnzymeError(Exception):
    """Base class of pyenzyme's own errors."""


class ActivityError(EnzymeError, TypeError):
    """An annotation that does not fit the argument, mode or return."""


class NotDifferentiable(EnzymeError, NotDifferentiableError):
    """The pass met an instruction or call it cannot differentiate."""


__all__ = ["EnzymeError", "ActivityError", "NotDifferentiable", "NotDifferentiableError"]
