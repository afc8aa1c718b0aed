"""Fuzz worker process: checks kernels for the runner, one JSON line per message.

The runner writes tasks ``{"seed": S, "modes": [...]}`` to stdin. The worker answers on its original
stdout: ``{"ready": true}`` once imported, ``{"stage": NAME}`` before each step of a check (so that the
runner knows which mode was running if the process dies), and ``{"result": {...}}`` at the end of a task.
File descriptor 1 is pointed at stderr, so that anything else printed, by Python or by native code,
cannot corrupt the protocol. Python's faulthandler writes the stack to stderr on a fatal signal, and on
SIGUSR1 (which the runner sends to a hanging worker before it kills it).
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
import time
import traceback
import warnings


def main():
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    faulthandler.enable()
    faulthandler.register(signal.SIGUSR1)
    warnings.simplefilter("ignore")

    def send(message):
        channel.write(json.dumps(message) + "\n")

    from tests.fuzz.check import case_result, check
    from tests.fuzz.generate import generate

    send({"ready": True})
    for line in sys.stdin:
        task = json.loads(line)
        start = time.monotonic()
        case = generate(task["seed"])
        try:
            result = check(case, task["modes"], lambda stage: send({"stage": stage}))
        except Exception:
            result = case_result(case, "invalid", "fuzzer: " + traceback.format_exc(limit=-3), task["modes"])
        send({"result": {**result, "seconds": round(time.monotonic() - start, 2)}})


if __name__ == "__main__":
    main()
