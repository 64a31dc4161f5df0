"""Checklists: load and validate the shipped files, import them, diff and applicability."""

from benchmarks.harness import scaled, scratch_dir, summary, timed
from inspectie.config import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "checklists"
MANY, FEW = scaled(20, 2), scaled(10, 1)  # repeats of the quick and the slower steps


def run() -> str:
    from flask_migrate import upgrade

    from inspectie import create_app
    from inspectie.checklists.diff import diff
    from inspectie.checklists.loader import load_paths
    from inspectie.checklists.services import (
        applicable_items,
        export_version,
        import_from_paths,
    )
    from inspectie.checklists.spec import LocationProfile
    from inspectie.extensions import db

    checklists, errors = load_paths([FOLDER])
    assert not errors, errors
    items = sum(len(c.items) for c in checklists)
    rows = [
        (
            f"Load and validate all shipped files ({len(checklists)} versions, {items} items)",
            summary(timed(lambda: load_paths([FOLDER]), repeat=MANY)),
        ),
    ]
    workdir = scratch_dir("inspectie-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'c.sqlite'}", "DEMO": True})
    with app.app_context():
        upgrade()
        import_ms = timed(lambda: (import_from_paths(None, [FOLDER]), db.session.commit()))[0]
        rows.append(("Import both versions into an empty SQLite database", f"{import_ms:.0f} ms"))
        reimport = timed(lambda: import_from_paths(None, [FOLDER]), repeat=FEW)
        rows.append(("Import again (same content: nothing changes)", summary(reimport)))
        outcomes = import_from_paths(None, [FOLDER])
        old, new = (o.version for o in outcomes[:2])
        rows.append(
            (
                "Export one version from the database",
                summary(timed(lambda: export_version(new), repeat=FEW)),
            )
        )
        rows.append(
            (
                "Diff of the two versions (export both + compare)",
                summary(timed(lambda: diff(export_version(old), export_version(new)), repeat=FEW)),
            )
        )
        profile = LocationProfile("vge", "kso", frozenset({"families", "minors"}))
        rows.append(
            (
                "Applicable items for one location",
                summary(timed(lambda: applicable_items(new, profile), repeat=MANY)),
            )
        )
    table = ["| measurement | result |", "|---|---|"]
    table += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(table)
