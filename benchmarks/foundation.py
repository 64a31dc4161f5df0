"""Foundation: fresh-install migrations, demo load, screens and API with 1,000 locations,
log-in cost, and the memory of a warm gunicorn worker."""

import random

from benchmarks.harness import Session, gunicorn, rss_mb, scaled, scratch_dir, summary, timed

LOCATIONS = scaled(1000, 10)
REQUESTS = scaled(200, 3)


def _seed(database_url: str) -> None:
    from flask_migrate import upgrade

    from inspectie import create_app
    from inspectie.demo import load_demo
    from inspectie.extensions import db
    from inspectie.locations.services import LocationData, create_location
    from inspectie.organisations.services import get_by_name
    from inspectie.vocab import PROVINCES

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "DEMO": True})
    with app.app_context():
        migrate_ms = timed(upgrade)[0]
        demo_ms = timed(lambda: (load_demo(), db.session.commit()))[0]
        coa = get_by_name("COA")
        rng = random.Random(7)
        provinces = list(PROVINCES)
        for n in range(LOCATIONS):
            create_location(
                None,
                LocationData(
                    name=f"azc Bench {n:04d}",
                    operator_id=coa.id,
                    operator_type="coa",
                    modality="azc",
                    capacity=rng.randint(50, 900),
                    municipality="Assen",
                    province=rng.choice(provinces),
                ),
            )
        db.session.commit()
    return migrate_ms, demo_ms


def run() -> str:
    from inspectie.demo.data import DEMO_PASSWORD

    workdir = scratch_dir("inspectie-bench-")
    url = f"sqlite:///{workdir / 'bench.sqlite'}"
    migrate_ms, demo_ms = _seed(url)
    env = {
        "INSPECTIE_DATABASE_URL": url,
        "INSPECTIE_SECRET_KEY": "b" * 40,
        "INSPECTIE_SECURE_COOKIES": "0",
    }
    rows = [
        ("Migrations, empty SQLite database to head", f"{migrate_ms:.0f} ms"),
        ("Demo data (organisations, 7 users, 33 locations)", f"{demo_ms:.0f} ms"),
    ]
    with gunicorn(env) as (port, workers):
        session = Session(port)
        session.login("coordinator@demo.example", DEMO_PASSWORD)  # warm up the worker
        login_ms = timed(
            lambda: Session(port).login("inspecteur@demo.example", DEMO_PASSWORD), repeat=20
        )
        paths = {
            "Locations list, page 1 of 1,033": "/locaties/",
            "Locations list, filtered": "/locaties/?province=utrecht&operator_type=coa",
            "Location detail with history": "/locaties/500",
            "API list, 100 per page": "/api/v1/locations?per_page=100",
            "API one location": "/api/v1/locations/500",
        }
        for label, path in paths.items():
            samples = timed(lambda p=path: session.request("GET", p), repeat=REQUESTS)
            rows.append((f"{label} (`GET {path}`)", summary(samples)))
        rows.append(("Log-in: GET form + POST (Argon2id, 19 MiB, t=2, p=1)", summary(login_ms)))
        rows.append(("Memory of the warm gunicorn worker (RSS)", f"{rss_mb(workers[0]):.0f} MB"))
    table = ["| measurement | result |", "|---|---|"]
    table += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(table)
