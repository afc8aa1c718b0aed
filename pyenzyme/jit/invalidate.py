"""Jitted code that holds derivatives built before a custom rule changed them: found and compiled again.

Input: a rule registered or withdrawn (`pyenzyme.rules`). Output: every Numba dispatcher whose compiled
code contains a derivative pyenzyme built (linked with the Inline ABI) or calls through one of
pyenzyme's jitted overloads (`pe.autodiff_deferred`, `pe.hvp`, ...) forgets its compiled overloads, and
those overloads forget their implementations, so that the next call compiles the caller again with
derivatives that see the rules as they are now. (A derivative built from Python is rebuilt through the
plan tables; jitted code links its own copy, which Numba keeps until the caller is compiled again.)
"""

from __future__ import annotations

import gc
import weakref

from numba.core.dispatcher import Dispatcher
from numba.core.typing import templates

built: weakref.WeakSet = weakref.WeakSet()  # the code libraries of derivatives (jit.library adds them)


def _pyenzyme_templates():
    """The typing templates of pyenzyme's functions that jitted code may call."""
    for value, typ in templates.builtin_registry.globals:
        if (getattr(value, "__module__", None) or "").startswith("pyenzyme"):
            yield from getattr(typ, "templates", ())


def _stale_libraries() -> set:
    """ids of the libraries whose code depends on the rules: derivatives, and the implementations of
    pyenzyme's overloads (which pass a derivative's address, or link it)."""
    stale = {id(lib) for lib in built}
    for template in _pyenzyme_templates():
        for entry in list(getattr(template, "_impl_cache", {}).values()):
            disp = entry[0] if isinstance(entry, tuple) else None
            if isinstance(disp, Dispatcher):
                stale.update(id(c.library) for c in disp.overloads.values() if getattr(c, "library", None))
    return stale


def _depends(lib, stale: set, seen: set) -> bool:
    if id(lib) in seen:
        return False
    seen.add(id(lib))
    return id(lib) in stale or any(_depends(sub, stale, seen) for sub in getattr(lib, "_linking_libraries", ()))


def jitted_callers() -> int:
    """Make the dispatchers that hold derivatives compile again at their next call; the number reset."""
    stale = _stale_libraries()
    for template in _pyenzyme_templates():
        for attr in ("_impl_cache", "_compiled_overloads", "_overload_cache"):
            cache = getattr(template, attr, None)
            if isinstance(cache, dict):
                cache.clear()
    if not stale:
        return 0
    reset = 0
    kinds: dict = {}  # type -> is it a dispatcher (isinstance may call a proxy's __getattr__: slow)
    for obj in gc.get_objects():
        cls = type(obj)
        is_dispatcher = kinds.get(cls)
        if is_dispatcher is None:
            is_dispatcher = kinds[cls] = issubclass(cls, Dispatcher)
        if not is_dispatcher:
            continue
        libraries = [c.library for c in obj.overloads.values() if getattr(c, "library", None) is not None]
        if any(_depends(lib, stale, set()) for lib in libraries):
            obj._reset_overloads()
            obj._cache.flush()
            reset += 1
    return reset
