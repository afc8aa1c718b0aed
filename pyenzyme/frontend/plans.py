"""One table of compiled call plans per entry point, filled once per key even under threads.

Input: a key (function, mode, activities, argument fingerprints...) and a
function that builds the plan (captures, differentiates and compiles).
Output: the plan, built once per key: the lookup takes no lock, and threads
that miss on the same key at the same time wait for one build instead of
compiling the same derivative twice.
"""

from __future__ import annotations

import threading

_build_lock = threading.RLock()  # reentrant: building a plan may build others (helpers, jacobian writers)


def cached_plan(table: dict, key, build):
    plan = table.get(key)
    if plan is None:
        with _build_lock:
            plan = table.get(key)
            if plan is None:
                plan = table[key] = build()
    return plan


_tables: list[dict] = []


def plan_table() -> dict:
    """A new table of plans, emptied by `forget_all` (when a custom rule changes what a derivative is)."""
    table: dict = {}
    _tables.append(table)
    return table


def forget_all() -> None:
    with _build_lock:
        for table in _tables:
            table.clear()
