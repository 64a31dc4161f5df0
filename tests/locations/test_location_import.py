"""The CSV import: the whole file is checked, one bad row imports nothing."""

import pytest
from sqlalchemy import func, select

from inspectie.extensions import db
from inspectie.locations.importer import import_csv
from inspectie.locations.models import Location

HEADER = "naam,exploitant,type_exploitant,modaliteit,capaciteit,gemeente,provincie,amv,status"


@pytest.fixture
def operators(make_org):
    return make_org("COA", "coa"), make_org("Gemeente Zwolle", "gemeente")


def _count():
    return db.session.scalar(select(func.count(Location.id)))


def _csv(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode()


def test_a_good_file_imports_every_row(operators):
    result = import_csv(
        None,
        _csv(
            "azc Een,COA,coa,azc,400,Assen,drenthe,nee,open",
            "KSO Twee,Gemeente Zwolle,vge,kso,150,Zwolle,Overijssel,ja,",
        ),
    )
    assert result.errors == []
    assert [loc.name for loc in result.created] == ["azc Een", "KSO Twee"]
    assert result.created[1].has_amv and result.created[1].province == "overijssel"


def test_semicolons_labels_and_a_bom_are_accepted(operators):
    content = (
        "\ufeff" + HEADER.replace(",", ";") + "\nazc Drie;coa;COA;Asielzoekerscentrum (azc);"
        "200;Leeuwarden;Fryslân;nee;Open\n"
    )
    result = import_csv(None, content.encode())
    assert result.errors == [] and result.created[0].province == "fryslan"


def test_every_bad_row_is_listed_by_line_and_column_and_nothing_is_imported(operators):
    result = import_csv(
        None,
        _csv(
            "azc Goed,COA,coa,azc,400,Assen,drenthe,nee,open",
            "KSO Te Groot,Gemeente Zwolle,vge,kso,151,Zwolle,overijssel,nee,open",
            "azc Onbekend,Bestaat Niet,coa,hotel,veel,Assen,brabant,misschien,open",
            ",COA,coa,azc,10,Assen,drenthe,nee,gesloten",
        ),
    )
    assert result.created == []
    assert _count() == 0
    messages = [str(e) for e in result.errors]
    assert any(
        m.startswith("regel 3, kolom capaciteit:") and "hoogstens 150" in m for m in messages
    )
    found = {(e.line, e.column) for e in result.errors}
    assert {
        (4, "exploitant"),
        (4, "modaliteit"),
        (4, "capaciteit"),
        (4, "provincie"),
        (4, "amv"),
        (5, "naam"),
    } <= found
    assert (2, "naam") not in found


def test_duplicates_within_the_file_and_with_the_database_are_refused(operators, make_location):
    make_location(operators[0], name="azc Bestaand", municipality="Assen")
    result = import_csv(
        None,
        _csv(
            "azc Nieuw,COA,coa,azc,400,Assen,drenthe,nee,open",
            "azc nieuw,COA,coa,azc,400,assen,drenthe,nee,open",
            "AZC BESTAAND,COA,coa,azc,400,Assen,drenthe,nee,open",
        ),
    )
    assert _count() == 1
    assert [(e.line, e.column) for e in result.errors] == [(3, "naam"), (4, "naam")]
    assert "staat al op regel 2" in result.errors[0].message
    assert "bestaat al" in result.errors[1].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "ontbrekende kolommen"),
        (b"naam,plaats\nx,y\n", "ontbrekende kolommen"),
        (_csv(header=HEADER + ",kleur"), "onbekende kolommen: kleur"),
        ("naam,exploitant\nCafé\n".encode("latin-1"), "geen UTF-8"),
        (b"x" * (2 * 1024 * 1024 + 1), "groter dan 2 MB"),
        (_csv(), "geen locaties"),
        (_csv("azc A,COA,coa,azc,400,Assen,drenthe,nee,open,extra"), "meer velden dan kolommen"),
    ],
)
def test_malformed_files_get_a_clear_message(operators, content, message):
    result = import_csv(None, content)
    assert result.created == []
    assert any(message in str(e) for e in result.errors), [str(e) for e in result.errors]
