"""The couple-boundary walker: every URL and every API operation, with every persona.

ENGINEERING.md promises a test that fails when an outsider can read or change
anything, and that covers a new endpoint without anyone remembering to add it.
This module is that test's machinery; tests/test_boundary.py runs it, and
docs/development.md ("The boundary walker") tells app authors what to provide.

How it works
------------
1. `discover_endpoints()` (tests/boundary_endpoints.py) walks the URL resolver
   of the active ROOT_URLCONF recursively. Each pattern becomes an `Endpoint`:
   a page, an admin page, or a django-ninja path with its operations (found
   through the view the pattern calls, matched by operationId with the API's
   OpenAPI document).
2. `load_providers(personas)` imports `<app>.tests.boundary` of every
   installed app (`<app>.boundary` for the test-only apps under `tests/`) and
   calls its `objects(personas)`: objects of couple A & B, returned as
   {path-parameter name: value}. A parameter nobody provides is a violation.
3. `Walker(personas).walk(persona)` sends the requests and returns a `Report`
   with one line per violation. Each request runs inside a savepoint that is
   rolled back after a fingerprint of every watched table has been compared
   with the one taken before, so a request can neither cause nor hide
   another one's result.

What a walk expects, by persona
-------------------------------
- anonymous: pages redirect to the login page, API operations answer 401.
  Public views (`login_required = False`, API operations without auth) are
  not walked, only listed.
- outsiders (C of another couple; a therapist whose consent was withdrawn):
  every URL naming an object of A & B answers 404 to every method — 405 only
  for a method the view refuses to everyone, the owner included — and
  changes nothing; nothing they are shown anywhere holds A & B's identifiers.
- the read-only member (A & B's therapist): writes on those URLs answer 403
  or 404 and change nothing; what each answered is recorded.
- anonymous and C (no persona is staff): the admin site redirects to its
  login.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import got_request_exception
from django.db import connection, models, transaction
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from tests.boundary_bodies import BodyNotBuildable, example_body
from tests.boundary_endpoints import (
    ApiOperation,
    Endpoint,
    admin_values,
    answers_to,
    build_url,
    discover_endpoints,
    load_providers,
    provider_path_for,
    view_function,
)

PAGE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ANONYMOUS = "anonymous"
OUTSIDERS = ("c", "therapist_without_consent")
READ_ONLY_MEMBERS = ("therapist",)
# The admin lets in staff only, whatever else a person is: one signed-in
# persona (none is staff) shows that as well as all of them would.
ADMIN_PERSONAS = (ANONYMOUS, "c")

# Tables that change on any request, whoever makes it, and hold nothing of a
# couple's: sessions, login throttling, and Django's own bookkeeping.
UNWATCHED_APPS = frozenset({"sessions", "axes", "contenttypes"})
UNWATCHED_MODELS = frozenset({"auth.permission"})


# --- Database fingerprint -----------------------------------------------------

Fingerprint = dict[str, dict[Any, tuple[Any, ...]]]


def watched_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in UNWATCHED_APPS
        and model._meta.label_lower not in UNWATCHED_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def fingerprint() -> Fingerprint:
    """Every row of every watched table, by model label and primary key.

    Plain SQL, because it runs after every request of a walk and the ORM's
    per-row overhead made it the slowest part of the walk."""
    snapshot: Fingerprint = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in watched_models():
            meta = model._meta
            columns = ", ".join(quote(f.column) for f in (meta.pk, *meta.concrete_fields))
            # Table and column names come from the models, not from input.
            cursor.execute(f"SELECT {columns} FROM {quote(meta.db_table)}")  # noqa: S608
            snapshot[meta.label] = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    return snapshot


def changes(before: Fingerprint, after: Fingerprint) -> list[str]:
    """What differs, as phrases such as "couples.Invite: 1 changed"."""
    found = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label, {}), after.get(label, {})
        counts = (
            (len(new.keys() - old.keys()), "added"),
            (len(old.keys() - new.keys()), "deleted"),
            (sum(1 for pk in old.keys() & new.keys() if old[pk] != new[pk]), "changed"),
        )
        found += [f"{label}: {n} {what}" for n, what in counts if n]
    return found


# --- Reports ------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    persona: str
    method: str
    url: str
    answer: str
    expected: str

    def __str__(self) -> str:
        return (
            f"{self.persona}: {self.method} {self.url} -> {self.answer}; expected {self.expected}"
        )


@dataclass
class Report:
    """The outcome of one walk: violations, what is public, what was recorded."""

    persona: str
    requests: int = 0
    violations: list[Violation] = field(default_factory=list)
    public: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [
            f"Boundary walk as {self.persona}: {self.requests} requests, "
            f"{len(self.violations)} violations"
        ]
        sections = (
            ("Violations", [str(v) for v in self.violations]),
            ("Public, not walked (anyone may open them)", self.public),
            ("Recorded", self.notes),
        )
        for title, entries in sections:
            if entries:
                lines += [f"{title}:", *(f"  {entry}" for entry in entries)]
        return "\n".join(lines)


# --- The walk -----------------------------------------------------------------


@dataclass
class Request:
    method: str
    url: str
    data: bytes | str = b""
    content_type: str = "application/x-www-form-urlencoded"
    operation: ApiOperation | None = None


class Walker:
    """Walks every endpoint of the active URLconf as one persona at a time.

    `personas` is the fixture of tests/conftest.py. `example_bodies`
    (operationId -> body) add to, and win over, those the providers declare.
    `select` narrows the walk to some endpoints (the self-tests use it; so
    may an app author while working on one app).
    """

    def __init__(
        self,
        personas: Any,
        example_bodies: Mapping[str, Any] | None = None,
        select: Callable[[Endpoint], bool] | None = None,
    ) -> None:
        self.personas = personas
        self.endpoints = [e for e in discover_endpoints() if select is None or select(e)]
        self.providers = load_providers(personas)
        self.example_bodies = {**self.providers.example_bodies, **(example_bodies or {})}
        self.login_path = resolve_url(settings.LOGIN_URL)
        self._owner_answers: dict[tuple[str, str], int] = {}

    def walk(self, persona: str) -> Report:
        """Walk every endpoint as `persona`: "anonymous" or an attribute of `personas`."""
        report = Report(persona)
        user = None if persona == ANONYMOUS else getattr(self.personas, persona)
        # Logging in writes last_login: both clients exist before the baseline.
        client = self._client(user)
        self._owner = self._client(self.personas.a)
        self._baseline = fingerprint()
        for endpoint in self.endpoints:
            report.public += self._list_public(endpoint, client, report)
            if endpoint.public:
                continue
            if endpoint.kind == "admin":
                if persona in ADMIN_PERSONAS:
                    self._walk_admin(endpoint, client, report)
            elif not self._can_fill(endpoint, report):
                continue
            elif persona == ANONYMOUS:
                self._walk_anonymous(endpoint, client, report)
            else:
                self._walk_signed_in(endpoint, client, report)
        return report

    # Per persona -------------------------------------------------------------

    def _walk_anonymous(self, endpoint: Endpoint, client: Client, report: Report) -> None:
        url = build_url(endpoint, self.providers.values)
        if endpoint.kind == "api":
            # Authentication comes before validation: any body will do.
            for request in self._api_requests(endpoint, url, report, need_body=False):
                self._expect(client, request, report, {401}, "401 (log in first)")
            return
        for method in ("GET", "POST"):
            request = Request(method, url)
            response = self._send(client, request, report)
            broken = self._check_not_broken(report, request, response)
            if not broken and not self._redirects_to(response, self.login_path):
                self._violate(report, method, url, response, f"302 to {self.login_path}")

    def _walk_signed_in(self, endpoint: Endpoint, client: Client, report: Report) -> None:
        values = self.providers.values
        if not self.providers.object_params(endpoint):
            # Their own pages: whatever these show must hold nothing of A & B.
            url = build_url(endpoint, values)
            for request in self._requests(endpoint, url, report, reads_only=True):
                self._expect(client, request, report, None, "no server error")
            return
        capabilities = [p for p in endpoint.params if p in self.providers.capabilities]
        if capabilities:
            # Whoever holds the real secret may open the URL: that is its point.
            real = build_url(endpoint, values)
            for request in self._requests(endpoint, real, report):
                response = self._send(client, request, report, watch=False)
                if not self._check_not_broken(report, request, response):
                    report.notes.append(
                        f"{request.method} {real} -> {response.status_code} "
                        f"(holds the real {', '.join(capabilities)}: a capability)"
                    )
            values = self._forged(endpoint, values, capabilities)
        url = build_url(endpoint, values)
        if report.persona in READ_ONLY_MEMBERS:
            self._walk_member(endpoint, url, client, report)
            return
        for request in self._requests(endpoint, url, report):
            self._expect(client, request, report, {404}, "404 (not theirs: not found)")

    @staticmethod
    def _forged(endpoint: Endpoint, values: dict[str, Any], params: list[str]) -> dict[str, Any]:
        """`values` with made-up secrets for `params`, of a shape the URL's
        converters accept (a UUID, a token, a number)."""
        candidates = (uuid.uuid4(), f"forged{uuid.uuid4().hex}", 404404404)
        for candidate in candidates:
            forged = {**values, **dict.fromkeys(params, candidate)}
            try:
                if answers_to(endpoint, build_url(endpoint, forged)):
                    return forged
            except ValueError:  # a converter refusing the shape outright
                continue
        return {**values, **dict.fromkeys(params, candidates[1])}

    def _walk_member(self, endpoint: Endpoint, url: str, client: Client, report: Report) -> None:
        for request in self._requests(endpoint, url, report):
            if request.method == "GET":
                response = self._expect(client, request, report, None, "no server error")
                if response is not None:
                    report.notes.append(f"GET {url} -> {response.status_code}")
                continue
            allowed = self._member_may(endpoint, request)
            if allowed:
                response = self._send(client, request, report, watch=False)
                if not self._check_not_broken(report, request, response):
                    report.notes.append(
                        f"{request.method} {url} -> {response.status_code} (allowed: {allowed})"
                    )
                continue
            response = self._expect(
                client, request, report, {403, 404}, "403 or 404 (read-only member)"
            )
            if response is not None:
                report.notes.append(f"{request.method} {url} -> {response.status_code}")

    def _walk_admin(self, endpoint: Endpoint, client: Client, report: Report) -> None:
        url = build_url(endpoint, admin_values(endpoint))
        if not self._reaches(endpoint, url, report):
            return
        admin_login = reverse(f"{endpoint.admin_namespace}:login")
        # The admin's logout sends non-staff people to the admin index, which
        # is walked too and must send them on to the login.
        accepted = [admin_login, reverse(f"{endpoint.admin_namespace}:index")]
        if report.persona == ANONYMOUS:
            # The login-required middleware answers for ModelAdmin views before
            # the admin does, sending anonymous people to the site's own login;
            # once logged in, a non-staff person meets the admin login.
            accepted.append(self.login_path)
        request = Request("GET", url)
        response = self._send(client, request, report)
        if self._check_not_broken(report, request, response):
            return
        if not any(self._redirects_to(response, path) for path in accepted):
            self._violate(report, "GET", url, response, f"302 to {admin_login} (staff only)")

    def _list_public(self, endpoint: Endpoint, client: Client, report: Report) -> list[str]:
        """The endpoint's public parts as the report lists them; anonymous
        opens a public page once when it takes no parameters, to show that it
        works without logging in."""
        if endpoint.kind == "api":
            return [
                f"{op.method} {endpoint.route} ({op.operation_id})"
                for op in endpoint.operations
                if op.public
            ]
        if not endpoint.public:
            return []
        if endpoint.params:
            return [f"{endpoint.label} [takes {', '.join(endpoint.params)}]"]
        if report.persona != ANONYMOUS:
            return [endpoint.label]
        request = Request("GET", build_url(endpoint, {}))
        response = self._send(client, request, report)
        self._check_not_broken(report, request, response)
        return [f"{endpoint.label} -> {response.status_code}"]

    # Requests ----------------------------------------------------------------

    def _requests(
        self, endpoint: Endpoint, url: str, report: Report, reads_only: bool = False
    ) -> list[Request]:
        """The requests to send: every method for a page (a page declares
        none), every operation for an API path; only reads with `reads_only`."""
        if endpoint.kind != "api":
            return [Request(method, url) for method in PAGE_METHODS[: 1 if reads_only else None]]
        return self._api_requests(endpoint, url, report, need_body=True, reads_only=reads_only)

    def _api_requests(
        self,
        endpoint: Endpoint,
        url: str,
        report: Report,
        need_body: bool,
        reads_only: bool = False,
    ) -> list[Request]:
        requests = []
        for operation in endpoint.operations:
            if operation.public or (reads_only and operation.method != "GET"):
                continue
            try:
                requests.append(self._api_request(operation, url, need_body))
            except BodyNotBuildable as problem:
                report.violations.append(
                    Violation(
                        report.persona,
                        operation.method,
                        url,
                        "not sent",
                        f"a valid body ({problem}): {self._example_hint(endpoint, operation)}",
                    )
                )
        return requests

    def _api_request(self, operation: ApiOperation, url: str, need_body: bool) -> Request:
        values = self.providers.values
        query = {}
        for parameter in (operation.schema or {}).get("parameters", []):
            if parameter.get("in") == "query" and parameter.get("required"):
                name = parameter["name"]
                query[name] = values.get(name) or example_body(
                    parameter.get("schema", {}), operation.document, values
                )
        if query:
            url = f"{url}?{urlencode(query)}"
        request = Request(operation.method, url, operation=operation)
        try:
            body = self._body(operation)
        except BodyNotBuildable:
            if need_body:
                raise
            return request
        if body is not None:
            request.content_type, payload = body
            if request.content_type == "application/json":
                request.data = json.dumps(payload, cls=DjangoJSONEncoder)
            elif request.content_type == "multipart/form-data":
                request.data = encode_multipart(BOUNDARY, payload)
                request.content_type = MULTIPART_CONTENT
            else:
                request.data = urlencode(payload, doseq=True)
        return request

    def _body(self, operation: ApiOperation) -> tuple[str, Any] | None:
        """(content type, payload): the registered example, else one built
        from the schema; None when the operation takes no body."""
        content = ((operation.schema or {}).get("requestBody") or {}).get("content", {})
        content_type = min(content, key=lambda t: t != "application/json", default=None)
        example = self.example_bodies.get(operation.operation_id)
        if example is not None:
            payload = example(self.providers.values) if callable(example) else example
            return content_type or "application/json", payload
        if content_type is None:
            return None
        schema = content[content_type].get("schema", {})
        return content_type, example_body(schema, operation.document, self.providers.values)

    def _send(
        self, client: Client, request: Request, report: Report, watch: bool = True
    ) -> HttpResponseBase:
        """Send one request inside a savepoint that is then rolled back; with
        `watch`, any change to a watched table is a violation."""
        report.requests += 1
        errors: list[str] = []

        def remember(sender: Any, **kwargs: Any) -> None:
            kind, error, _traceback = sys.exc_info()
            errors.append(f"{kind.__name__ if kind else 'error'}: {error}")

        got_request_exception.connect(remember)
        try:
            with transaction.atomic():
                response = client.generic(
                    request.method, request.url, request.data, content_type=request.content_type
                )
                changed = changes(self._baseline, fingerprint()) if watch else []
                transaction.set_rollback(True)
        finally:
            got_request_exception.disconnect(remember)
        if changed:
            answer = f"{response.status_code} and changed {'; '.join(changed)}"
            report.violations.append(
                Violation(report.persona, request.method, request.url, answer, "no change")
            )
        response.walker_errors = errors  # type: ignore[attr-defined]
        return response

    def _expect(
        self,
        client: Client,
        request: Request,
        report: Report,
        statuses: set[int] | None,
        expected: str,
    ) -> HttpResponseBase | None:
        """Send and check the answer: one of `statuses` (None: anything but a
        server error), the 405 rule, and, for outsiders, the canaries.
        Returns the response when it passed."""
        response = self._send(client, request, report)
        status = response.status_code
        if self._check_not_broken(report, request, response):
            return None
        if statuses is not None and status not in statuses:
            if status == 405 and request.operation is None:
                if not self._owner_accepts(request):
                    return response
                expected += "; 405 only for a method the view refuses to everyone"
            if status == 422 and request.operation is not None:
                endpoint = next(e for e in self.endpoints if request.operation in e.operations)
                expected += (
                    ", but the body built from the schema was refused: "
                    + self._example_hint(endpoint, request.operation)
                )
            self._violate(report, request.method, request.url, response, expected)
            return None
        if report.persona in OUTSIDERS:
            self._check_canaries(report, request, response)
        return response

    def _check_not_broken(
        self, report: Report, request: Request, response: HttpResponseBase
    ) -> bool:
        """A server error is a violation whoever asks; True when there was one."""
        if response.status_code < 500:
            return False
        errors = getattr(response, "walker_errors", [])
        detail = f" (raised {errors[0]})" if errors else ""
        self._violate(report, request.method, request.url, response, f"no server error{detail}")
        return True

    def _owner_accepts(self, request: Request) -> bool:
        """Whether partner A, who owns the objects, gets past the method check
        (the probe is rolled back like every request)."""
        key = (request.method, request.url)
        if key not in self._owner_answers:
            probe = Report("owner")
            answer = self._send(self._owner, request, probe, watch=False).status_code
            self._owner_answers[key] = answer
        return self._owner_answers[key] != 405

    def _check_canaries(self, report: Report, request: Request, response: HttpResponseBase) -> None:
        body = b"" if response.streaming else response.content  # type: ignore[attr-defined]
        text = body.decode(errors="replace") + response.get("Location", "")
        leaked = [canary for canary in self._canaries() if canary in text]
        if leaked:
            expected = f"nothing of A & B in the answer, found {', '.join(leaked)}"
            self._violate(report, request.method, request.url, response, expected)

    def _canaries(self) -> list[str]:
        """Strings that only someone of A & B may ever be shown."""
        personas = self.personas
        found = [str(personas.couple.pk), str(personas.a.pk), str(personas.b.pk)]
        found += [personas.a.email, personas.b.email]
        found += [
            str(value)
            for param, value in self.providers.values.items()
            if param not in self.providers.shared and param not in self.providers.capabilities
        ]
        return found

    # Helpers -----------------------------------------------------------------

    def _can_fill(self, endpoint: Endpoint, report: Report) -> bool:
        """Whether every parameter has a maker and the URL reaches the view;
        a parameter without a maker is a violation, never a skip."""
        missing = [p for p in endpoint.params if p not in self.providers.values]
        where = provider_path_for(view_function(endpoint))
        for param in missing:
            report.violations.append(
                Violation(
                    report.persona,
                    "-",
                    endpoint.label,
                    f"no maker for path parameter {param!r}",
                    f"an object of couple A & B: register a maker in {where} "
                    f"(objects(personas) returning {{{param!r}: ...}})",
                )
            )
        if missing:
            return False
        return self._reaches(endpoint, build_url(endpoint, self.providers.values), report)

    def _reaches(self, endpoint: Endpoint, url: str, report: Report) -> bool:
        """Whether the URL built for the endpoint reaches its view; when an
        earlier pattern shadows it, or a value does not fit its converter,
        the endpoint cannot be checked, and that is a violation too."""
        if answers_to(endpoint, url):
            return True
        report.violations.append(
            Violation(
                report.persona,
                "-",
                url,
                f"answered by another view than {endpoint.label}",
                "the URL to reach its own view (a shadowing pattern, or a maker's "
                "value that does not fit the converter?)",
            )
        )
        return False

    def _member_may(self, endpoint: Endpoint, request: Request) -> str:
        allowed = self.providers.read_only_member_may
        if request.operation is not None:
            return allowed.get(request.operation.operation_id, "")
        return allowed.get(endpoint.name, "")

    def _example_hint(self, endpoint: Endpoint, operation: ApiOperation) -> str:
        where = provider_path_for(view_function(endpoint))
        return (
            f"register an example body for {operation.operation_id!r} in EXAMPLE_BODIES of {where}"
        )

    @staticmethod
    def _redirects_to(response: HttpResponseBase, path: str) -> bool:
        location = response.get("Location", "")
        return response.status_code == 302 and urlsplit(location).path == path

    @staticmethod
    def _violate(
        report: Report, method: str, url: str, response: HttpResponseBase, expected: str
    ) -> None:
        answer = str(response.status_code)
        report.violations.append(Violation(report.persona, method, url, answer, expected))

    @staticmethod
    def _client(user: Any) -> Client:
        # A server error must become a violation line, not end the walk.
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        return client
