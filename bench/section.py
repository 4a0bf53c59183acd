"""Run one benchmark section in this process and print its markdown (bench/__main__.py).

    python -m bench.section NAME [--seconds 10] [--short]

A section is a module bench/NAME.py with ``run(seconds, short) -> str``; a module with only a
``main()`` that prints its section (and takes ``--seconds``) works too.
"""

from __future__ import annotations

import argparse
import importlib
import sys


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.section")
    parser.add_argument("name")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--short", action="store_true")
    args = parser.parse_args()
    module = importlib.import_module(f"bench.{args.name}")
    if hasattr(module, "run"):
        print(module.run(args.seconds, args.short))
        return 0
    sys.argv = [args.name, "--seconds", str(args.seconds)]
    return int(module.main())


if __name__ == "__main__":
    sys.exit(main())
