"""On a tablet and a phone the list and the edit form work without sideways scrolling of the
page (a wide table scrolls inside its own box), and the main buttons are big enough to tap."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

VIEWPORTS = {"tablet": (1024, 768), "phone": (390, 844)}
MIN_TARGET = 44  # px, WCAG 2.5.5 / the design's touch target


def _page_fits_horizontally(page: Page) -> None:
    # Measure the page as styled: the text of a new page is there before its stylesheet has
    # loaded, and an unstyled table is as wide as its contents.
    page.wait_for_load_state("load")
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, (
        f"the page scrolls sideways: {scroll_width}px content in a {inner_width}px window"
    )


def _tall_enough(target: Locator, name: str) -> None:
    expect(target).to_be_visible()
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None
    assert box["height"] >= MIN_TARGET, f"{name!r} is {box['height']}px high"
    assert box["width"] >= MIN_TARGET, f"{name!r} is {box['width']}px wide"


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def small_page(page: Page, request: pytest.FixtureRequest) -> Page:
    """The page at a tablet or phone size, logged in as a coordinator."""
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    login(page, "coordinator@demo.example")
    return page


def test_locations_list(small_page: Page) -> None:
    page = small_page
    page.goto("/locaties/")
    table_box = page.locator(".table-wrap")
    expect(table_box).to_be_visible()
    _page_fits_horizontally(page)

    for name in ("Filteren", "Uitloggen"):
        _tall_enough(page.get_by_role("button", name=name), name)
    for name in ("Wissen", "Locatie toevoegen", "CSV importeren"):
        _tall_enough(page.get_by_role("link", name=name, exact=True), name)
    for label in ("Zoeken op naam of gemeente", "Provincie", "Type exploitant"):
        _tall_enough(page.get_by_label(label), label)

    # Filtering and opening a location work at this size too.
    page.get_by_label("Provincie").select_option(label="Zeeland")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".result-count")).to_have_text("2 locaties gevonden")
    _page_fits_horizontally(page)
    page.get_by_role("link", name="azc Scheldeweg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("azc Scheldeweg")
    _page_fits_horizontally(page)


def test_edit_form(small_page: Page, location_id: Callable[[str], int]) -> None:
    page = small_page
    page.goto(f"/locaties/{location_id('azc Scheldeweg')}/bewerken")
    expect(page.get_by_role("heading", level=1)).to_have_text("azc Scheldeweg bewerken")
    _page_fits_horizontally(page)

    _tall_enough(page.get_by_role("button", name="Opslaan"), "Opslaan")
    _tall_enough(page.get_by_role("link", name="Annuleren"), "Annuleren")
    for label in ("Naam", "Exploitant", "Capaciteit (plaatsen)", "Gemeente", "Geopend op"):
        _tall_enough(page.get_by_label(label, exact=True), label)

    # A refused form, with its error summary, still fits.
    page.get_by_label("Capaciteit (plaatsen)").fill("0")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Capaciteit moet minstens 1 zijn.")
    _page_fits_horizontally(page)
