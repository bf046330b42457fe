"""No test here may look up a real host name or reach past 127.0.0.0/8."""

from __future__ import annotations

import pytest

from tending.calendars import fetch


@pytest.fixture(autouse=True)
def no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(host: str, port: int) -> list[str]:
        raise AssertionError(f"a test tried to resolve {host!r}: give it a fake resolver")

    def names_of_tests(host: str, port: int) -> list[str]:
        # What connecting an address looks up: test names under .example,
        # public unless they say they are internal. No query leaves the test.
        if host.endswith(".example"):
            return ["10.0.0.7"] if host.startswith("internal.") else ["93.184.215.14"]
        return refuse(host, port)

    monkeypatch.setattr(fetch, "system_resolver", names_of_tests)
    # `fetch` took the real resolver as its default when it was defined.
    monkeypatch.setitem(fetch.fetch.__kwdefaults__, "resolver", refuse)
