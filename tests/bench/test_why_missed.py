"""The bench explains a missed load budget with its own figures."""

from bench.load import BARE_NAME, READ_NAME, WRITE_NAME, why_missed


def run(rps: float, p95: float) -> dict[str, float]:
    return {"rps": rps, "p95_ms": p95, "failed": 0, "requests": rps * 10, "seconds": 10}


def profile(app: float, client: float) -> dict[str, float]:
    return {
        "app": app,
        "client (wrk)": client,
        "elsewhere on the machine": 5.0,
        "machine busy %": 99,
    }


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
