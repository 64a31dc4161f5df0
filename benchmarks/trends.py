"""Trends at national scale: `inspectie bench-data` (1,000 locations, 4 final inspections a year)
at 1x, 2x and 4x the years, each in a fresh database, then every dashboard view and every
`GET /api/v1/trends` call timed through gunicorn with a logged-in coordinator.

Environment (all optional):

* ``BENCH_TRENDS_LOCATIONS``: locations (default 1000).
* ``BENCH_TRENDS_YEARS``: comma-separated years per scale (default ``10,20,40``). Scales above
  what `inspectie bench-data` accepts (``MAX_YEARS``) are reported as not run.
* ``BENCH_TRENDS_DATABASES``: ``sqlite``, ``postgresql`` or both (default: ``sqlite``, plus
  ``postgresql`` when ``INSPECTIE_TEST_DATABASE_URL`` is set, as under ``.ci/with-postgres``).
  Each PostgreSQL scale gets its own database on that server, dropped afterwards.
* ``BENCH_TRENDS_REPEAT``: timed requests per call (default 20, after one warm-up request).

Run on both databases: ``bash .ci/with-postgres .venv/bin/python -m benchmarks trends``.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.harness import SMOKE, Session, gunicorn, percentile, scaled

END_YEAR = 2026  # fixed, so that every run writes the same rows
SEED = 1
PASSWORD = "bench-trends-wachtwoord-2026"  # noqa: S105 (a throwaway benchmark user)
COORDINATOR = "coordinator@trends.example"
TARGET_MS = 300.0
SECRET_KEY = "t" * 40
DEFAULT_YEARS = "1,2" if SMOKE else "10,20,40"


def _settings() -> tuple[int, list[int], list[str], int]:
    locations = int(os.environ.get("BENCH_TRENDS_LOCATIONS", scaled(1000, 10)))
    years = [int(y) for y in os.environ.get("BENCH_TRENDS_YEARS", DEFAULT_YEARS).split(",")]
    default = "sqlite,postgresql" if os.environ.get("INSPECTIE_TEST_DATABASE_URL") else "sqlite"
    databases = os.environ.get("BENCH_TRENDS_DATABASES", default).split(",")
    return locations, years, databases, int(os.environ.get("BENCH_TRENDS_REPEAT", scaled(20, 1)))


def calls(theme: str, item: str = "", citation: str = "") -> list[tuple[str, str]]:
    """(label, path) of every dashboard view and API call timed. The date windows are the same
    at every scale (they end in END_YEAR), so only the all-years calls see more data."""
    window = {"start": f"{END_YEAR - 7}-02-14", "end": f"{END_YEAR}-11-14"}
    views = [
        ("dashboard, default", {}),
        ("dashboard, per year", {"period": "year"}),
        ("dashboard, province", {"province": "gelderland"}),
        ("dashboard, operator type", {"operator_type": "vge"}),
        ("dashboard, modality", {"modality": "azc"}),
        ("dashboard, theme", {"theme": theme}),
        ("dashboard, window 14 Feb to 14 Nov (8 years)", window),
    ]
    out = [(label, "/trends/?" + urlencode(args)) for label, args in views]
    drill = {"by": "province", "group": "gelderland", "during": f"{END_YEAR - 1}"}
    out.append(
        ("drill-down list, Gelderland in one year", "/trends/inspecties?" + urlencode(drill))
    )
    drill = {"by": "theme", "group": theme, "period": "year"}
    out.append(("drill-down list, one theme, all years", "/trends/inspecties?" + urlencode(drill)))
    for by, group, what in (("item", item, "item"), ("legal_basis", citation, "legal provision")):
        if group:
            drill = {"by": by, "group": group}
            label = f"drill-down list, one {what}, all years"
            out.append((label, "/trends/inspecties?" + urlencode(drill)))
    for by in ("province", "theme", "legal_basis", "operator_type", "modality", "item"):
        for period in ("quarter", "year"):
            for filtered in (False, True):
                args = {"by": by, "period": period}
                if filtered:
                    args |= {"province": "zuid-holland", "operator_type": "coa"}
                label = f"API by={by} period={period}" + (
                    ", province + operator" if filtered else ""
                )
                out.append((label, "/api/v1/trends?" + urlencode(args)))
    csv = {"by": "item", "period": "quarter", "format": "csv"}
    out.append(("API CSV by=item period=quarter", "/api/v1/trends?" + urlencode(csv)))
    return out


@contextmanager
def fresh_database(kind: str, years: int) -> Iterator[str]:
    """A fresh, empty database URL; removed afterwards."""
    if kind == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="inspectie-bench-trends-"))
        try:
            yield f"sqlite:///{workdir / 'bench.sqlite'}"
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return
    from sqlalchemy import create_engine, make_url, text

    server = make_url(os.environ["INSPECTIE_TEST_DATABASE_URL"])
    name = f"bench_trends_{years}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def prepare_national(url: str, locations: int, years: int) -> dict[str, Any]:
    """Schema, a coordinator, the national dataset and a rebuild; returns sizes and times."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from inspectie import create_app
    from inspectie.auth.services import create_user
    from inspectie.demo.data import INSPECTORATE
    from inspectie.extensions import db
    from inspectie.inspections.models import Answer, Inspection
    from inspectie.organisations.services import create_organisation
    from inspectie.trends import catalogue
    from inspectie.trends.queries import theme_titles

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
        organisation = create_organisation(None, INSPECTORATE, "inspectie")
        create_user(None, COORDINATOR, "Coördinator Trends", "coordinator", organisation, PASSWORD)
        db.session.commit()
    arguments = ["--locations", str(locations), "--years", str(years)]
    arguments += ["--seed", str(SEED), "--end-year", str(END_YEAR)]
    start = time.perf_counter()
    result = runner.invoke(args=["bench-data", *arguments])
    bench_s = time.perf_counter() - start
    assert result.exit_code == 0, result.output + repr(result.exception)
    with app.app_context():  # `trends rebuild` expects the app context of `inspectie`
        start = time.perf_counter()
        result = runner.invoke(args=["trends", "rebuild"])
        rebuild_s = time.perf_counter() - start
        assert result.exit_code == 0, result.output + repr(result.exception)
        found = catalogue.load()
        first = min(found.items.values(), key=lambda i: (found.order[i.version_id], i.position))
        sizes = {
            "inspections": db.session.scalar(select(func.count(Inspection.id))),
            "answers": db.session.scalar(select(func.count(Answer.id))),
            "theme": next(iter(theme_titles())),
            # The first item of the oldest checklist version (by trend key: the newer versions
            # go on with it), and the first citation of its legal bases.
            "item": first.group,
            "citation": min(catalogue.citations([first.id]).get(first.id, {""})),
        }
        db.session.remove()
        db.engine.dispose()
    return sizes | {"bench_s": bench_s, "rebuild_s": rebuild_s}


def _measure(url: str, paths: list[tuple[str, str]], repeat: int) -> dict[str, list[float]]:
    env = {
        "INSPECTIE_DATABASE_URL": url,
        "INSPECTIE_SECRET_KEY": SECRET_KEY,
        "INSPECTIE_SECURE_COOKIES": "0",
    }
    samples: dict[str, list[float]] = {}
    with gunicorn(env) as (port, _):
        session = Session(port)
        session.login(COORDINATOR, PASSWORD)
        for label, path in paths:
            status, _ = session.request("GET", path)  # warm-up, and the check
            assert status == 200, f"GET {path} gave {status}"
            samples[label] = []
            for _ in range(repeat):
                start = time.perf_counter()
                session.request("GET", path)
                samples[label].append((time.perf_counter() - start) * 1000)
    return samples


def _cell(samples: list[float] | None) -> str:
    if not samples:
        return "—"
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    mark = " **⚠**" if p95 > TARGET_MS else ""
    return f"{median:.0f} / {p95:.0f}{mark}"


def run() -> str:
    from inspectie.trends.benchdata import MAX_YEARS

    locations, years, databases, repeat = _settings()
    out: list[str] = []
    measured: dict[str, dict[int, dict[str, Any]]] = {kind: {} for kind in databases}
    skipped = [f"{y} years (bench-data allows at most {MAX_YEARS})" for y in years if y > MAX_YEARS]
    # Scale by scale, each on every database, so that a run cut short has comparable columns.
    for n_years in (y for y in years if y <= MAX_YEARS):
        for kind in databases:
            with fresh_database(kind, n_years) as url:
                prepared = prepare_national(url, locations, n_years)
                paths = calls(prepared["theme"], prepared["item"], prepared["citation"])
                prepared["samples"] = _measure(url, paths, repeat)
            measured[kind][n_years] = prepared
            # Progress on stderr, so that a run stopped half-way leaves its numbers behind.
            print(f"# {kind} {n_years} years: {json.dumps(prepared)}", file=sys.stderr, flush=True)
    for kind in databases:
        results = measured[kind]
        if not results:
            out.append(f"### {kind}\n\nNothing run: " + "; ".join(skipped) + "\n")
            continue
        labels = list(next(iter(results.values()))["samples"])
        head = [f"{y} years" for y in years]
        table = [
            f"### {kind}, {locations} locations\n",
            "| | " + " | ".join(head) + " |",
            "|---|" + "---|" * len(years),
        ]

        def row(label: str, fn: Any, results: dict[int, dict[str, Any]] = results) -> str:
            cells = [fn(results[y]) if y in results else "—" for y in years]
            return f"| {label} | " + " | ".join(cells) + " |"

        table.append(row("final inspections", lambda r: f"{r['inspections']:,}"))
        table.append(row("answers", lambda r: f"{r['answers']:,}"))
        table.append(
            row("`inspectie bench-data` (incl. its rebuild)", lambda r: f"{r['bench_s']:.1f} s")
        )
        table.append(row("`inspectie trends rebuild`", lambda r: f"{r['rebuild_s']:.1f} s"))
        table.append(f"| *median / p95 in ms, n={repeat} per call* |" + " |" * len(years))
        for label in labels:
            table.append(row(label, lambda r, label=label: _cell(r["samples"].get(label))))
        if skipped:
            table.append("\nNot run: " + "; ".join(skipped) + ".")
        out.append("\n".join(table) + "\n")
    return "\n".join(out)
