"""CPU per request by process group: a process that ends between the snapshots takes none of
the group's earlier use away with it."""

from bench.cpu import Snapshot, per_request, processes, used_between


def test_each_process_is_charged_what_it_used_between_the_snapshots() -> None:
    before = {(10, 100): 5.0, (11, 100): 7.0, (12, 100): 30.0}
    # 10 went on, 11 ended (a connection past its age), 13 started, 12 ended and its pid was
    # given to a new process.
    after = {(10, 100): 5.5, (13, 900): 0.25, (12, 950): 0.125}
    assert used_between(before, after) == 0.5 + 0.25 + 0.125


def test_per_request_never_goes_below_zero_when_a_database_connection_is_replaced() -> None:
    before = Snapshot({"PostgreSQL": {(20, 1): 40.0, (21, 1): 0.0}}, 1.0, 100.0, 0.0)
    after = Snapshot({"PostgreSQL": {(21, 1): 0.5, (22, 5): 0.5}}, 1.5, 102.0, 1.0)
    spent = per_request(before, after, requests=1000)
    assert spent["PostgreSQL"] == 1.0  # ms per request: (0.5 + 0.5) s / 1000
    assert spent["client (wrk)"] == 0.5
    assert spent["elsewhere on the machine"] == 0.5  # 2 s busy, 1.5 s accounted for
    assert spent["machine busy %"] > 0


def test_processes_are_told_apart_by_their_start() -> None:
    import os

    me = processes()[os.getpid()]
    assert me.started > 0
    assert me.cpu_s > 0
