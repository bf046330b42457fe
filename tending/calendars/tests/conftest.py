"""No test here may look up a real host name or reach past 127.0.0.0/8."""

from __future__ import annotations

import pytest

from tending.calendars import fetch


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(host: str, port: int) -> list[str]:
        raise AssertionError(f"a test tried to resolve {host!r}: give it a fake resolver")

    monkeypatch.setattr(fetch, "system_resolver", refuse)
    # `fetch` took the real resolver as its default when it was defined.
    monkeypatch.setitem(fetch.fetch.__kwdefaults__, "resolver", refuse)
