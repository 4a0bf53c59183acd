"""The bench explains a missed load budget with its own figures."""

from bench.load import (
    BARE_NAME,
    FLOOR_NOTHING_NAME,
    FLOOR_ROW_NAME,
    READ_NAME,
    SIGNED_IN_NAME,
    WRITE_NAME,
    table,
    why_missed,
    workloads,
)


def run(rps: float, p95: float) -> dict[str, float]:
    return {"rps": rps, "p95_ms": p95, "failed": 0, "requests": rps * 10, "seconds": 10}


def profile(app: float, client: float, database: float | None = None) -> dict[str, float]:
    found = {
        "app (gunicorn)": app,
        "client (wrk)": client,
        "elsewhere on the machine": 5.0,
        "machine busy %": 99,
    }
    if database is not None:
        found["PostgreSQL"] = database
    return found


def test_the_figures_behind_each_missed_budget() -> None:
    results = {BARE_NAME: run(1000, 60), WRITE_NAME: run(250, 300), READ_NAME: run(900, 70)}
    profiles = {
        BARE_NAME: profile(1.5, 0.5),
        WRITE_NAME: profile(7.5, 0.5),
        READ_NAME: profile(2.0, 0.2),
    }
    (write,) = [line for line in why_missed(results, profiles) if line.startswith("- ")]
    assert "8.00 ms of CPU per request" in write  # "elsewhere" is not the request's
    assert "against 2.00 ms for the bare view" in write
    assert "needs at most 5.00 ms" in write  # 2.00 / 0.4
    assert "256 ms at 250/s" in write  # 64 connections / 250 per second
    assert "more than 640 requests/s" in write
    assert "1,400 writes/s allow" in write


def test_nothing_to_explain_when_every_budget_is_met() -> None:
    results = {BARE_NAME: run(1000, 60), WRITE_NAME: run(1500, 50), READ_NAME: run(900, 70)}
    profiles = {name: profile(1.0, 0.1) for name in results}
    assert why_missed(results, profiles) == []


def test_the_stack_figures_show_what_no_app_work_could_meet() -> None:
    """This run's stack: the database alone, beyond sign-in, outspends the 40 % allowance,
    and the signed-in bare view misses the p95 on its own."""
    results = {
        BARE_NAME: run(1314, 64),
        SIGNED_IN_NAME: run(757, 106),
        WRITE_NAME: run(268, 274),
        READ_NAME: run(697, 126),
    }
    profiles = {
        BARE_NAME: profile(1.25, 0.06 + 0.18, 0.0),
        SIGNED_IN_NAME: profile(2.01, 0.06 + 0.19, 0.33),
        WRITE_NAME: profile(5.18, 0.10 + 0.25, 1.53),
        READ_NAME: profile(2.20, 0.06 + 0.18, 0.32),
    }
    write, read = [line for line in why_missed(results, profiles) if line.startswith("- ")]
    assert "needs at most 3.72 ms" in write  # (1.25 + 0.24) / 0.4
    assert "The signed-in bare view took 2.59 ms of it, leaving 1.13 ms" in write
    assert "PostgreSQL alone spent 1.20 ms per request" in write
    assert "it would need 3.89 ms" in write  # 2.59 + 1.20 + 0.10 more for the client
    assert "had a p95 of 106 ms itself" in read
    assert "40 %" not in read


def test_a_signed_in_view_over_the_allowance_is_named() -> None:
    results = {
        BARE_NAME: run(1000, 60),
        SIGNED_IN_NAME: run(300, 90),
        WRITE_NAME: run(200, 300),
        READ_NAME: run(900, 70),
    }
    profiles = {
        BARE_NAME: profile(1.0, 0.2),
        SIGNED_IN_NAME: profile(3.0, 0.2),
        WRITE_NAME: profile(5.0, 0.2),
        READ_NAME: profile(1.0, 0.2),
    }
    (write,) = [line for line in why_missed(results, profiles) if line.startswith("- ")]
    assert "The signed-in bare view alone (the session and the person" in write
    assert "took 3.20 ms" in write


def test_an_idle_machine_names_what_requests_waited_for() -> None:
    results = {BARE_NAME: run(1000, 60), WRITE_NAME: run(300, 90), READ_NAME: run(900, 70)}
    profiles = {name: profile(1.0, 0.1) for name in results} | {
        WRITE_NAME: profile(2.0, 0.1) | {"machine busy %": 90}
    }
    (write,) = [line for line in why_missed(results, profiles) if line.startswith("- ")]
    assert "machine 90 % busy. Below 95 % busy" in write
    assert "waits for the client to close each connection it has answered" in write
    assert "single write lock" in write
    assert "sync to disk" in write


def test_a_missed_write_is_set_against_the_one_row_write_when_that_was_measured() -> None:
    results = {
        BARE_NAME: run(3000, 20),
        FLOOR_NOTHING_NAME: run(1800, 35),
        FLOOR_ROW_NAME: run(1100, 56),
        WRITE_NAME: run(990, 62),
        READ_NAME: run(2000, 31),
    }
    profiles = {name: profile(1.0, 0.05) for name in results}
    profiles[FLOOR_ROW_NAME] = profile(1.15, 0.05, 0.30)
    (write,) = [line for line in why_missed(results, profiles) if line.startswith("- ")]
    assert "ran 1100/s (37 % of the bare view) at 1.50 ms of CPU" in write
    assert "the check-in write reached 90 % of its rate" in write
    rows = {name: {**r, "p50_ms": 1.0, "p99_ms": 1.0} for name, r in results.items()}
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in table(rows)[2:]]
    verdicts = {row[0]: row[-1] for row in cells}
    assert verdicts[FLOOR_ROW_NAME] == verdicts[FLOOR_NOTHING_NAME] == "reference"


def test_without_the_reference_writes_the_check_in_is_not_compared_with_them() -> None:
    results = {BARE_NAME: run(3000, 20), WRITE_NAME: run(990, 62), READ_NAME: run(2000, 31)}
    profiles = {name: profile(1.0, 0.05) for name in results}
    (write,) = [line for line in why_missed(results, profiles) if line.startswith("- ")]
    assert "bench/floor.py" not in write


def test_the_reference_writes_come_just_before_the_check_in_and_go_to_their_own_paths() -> None:
    names = [name for name, _ in workloads(floor=True)]
    assert names == [
        BARE_NAME,
        SIGNED_IN_NAME,
        FLOOR_NOTHING_NAME,
        FLOOR_ROW_NAME,
        WRITE_NAME,
        READ_NAME,
    ]
    bodies = dict(workloads(floor=True))
    assert '"/floor/nothing/"' in bodies[FLOOR_NOTHING_NAME]
    assert '"/floor/one-row/"' in bodies[FLOOR_ROW_NAME]
    assert "/floor/" not in bodies[WRITE_NAME]
    assert [name for name, _ in workloads(floor=False)] == [
        BARE_NAME,
        SIGNED_IN_NAME,
        WRITE_NAME,
        READ_NAME,
    ]
