"""Run fuzz kernels in worker subprocesses; collect the outcomes, write reproducers, print a summary.

Each worker (`tests/fuzz/worker.py`) is a long-lived process that checks one kernel at a time, so the
imports and Numba's warm-up are paid once per worker; workers are replaced after `RECYCLE_AFTER` tasks
to bound the memory that JIT-compiled code accumulates. A worker that dies (a segfault, an abort) takes
only the kernel in flight with it: the mode it was running is recorded as a crash, a fresh worker
starts, and the kernel's other modes are checked again without that one. A kernel that runs past the
timeout (per step: Numba's reference, then each mode) is killed and that mode recorded as a hang, in the
same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz import reproduce
from tests.fuzz.generate import generate

ROOT = Path(__file__).resolve().parents[2]
MODES = ("forward", "reverse", "split")  # as check.MODES: the runner itself does not import pyenzyme
OUTCOMES = ("ok", "wrong", "error", "crash", "hang", "refused", "skipped", "invalid")
FINDINGS = ("wrong", "error", "crash", "hang")
RECYCLE_AFTER = 100


@dataclass(frozen=True)
class Task:
    seed: int
    modes: tuple


class WorkerFailed(RuntimeError):
    """A worker process died before it was ready (pyenzyme or the fuzzer does not import)."""


class Worker:
    """One `python -m tests.fuzz.worker` subprocess; JSON lines on its stdin and stdout, stderr to a log."""

    def __init__(self, log_path: Path):
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115 - held for the worker's lifetime, closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        self.buffer = b""
        self.ready = False
        self.task = None
        self.stage = None
        self.sent = 0.0  # when the task was sent
        self.started = 0.0  # when its current step began
        self.tasks_done = 0
        self.log_mark = 0

    def fileno(self):
        return self.proc.stdout.fileno()

    def send(self, task: Task):
        self.task, self.stage = task, None
        self.sent = self.started = time.monotonic()
        self.log_mark = self.log_path.stat().st_size
        try:
            self.proc.stdin.write((json.dumps({"seed": task.seed, "modes": list(task.modes)}) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # it died; the next read sees the end of its output

    def receive(self):
        """The messages available now, or None once the process has exited."""
        data = os.read(self.fileno(), 1 << 16)
        if not data:
            return None
        *lines, self.buffer = (self.buffer + data).split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]

    def stderr_tail(self, lines=24):
        """What the worker wrote to stderr during its current task (the end of it)."""
        with open(self.log_path, "rb") as log:
            log.seek(self.log_mark)
            return "\n".join(log.read().decode(errors="replace").strip().splitlines()[-lines:])

    def dump_stack(self):
        """Ask a hanging worker for its Python stack (faulthandler, on SIGUSR1), before it is killed."""
        self.proc.send_signal(signal.SIGUSR1)
        time.sleep(1.0)

    def how_it_ended(self):
        code = self.proc.wait()
        return f"killed by {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"

    def stop(self, kill=False):
        """End the process (closing its stdin lets it finish; or kill it) and release the pipes and log."""
        if kill:
            self.proc.kill()
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.log.close()


@dataclass
class Summary:
    """Merged results per seed, the reproducers written, and the wall time."""

    out_dir: Path
    results: dict = field(default_factory=dict)  # seed -> merged result (see check.check)
    reproducers: dict = field(default_factory=dict)  # seed -> path
    seconds: float = 0.0
    unstarted: int = 0  # kernels left when the time limit stopped the run

    def counts(self):
        return Counter((mode, o["outcome"]) for r in self.results.values() for mode, o in r["modes"].items())

    def findings(self):
        """(seed, mode, outcome, detail) for every wrong, error, crash and hang."""
        return [
            (seed, mode, o["outcome"], o["detail"])
            for seed, r in sorted(self.results.items())
            for mode, o in r["modes"].items()
            if o["outcome"] in FINDINGS
        ]

    def table(self):
        counts = self.counts()
        lines = [f"{'outcome':<10}" + "".join(f"{m:>10}" for m in MODES)]
        lines += [
            f"{o:<10}" + "".join(f"{counts[m, o]:>10}" for m in MODES)
            for o in OUTCOMES
            if any(counts[m, o] for m in MODES)
        ]
        return "\n".join(lines)

    def common_details(self, outcome, top=5):
        """The most frequent messages for `outcome` (refused, invalid, ...), with their seeds."""
        seeds = {}
        for seed, r in sorted(self.results.items()):
            for o in r["modes"].values():
                if o["outcome"] == outcome:
                    seeds.setdefault(o["detail"][:200], set()).add(seed)
        ranked = sorted(seeds.items(), key=lambda kv: -len(kv[1]))[:top]
        return [f"  {len(s)} kernels (seeds {', '.join(map(str, sorted(s)[:8]))}): {d}" for d, s in ranked]

    def report(self):
        checked = [r for r in self.results.values() if r["status"] == "checked"]
        judged = sum(r["fd"] == "judged" for r in checked)
        slowest = sorted(self.results.values(), key=lambda r: -r["seconds"])[:3]
        lines = [
            (f"(time limit reached: {self.unstarted} kernels not started)\n" if self.unstarted else "")
            + f"fuzz: {len(self.results)} kernels in {self.seconds:.0f} s; finite differences judged "
            f"{judged} of the {len(checked)} checked (the others are not smooth there)",
            "slowest: " + ", ".join(f"seed {r['seed']} {r['seconds']:.0f} s" for r in slowest),
            self.table(),
        ]
        for outcome in ("refused", "invalid", "skipped"):
            details = self.common_details(outcome)
            if details:
                lines += [f"{outcome}:", *details]
        lines.append(
            f"{len(self.reproducers)} kernels with findings"
            + (f"; reproducers in {self.out_dir}" if self.reproducers else "")
        )
        return "\n".join(lines)


class Runner:
    """The event loop: hands tasks to idle workers, reads their messages, enforces the timeout."""

    def __init__(self, jobs, timeout, out_dir, progress, stream, minutes=None):
        self.jobs, self.timeout, self.out_dir = jobs, timeout, Path(out_dir)
        self.minutes = minutes  # after this long no new kernel starts; the running ones finish
        self.progress, self.stream = progress, stream
        self.queue = deque()
        self.summary = Summary(self.out_dir)
        self.finished = 0
        self.total = 0
        self.spawned = 0

    def say(self, text):
        print(text, file=self.stream, flush=True)

    def spawn(self):
        self.spawned += 1
        return Worker(self.logs / f"worker{self.spawned}.log")

    def run(self, seeds) -> Summary:
        self.start = time.monotonic()
        self.queue.extend(Task(seed, MODES) for seed in seeds)
        self.total = len(self.queue)
        with tempfile.TemporaryDirectory(prefix="fuzz-logs-") as logs:
            self.logs = Path(logs)
            workers = [self.spawn() for _ in range(min(self.jobs, self.total))]
            try:
                while self.queue or any(w.task for w in workers):
                    if self.queue and self.minutes is not None and time.monotonic() - self.start > 60 * self.minutes:
                        self.summary.unstarted = len(self.queue)
                        self.queue.clear()
                    workers = [self.dispatch(w) for w in workers]
                    busy = [w for w in workers if w.task]
                    for worker in select.select(busy, [], [], 1.0)[0]:
                        self.service(worker)
                    for worker in busy:
                        if worker.task and time.monotonic() - worker.started > self.timeout:
                            worker.dump_stack()
                            self.abort(worker, "hang", f"still running after {self.timeout:g} s")
                    workers = self.replace_dead(workers)
            finally:
                for worker in workers:
                    worker.stop(kill=bool(worker.task))
        self.summary.seconds = time.monotonic() - self.start
        return self.summary

    def replace_dead(self, workers):
        """Workers that crashed or were killed make way for fresh ones while there is work left."""
        alive = [w for w in workers if w.task or w.proc.poll() is None]
        return alive + [self.spawn() for _ in range(min(len(workers) - len(alive), len(self.queue)))]

    def dispatch(self, worker):
        """Give an idle worker the next task (replacing it first when it has done its share)."""
        if worker.task or not self.queue:
            return worker
        if worker.tasks_done >= RECYCLE_AFTER:
            worker.stop()
            worker = self.spawn()
        worker.send(self.queue.popleft())
        return worker

    def service(self, worker):
        messages = worker.receive()
        if messages is None:
            self.abort(worker, "crash", worker.how_it_ended())
            return
        for message in messages:
            worker.ready = worker.ready or message.get("ready", False)
            if "stage" in message:  # the timeout is per step
                worker.stage, worker.started = message["stage"], time.monotonic()
            if "result" in message:
                task, worker.task = worker.task, None
                worker.tasks_done += 1
                self.merge(task.seed, message["result"])
                self.finish(task.seed)

    def abort(self, worker, outcome, how):
        """The worker died or was killed during its task: record the running mode, requeue the rest."""
        worker.stop(kill=True)
        if not worker.ready:
            raise WorkerFailed(f"fuzz worker {how} before it was ready:\n{worker.stderr_tail(40)}")
        task, stage = worker.task, worker.stage
        worker.task = None
        detail = f"{how} while running {stage or 'the case setup'}; stderr:\n{worker.stderr_tail() or '(empty)'}"
        hit = (stage,) if stage in task.modes else task.modes  # before any mode: the whole case
        self.merge(
            task.seed,
            {
                "modes": {m: {"outcome": outcome, "detail": detail} for m in hit},
                "seconds": time.monotonic() - worker.sent,
            },
        )
        rest = tuple(m for m in task.modes if m not in hit)
        if rest:
            self.queue.appendleft(Task(task.seed, rest))
        else:
            self.finish(task.seed)

    def merge(self, seed, result):
        merged = self.summary.results.setdefault(
            seed, {"seed": seed, "status": "checked", "detail": "", "fd": "", "seconds": 0.0, "modes": {}}
        )
        merged["modes"].update(result["modes"])
        merged.update({k: result[k] for k in ("status", "detail", "fd") if result.get(k)})
        merged["seconds"] += result.get("seconds", 0.0)

    def finish(self, seed):
        self.finished += 1
        result = self.summary.results[seed]
        result["modes"] = {m: result["modes"][m] for m in MODES if m in result["modes"]}
        bad = [(m, o) for m, o in result["modes"].items() if o["outcome"] in FINDINGS]
        if bad:
            path = reproduce.write(generate(seed), result, self.out_dir)
            self.summary.reproducers[seed] = path
            for mode, o in bad:
                self.say(f"finding: seed {seed} {mode} {o['outcome']}: {o['detail'].splitlines()[0][:160]} -> {path}")
        if self.finished % self.progress == 0 or self.finished == self.total:
            self.say(
                f"[{self.finished}/{self.total}] {time.monotonic() - self.start:.0f} s, "
                f"{len(self.summary.reproducers)} kernels with findings"
            )


def run(seeds, jobs=2, timeout=60.0, out_dir="fuzz-findings", progress=50, stream=sys.stdout, minutes=None) -> Summary:
    """Check the kernels of `seeds` in `jobs` worker processes; see the module docstring. `minutes`: start
    no kernel after this long (the summary says how many were left)."""
    return Runner(jobs, timeout, out_dir, progress, stream, minutes).run(list(seeds))
