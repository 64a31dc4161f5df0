"""inspectie: supervision of the quality of asylum reception."""

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from inspectie import config as settings
from inspectie.db import MAX_ID


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, security, errors, commands."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(settings.defaults(app.instance_path))
    explicit = settings.from_environment()
    explicit.update(test_config or {})
    app.config.from_mapping(explicit)
    settings.check(app.config, debug=app.debug, explicit=set(explicit))

    from inspectie import (
        errors,
        models,  # noqa: F401  (registers every table for Alembic and create_all)
        security,
        templating,
    )
    from inspectie.auth import login
    from inspectie.extensions import csrf, db, migrate
    from inspectie.reports import snapshot
    from inspectie.trends import summary as trends_summary

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(settings.PROJECT_ROOT / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    login.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    register_blueprints(app)
    register_commands(app)
    snapshot.init_app()
    trends_summary.init_app()
    return app


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: ids beyond PostgreSQL's integer range are not found (404)
    instead of reaching the database as an out-of-range value (a 500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    from inspectie.admin.views import bp as admin_bp
    from inspectie.auth.views import bp as auth_bp
    from inspectie.checklists.api import bp as checklists_api_bp
    from inspectie.checklists.views import bp as checklists_bp
    from inspectie.findings.api import bp as findings_api_bp
    from inspectie.findings.views import bp as findings_bp
    from inspectie.inspections.api import bp as inspections_api_bp
    from inspectie.inspections.evidence_views import bp as evidence_bp
    from inspectie.inspections.views import bp as inspections_bp
    from inspectie.locations.api import bp as locations_api_bp
    from inspectie.locations.views import bp as locations_bp
    from inspectie.main.views import bp as main_bp
    from inspectie.plans.api import bp as plans_api_bp
    from inspectie.plans.views import bp as plans_bp
    from inspectie.reports.views import bp as reports_bp
    from inspectie.supervision.views import bp as supervision_bp
    from inspectie.trends.api import bp as trends_api_bp
    from inspectie.trends.views import bp as trends_bp

    for blueprint in (
        main_bp,
        auth_bp,
        admin_bp,
        locations_bp,
        locations_api_bp,
        checklists_bp,
        checklists_api_bp,
        inspections_api_bp,
        inspections_bp,
        evidence_bp,
        findings_bp,
        findings_api_bp,
        plans_bp,
        plans_api_bp,
        supervision_bp,
        reports_bp,
        trends_api_bp,
        trends_bp,
    ):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    from inspectie.checklists.cli import checklists_cli
    from inspectie.cli import demo_command, organisations_cli, users_cli
    from inspectie.reports.cli import report_command
    from inspectie.trends.benchdata import bench_data_command
    from inspectie.trends.cli import trends_cli

    for command in (
        users_cli,
        organisations_cli,
        checklists_cli,
        demo_command,
        report_command,
        trends_cli,
        bench_data_command,
    ):
        app.cli.add_command(command)
