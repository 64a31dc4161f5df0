"""The ``inspectie`` command: Flask's CLI over create_app, plus our own commands."""

import sys

import click
from flask.cli import FlaskGroup

from inspectie import create_app
from inspectie.extensions import db


def main() -> None:
    """Entry point of the ``inspectie`` console script."""
    cli = FlaskGroup(
        create_app=create_app, help="inspectie: toezicht op de kwaliteit van asielopvang."
    )
    cli.main(prog_name="inspectie")


@click.group("users", help="Gebruikers beheren.")
def users_cli() -> None:
    pass


def _read_password() -> str:
    # Never from an argument: it would end up in shell history and the process list.
    if sys.stdin.isatty():
        return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, help="beheerder, coordinator, inspecteur of ketenpartner")
@click.option("--organisation", required=True, help="naam van een bestaande organisatie")
@click.option("--name", default=None, help="volledige naam (standaard: het e-mailadres)")
def create_user_command(email: str, role: str, organisation: str, name: str | None) -> None:
    """Create a user; the password is read from a prompt or from standard input."""
    from inspectie.auth.services import UserError, create_user
    from inspectie.organisations.services import get_by_name

    org = get_by_name(organisation)
    if org is None:
        raise click.ClickException(f"Organisatie {organisation!r} bestaat niet.")
    try:
        user = create_user(None, email, name or email, role, org, _read_password())
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Gebruiker {user.email} ({user.role_label}, {org.name}) aangemaakt.")


@users_cli.command("token")
@click.argument("email")
def token_command(email: str) -> None:
    """Print a new personal API token for EMAIL; only its hash is stored."""
    from inspectie.auth.services import get_user_by_email, issue_token

    user = get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Gebruiker {email!r} bestaat niet.")
    if not user.is_active:
        raise click.ClickException(f"Gebruiker {email!r} is gedeactiveerd.")
    token = issue_token(None, user)
    db.session.commit()
    click.echo(token)


@click.group("organisations", help="Organisaties beheren.")
def organisations_cli() -> None:
    pass


@organisations_cli.command("create")
@click.argument("name")
@click.option("--kind", required=True, help="coa, gemeente, nidos, inspectie of overig")
def create_organisation_command(name: str, kind: str) -> None:
    """Create an organisation (the first one is usually the inspectorate itself)."""
    from inspectie.organisations.services import OrganisationError, create_organisation

    try:
        organisation = create_organisation(None, name, kind)
    except OrganisationError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Organisatie {organisation.name} ({organisation.kind_label}) aangemaakt.")


@click.command("demo", help="Demogegevens laden (idempotent; weigert bij echte gegevens).")
def demo_command() -> None:
    from inspectie.demo import DemoError, load_demo

    try:
        summary = load_demo()
    except (DemoError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(summary)
