"""Activity annotations: how each argument (and the return) takes part in AD.

Input: user values. Output: small wrapper objects the API reads (`.val`,
`.dval`). Subscripting a class with a Numba type (`pe.Duplicated[T]`) makes
the argument-type objects `autodiff_thunk` takes.
"""

from __future__ import annotations


class _ArgType:
    """`Annotation[numba_type]`: an annotation class paired with a Numba type."""

    __slots__ = ("annotation", "nbtype")

    def __init__(self, annotation, nbtype):
        self.annotation = annotation
        self.nbtype = nbtype

    def __eq__(self, other):
        return isinstance(other, _ArgType) and (self.annotation, self.nbtype) == (other.annotation, other.nbtype)

    def __hash__(self):
        return hash((self.annotation, self.nbtype))

    def __repr__(self):
        return f"{self.annotation.__name__}[{self.nbtype}]"


class _AnnotationMeta(type):
    def __getitem__(cls, nbtype):
        return _ArgType(cls, nbtype)


class Annotation(metaclass=_AnnotationMeta):
    """Base class of every activity annotation."""

    __slots__ = ("val",)

    def __init__(self, val):
        self.val = val

    def __repr__(self):
        return f"{type(self).__name__}({self.val!r})"


class Const(Annotation):
    """An argument that is not differentiated.

    >>> import pyenzyme as pe
    >>> pe.Const(3.0).val
    3.0
    """

    __slots__ = ()


class Active(Annotation):
    """A scalar (or tuple of scalars) whose derivative reverse mode returns."""

    __slots__ = ()


class Duplicated(Annotation):
    """A value with a shadow `dval` of the same type and shape.

    Forward mode reads the tangent from `dval` (and writes tangents of
    outputs into it); reverse mode adds derivatives into it.

    >>> import numpy as np, pyenzyme as pe
    >>> d = pe.Duplicated(np.ones(2), np.zeros(2))
    >>> d.dval
    array([0., 0.])
    """

    __slots__ = ("dval",)

    def __init__(self, val, dval):
        self.val = val
        self.dval = dval

    def __repr__(self):
        return f"{type(self).__name__}({self.val!r}, {self.dval!r})"


class DuplicatedNoNeed(Duplicated):
    """Like Duplicated, but the primal result is not needed."""

    __slots__ = ()


class BatchDuplicated(Annotation):
    """A value with a tuple of W shadows (batch mode)."""

    __slots__ = ("dval",)

    def __init__(self, val, dval):
        self.val = val
        self.dval = tuple(dval)

    def __repr__(self):
        return f"{type(self).__name__}({self.val!r}, {self.dval!r})"


class BatchDuplicatedNoNeed(BatchDuplicated):
    __slots__ = ()
