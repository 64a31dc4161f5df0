"""The keyboard alone, on a tablet: an inspection judged and submitted without a mouse, focus
that shows where it is, and what an item still misses tied to the controls it concerns.

Every test that changes data works on an inspection of its own at a location no other test
uses, planned through the services.
"""

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.conftest import NAMES, PASSWORD, BrowserErrors, login
from tests.e2e.theme_page import (
    LEAD,
    SAVED,
    TABLET,
    NewInspection,
    heading,
    inspection_planner,
    item,
    save_state,
    saving,
    theme_link,
)

pytestmark = pytest.mark.e2e

LOCATION = "azc Heuvelland"  # no demo inspection and no other test comes here
THEMES = ("informatie", "activiteiten")
MAX_STOPS = 80  # Tab presses allowed to reach a control: more means it is lost in the page


# Every pointer event a page sees is counted in its tab's sessionStorage, which outlives the
# navigations of a journey: a keyboard-only journey must end with none.
COUNT_POINTER = """
for (const type of ["pointerdown", "mousedown", "touchstart"]) {
  window.addEventListener(type, () => {
    const seen = Number(sessionStorage.getItem("pointer-events") || 0);
    sessionStorage.setItem("pointer-events", String(seen + 1));
  }, true);
}
"""


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Every browser context of this file is a tablet."""
    return {**browser_context_args, "viewport": TABLET}


@pytest.fixture(scope="session")
def new_inspection(live_app: Flask) -> NewInspection:
    """Plan (and by default start) an inspection of a test's own at this file's location."""
    return inspection_planner(live_app, LOCATION, date(2026, 12, 16), THEMES)


# --- helpers -----------------------------------------------------------------------------------


def has_focus(target: Locator) -> bool:
    return bool(target.evaluate("e => e === document.activeElement"))


def press_until(page: Page, target: Locator, key: str = "Tab") -> list[str]:
    """Press ``key`` until ``target`` has the focus; fails if it never gets it. Every control
    passed on the way must show that it has the focus (``:focus-visible``). Returns them."""
    passed = []
    for _ in range(MAX_STOPS):
        page.keyboard.press(key)
        stop = page.evaluate(
            """() => {
              const e = document.activeElement;
              const name = (e.getAttribute("aria-label") || e.textContent || e.name || "").trim();
              return {
                what: `${e.tagName.toLowerCase()} ${name.slice(0, 40)}`,
                visible: e.matches(":focus-visible"),
              };
            }"""
        )
        assert stop["visible"], f"focus on {stop['what']!r} does not show"
        passed.append(stop["what"])
        if has_focus(target):
            return passed
    pytest.fail(f"{key} never reached {target}; it passed: {passed}")


def radio(page: Page, code: str, judgment: str) -> Locator:
    return item(page, code).get_by_role("radio", name=judgment, exact=True)


def judgments(page: Page, code: str) -> Locator:
    return item(page, code).get_by_role("radiogroup")


def observation(page: Page, code: str) -> Locator:
    return item(page, code).get_by_label("Waarneming")


def reason(page: Page, code: str) -> Locator:
    return item(page, code).get_by_label("Reden")


def saved_by_key(page: Page, code: str, key: str) -> dict[str, Any]:
    """Press ``key`` (a judgment chosen by Space or an arrow key); returns the stored answer."""
    with saving(page, code) as saved:
        page.keyboard.press(key)
    assert saved.value.status == 200, saved.value.text()
    expect(save_state(page, code)).to_have_text(SAVED)
    answer: dict[str, Any] = saved.value.json()
    return answer


def typed(page: Page, code: str, text: str) -> None:
    """Type into the focused text of an item and wait until autosave confirms it."""
    with saving(page, code):
        page.keyboard.type(text)
    expect(save_state(page, code)).to_have_text(SAVED)


def valid(control: Locator) -> None:
    """Nothing missing is said about ``control``."""
    expect(control).not_to_have_attribute("aria-invalid", "true")
    expect(control).to_have_accessible_description("")


def invalid(control: Locator, problem: str) -> None:
    """``control`` is marked invalid and its description says what is missing."""
    expect(control).to_have_attribute("aria-invalid", "true")
    expect(control).to_have_accessible_description(re.compile(re.escape(problem)))


def described_only(control: Locator, problem: str) -> None:
    """``control`` is not at fault, but says what its item misses."""
    expect(control).not_to_have_attribute("aria-invalid", "true")
    expect(control).to_have_accessible_description(re.compile(re.escape(problem)))


def judge_every_item_with_space(page: Page) -> None:
    """Tab to each item's judgments in turn and choose the first, "Voldoet", with Space."""
    codes = page.locator("fieldset.answer-item").evaluate_all("i => i.map(e => e.dataset.item)")
    for code in codes:
        press_until(page, radio(page, code, "Voldoet"))
        assert saved_by_key(page, code, "Space")["judgment"] == "voldoet"
        expect(judgments(page, code)).not_to_have_attribute("aria-invalid", "true")


@pytest.fixture
def no_pointer(page: Page) -> Iterator[Callable[[Page], None]]:
    """Count pointer events on every document the page loads; the returned check asserts none."""
    page.add_init_script(COUNT_POINTER)

    def check(page: Page) -> None:
        count = page.evaluate("sessionStorage.getItem('pointer-events')")
        assert count is None, f"{count} pointer event(s): the journey used more than the keyboard"

    yield check


# --- the journey -------------------------------------------------------------------------------


def test_judge_and_submit_an_inspection_with_the_keyboard_alone(
    page: Page, new_inspection: NewInspection, no_pointer: Callable[[Page], None]
) -> None:
    inspection_id = new_inspection()

    # Log in: the form puts the focus on the address at once.
    page.goto("/inloggen")
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    page.keyboard.type(LEAD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(f"Welkom, {NAMES[LEAD]}")

    # The inspection, by its address; its first theme through the theme list.
    page.goto(f"/inspecties/{inspection_id}")
    press_until(page, theme_link(page, "Informatie bij aankomst"))
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Informatie bij aankomst")

    # On the theme page too the skip link comes first and passes the menus: the next stop is
    # the breadcrumb, the first link of the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Inspecties")).to_be_focused()

    # INF-01: the rules behind the item open with Enter; then the judgments, which say that
    # none is chosen yet.
    guidance = item(page, "INF-01").locator("details.guidance")
    press_until(page, guidance.locator("summary"))
    page.keyboard.press("Enter")
    expect(guidance).to_have_attribute("open", "")
    invalid(judgments(page, "INF-01"), "Nog geen oordeel.")
    described_only(observation(page, "INF-01"), "Nog geen oordeel.")
    page.keyboard.press("Tab")
    expect(radio(page, "INF-01", "Voldoet")).to_be_focused()
    assert saved_by_key(page, "INF-01", "Space")["judgment"] == "voldoet"
    expect(radio(page, "INF-01", "Voldoet")).to_be_checked()
    valid(judgments(page, "INF-01"))
    valid(observation(page, "INF-01"))

    # The arrow key moves to "Voldoet deels" and chooses it: now an observation is missing,
    # and the observation says so.
    deviation = saved_by_key(page, "INF-01", "ArrowRight")
    missing = "Bij 'voldoet deels' hoort een waarneming: beschrijf wat u zag."
    assert deviation["judgment"] == "voldoet_deels"
    assert deviation["problems"] == [missing]
    expect(radio(page, "INF-01", "Voldoet deels")).to_be_focused()
    expect(radio(page, "INF-01", "Voldoet deels")).to_be_checked()
    invalid(observation(page, "INF-01"), missing)
    described_only(judgments(page, "INF-01"), missing)
    described_only(reason(page, "INF-01"), missing)  # only what the problem is about

    # Tab leaves the group for the observation; typing it is saved, and nothing is missing.
    page.keyboard.press("Tab")
    expect(observation(page, "INF-01")).to_be_focused()
    typed(page, "INF-01", "De huisregels lagen alleen in het Nederlands klaar.")
    expect(item(page, "INF-01").locator("[data-problems] li")).to_have_count(0)
    valid(observation(page, "INF-01"))
    valid(reason(page, "INF-01"))
    valid(judgments(page, "INF-01"))
    # Shift+Tab goes back into the group, onto the judgment chosen.
    page.keyboard.press("Shift+Tab")
    expect(radio(page, "INF-01", "Voldoet deels")).to_be_focused()

    # INF-02: Space.
    press_until(page, radio(page, "INF-02", "Voldoet"))
    saved_by_key(page, "INF-02", "Space")

    # INF-03: the arrow key to the left wraps to the last judgment, which asks for a reason.
    press_until(page, radio(page, "INF-03", "Voldoet"))
    not_judged = saved_by_key(page, "INF-03", "ArrowLeft")
    assert not_judged["judgment"] == "niet_beoordeeld"
    expect(radio(page, "INF-03", "Niet beoordeeld")).to_be_checked()
    invalid(reason(page, "INF-03"), "Bij 'niet beoordeeld' hoort een reden.")
    described_only(observation(page, "INF-03"), "Bij 'niet beoordeeld' hoort een reden.")
    press_until(page, reason(page, "INF-03"))
    typed(page, "INF-03", "Er zijn deze maand geen nieuwe bewoners gekomen.")
    valid(reason(page, "INF-03"))

    # INF-04: Space; the theme is complete.
    press_until(page, radio(page, "INF-04", "Voldoet"))
    saved_by_key(page, "INF-04", "Space")
    expect(page.locator("p.muted [data-theme-count]")).to_have_text("4/4")
    expect(theme_link(page, "Informatie bij aankomst")).to_contain_text("4/4")

    # Back up to the theme list, and on to the next theme.
    press_until(page, theme_link(page, "Activiteiten en ontwikkeling"), key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Activiteiten en ontwikkeling")
    judge_every_item_with_space(page)
    expect(page.locator("p.muted [data-theme-count]")).to_have_text("4/4")

    # To the inspection through the breadcrumb, and submit it: the lead may.
    press_until(page, page.get_by_role("main").get_by_role("link", name=LOCATION), "Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Voortgang: 8 van 8 toetspunten compleet"
    )
    press_until(page, page.get_by_role("button", name="Indienen ter review"))
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_have_text("De inspectie staat ter review.")
    expect(page.locator(".page-head .status")).to_have_text("Ter review")

    # What was typed is what was stored.
    stored = {
        a["item_code"]: a
        for a in page.request.get(f"/api/v1/inspections/{inspection_id}").json()["answers"]
    }
    assert stored["INF-01"]["observation"] == "De huisregels lagen alleen in het Nederlands klaar."
    assert stored["INF-03"]["reason"] == "Er zijn deze maand geen nieuwe bewoners gekomen."
    no_pointer(page)


# --- visible focus -----------------------------------------------------------------------------

FOCUS_STYLE = """e => {
  const s = getComputedStyle(e);
  // The colour the indicator is seen against: the first ancestor with a background.
  let bg = "rgb(255, 255, 255)";
  for (let p = e.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor;
    if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
  }
  return {
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
    outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: bg,
  };
}"""


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_shows(page: Page, control: Locator, name: str) -> None:
    """Reached with the keyboard, ``control`` gets an indicator it lacks without focus: an
    outline of at least 2px in a colour of 3:1 against what surrounds it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    before = control.evaluate(FOCUS_STYLE)
    press_until(page, control)
    after = control.evaluate(FOCUS_STYLE)
    assert before["outlineStyle"] == "none" or before["outlineWidth"] == 0, (name, before)
    assert after["outlineStyle"] != "none" and after["outlineWidth"] >= 2, (name, after)
    assert (after["outlineColor"], after["boxShadow"]) != (
        before["outlineColor"],
        before["boxShadow"],
    )
    ratio = contrast(after["outlineColor"], after["background"])
    assert ratio >= 3, f"{name}: focus outline {after['outlineColor']} on {after['background']}"


def test_focus_is_visible_on_links_buttons_and_fields(page: Page) -> None:
    login(page, LEAD)
    page.goto("/locaties/")
    # In the order of the page, each reached with Tab from the one before.
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    focus_shows(page, page.get_by_role("link", name="Naar de inhoud"), "skip link")
    focus_shows(page, page.get_by_role("button", name="Uitloggen"), "button on the header's blue")
    focus_shows(page, menu.get_by_role("link", name="Locaties"), "menu link")
    focus_shows(page, page.get_by_label("Zoeken op naam of gemeente"), "text input")
    focus_shows(page, page.get_by_label("Provincie"), "select")
    focus_shows(page, page.get_by_role("button", name="Filteren"), "button")

    # A judgment on a theme page (the demo's inspection in progress; focus changes nothing).
    page.goto("/inspecties/?mine=0&status=in_uitvoering")
    page.get_by_role("link", name="azc Hunzedal", exact=True).click()
    theme_link(page, "Huisvesting en privacy").click()
    first = page.locator("fieldset.answer-item").first
    chosen = first.locator('input[type="radio"]:checked')  # Tab lands on it, if there is one
    choice = chosen if chosen.count() else first.get_by_role("radio", name="Voldoet", exact=True)
    focus_shows(page, choice, "radio")
    focus_shows(page, first.get_by_label("Waarneming"), "textarea")


def test_the_skip_link_is_the_first_stop_and_shows_itself(page: Page) -> None:
    login(page, LEAD)
    page.goto("/locaties/")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).not_to_be_in_viewport()  # out of sight until it is needed
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The menus are passed: the next stop is the first field of the list's filter.
    expect(page.get_by_label("Zoeken op naam of gemeente")).to_be_focused()


# --- what is missing, tied to its controls without JavaScript ------------------------------------


def test_per_theme_form_ties_what_is_missing_to_its_controls(
    new_context: Callable[..., BrowserContext], new_inspection: NewInspection
) -> None:
    inspection_id = new_inspection(themes=("informatie",))
    page = new_context(java_script_enabled=False).new_page()
    errors = BrowserErrors(page)
    login(page, LEAD)
    page.goto(f"/inspecties/{inspection_id}/thema/informatie")

    # Nothing judged yet: the judgments are at fault, the texts only say what their item misses.
    for code in ("INF-01", "INF-02", "INF-03", "INF-04"):
        invalid(judgments(page, code), "Nog geen oordeel.")
        described_only(observation(page, code), "Nog geen oordeel.")
        described_only(reason(page, code), "Nog geen oordeel.")

    radio(page, "INF-01", "Voldoet niet").check()
    radio(page, "INF-02", "Niet van toepassing").check()
    radio(page, "INF-03", "Voldoet").check()
    page.get_by_role("button", name="Alles in dit thema opslaan").click()
    expect(page.locator(".flash")).to_have_text("Opgeslagen.")

    missing = "Bij 'voldoet niet' hoort een waarneming: beschrijf wat u zag."
    expect(item(page, "INF-01").locator("[data-problems] li")).to_have_text([missing])
    invalid(observation(page, "INF-01"), missing)
    described_only(judgments(page, "INF-01"), missing)
    described_only(reason(page, "INF-01"), missing)
    invalid(reason(page, "INF-02"), "Bij 'niet van toepassing' hoort een reden.")
    described_only(observation(page, "INF-02"), "Bij 'niet van toepassing' hoort een reden.")
    for control in (judgments(page, "INF-03"), observation(page, "INF-03"), reason(page, "INF-03")):
        valid(control)
    invalid(judgments(page, "INF-04"), "Nog geen oordeel.")

    assert errors.messages == []
