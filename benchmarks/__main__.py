"""Run every benchmark and print a Markdown report (`make bench`)."""

import argparse
import platform
import sys
from datetime import date

from benchmarks import checklists, foundation, inspections, load, reports, trends
from benchmarks.harness import SMOKE

SUITES = {
    "foundation": foundation.run,
    "checklists": checklists.run,
    "inspections": inspections.run,
    "reports": reports.run,
    "trends": trends.run,
    "load": load.run,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("suites", nargs="*", choices=[*SUITES, []], help="default: all")
    args = parser.parse_args()
    print(
        f"# Benchmarks {date.today()} · Python {platform.python_version()} · "
        f"{platform.machine()}, {sys.platform}\n"
    )
    if SMOKE:
        print("Smoke run (BENCH_SMOKE=1): every size cut down; the numbers mean nothing.\n")
    for name in args.suites or SUITES:
        print(f"## {name}\n")
        print(SUITES[name]())
        print()


if __name__ == "__main__":
    main()
