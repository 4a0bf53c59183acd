"""Where the CPU time goes during a load run, read from /proc (Linux).

Each group of processes (the app, nginx, the database, Redis, the load generator) is charged
the processor time it used between two snapshots, including that of children it reaped; the
rest of the machine's busy time is whatever else ran on the shared cores meanwhile.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
#: Columns of ``per_request`` that are not the cost of the requests themselves.
NOT_THE_REQUEST = frozenset({"elsewhere on the machine", "machine busy %"})


@dataclass(frozen=True)
class Proc:
    pid: int
    parent: int
    name: str
    command: str
    cpu_s: float  # own and reaped children's user + system time


Group = Callable[[Proc, dict[int, Proc]], bool]


def processes() -> dict[int, Proc]:
    table: dict[int, Proc] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # it ended while being read
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
        table[int(entry.name)] = Proc(int(entry.name), int(fields[1]), name, command, ticks / TICK)
    return table


def descends_from(root: int) -> Group:
    def member(proc: Proc, table: dict[int, Proc]) -> bool:
        pid = proc.pid
        while pid > 1:
            if pid == root:
                return True
            pid = table[pid].parent if pid in table else 0
        return False

    return member


def machine_busy_s() -> float:
    """Busy processor time of the whole machine (all cores) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / TICK


def snapshot(groups: dict[str, Group]) -> dict[str, float]:
    table = processes()
    usage = {
        name: sum(proc.cpu_s for proc in table.values() if member(proc, table))
        for name, member in groups.items()
    }
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    usage["client (wrk)"] = children.ru_utime + children.ru_stime
    usage["machine"] = machine_busy_s()
    usage["wall"] = time.monotonic()
    return usage


def per_request(
    before: dict[str, float], after: dict[str, float], requests: int
) -> dict[str, float]:
    """CPU milliseconds per request by group, "elsewhere" for the rest of the machine."""
    spent = {name: after[name] - before[name] for name in before}
    machine, wall = spent.pop("machine"), spent.pop("wall")
    spent["elsewhere on the machine"] = max(0.0, machine - sum(spent.values()))
    return {name: 1000 * seconds / max(requests, 1) for name, seconds in spent.items()} | {
        "machine busy %": 100 * machine / CORES / wall
    }


def profile_table(profiles: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows: one line per workload, one column per process group."""
    names = [n for n in next(iter(profiles.values())) if n != "machine busy %"]
    lines = [
        "| workload | " + " | ".join(names) + " | machine busy |",
        "|---" * (len(names) + 2) + "|",
    ]
    for workload, row in profiles.items():
        cells = " | ".join(f"{row[n]:.2f}" for n in names)
        lines.append(f"| {workload} | {cells} | {row['machine busy %']:.0f} % |")
    return lines
