"""``inspectie report``: write a report's PDF to a file, as the download would give it."""

from pathlib import Path

import click

from inspectie.db import today
from inspectie.extensions import db
from inspectie.inspections.evidence import write_atomically
from inspectie.inspections.models import Inspection
from inspectie.plans.models import ImprovementPlan
from inspectie.reports.collect import plan_report
from inspectie.reports.pdf import inspection_pdf, plan_pdf
from inspectie.reports.snapshot import report_data


@click.command("report")
@click.argument("inspection_id", type=int, required=False)
@click.option("--plan", "plan_id", type=int, help="het verbeterplan in plaats van een inspectie")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="het PDF-bestand dat geschreven wordt",
)
def report_command(inspection_id: int | None, plan_id: int | None, output: Path) -> None:
    """Write the PDF report of INSPECTION_ID (or of the plan given with --plan) to a file."""
    if inspection_id is None and plan_id is None:
        raise click.UsageError("Geef een inspectienummer of --plan PLANNUMMER.")
    if inspection_id is not None and plan_id is not None:
        raise click.UsageError("Geef een inspectienummer of --plan PLANNUMMER, niet allebei.")
    if not output.parent.is_dir():
        raise click.BadParameter(f"map {str(output.parent)!r} bestaat niet", param_hint="-o")
    if plan_id is not None:
        plan = db.session.get(ImprovementPlan, plan_id)
        if plan is None:
            raise click.ClickException(f"Verbeterplan {plan_id} bestaat niet.")
        content = plan_pdf(plan_report(plan, today()))
    else:
        inspection = db.session.get(Inspection, inspection_id)
        if inspection is None:
            raise click.ClickException(f"Inspectie {inspection_id} bestaat niet.")
        content = inspection_pdf(report_data(inspection))
    write_atomically(output, content)
    click.echo(f"{output} geschreven ({len(content):,} bytes).".replace(",", "."))
