"""What every response promises: a CSP without inline script, no framing, and no
caching of private pages."""

import re

import pytest

PAGES_LOGGED_IN = ["/", "/couple/", "/accounts/profile/", "/soon/share/", "/join/"]
PAGES_ANONYMOUS = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def _assert_no_inline_code(html: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


@pytest.mark.parametrize("path", PAGES_LOGGED_IN)
def test_logged_in_pages_are_private_and_locked_down(client_a, path):
    response = client_a.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert all("'unsafe-inline'" not in values for values in csp.values())
    assert all("http" not in value for values in csp.values() for value in values)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    _assert_no_inline_code(response.text)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES_ANONYMOUS)
def test_public_pages_have_no_inline_code_either(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    _assert_no_inline_code(response.text)


@pytest.mark.django_db
def test_api_docs_work_offline(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    for src in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        # "//cdn.example/x.js" starts with a slash too, and is another host.
        assert src.startswith("/static/"), f"third-party asset {src}"
    csp = _csp(page)
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]


def test_error_pages_are_friendly(client_a):
    response = client_a.get("/no/such/page/")
    assert response.status_code == 404
    assert "We couldn't find that" in response.text
    api = client_a.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not Found"} or "detail" in api.json()


def test_wrong_methods_get_405(client_a):
    assert client_a.delete("/").status_code == 405
    assert client_a.get("/couple/invites/").status_code == 405
    assert client_a.put("/api/v1/me").status_code == 405
