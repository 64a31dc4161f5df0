"""`inspectie trends rebuild`."""

import time

import click

from inspectie.extensions import db


@click.group("trends", help="De samenvatting voor de trends (tekortkomingen per regio).")
def trends_cli() -> None:
    pass


@trends_cli.command("rebuild")
def rebuild_command() -> None:
    """Recount the trend summary from the answers of every final inspection."""
    from inspectie.trends.summary import rebuild

    started = time.perf_counter()
    try:
        written = rebuild()
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    click.echo(
        f"Trendsamenvatting opnieuw opgebouwd: {written} rijen in "
        f"{time.perf_counter() - started:.1f} s."
    )
