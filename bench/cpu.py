"""Where the CPU time goes during a load run, read from /proc (Linux).

Each group of processes (the app, nginx, the database, Redis, the load generator) is charged
the processor time it used between two snapshots, including that of children it reaped; the
rest of the machine's busy time is whatever else ran on the shared cores meanwhile. A process
is charged what it used since the first snapshot, or since it started; one that ended between
the two (a database connection closed after its maximum age, say) is charged nothing, since
its last use went with it.
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
    started: int = 0  # clock ticks after boot: tells a process from a later one with its pid


Group = Callable[[Proc, dict[int, Proc]], bool]
#: A group's processes, each known by its pid and start, and the CPU seconds each had used.
GroupUse = dict[tuple[int, int], float]


@dataclass(frozen=True)
class Snapshot:
    groups: dict[str, GroupUse]
    client_s: float  # the load generator's: children this process reaped
    machine_s: float
    wall_s: float


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
        pid, started = int(entry.name), int(fields[19])
        table[pid] = Proc(pid, int(fields[1]), name, command, ticks / TICK, started)
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


def snapshot(groups: dict[str, Group]) -> Snapshot:
    table = processes()
    usage = {
        name: {(p.pid, p.started): p.cpu_s for p in table.values() if member(p, table)}
        for name, member in groups.items()
    }
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = children.ru_utime + children.ru_stime
    return Snapshot(usage, client, machine_busy_s(), time.monotonic())


def used_between(before: GroupUse, after: GroupUse) -> float:
    """CPU seconds a group used between two snapshots: by each process still there, what it
    used since the first (all of it if it started since)."""
    return sum(cpu_s - before.get(process, 0.0) for process, cpu_s in after.items())


def per_request(before: Snapshot, after: Snapshot, requests: int) -> dict[str, float]:
    """CPU milliseconds per request by group, "elsewhere" for the rest of the machine."""
    spent = {name: used_between(before.groups[name], after.groups[name]) for name in after.groups}
    spent["client (wrk)"] = after.client_s - before.client_s
    machine, wall = after.machine_s - before.machine_s, after.wall_s - before.wall_s
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
