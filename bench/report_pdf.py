"""CPU time of the clinician's report as a PDF, for the demo person (26 weeks of plan).

    BACKCARE_DATA_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=backcare.settings \\
        .venv/bin/python -m bench.report_pdf [--rounds 3]

Migrates a fresh database, creates the demo person (``backcare demo``'s data), builds their
report once, then prints the best of ``--rounds`` CPU times of building it and of laying it
out as a PDF (WeasyPrint), with the page count. CPU time, not wall time: the machine is
shared. docs/performance.md keeps the figures.
"""

from __future__ import annotations

import argparse
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from backcare.accounts.models import User
    from backcare.exchange.pdf import report_document
    from backcare.exchange.report import build_report
    from backcare.exchange.views import today_for
    from backcare.progress.demo import create_demo
    from backcare.progress.demo_data import DEFAULT_SEED

    create_demo("demo", 182, DEFAULT_SEED, password="bench-" + "x" * 16)
    person = User.objects.get(username="demo")
    build, lay_out, pages = [], [], 0
    for _ in range(args.rounds):
        started = time.process_time()
        report = build_report(person, today_for(person), identified=False)
        built = time.process_time()
        document = report_document(report)
        document.write_pdf()
        build.append(built - started)
        lay_out.append(time.process_time() - built)
        pages = len(document.pages)
    print(f"report built: {min(build):.2f} s CPU; PDF laid out: {min(lay_out):.2f} s CPU; ", end="")
    print(f"{pages} pages (best of {args.rounds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
