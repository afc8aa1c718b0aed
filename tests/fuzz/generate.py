"""Seeded random Numba kernels for the fuzzer: source text, argument layouts and inputs.

`generate(seed)` returns a `Case`: the source of a ``@numba.njit`` function ``kernel`` (preceded by
the small ``@numba.njit`` helpers it calls), its arguments with the memory layout each array has at
call time, the input values, and the weights and direction the checker's objective uses. All of it
follows from the seed.

The kernel grows from a small grammar. Statements (`STATEMENTS`), expression forms (`EXPRESSIONS`),
index forms (`INDEXES`) and loop ranges (`LOOPS`) carry weights; every kernel enables a random subset
of each table, so one kernel stays small and focused while a long run covers every form.

Kernels are valid by construction. The builder knows the concrete sizes of the case, the range of
values of every loop variable and the shape of every array in scope, and only emits an index it can
prove in bounds. Values stay moderate: whatever is stored into an array is squashed (tanh, sin, ...),
math functions only see arguments in their safe domain, and while loops always have a counter bound.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

SIZES = (3, 7)  # array extents are drawn from this range (inclusive)
MAX_LOOP_DEPTH = 3
MAX_NESTING = 4
MAX_HELPERS = 3

STATEMENTS = {
    "accumulate": 8,  # s += expr, s = 0.5 * s + expr, s = max(s, expr)
    "local": 4,  # v = expr, v = 0.5 * v + expr
    "write": 4,  # a[idx] = squash(expr), into an argument (in-place output) or a temporary
    "if_else": 3,
    "for": 5,
    "while": 2,  # data-dependent condition plus an integer counter bound
    "break": 1,
    "continue": 1,
    "early_return": 1,
    "zeros": 2,  # np.zeros / np.zeros_like temporary
    "empty": 2,  # np.empty / np.empty_like temporary, fully written before it is read
    "rebind": 1,  # P = np.zeros(2); for ...: Pn = np.empty(2); Pn[0] = ...; P = Pn
    "array_expr": 2,  # x = x + c * np.sin(x + x0)
    "slice_assign": 1,  # x[:] = np.tanh(...) (once per kernel: pyenzyme takes seconds over Numba's setitem code)
    "helper_inplace": 1,  # w0(x, expr): a helper that writes into its array argument
    "array_literal": 1,  # M = np.array([[a, e], [e, e]])
    "prange": 1,  # for p in numba.prange(n): s += expr (then the kernel is compiled with parallel=True)
    "list": 1,  # L = [e]; for ...: L.append(...); read back by index, iteration, sum() or sorted()
    "matrix": 1,  # K = diag(1..n) + 0.05 outer(...); s += a scalar of K @ v, solve, det, qr, svd, eig, ...
}
EXPRESSIONS = {
    "arith": 6,
    "math": 4,
    "power": 1,
    "division": 1,
    "minmax": 1,
    "abs": 1,
    "helper": 2,  # scalar @njit helper
    "array_helper": 1,  # @njit helper that reads an array (or a row of a 2-D one)
    "reduction": 1,  # np.sum of an array expression
    "positive": 1,  # np.sqrt / np.log of a positive argument
    "product": 1,  # through BLAS: np.dot of vectors, matrix-vector and matrix-matrix products, reduced
}
INDEXES = {"plain": 6, "shifted": 2, "modular": 2, "negative": 1, "reflected": 1, "constant": 1}
LOOPS = {
    "range": 4,  # range(n)
    "interior": 2,  # range(1, n - 1)
    "reversed": 2,  # range(n - 1, -1, -1)
    "step2": 1,  # range(0, n, 2)
    "from1": 1,  # range(1, n)
    "triangular": 2,  # range(i)
    "upper": 1,  # range(i + 1, n)
    "constant": 1,  # range(3)
    "steps": 1,  # range(steps), an int argument in 1..3
}
LOOPING = {"for", "while", "rebind"}  # statements weighted up outside loops, so most code runs in loops
ALWAYS_ON = {"accumulate", "local", "for", "arith", "plain", "range"}

# Unary forms of a bounded argument. {e} may be any expression; {a} is repeated, so it is kept short.
MATH = (
    "np.sin({e})",
    "np.cos({e})",
    "np.tanh({e})",
    "math.sin({e})",
    "math.cos({e})",
    "math.tanh({e})",
    "np.exp(np.sin({e}))",
    "math.exp(math.cos({e}))",
    "np.exp(-{a} * {a})",
    "math.exp(-{a} * {a})",
    "np.log(1.0 + {a} * {a})",
    "math.log1p({a} * {a})",
    "np.sqrt(1.0 + {a} * {a})",
    "math.sqrt(1.0 + {a} * {a})",
)
# Ways to store a value so that array contents stay in a moderate range; {old} is the overwritten element.
SQUASH = ("np.tanh({e})", "math.sin({e})", "0.5 * {old} + 0.5 * np.sin({e})", "{a} / (1.0 + {a} * {a})")
CONSTANTS = ("0.5", "0.3", "0.7", "1.5", "0.25")
THRESHOLDS = ("0.3", "0.0", "-0.2", "0.5", "0.1")


@dataclass(frozen=True)
class Layout:
    """Memory layout of an array argument at call time: a view into a NaN-padded base array."""

    name: str
    index: str  # the view's slice of the base, in Python syntax ("::2", "1::2, ::2"); "..." for all of it
    grow: tuple[tuple[int, int], ...]  # per dimension: base extent = factor * extent + extra
    order: str = "C"

    def base_shape(self, shape):
        return tuple(factor * n + extra for n, (factor, extra) in zip(shape, self.grow))

    def slices(self):
        """`index` as a tuple of slice objects (and Ellipsis)."""
        return tuple(
            Ellipsis
            if part.strip() == "..."
            else slice(*(int(bound) if bound.strip() else None for bound in part.split(":")))
            for part in self.index.split(",")
        )

    def place(self, values):
        """A fresh array with this layout holding `values` (the padding is NaN, so stray reads show)."""
        base = np.full(self.base_shape(values.shape), np.nan, order=self.order)
        base[self.slices()] = values
        return base[self.slices()]


LAYOUTS = {
    1: (
        Layout("C", "...", ((1, 0),)),
        Layout("step2", "::2", ((2, 0),)),
        Layout("offset_step3", "1::3", ((3, 1),)),
        Layout("reversed", "::-1", ((1, 0),)),
    ),
    2: (
        Layout("C", "...", ((1, 0), (1, 0))),
        Layout("F", "...", ((1, 0), (1, 0)), "F"),
        Layout("row_step2", "::2", ((2, 0), (1, 0))),
        Layout("slice2d", "1::2, ::2", ((2, 1), (2, 0))),
        Layout("col_reversed_step2", ":, ::-2", ((1, 0), (2, 0))),
    ),
}


@dataclass(frozen=True)
class Arg:
    """One kernel argument: a float64 array, a float64 scalar or an int loop bound."""

    name: str
    kind: str  # "array", "float" or "int"
    shape: tuple[int, ...] = ()
    layout: Layout | None = None
    positive: bool = False  # a float drawn from [0.5, 1.5], for np.sqrt / np.log


@dataclass(frozen=True)
class Case:
    """A generated kernel with everything needed to call and check it."""

    seed: int
    source: str  # helpers and kernel, without imports; uses the names np, math and numba
    args: tuple[Arg, ...]
    values: tuple  # per argument: the array's contents (C order), the float or the int
    weights: tuple  # per argument: weight of an array's final contents in the objective, else None
    directions: tuple  # per argument: the direction of perturbation (array or float), None for ints
    name: str = "kernel"

    def arguments(self, t=0.0):
        """Fresh arguments at values + t * directions, arrays in their layouts; ints are not perturbed."""
        return [
            arg.layout.place(v + t * d) if arg.kind == "array" else v + t * d if arg.kind == "float" else v
            for arg, v, d in zip(self.args, self.values, self.directions)
        ]


@dataclass(frozen=True)
class Loop:
    """A loop variable in scope and the range of values it takes."""

    var: str
    lo: int
    hi: int
    is_for: bool  # `continue` is only emitted in for loops (a while loop's counter must advance)


@dataclass
class Scope:
    """What code at one position may read: loop variables, bounded scalars, arrays and their shapes."""

    loops: tuple[Loop, ...] = ()
    scalars: list[str] = field(default_factory=list)
    arrays: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def child(self, loop=None):
        return Scope(self.loops + ((loop,) if loop else ()), list(self.scalars), dict(self.arrays))


def enabled(rng, table):
    """The forms of `table` this kernel uses, with their weights."""
    return {k: w for k, w in table.items() if k in ALWAYS_ON or rng.random() < 0.5}


def bare(expr):
    """`expr` without the outer parentheses the expression builders put around composite terms."""
    if expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for pos, ch in enumerate(expr):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0:
                return expr[1:-1] if pos == len(expr) - 1 else expr
    return expr


class Source:
    """Indented lines of Python, and a budget of lines that bounds the kernel's length."""

    def __init__(self):
        self.lines = []
        self.depth = 0
        self.budget = 0

    def emit(self, text):
        self.lines.append("    " * self.depth + text)
        self.budget -= 1

    def text(self):
        return "\n".join(self.lines) + "\n"


class Helpers:
    """The @njit helpers of one kernel, made on first use: scalar functions, array readers, array writers."""

    def __init__(self, rng, expressions):
        self.rng = rng
        self.expressions = {k: w for k, w in expressions.items() if k not in ("array_helper", "reduction")}
        self.sources = []
        self.scalar = []  # (name, arity)
        self.readers = []
        self.writers = []

    def _reuse(self, pool):
        return pool and (len(self.sources) >= MAX_HELPERS or self.rng.random() < 0.6)

    def _define(self, prefix, params, body):
        name = f"{prefix}{len(self.sources)}"
        src = Source()
        src.emit("@numba.njit")
        src.emit(f"def {name}({', '.join(params)}):")
        src.depth = 1
        body(src, ExprBuilder(self.rng, self.expressions, self, Scope(), make_helpers=False))
        self.sources.append(src.text())
        return name

    def scalar_helper(self):
        """Name and arity of a scalar helper (u) or (u, v)."""
        if self._reuse(self.scalar):
            return self.rng.choice(self.scalar)
        arity = self.rng.randint(1, 2)
        params = ["u", "v"][:arity]

        def body(src, ex):
            ex.scope.scalars = list(params)
            if self.rng.random() < 0.4:
                src.emit(f"w = {bare(ex.expr())}")
                ex.scope.scalars.append("w")
            src.emit(f"return {bare(ex.expr())}")

        entry = (self._define("h", params, body), arity)
        self.scalar.append(entry)
        return entry

    def reader(self):
        """Name of a helper (z, r) -> float that reads the 1-D array z."""
        if self._reuse(self.readers):
            return self.rng.choice(self.readers)
        form = self.rng.choice(("sum", "neighbours", "ends"))

        def body(src, ex):
            if form == "ends":
                ex.scope.scalars = ["r", "z[0]", "z[-1]"]
                src.emit(f"return {bare(ex.expr())}")
                return
            ex.scope.scalars = ["r", "z[j]"] + (["z[j - 1]"] if form == "neighbours" else [])
            src.emit("acc = 0.0")
            src.emit(f"for j in range({'1' if form == 'neighbours' else '0'}, z.shape[0]):")
            src.depth += 1
            src.emit(f"acc += {bare(ex.expr())}")
            src.depth -= 1
            src.emit("return acc")

        name = self._define("get", ("z", "r"), body)
        self.readers.append(name)
        return name

    def writer(self):
        """Name of a helper (z, r) -> None that overwrites the 1-D array z in place."""
        if self._reuse(self.writers):
            return self.rng.choice(self.writers)
        shift = self.rng.random() < 0.5

        def body(src, ex):
            ex.scope.scalars = ["r", "z[j]"]
            if shift:  # runs downwards, so z[j - 1] is still the old value when it is read
                src.emit("for j in range(z.shape[0] - 1, 0, -1):")
                src.depth += 1
                src.emit(f"z[j] = 0.5 * z[j - 1] + 0.5 * np.sin({bare(ex.expr())})")
            else:
                src.emit("for j in range(z.shape[0]):")
                src.depth += 1
                src.emit(f"z[j] = np.tanh({bare(ex.expr())})")
            src.depth -= 1

        name = self._define("put", ("z", "r"), body)
        self.writers.append(name)
        return name


class ExprBuilder:
    """Random float expressions over what a scope can read. Composite results come parenthesised."""

    def __init__(self, rng, expressions, helpers, scope, indexes=None, make_helpers=True):
        self.rng = rng
        self.expressions = expressions
        self.helpers = helpers
        self.make_helpers = make_helpers  # False inside a helper's body: it may only call finished helpers
        self.scope = scope
        self.indexes = indexes or {"plain": 1, "constant": 1}
        self.extents = {}  # size -> expressions that evaluate to it (n, x.shape[0], len(x))
        self.accumulators = []
        self.positive_args = set()
        self.in_prange = False  # building the body of a parallel loop

    def pick(self, table):
        keys = list(table)
        return self.rng.choices(keys, weights=[table[k] for k in keys])[0]

    def extent_text(self, size):
        return self.rng.choice(self.extents.get(size) or [str(size)])

    def expr(self, depth=2):
        forms = {k: w for k, w in self.expressions.items() if self.can(k)}
        if depth <= 0 or self.rng.random() < 0.35 or not forms:
            return self.atom()
        return getattr(self, "expr_" + self.pick(forms))(depth - 1)

    def can(self, form):
        if form == "helper":
            return self.make_helpers or bool(self.helpers.scalar)
        if form in ("array_helper", "reduction"):
            return bool(self.scope.arrays)
        if form == "product":
            return bool(self.products())
        if form == "positive":
            return bool(self.positive_args)
        return True

    def atom(self):
        choices = [(3, lambda: self.rng.choice(self.scope.scalars))] if self.scope.scalars else []
        if self.scope.arrays:
            choices.append((4, self.array_read))
        if self.scope.loops:
            choices.append((1, lambda: f"(0.1 * {self.rng.choice(self.scope.loops).var})"))
        if self.accumulators and not self.in_prange:  # a parallel loop's reduction variables are not read in it
            choices.append((1, lambda: f"np.tanh({self.rng.choice(self.accumulators)})"))
        choices.append((1, lambda: self.rng.choice(CONSTANTS)))
        return self.rng.choices([c for _, c in choices], weights=[w for w, _ in choices])[0]()

    def array_read(self):
        name, shape = self.rng.choice(list(self.scope.arrays.items()))
        return f"{name}[{', '.join(self.index(n) for n in shape)}]"

    def index(self, size):
        """An index expression into a dimension of `size`, in bounds for every value of the loop variables."""
        options = {}

        def add(form, text):
            if form in self.indexes:
                options[text] = self.indexes[form]

        for loop in self.scope.loops:
            i, ext = loop.var, self.extent_text(size)
            if loop.hi < size:
                add("plain", i)
                add("reflected", f"{ext} - 1 - {i}")
                add("negative", f"{i} - {ext}")
            if loop.hi + 1 < size:
                add("shifted", f"{i} + 1")
            if loop.lo >= 1 and loop.hi <= size:
                add("shifted", f"{i} - 1")
            add("modular", f"({self.rng.randint(1, 3)} * {i} + {self.rng.randint(0, 2)}) % {ext}")
            add("modular", f"min({i}, {ext} - 1)")
        for text in ("0", "-1", str(size - 1)):
            add("constant", text)
        add("negative", "-1")
        return self.pick(options) if options else "0"

    def vectors(self):
        """1-D arrays in scope (as text, with their lengths), including rows of 2-D arrays."""
        out = [(name, shape[0]) for name, shape in self.scope.arrays.items() if len(shape) == 1]
        out += [
            (f"{name}[{self.index(shape[0])}]", shape[1])
            for name, shape in self.scope.arrays.items()
            if len(shape) == 2
        ]
        return out

    def array_operand(self, shape):
        """A whole-array expression of `shape` built from the arrays in scope that have it."""
        same = [n for n, s in self.scope.arrays.items() if s == shape]
        a, b, s = self.rng.choice(same), self.rng.choice(same), self.atom()
        return self.rng.choice((a, f"({a} * {s})", f"({a} + {b})", f"({a} * {b})", f"({s} - {a})"))

    def expr_arith(self, depth):
        a, b = self.expr(depth), self.expr(depth)
        return self.rng.choice((f"({a} + {b})", f"({a} - {b})", f"({a} * {b})", f"(0.5 * {a})"))

    def expr_math(self, depth):
        return self.rng.choice(MATH).format(e=bare(self.expr(depth)), a=self.atom())

    def expr_power(self, depth):
        return f"({self.expr(depth)} ** {self.rng.choice((2, 3))})"

    def expr_division(self, depth):
        a = self.atom()
        return f"({self.expr(depth)} / (1.0 + {a} * {a}))"

    def expr_minmax(self, depth):
        return f"{self.rng.choice(('min', 'max'))}({bare(self.expr(depth))}, {bare(self.expr(depth))})"

    def expr_abs(self, depth):
        return f"abs({bare(self.expr(depth))})"

    def expr_helper(self, depth):
        name, arity = self.helpers.scalar_helper() if self.make_helpers else self.rng.choice(self.helpers.scalar)
        return f"{name}({', '.join(bare(self.expr(depth)) for _ in range(arity))})"

    def expr_array_helper(self, depth):
        vector, _ = self.rng.choice(self.vectors())
        return f"{self.helpers.reader()}({vector}, {bare(self.expr(depth))})"

    def expr_reduction(self, depth):
        shape = self.rng.choice(list(self.scope.arrays.values()))
        return f"np.sum({bare(self.array_operand(shape))})"

    def products(self):
        """Every product of arrays in scope whose shapes match, reduced to a scalar: each goes through
        Numba's BLAS wrappers (dot, gemv, gemm), in the layouts the arrays have."""
        vectors = self.vectors()
        matrices = [(n, s) for n, s in self.scope.arrays.items() if len(s) == 2]
        out = [f"np.dot({a}, {b})" for a, la in vectors for b, lb in vectors if la == lb]
        for m, (p, q) in matrices:
            out += [f"np.sum(np.sin({m} @ {v}))" for v, n in vectors if n == q]
            out += [f"np.sum(np.tanh({v} @ {m}))" for v, n in vectors if n == p]
            out += [f"np.sum(np.sin({m} @ {m2}))" for m2, (p2, _) in matrices if p2 == q]
            out += [f"np.sum(np.tanh({m} @ {m2}.T))" for m2, (_, q2) in matrices if q2 == q]
        return out

    def expr_product(self, depth):
        return f"np.tanh({self.rng.choice(self.products())})"

    def expr_positive(self, depth):
        c = self.rng.choice(sorted(self.positive_args))
        return self.rng.choice((f"np.sqrt({c})", f"np.log({c})", f"math.sqrt({c})", f"(1.0 / {c})"))

    def squash(self, old):
        """A value to store over the array element `old`, kept in a moderate range."""
        a = self.atom()
        return self.rng.choice(SQUASH).format(e=bare(self.expr()), old=old, a=a)

    def condition(self):
        """A data-dependent branch condition."""
        lhs = self.rng.choice((self.atom, self.expr))()
        return f"{bare(lhs)} {self.rng.choice(('>', '<'))} {self.rng.choice(THRESHOLDS)}"


class KernelBuilder(ExprBuilder):
    """The kernel's body: statements from the grammar, emitted while the line budget lasts."""

    def __init__(self, rng, args, ints):
        expressions = enabled(rng, EXPRESSIONS)
        super().__init__(rng, expressions, Helpers(rng, expressions), Scope(), indexes=enabled(rng, INDEXES))
        self.statements = enabled(rng, STATEMENTS)
        self.loops = enabled(rng, LOOPS)
        self.args = args
        self.ints = ints
        self.positive_args = {a.name for a in args if a.positive}
        self.src = Source()
        self.counters = {}
        self.locals = set()
        self.sliced = False  # a whole-array assignment x[:] = ... has been emitted
        self.parallel = False  # a prange loop has been emitted: the kernel is compiled with parallel=True
        self.fortran = {a.name for a in args if a.layout and a.layout.order == "F"}  # see stmt_array_expr
        for arg in args:
            if arg.kind == "array":
                self.scope.arrays[arg.name] = arg.shape
                for dim, size in enumerate(arg.shape):
                    self.extents.setdefault(size, []).append(f"{arg.name}.shape[{dim}]")
                self.extents[arg.shape[0]].append(f"len({arg.name})")
            elif arg.kind == "float":
                self.scope.scalars.append(arg.name)
            elif arg.name != "steps":
                self.extents.setdefault(ints[arg.name], []).append(arg.name)

    def fresh(self, prefix):
        self.counters[prefix] = self.counters.get(prefix, -1) + 1
        return f"{prefix}{self.counters[prefix]}"

    def build(self):
        """The whole source: helpers first, then the kernel."""
        self.src.emit("@numba.njit")
        self.src.emit(f"def kernel({', '.join(a.name for a in self.args)}):")
        self.src.depth = 1
        self.accumulators = [f"s{k}" for k in range(self.rng.randint(1, 2))]
        for s in self.accumulators:
            self.src.emit(f"{s} = 0.0")
        self.src.budget = self.rng.randint(4, 28)
        while self.src.budget > 0:
            self.statement()
        self.src.emit(f"return {self.return_expr()} + {bare(self.expr(1))}")
        kernel = self.src.text()
        if self.parallel:
            kernel = kernel.replace("@numba.njit\n", "@numba.njit(parallel=True)\n", 1)
        return "\n\n".join(self.helpers.sources + [kernel])

    def return_expr(self):
        first, *rest = self.accumulators
        return " + ".join([first] + [f"{self.rng.choice(CONSTANTS)} * {s}" for s in rest])

    # -- statements -------------------------------------------------------------------------------

    def statement(self):
        kinds = {
            k: w * (3 if k in LOOPING and not self.scope.loops else 1)
            for k, w in self.statements.items()
            if self.allowed(k)
        }
        getattr(self, "stmt_" + self.pick(kinds))()

    def allowed(self, kind):
        loops, nesting = self.scope.loops, self.src.depth - 1
        room = nesting < MAX_NESTING and self.src.budget >= 2
        rules = {
            "write": bool(self.scope.arrays),
            "array_expr": bool(set(self.scope.arrays) - self.fortran),
            "slice_assign": bool(self.scope.arrays) and not self.sliced,
            "helper_inplace": bool(self.scope.arrays),
            "if_else": room,
            "for": room and len(loops) < MAX_LOOP_DEPTH,
            "rebind": room and len(loops) < MAX_LOOP_DEPTH,
            "empty": room and len(loops) + 2 <= MAX_LOOP_DEPTH,
            "while": room and len(loops) < MAX_LOOP_DEPTH - 1,
            "break": bool(loops),
            "continue": bool(loops) and loops[-1].is_for,
            "prange": room and not loops,
            "list": room and len(loops) < MAX_LOOP_DEPTH,
            "matrix": any(len(shape) == 1 for shape in self.scope.arrays.values()),
        }
        return rules.get(kind, True)

    def body(self):
        for _ in range(self.rng.randint(1, 3)):
            self.statement()
            if self.src.budget <= 0:
                return

    def block(self, header, loop=None, body=None):
        """Emit `header`, then `body` (default: random statements) one level deeper, in a child scope."""
        self.src.emit(header)
        outer = self.scope
        self.scope = outer.child(loop)
        self.src.depth += 1
        (body or self.body)()
        self.src.depth -= 1
        self.scope = outer

    def loop_range(self):
        """A `range(...)` text and the lowest and highest value its variable takes."""
        forms = dict(self.loops)
        if not self.scope.loops:
            forms.pop("triangular", None)
            forms.pop("upper", None)
        if "steps" not in self.ints:
            forms.pop("steps", None)
        form = self.pick(forms)
        size = self.rng.choice(sorted(self.extents)) if self.extents else self.rng.randint(*SIZES)
        ext = self.extent_text(size)
        if form in ("triangular", "upper"):
            outer = self.rng.choice(self.scope.loops)
            if form == "triangular":
                return f"range({outer.var})", 0, outer.hi - 1
            return f"range({outer.var} + 1, {ext})", outer.lo + 1, size - 1
        if form == "steps":
            return "range(steps)", 0, self.ints["steps"] - 1
        if form == "constant":
            count = self.rng.randint(2, 4)
            return f"range({count})", 0, count - 1
        return {
            "range": (f"range({ext})", 0, size - 1),
            "interior": (f"range(1, {ext} - 1)", 1, size - 2),
            "reversed": (f"range({ext} - 1, -1, -1)", 0, size - 1),
            "step2": (f"range(0, {ext}, 2)", 0, size - 1),
            "from1": (f"range(1, {ext})", 1, size - 1),
        }[form]

    def for_loop(self, body=None):
        text, lo, hi = self.loop_range()
        var = self.fresh("i")
        self.block(f"for {var} in {text}:", Loop(var, lo, hi, True), body)

    def stmt_accumulate(self):
        s, e = self.rng.choice(self.accumulators), bare(self.expr())
        forms = [f"{s} += {e}", f"{s} -= {e}", f"{s} = 0.5 * {s} + {e}"]
        if "minmax" in self.expressions:
            forms += [f"{s} = max({s}, {e})", f"{s} = min({s}, {e})"]
        self.src.emit(self.rng.choice(forms))

    def stmt_local(self):
        mine = [v for v in self.scope.scalars if v in self.locals]
        if mine and self.rng.random() < 0.3:
            v = self.rng.choice(mine)
            self.src.emit(f"{v} = 0.5 * {v} + {bare(self.expr())}")
            return
        v = self.fresh("v")
        self.src.emit(f"{v} = {bare(self.expr())}")
        self.locals.add(v)
        self.scope.scalars.append(v)

    def stmt_write(self):
        name, shape = self.rng.choice(list(self.scope.arrays.items()))
        target = f"{name}[{', '.join(self.index(n) for n in shape)}]"
        self.src.emit(f"{target} = {self.squash(target)}")

    def stmt_if_else(self):
        self.block(f"if {self.condition()}:")
        if self.rng.random() < 0.5:
            self.block("else:")

    def stmt_for(self):
        self.for_loop()

    def stmt_while(self):
        t, k = self.fresh("t"), self.fresh("k")
        size = self.rng.choice(sorted(self.extents)) if self.extents else self.rng.randint(*SIZES)
        self.src.emit(f"{t} = np.tanh({bare(self.expr())})")
        self.src.emit(f"{k} = 0")
        self.locals.add(t)
        self.scope.scalars.append(t)
        cond = self.rng.choice((f"{t} > -0.5", f"abs({t}) < 0.9", f"{t} < 0.6"))

        def body():
            self.src.emit(f"{t} = 0.8 * {t} + 0.3 * np.tanh({bare(self.expr())})")
            self.body()
            self.src.emit(f"{k} += 1")

        self.block(f"while {k} < {self.extent_text(size)} and {cond}:", Loop(k, 0, size - 1, False), body)

    def stmt_break(self):
        self.block(f"if {self.condition()}:", body=lambda: self.src.emit("break"))

    def stmt_continue(self):
        self.block(f"if {self.condition()}:", body=lambda: self.src.emit("continue"))

    def stmt_early_return(self):
        self.block(f"if {self.condition()}:", body=lambda: self.src.emit(f"return {self.return_expr()}"))

    def new_shape(self):
        """A shape for a temporary, with extents the kernel can name."""
        sizes = sorted(self.extents) or [self.rng.randint(*SIZES)]
        return tuple(self.rng.choice(sizes) for _ in range(self.rng.randint(1, 2)))

    def shape_text(self, shape):
        texts = [self.extent_text(n) for n in shape]
        return texts[0] if len(texts) == 1 else f"({', '.join(texts)})"

    def stmt_zeros(self):
        w = self.fresh("w")
        if self.scope.arrays and self.rng.random() < 0.4:
            like, shape = self.rng.choice(list(self.scope.arrays.items()))
            self.src.emit(f"{w} = np.zeros_like({like})")
            self.fortran |= {w} if like in self.fortran else set()
        else:
            shape = self.new_shape()
            self.src.emit(f"{w} = np.zeros({self.shape_text(shape)})")
        self.scope.arrays[w] = shape

    def stmt_empty(self):
        """An np.empty temporary, written in full (by a whole-array assignment or fill loops) before use."""
        e = self.fresh("e")
        if self.scope.arrays and not self.sliced and self.rng.random() < 0.3:
            like, shape = self.slice_target()
            self.src.emit(f"{e} = np.empty_like({like})")
            self.fortran |= {e} if like in self.fortran else set()
            self.src.emit(f"{e}[{', '.join(':' * len(shape))}] = {bare(self.array_operand(shape))}")
        else:
            shape = self.new_shape()
            self.src.emit(f"{e} = np.empty({self.shape_text(shape)})")
            self.fill(e, shape, [])
        self.scope.arrays[e] = shape

    def fill(self, name, shape, idx):
        """Nested loops that write every element of `name`, a fresh array of `shape`."""
        if len(idx) == len(shape):
            self.src.emit(f"{name}[{', '.join(idx)}] = {bare(self.expr())}")
            return
        var = self.fresh("i")
        size = shape[len(idx)]
        self.block(
            f"for {var} in range({self.extent_text(size)}):",
            Loop(var, 0, size - 1, True),
            lambda: self.fill(name, shape, idx + [var]),
        )

    def stmt_rebind(self):
        count = self.rng.choice((2, 3))
        p, pn = self.fresh("P"), self.fresh("Pn")
        self.src.emit(f"{p} = np.zeros({count})")
        self.scope.arrays[p] = (count,)

        def body():
            self.src.emit(f"{pn} = np.empty({count})")
            for q in range(count):
                self.src.emit(f"{pn}[{q}] = 0.5 * {p}[{(q + 1) % count}] + 0.5 * np.tanh({bare(self.expr())})")
            self.src.emit(f"{p} = {pn}")

        self.for_loop(body)

    def stmt_array_expr(self):
        """Rebind an array to an array expression of itself (never a Fortran-ordered one: Numba unifies F
        with the C result to layout 'A', and then fails to allocate the next array expression's result)."""
        name, shape = self.rng.choice([(n, s) for n, s in self.scope.arrays.items() if n not in self.fortran])
        operand, s = self.array_operand(shape), self.atom()
        coef = self.rng.choice(("0.1", f"0.5 * {self.atom()}") + tuple(sorted(self.positive_args)))
        self.src.emit(
            self.rng.choice(
                (
                    f"{name} = {name} + {coef} * np.sin({bare(operand)} + {s})",
                    f"{name} = 0.5 * {name} + 0.5 * np.tanh({operand} * {s})",
                )
            )
        )

    def slice_target(self):
        """An array for a whole-array assignment, preferably 1-D (the 2-D code is slower to differentiate)."""
        self.sliced = True
        arrays = list(self.scope.arrays.items())
        vectors = [(n, s) for n, s in arrays if len(s) == 1]
        return self.rng.choice(vectors if vectors and self.rng.random() < 0.75 else arrays)

    def stmt_slice_assign(self):
        name, shape = self.slice_target()
        operand = bare(self.array_operand(shape))
        rhs = self.rng.choice((f"np.tanh({operand})", f"0.5 * {name} + 0.5 * np.sin({operand})"))
        self.src.emit(f"{name}[{', '.join(':' * len(shape))}] = {rhs}")

    def stmt_helper_inplace(self):
        vector, _ = self.rng.choice(self.vectors())
        self.src.emit(f"{self.helpers.writer()}({vector}, {bare(self.expr())})")

    def stmt_prange(self):
        """A parallel reduction, `for p in numba.prange(n): s += expr`, perhaps also writing its own element
        of a fresh temporary that no other iteration reads (so that the loop has no race)."""
        self.parallel = True
        size = self.rng.choice(sorted(self.extents)) if self.extents else self.rng.randint(*SIZES)
        ext, var = self.extent_text(size), self.fresh("p")
        temp = self.fresh("T") if self.rng.random() < 0.4 else None
        if temp:
            self.src.emit(f"{temp} = np.zeros({ext})")

        def body():
            self.in_prange = True
            # Numba takes one update per reduction variable
            for acc in self.rng.sample(self.accumulators, self.rng.randint(1, len(self.accumulators))):
                self.src.emit(f"{acc} += {bare(self.expr())}")
            if temp:
                self.src.emit(f"{temp}[{var}] = {self.squash(f'{temp}[{var}]')}")
            self.in_prange = False

        self.block(f"for {var} in numba.prange({ext}):", Loop(var, 0, size - 1, True), body)
        if temp:
            self.scope.arrays[temp] = (size,)

    def stmt_list(self):
        """A list that grows in a loop, then is read back."""
        lst, s = self.fresh("L"), self.rng.choice(self.accumulators)
        self.src.emit(f"{lst} = [{bare(self.expr(1))}]")
        text, lo, hi = self.loop_range()
        var = self.fresh("i")
        self.block(
            f"for {var} in {text}:",
            Loop(var, lo, hi, True),
            lambda: self.src.emit(f"{lst}.append(0.5 * {lst}[-1] + 0.5 * np.sin({bare(self.expr())}))"),
        )
        form = self.rng.randint(0, 3)
        if form == 0:
            v = self.fresh("u")
            self.block(f"for {v} in {lst}:", body=lambda: self.src.emit(f"{s} += 0.3 * np.sin({v})"))
        elif form == 1:
            self.src.emit(f"{s} += 0.1 * sum({lst})")
        elif form == 2:
            self.src.emit(f"{s} += {lst}[len({lst}) // 2] * {lst}[-1]")
        else:
            q, j = self.fresh("Q"), self.fresh("j")
            self.src.emit(f"{q} = sorted({lst})")
            self.block(f"for {j} in range(len({q})):", body=lambda: self.src.emit(f"{s} += 0.1 * ({j} + 1) * {q}[{j}]"))

    def stmt_matrix(self):
        """A small matrix made from a vector, K = diag(1, ..., n) + 0.05 outer(sin v, cos w): its eigenvalues
        lie in disjoint discs around 1, ..., n (radius at most 0.3), so they are real and distinct, and so are
        its singular values (near 1, ..., n); then a scalar of one BLAS or LAPACK routine of it, reading
        eigen- and singular vectors only through squares (their signs are LAPACK's choice)."""
        name, shape = self.rng.choice([(n, s) for n, s in self.scope.arrays.items() if len(s) == 1])
        other = bare(self.array_operand(shape))
        k, s = self.fresh("K"), self.rng.choice(self.accumulators)
        self.src.emit(
            f"{k} = np.diag(np.arange(1.0, {name}.shape[0] + 1.0)) + 0.05 * np.outer(np.sin({name}), np.cos({other}))"
        )
        scalar = self.rng.choice(
            (
                f"np.sum({k} @ np.sin({name}))",
                f"0.1 * np.sum({k} @ {k})",
                f"np.sum(np.sin({name}) * np.linalg.solve({k}, {name}))",
                f"0.1 * np.linalg.det({k})",
                f"np.linalg.slogdet({k})[1]",
                f"np.sum(np.linalg.inv({k}))",
                f"0.1 * np.sum(np.linalg.cholesky({k} @ {k}.T))",
                f"0.1 * np.sum(np.linalg.qr({k})[1] ** 2)",
                f"np.sum(np.linalg.qr({k})[0] ** 2 * {name})",
                f"np.sum(np.linalg.svd({k})[1])",
                f"np.sum(np.linalg.svd({k})[0][:, 0] ** 2 * {name})",
                f"np.sum(np.linalg.eigh({k} + {k}.T)[1][:, -1] ** 2 * {name})",
                f"np.sum(np.linalg.eigvals({k}))",
                f"np.sum(np.linalg.eig({k})[1][0] ** 2)",
                f"np.sum(np.linalg.pinv({k}))",
            )
        )
        self.src.emit(f"{s} += {scalar}")

    def stmt_array_literal(self):
        m = self.fresh("M")
        if self.rng.random() < 0.5:
            shape = (self.rng.randint(2, 3),)
            text = f"[{', '.join(bare(self.expr(1)) for _ in range(shape[0]))}]"
        else:
            shape = (2, self.rng.randint(2, 3))
            rows = [f"[{', '.join(bare(self.expr(1)) for _ in range(shape[1]))}]" for _ in range(2)]
            text = f"[{', '.join(rows)}]"
        self.src.emit(f"{m} = np.array({text})")
        self.scope.arrays[m] = shape


def arguments(rng):
    """The kernel's arguments, in a random order, and the values of its int arguments."""
    n, m = rng.randint(*SIZES), rng.randint(*SIZES)
    args = []
    for name in ("x", "y", "z")[: rng.randint(0, 3)]:
        shape = (rng.choice((n, m)),)
        args.append(Arg(name, "array", shape, rng.choice(LAYOUTS[1])))
    for name in ("A", "B")[: rng.choice((0, 0, 1, 1, 2))]:
        shape = rng.choice(((n, m), (m, n), (n, n)))
        args.append(Arg(name, "array", shape, rng.choice(LAYOUTS[2])))
    for name in ("a", "b")[: rng.randint(0 if args else 1, 2)]:
        args.append(Arg(name, "float"))
    if rng.random() < 0.4:
        args.append(Arg("c", "float", positive=True))
    ints = {
        name: value
        for name, value, p in (("n", n, 0.7), ("m", m, 0.4), ("steps", rng.randint(1, 3), 0.3))
        if rng.random() < p
    }
    args += [Arg(name, "int") for name in ints]
    rng.shuffle(args)
    return tuple(args), ints


def inputs(rng, args, ints):
    """Values, objective weights and directions for `args`, from a numpy generator."""
    values, weights, directions = [], [], []
    for arg in args:
        if arg.kind == "array":
            values.append(rng.uniform(-1.0, 1.0, arg.shape))
            weights.append(rng.uniform(-1.0, 1.0, arg.shape))
            directions.append(rng.uniform(-1.0, 1.0, arg.shape))
        elif arg.kind == "float":
            values.append(float(rng.uniform(0.5, 1.5) if arg.positive else rng.uniform(-1.0, 1.0)))
            weights.append(None)
            directions.append(float(rng.uniform(-1.0, 1.0)))
        else:
            values.append(ints[arg.name])
            weights.append(None)
            directions.append(None)
    return tuple(values), tuple(weights), tuple(directions)


def generate(seed: int) -> Case:
    """The kernel, arguments and inputs of fuzz case `seed`."""
    rng = random.Random(seed)
    args, ints = arguments(rng)
    source = KernelBuilder(rng, args, ints).build()
    values, weights, directions = inputs(np.random.default_rng(seed), args, ints)
    return Case(seed, source, args, values, weights, directions)
