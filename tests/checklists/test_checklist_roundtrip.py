"""Property: any valid checklist survives write -> load -> import -> export unchanged."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspectie.checklists.loader import load_bytes
from inspectie.checklists.services import export_version, import_checklist
from inspectie.checklists.spec import (
    DEVIATIONS,
    JUDGMENTS,
    METHODS,
    SEVERITIES,
    VOCABULARIES,
    Applicability,
    Checklist,
    Item,
    LegalBasis,
    Source,
    Theme,
)
from inspectie.checklists.writer import to_yaml
from inspectie.extensions import db

# Printable text without control characters (PostgreSQL refuses NUL) and with single spaces,
# as the loader normalises short texts that way.
_chars = st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn"))
short_text = (
    st.text(_chars, min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)
)
long_text = st.text(_chars, min_size=1, max_size=300).map(str.strip).filter(bool)
optional_text = st.none() | short_text
lower_code = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
upper_code = st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,8}", fullmatch=True)
number = st.from_regex(r"[0-9]{1,3}[a-z]?", fullmatch=True)


def _subset(vocabulary):
    return st.lists(st.sampled_from(list(vocabulary)), unique=True, max_size=3).map(tuple)


applicability = st.builds(
    Applicability, **{key: _subset(vocab) for key, vocab in VOCABULARIES.items()}
)


@st.composite
def checklists(draw):
    sources = draw(
        st.lists(
            st.builds(
                Source,
                id=lower_code,
                title=short_text,
                citation=short_text,
                link=st.none() | st.just("https://wetten.overheid.nl/x"),
                verified=st.booleans(),
                note=optional_text,
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda s: s.id,
        )
    )
    source_ids = [s.id for s in sources]
    basis = st.builds(
        LegalBasis,
        source=st.sampled_from(source_ids),
        article=number,
        lid=st.none() | number,
        onderdeel=st.none() | st.sampled_from("abc"),
        verified=st.booleans(),
        note=optional_text,
    )
    item = st.builds(
        Item,
        code=upper_code,
        title=short_text,
        norm=long_text,
        guidance=long_text,
        legal_basis=st.lists(basis, min_size=1, max_size=3).map(tuple),
        methods=_subset(METHODS),
        applies_to=applicability,
        severity=st.sampled_from(list(SEVERITIES)),
        observation_required_for=_subset(JUDGMENTS).map(
            lambda extra: tuple(j for j in JUDGMENTS if j in DEVIATIONS or j in extra)
        ),
        evidence_required_for=_subset(JUDGMENTS),
        replaces=st.lists(upper_code, max_size=2, unique=True).map(tuple),
        verified=st.booleans(),
        note=optional_text,
    )
    items = draw(st.lists(item, min_size=1, max_size=8, unique_by=lambda i: i.code))
    theme_codes = draw(st.lists(lower_code, min_size=1, max_size=3, unique=True))
    themes = tuple(
        Theme(
            code=code,
            title=draw(short_text),
            items=tuple(items[n :: len(theme_codes)]),
            description=draw(optional_text),
        )
        for n, code in enumerate(theme_codes)
        if items[n :: len(theme_codes)]
    )
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
    end = draw(st.none() | st.integers(0, 3000).map(lambda d: start + timedelta(days=d)))
    return Checklist(
        id=draw(lower_code),
        version=draw(st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,2})?", fullmatch=True)),
        title=draw(short_text),
        valid_from=start,
        valid_to=end,
        description=draw(optional_text),
        sources=tuple(sources),
        themes=themes,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(checklist=checklists())
def test_any_valid_checklist_survives_load_import_export(app, checklist):
    loaded = load_bytes(to_yaml(checklist).encode(), "generated.yaml")
    assert loaded == checklist
    assert loaded.content_hash() == checklist.content_hash()
    outcome = import_checklist(None, loaded)
    try:
        assert export_version(outcome.version) == checklist
    finally:
        db.session.rollback()  # nothing was committed; the next example starts clean
