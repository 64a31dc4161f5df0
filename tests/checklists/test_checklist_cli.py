"""`inspectie checklists validate | import | export | diff`."""

from sqlalchemy import func, select

from inspectie.checklists.models import ChecklistVersion
from inspectie.extensions import db


def test_validate_passes_good_files_and_fails_bad_ones_with_positions(app, checklist_dir):
    runner = app.test_cli_runner()
    good = runner.invoke(args=["checklists", "validate", str(checklist_dir)])
    assert good.exit_code == 0, good.output
    assert "proef@1.0 in orde (2 thema's, 4 toetspunten)" in good.output

    bad_file = checklist_dir / "kapot.yaml"
    bad_file.write_text('id: proef\nversion: "9"\nkleur: rood\n', encoding="utf-8")
    bad = runner.invoke(args=["checklists", "validate", str(bad_file)])
    assert bad.exit_code == 1
    assert f"{bad_file}:3:1: onbekende sleutel 'kleur'" in bad.output
    assert f"{bad_file}:1:1: het normenkader mist de verplichte sleutel 'title'" in bad.output


def test_import_defaults_to_the_configured_folder_and_is_idempotent(app, checklist_dir):
    app.config["CHECKLISTS_DIR"] = str(checklist_dir)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["checklists", "import"])
    assert first.exit_code == 0, first.output
    assert "proef@1.0: geïmporteerd" in first.output
    again = runner.invoke(args=["checklists", "import"])
    assert "proef@2.0: al aanwezig, ongewijzigd" in again.output
    assert db.session.scalar(select(func.count(ChecklistVersion.id))) == 2


def test_import_refuses_changed_content_under_the_same_version(app, checklist_dir):
    runner = app.test_cli_runner()
    runner.invoke(args=["checklists", "import", str(checklist_dir)])
    path = checklist_dir / "proef-2.yaml"
    path.write_text(path.read_text().replace("ook mondeling", "ook schriftelijk"))
    result = runner.invoke(args=["checklists", "import", str(checklist_dir)])
    assert result.exit_code != 0
    assert "proef@2.0 is al geïmporteerd met andere inhoud" in result.output


def test_import_of_a_bad_set_imports_nothing(app, checklist_dir):
    (checklist_dir / "kapot.yaml").write_text("id: [\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["checklists", "import", str(checklist_dir)])
    assert result.exit_code != 0 and "kapot.yaml:" in result.output
    assert db.session.scalar(select(func.count(ChecklistVersion.id))) == 0


def test_diff_and_export(app, checklist_dir):
    runner = app.test_cli_runner()
    runner.invoke(args=["checklists", "import", str(checklist_dir)])
    result = runner.invoke(args=["checklists", "diff", "proef@1.0", "proef@2.0"])
    assert result.exit_code == 0, result.output
    assert "1 toegevoegd, 1 vervallen" in result.output
    assert "INF-02 → INF-03" in result.output
    assert "~ AMV-01  Veiligheidstaxatie: wettelijke grondslag gewijzigd" in result.output
    missing = runner.invoke(args=["checklists", "diff", "proef@1.0", "proef@7"])
    assert missing.exit_code != 0 and "'proef@7' is geen geïmporteerde versie" in missing.output
    exported = runner.invoke(args=["checklists", "export", "proef@2.0"])
    assert exported.exit_code == 0 and "code: AMV-03" in exported.output
