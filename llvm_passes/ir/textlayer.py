"""The facts llvmlite.binding does not expose, read from instruction text.

Input: the text LLVM prints for one instruction or type. Output: predicates,
GEP source types, alloca types, aggregate indices, switch cases and the like.
Every function here is small and covered by tests/test_textlayer.py.
"""

from __future__ import annotations

import re

import llvmlite.ir as ir

FP_TYPES = {
    "half": ir.HalfType,
    "float": ir.FloatType,
    "double": ir.DoubleType,
}

FAST_MATH_FLAGS = frozenset({"fast", "nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"})
GEP_FLAGS = frozenset({"inbounds", "nuw", "nusw"})
CMP_FLAGS = FAST_MATH_FLAGS | {"samesign"}


class TextLayerError(ValueError):
    pass


def parse_type(text: str, named: dict[str, ir.Type] | None = None) -> ir.Type:
    """Parse an LLVM type written as text (`{ ptr, [2 x i64] }`, `double`, `ptr`)."""
    ty, pos = _parse_type(text, 0, named or {})
    if text[pos:].strip():
        raise TextLayerError(f"trailing text after type: {text!r}")
    return ty


def split_type_prefix(text: str, named: dict[str, ir.Type] | None = None) -> tuple[ir.Type, str]:
    """Split `TYPE rest` into the parsed type and the rest."""
    ty, pos = _parse_type(text, 0, named or {})
    return ty, text[pos:].strip()


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


_WORD = re.compile(r"[A-Za-z0-9_.$\"%]+")


def _parse_type(text: str, pos: int, named: dict[str, ir.Type]) -> tuple[ir.Type, int]:
    pos = _skip_ws(text, pos)
    if text.startswith("<{", pos):
        elems, pos = _parse_type_list(text, pos + 2, "}>", named)
        ty: ir.Type = ir.LiteralStructType(elems, packed=True)
    elif text.startswith("{", pos):
        elems, pos = _parse_type_list(text, pos + 1, "}", named)
        ty = ir.LiteralStructType(elems)
    elif text.startswith("[", pos) or text.startswith("<", pos):
        close = "]" if text[pos] == "[" else ">"
        m = re.compile(r"\s*(\d+)\s+x\s+").match(text, pos + 1)
        if not m:
            raise TextLayerError(f"bad array/vector type in {text!r}")
        elem, pos = _parse_type(text, m.end(), named)
        pos = _skip_ws(text, pos)
        if text[pos] != close:
            raise TextLayerError(f"expected {close!r} in {text!r}")
        pos += 1
        count = int(m.group(1))
        ty = ir.ArrayType(elem, count) if close == "]" else ir.VectorType(elem, count)
    else:
        m = _WORD.match(text, pos)
        if not m:
            raise TextLayerError(f"cannot parse type at {text[pos:]!r}")
        word = m.group(0)
        pos = m.end()
        if word == "ptr":
            am = re.compile(r"\s*addrspace\((\d+)\)").match(text, pos)
            if am:
                pos = am.end()
                ty = ir.PointerType(addrspace=int(am.group(1)))
            else:
                ty = ir.PointerType()
        elif word in FP_TYPES:
            ty = FP_TYPES[word]()
        elif re.fullmatch(r"i\d+", word):
            ty = ir.IntType(int(word[1:]))
        elif word == "void":
            ty = ir.VoidType()
        elif word == "label":
            ty = ir.LabelType()
        elif word == "metadata":
            ty = ir.MetaDataType()
        elif word.startswith("%"):
            key = word[1:].strip('"')
            if key not in named:
                raise TextLayerError(f"unknown named type {word}")
            ty = named[key]
        else:
            raise TextLayerError(f"unknown type {word!r}")
    # trailing typed-pointer stars (`double*`, `double addrspace(1)*`) and function types `T (args)`
    while True:
        pos = _skip_ws(text, pos)
        am = re.compile(r"addrspace\((\d+)\)\s*\*").match(text, pos)
        if am:
            ty = ir.PointerType(addrspace=int(am.group(1)))
            pos = am.end()
        elif text.startswith("*", pos):
            ty = ir.PointerType()
            pos += 1
        elif text.startswith("(", pos):
            args, pos = _parse_type_list(text, pos + 1, ")", named, allow_varargs=True)
            var = bool(args) and args[-1] == "..."
            ty = ir.FunctionType(ty, [a for a in args if a != "..."], var_arg=var)
        else:
            return ty, pos


def _parse_type_list(text, pos, close, named, allow_varargs=False):
    elems = []
    pos = _skip_ws(text, pos)
    if text.startswith(close, pos):
        return elems, pos + len(close)
    while True:
        pos = _skip_ws(text, pos)
        if allow_varargs and text.startswith("...", pos):
            elems.append("...")
            pos += 3
        else:
            ty, pos = _parse_type(text, pos, named)
            elems.append(ty)
        pos = _skip_ws(text, pos)
        if text.startswith(",", pos):
            pos += 1
            continue
        if text.startswith(close, pos):
            return elems, pos + len(close)
        raise TextLayerError(f"expected ',' or {close!r} in {text!r}")


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split at `sep` outside brackets, braces, parentheses and quotes."""
    out, depth, start, quote = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quote = not quote
        elif quote:
            continue
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == sep and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [s.strip() for s in out]


_METADATA = re.compile(r",\s*![A-Za-z0-9_.]+\s+(![0-9]+|!\{[^}]*\})")


def body(text: str) -> str:
    """The instruction text after `%x = `, without attached metadata."""
    text = text.strip()
    text = _METADATA.sub("", text)
    m = re.match(r'^%(?:"[^"]*"|[-A-Za-z0-9_.$]+)\s*=\s*', text)
    return text[m.end() :] if m else text


def opcode_rest(text: str) -> tuple[str, str]:
    b = body(text)
    for prefix in ("tail ", "musttail ", "notail "):
        if b.startswith(prefix):
            b = b[len(prefix) :]
    op, _, rest = b.partition(" ")
    return op, rest


def strip_flags(rest: str, flags: frozenset[str]) -> tuple[list[str], str]:
    found = []
    while True:
        word, _, tail = rest.partition(" ")
        if word in flags:
            found.append(word)
            rest = tail
        else:
            return found, rest


def predicate(text: str) -> str:
    """`icmp slt i64 %a, %b` -> 'slt'; `fcmp fast olt ...` -> 'olt'."""
    _, rest = opcode_rest(text)
    _, rest = strip_flags(rest, CMP_FLAGS)
    return rest.split(" ", 1)[0]


def fast_math_flags(text: str) -> list[str]:
    _, rest = opcode_rest(text)
    flags, _ = strip_flags(rest, FAST_MATH_FLAGS)
    return flags


def gep_info(text: str, named=None) -> tuple[ir.Type, bool]:
    """Source element type and `inbounds` of a getelementptr."""
    _, rest = opcode_rest(text)
    flags, rest = strip_flags(rest, GEP_FLAGS)
    ty, _ = split_type_prefix(split_top_level(rest)[0], named)
    return ty, "inbounds" in flags


def alloca_type(text: str, named=None) -> ir.Type:
    _, rest = opcode_rest(text)
    if rest.startswith("inalloca "):
        rest = rest[len("inalloca ") :]
    return parse_type(split_top_level(rest)[0], named)


def aggregate_indices(text: str) -> list[int]:
    """Trailing constant indices of extractvalue/insertvalue."""
    _, rest = opcode_rest(text)
    parts = split_top_level(rest)
    idx = []
    for part in reversed(parts):
        if re.fullmatch(r"\d+", part):
            idx.append(int(part))
        else:
            break
    return list(reversed(idx))


def alignment(text: str) -> int | None:
    m = re.search(r",\s*align\s+(\d+)", body(text))
    return int(m.group(1)) if m else None


_ORDERINGS = ("unordered", "monotonic", "acquire", "release", "acq_rel", "seq_cst")


def atomicrmw_info(text: str) -> tuple[str, str]:
    """`atomicrmw [volatile] xchg ptr %p, ptr %v [syncscope("s")] acq_rel, align 8` -> ('xchg', 'acq_rel')."""
    b = body(text)
    op = re.match(r"atomicrmw\s+(?:volatile\s+)?(\w+)\s", b)
    order = re.search(r"\b(" + "|".join(_ORDERINGS) + r")\b(?=\s*(?:,|$))", b)
    if op is None or order is None:
        raise TextLayerError(f"cannot read atomicrmw: {text}")
    return op.group(1), order.group(1)


def switch_cases(text: str) -> list[tuple[int, str]]:
    """`switch i32 %v, label %d [ i32 0, label %a ... ]` -> [(0, 'a'), ...]."""
    b = body(text)
    inside = b[b.index("[") + 1 : b.rindex("]")]
    return [
        (int(v), a or b)
        for v, a, b in re.findall(r'i\d+\s+(-?\d+)\s*,\s*label\s+%(?:"([^"]+)"|([-A-Za-z0-9_.$]+))', inside)
    ]


def referenced_globals(text: str) -> list[str]:
    """Names of `@globals` mentioned in a piece of LLVM text (string constants skipped)."""
    text = re.sub(r'c"[^"]*"', "", text)
    return [a or b for a, b in re.findall(r'@"([^"]+)"|@([-A-Za-z0-9_.$]+)', text)]
