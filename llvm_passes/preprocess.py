"""The pre-AD pipeline: lightly optimise a linked module before differentiation.

Input: the LLVM text of one module holding a function and all its callees.
Output: a parsed, verified `llvmlite.binding.ModuleRef` in which callees are
inlined, memory is promoted to SSA, single-trip loops are gone, switches are
lowered to branches and every value has a name (`instnamer`). Differentiating
this lightly optimised IR and running O3 afterwards gives faster derivatives
than differentiating raw IR.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import llvmlite.binding as llvm

_initialized = False


def _ensure_llvm() -> None:
    global _initialized
    if not _initialized:
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        # NewGVN's phi-of-ops aborts on an assertion ("Representative MemoryAccess mismatch") on some
        # functions the fuzzer makes; nothing else in the process runs NewGVN (Numba's pipeline uses GVN)
        llvm.set_option("pyenzyme", "-enable-phi-of-ops=false")
        _initialized = True


_DEFINE = re.compile(r"^(define\b[^\n]*?\))([^\n{]*)(\{?)\s*$", re.M)
_NAME = re.compile(r'@(?:"([^"]+)"|([-A-Za-z0-9_.$]+))\(')


def mark_always_inline(text: str, keep: Iterable[str] = ()) -> str:
    """Give every function definition in `text` the `alwaysinline` attribute.

    Functions named in `keep` (and those marked `noinline`) are left alone so
    that they stay visible as calls (e.g. runtime bookkeeping with a rule).
    """
    keep = set(keep)

    def fix(m: re.Match) -> str:
        head, attrs, brace = m.group(1), m.group(2), m.group(3)
        nm = _NAME.search(head)
        name = (nm.group(1) or nm.group(2)) if nm else ""
        if name in keep or "noinline" in attrs or "alwaysinline" in attrs or "optnone" in attrs:
            return m.group(0)
        return f"{head}{attrs} alwaysinline {brace}".rstrip()

    return _DEFINE.sub(fix, text)


PIPELINE = (
    "sroa",
    "instruction_combine",
    "simplify_cfg",
    "sroa",
    "sccp",
    "new_gvn",
    "aggressive_dce",
    "loop_simplify",
    "loop_rotate",
    "loop_unroll",
    "loop_deletion",
    "instruction_combine",
    "simplify_cfg",
    "refprune",
    "lower_switch",
    "instruction_namer",
)


def _target_machine():
    _ensure_llvm()
    return llvm.Target.from_default_triple().create_target_machine()


def run_pipeline(module: llvm.ModuleRef, passes: Iterable[str] = PIPELINE, inline: bool = True) -> None:
    """Run the pre-AD pass sequence on `module` in place."""
    tm = _target_machine()
    pb = llvm.create_pass_builder(tm, llvm.create_pipeline_tuning_options(speed_level=0))
    mpm = llvm.create_new_module_pass_manager()
    if inline:
        mpm.add_always_inliner_pass()
    for name in passes:
        getattr(mpm, f"add_{name}_pass")()
    mpm.run(module, pb)


def parse(text: str, name: str = "module") -> llvm.ModuleRef:
    """Parse and verify LLVM text; a clear ValueError instead of an LLVM abort."""
    _ensure_llvm()
    try:
        mod = llvm.parse_assembly(text)
        mod.verify()
    except RuntimeError as exc:
        raise ValueError(f"invalid LLVM IR in {name}: {exc}") from None
    mod.name = name
    return mod


def link(texts: list[str], keep_calls: Iterable[str] = (), shared: bool = False) -> llvm.ModuleRef:
    """Parse each text (callees marked always-inline) and link them into one module.

    `shared`: the texts are libraries of one program compiled apart (Numba's), so a function several
    of them define is the same function: its later definitions become linkonce_odr, as Numba links
    its libraries (Numba defines its exception-argument helpers, `__excinfo_unwrap_args<hash>`, in
    every module that raises with those argument types)."""
    mods = [parse(mark_always_inline(t, keep_calls), f"part{i}") for i, t in enumerate(texts)]
    if shared:
        defined: set[str] = set()
        for m in mods:
            for f in m.functions:
                if f.is_declaration:
                    continue
                if f.name in defined and f.linkage == llvm.Linkage.external:
                    f.linkage = llvm.Linkage.linkonce_odr
                defined.add(f.name)
    main = mods[0]
    for m in mods[1:]:
        main.link_in(m)
    return main


def preprocess(texts: list[str], keep_calls: Iterable[str] = (), shared: bool = False) -> llvm.ModuleRef:
    """Link (`shared`: see `link`), inline and simplify; the result is what the AD passes read."""
    mod = link(texts, keep_calls, shared)
    run_pipeline(mod)
    mod.verify()
    return mod


def optimize(module: llvm.ModuleRef, level: int = 3) -> None:
    """Run the standard O`level` pipeline (used on generated derivatives)."""
    tm = _target_machine()
    pto = llvm.create_pipeline_tuning_options(speed_level=level)
    pb = llvm.create_pass_builder(tm, pto)
    pb.getModulePassManager().run(module, pb)
