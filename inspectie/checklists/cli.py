"""`inspectie checklists validate | import | diff`."""

from pathlib import Path

import click
from flask import current_app

from inspectie.extensions import db


@click.group("checklists", help="Normenkaders valideren, importeren en vergelijken.")
def checklists_cli() -> None:
    pass


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [Path(current_app.config["CHECKLISTS_DIR"])]


@checklists_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check checklist files (default: the checklists folder); exit 1 on any error."""
    from inspectie.checklists.loader import load_paths

    checklists, errors = load_paths(_paths(paths))
    for error in errors:
        click.echo(str(error), err=True)
    if errors:
        raise click.exceptions.Exit(1)
    for checklist in checklists:
        click.echo(
            f"{checklist.path}: {checklist.key} in orde "
            f"({len(checklist.themes)} thema's, {len(checklist.items)} toetspunten)"
        )


@checklists_cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def import_command(paths: tuple[Path, ...]) -> None:
    """Validate every file, then import them all, or nothing if any one is wrong."""
    from inspectie.checklists.services import import_from_paths

    try:
        outcomes = import_from_paths(None, _paths(paths))
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for outcome in outcomes:
        state = "geïmporteerd" if outcome.created else "al aanwezig, ongewijzigd"
        click.echo(f"{outcome.version.key}: {state}")


@checklists_cli.command("export")
@click.argument("key")
def export_command(key: str) -> None:
    """Print an imported version (ID@VERSION) in the file format."""
    from inspectie.checklists.services import export_version, find_version
    from inspectie.checklists.writer import to_yaml

    code, _, version = key.partition("@")
    found = find_version(code, version) if version else None
    if found is None:
        raise click.ClickException(f"{key!r} is geen geïmporteerde versie (ID@VERSIE).")
    click.echo(to_yaml(export_version(found)), nl=False)


@checklists_cli.command("diff")
@click.argument("old")
@click.argument("new")
def diff_command(old: str, new: str) -> None:
    """Show what changed between two imported versions, given as ID@VERSION."""
    from inspectie.checklists.diff import as_text, diff
    from inspectie.checklists.services import export_version, find_version

    versions = []
    for key in (old, new):
        code, _, version = key.partition("@")
        found = find_version(code, version) if version else None
        if found is None:
            raise click.ClickException(
                f"{key!r} is geen geïmporteerde versie; schrijf ID@VERSIE, bijv. "
                f"kwaliteit-asielopvang@2024.1."
            )
        versions.append(export_version(found))
    click.echo(as_text(diff(versions[0], versions[1])), nl=False)
