"""The app shell every page shares: landmarks, the practices, themes, htmx."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tending.today.practices import PRACTICES

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "tending" / "static" / "tending" / "tending.css"
THE_EIGHT = [
    "Pulse",
    "Share",
    "Listen",
    "Appreciate",
    "Unplug",
    "Balance",
    "Fun list",
    "Traditions",
]


class Shell(HTMLParser):
    """The parts of a page a screen reader announces as landmarks and links."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.navs: dict[str, list[tuple[str, str]]] = {}
        self._nav: str | None = None
        self._link: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "nav":
            self._nav = attributes.get("aria-label") or ""
            self.navs[self._nav] = []
        elif tag == "a" and self._nav is not None:
            self._link, self._text = attributes.get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None and self._nav is not None:
            name = " ".join("".join(self._text).split())
            self.navs[self._nav].append((name, self._link))
            self._link = None
        elif tag == "nav":
            self._nav = None

    def first(self, tag: str) -> dict[str, str | None] | None:
        return next((attrs for name, attrs in self.tags if name == tag), None)


def shell_of(html: str) -> Shell:
    shell = Shell()
    shell.feed(html)
    return shell


def test_the_navigation_lists_all_eight_practices_and_each_opens(client_a):
    shell = shell_of(client_a.get("/").text)
    links = shell.navs["Practices"]
    names = [name.split(" ", 1)[1] for name, _ in links]  # after the icon
    assert names == ["Today", *THE_EIGHT]
    for name, href in links:
        page = client_a.get(href)
        assert page.status_code == 200, f"{name}: {href} answered {page.status_code}"


def test_a_practice_not_built_yet_says_coming_soon(client_a):
    page = client_a.get("/soon/share/")
    assert page.status_code == 200
    assert "Share" in page.text
    assert client_a.get("/soon/no-such-practice/").status_code == 404


def test_every_page_has_landmarks_a_skip_link_and_a_language(client_a):
    shell = shell_of(client_a.get("/").text)
    html = shell.first("html")
    assert html is not None
    assert html.get("lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert shell.first(landmark) is not None, f"no <{landmark}>"
    main = shell.first("main")
    assert main is not None
    assert main.get("id") == "main"
    skip = shell.first("a")
    assert skip is not None
    assert skip.get("href") == "#main", "the first link skips to content"
    # Each navigation is named, so a screen reader can tell them apart.
    assert set(shell.navs) == {"Account", "Practices"}


@pytest.mark.django_db
def test_pages_are_made_for_phones_first(client):
    shell = shell_of(client.get("/accounts/login/").text)
    metas = {attrs.get("name"): attrs.get("content") for tag, attrs in shell.tags if tag == "meta"}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert metas["color-scheme"] == "light dark"


def test_htmx_is_the_copy_shipped_with_django_htmx(client_a):
    tags = shell_of(client_a.get("/").text).tags
    scripts = [attrs.get("src") or "" for tag, attrs in tags if tag == "script"]
    assert any(
        re.match(r"/static/django_htmx/htmx-\d+\.min(\.[0-9a-f]+)?\.js$", s) for s in scripts
    )
    # Every script is a file of our own origin: none inline, none elsewhere.
    assert all(s.startswith("/static/") for s in scripts), scripts


def test_today_welcomes_someone_without_a_couple_with_both_ways_in(client, personas):
    from tests.factories import UserFactory

    loner = UserFactory(display_name="Lou")
    client.force_login(loner)
    page = client.get("/")
    assert page.status_code == 200
    assert "Welcome, Lou" in page.text
    assert "Start our space" in page.text
    assert "Join with a code" in page.text


# --- Themes: light and dark follow the system, both readable --------------------


def _colours(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", block))


def _themes() -> dict[str, dict[str, str]]:
    css = CSS.read_text()
    light = re.search(r":root\s*\{(.*?)\}", css, re.S)
    dark = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S)
    assert light, "tending.css defines a light palette"
    assert dark, "tending.css defines a dark palette for the system's dark setting"
    return {"light": _colours(light.group(1)), "dark": _colours(dark.group(1))}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# (foreground, background): text on the page and on cards, links, buttons, states.
READ_TOGETHER = [
    ("text", "bg"),
    ("text", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("accent", "bg"),
    ("accent", "surface"),
    ("accent-text", "accent"),
    ("ok", "surface"),
    ("warn", "surface"),
    ("error", "surface"),
]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_both_themes_meet_wcag_aa_contrast(theme):
    palette = _themes()[theme]
    poor = {
        f"{fg} on {bg}": round(contrast(palette[fg], palette[bg]), 2)
        for fg, bg in READ_TOGETHER
        if contrast(palette[fg], palette[bg]) < 4.5
    }
    assert not poor, f"{theme} theme: under 4.5:1 {poor}"
    # The focus ring must stand out from the page (WCAG 1.4.11: 3:1).
    assert contrast(palette["focus"], palette["bg"]) >= 3


def test_the_practices_of_the_navigation_are_the_product_briefs_eight():
    assert [str(p.name) for p in PRACTICES] == THE_EIGHT
