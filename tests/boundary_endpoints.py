"""What the boundary walker walks: every URL pattern and API operation of the
active URLconf, the objects the apps provide to fill their parameters, and
the URL that reaches each pattern with those objects.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize
from ninja import NinjaAPI
from ninja.operation import Operation, PathView

ADMIN_PLACEHOLDERS = {"object_id": "1", "content_type_id": "1", "url": "no-such-page"}


class WalkerError(Exception):
    """The walker itself cannot go on (a provider conflict, an unknown pattern type)."""


# --- Endpoints ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ApiOperation:
    """One django-ninja operation (one method of one API path)."""

    operation_id: str
    method: str
    public: bool
    schema: Mapping[str, Any] | None  # the OpenAPI operation object; None if hidden
    document: Mapping[str, Any]  # the whole OpenAPI document, for $ref


@dataclass(frozen=True, eq=False)
class Endpoint:
    """A URL pattern with what the walker needs to call it."""

    route: str  # as written in the URLconfs, e.g. "couple/invites/<uuid:invite_id>/revoke/"
    name: str  # "namespace:name", or "" for an unnamed pattern
    callback: Callable[..., Any]
    chain: tuple[URLResolver | URLPattern, ...]  # outermost resolver first, pattern last
    params: tuple[str, ...]
    kind: str  # "page", "admin" or "api"
    admin_namespace: str = ""
    operations: tuple[ApiOperation, ...] = ()

    @property
    def public(self) -> bool:
        """Reachable without logging in, by the view's own declaration."""
        if self.kind == "api":
            return all(op.public for op in self.operations)
        return getattr(self.callback, "login_required", True) is False

    @property
    def label(self) -> str:
        return f"{self.route} ({self.name})" if self.name else self.route


def discover_endpoints(urlconf: str | None = None) -> list[Endpoint]:
    """Every URL pattern of the URLconf (the active ROOT_URLCONF by default)."""
    endpoints: list[Endpoint] = []
    seen_paths: set[int] = set()
    for chain in _patterns(get_resolver(urlconf), ()):
        pattern = chain[-1]
        assert isinstance(pattern, URLPattern)
        path_view = _ninja_path_view(pattern.callback)
        if path_view is not None:
            # ninja mounts one pattern per operation name on the same path view.
            if id(path_view) in seen_paths:
                continue
            seen_paths.add(id(path_view))
        endpoints.append(_endpoint(chain, path_view))
    return endpoints


def _patterns(
    resolver: URLResolver, chain: tuple[URLResolver, ...]
) -> Iterator[tuple[URLResolver | URLPattern, ...]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, (*chain, entry))
        else:
            yield (*chain, entry)


def _ninja_path_view(callback: Callable[..., Any]) -> PathView | None:
    # ninja's view is a closure over its PathView; that is the only handle on
    # the operations behind a URL pattern.
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            continue
        if isinstance(contents, PathView):
            return contents
    if getattr(callback, "__module__", "") == "ninja.operation":
        raise WalkerError(f"cannot find the operations behind ninja view {callback!r}")
    return None


def _endpoint(chain: tuple[URLResolver | URLPattern, ...], path_view: PathView | None) -> Endpoint:
    pattern = chain[-1]
    assert isinstance(pattern, URLPattern)
    namespaces = [r.namespace for r in chain[:-1] if isinstance(r, URLResolver) and r.namespace]
    name = ":".join([*namespaces, pattern.name]) if pattern.name else ""
    params: list[str] = []
    admin_namespace = ""
    for depth, element in enumerate(chain):
        params += _param_names(element.pattern)
        if isinstance(element, URLResolver) and element.app_name == "admin":
            outer = chain[: depth + 1]
            admin_namespace = ":".join(
                r.namespace for r in outer if isinstance(r, URLResolver) and r.namespace
            )
    kind = "api" if path_view is not None else "admin" if admin_namespace else "page"
    operations = _operations(path_view) if path_view is not None else ()
    return Endpoint(
        route="".join(str(element.pattern) for element in chain),
        name=name,
        callback=pattern.callback,
        chain=chain,
        params=tuple(params),
        kind=kind,
        admin_namespace=admin_namespace,
        operations=operations,
    )


def _param_names(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        if pattern.regex.groups > len(pattern.regex.groupindex):
            raise WalkerError(f"pattern {pattern} has an unnamed group: name it")
        return list(pattern.regex.groupindex)
    if isinstance(pattern, LocalePrefixPattern):
        return []
    raise WalkerError(f"unknown kind of URL pattern: {pattern!r}")


# Weak: the self-tests make throwaway APIs, whose ids could be reused.
_DOCUMENTS: weakref.WeakKeyDictionary[NinjaAPI, Mapping[str, Any]] = weakref.WeakKeyDictionary()


def openapi_document(api: NinjaAPI) -> Mapping[str, Any]:
    """The API's OpenAPI document (built once: it does not change at run time)."""
    if api not in _DOCUMENTS:
        _DOCUMENTS[api] = api.get_openapi_schema(path_prefix="")
    return _DOCUMENTS[api]


def schema_operations(api: NinjaAPI) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(operationId, HTTP method) -> operation object, from the OpenAPI document."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for path_item in openapi_document(api)["paths"].values():
        for method, operation in path_item.items():
            if isinstance(operation, Mapping) and "operationId" in operation:
                found[operation["operationId"], method.upper()] = operation
    return found


def _operations(path_view: PathView) -> tuple[ApiOperation, ...]:
    found = []
    for operation in path_view.operations:
        in_schema = schema_operations(operation.api)
        operation_id = operation_id_of(operation)
        for method in (m.upper() for m in operation.methods):
            found.append(
                ApiOperation(
                    operation_id=operation_id,
                    method=method,
                    public=not operation.auth_callbacks,
                    schema=in_schema.get((operation_id, method)),
                    document=openapi_document(operation.api),
                )
            )
    return tuple(found)


def operation_id_of(operation: Operation) -> str:
    return operation.operation_id or operation.api.get_openapi_operation_id(operation)


# --- URLs ---------------------------------------------------------------------

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def build_url(endpoint: Endpoint, values: Mapping[str, Any]) -> str:
    """The endpoint's URL with its parameters filled from `values`."""
    parts = []
    for element in endpoint.chain:
        pattern = element.pattern
        if isinstance(pattern, RoutePattern):
            converters = pattern.converters

            def fill(match: re.Match[str], converters: Mapping[str, Any] = converters) -> str:
                name = match["name"]
                return str(converters[name].to_url(values[name]))

            parts.append(_ROUTE_PARAM.sub(fill, str(pattern)))
        elif isinstance(pattern, RegexPattern):
            candidates = [
                template
                for template, names in normalize(pattern.regex.pattern)
                if set(names) <= set(values)
            ]
            if not candidates:
                raise WalkerError(f"cannot build a URL for {endpoint.label}")
            parts.append(candidates[0] % {k: str(v) for k, v in values.items()})
        elif isinstance(pattern, LocalePrefixPattern):
            parts.append(pattern.language_prefix)
    return "/" + "".join(parts)


def answers_to(endpoint: Endpoint, url: str) -> bool:
    """Whether the URL built for an endpoint reaches that endpoint's view
    (an earlier pattern may shadow it, or a value may not fit its converter)."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    own = _ninja_path_view(endpoint.callback) or endpoint.callback
    return (_ninja_path_view(match.func) or match.func) is own


def admin_values(endpoint: Endpoint) -> dict[str, str]:
    """Placeholder parameters for an admin URL: the admin refuses non-staff
    people before it looks anything up, so any value that resolves will do."""
    values = {param: ADMIN_PLACEHOLDERS.get(param, "1") for param in endpoint.params}
    for element in endpoint.chain:
        if isinstance(element.pattern, RegexPattern):
            for name in element.pattern.regex.groupindex:
                # A group such as (?P<app_label>auth|axes): take its first choice.
                group = re.search(rf"\(\?P<{name}>([^()]*)\)", element.pattern.regex.pattern)
                if group and re.fullmatch(r"[\w|-]+", group[1]):
                    values[name] = group[1].split("|")[0]
    return values


# --- Providers ----------------------------------------------------------------


@dataclass
class Providers:
    """What the apps' `tests/boundary.py` modules told the walker.

    - `values`: path-parameter name -> an object of couple A & B (its id),
      from each module's `objects(personas)`.
    - `capabilities`: parameters that are secrets, not ids (an invite link's
      token): whoever holds the real value may open the URL, so outsiders are
      walked with a forged value instead, and must get 404 for it.
    - `shared`: parameters that name nothing of a couple (a practice's slug);
      a URL with only such parameters is walked like one without any.
    - `example_bodies`: operationId -> request body (or a function of
      `values` returning one), for bodies the walker cannot build itself.
    - `read_only_member_may`: operationId or URL name -> why a read-only
      member may do this write all the same (ending their own membership).
    """

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    capabilities: dict[str, str] = field(default_factory=dict)
    shared: dict[str, str] = field(default_factory=dict)
    example_bodies: dict[str, Any] = field(default_factory=dict)
    read_only_member_may: dict[str, str] = field(default_factory=dict)

    def object_params(self, endpoint: Endpoint) -> list[str]:
        return [p for p in endpoint.params if p not in self.shared]


def provider_modules() -> list[ModuleType]:
    """`<app>.tests.boundary` of every installed app that has one (and
    `<app>.boundary` for test-only apps living under `tests/`)."""
    modules = []
    for app_config in apps.get_app_configs():
        candidates = [f"{app_config.name}.tests.boundary"]
        if app_config.name.startswith("tests."):
            candidates.append(f"{app_config.name}.boundary")
        for name in candidates:
            if _module_exists(name):
                modules.append(importlib.import_module(name))
    return modules


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError as missing:
        # Only a missing `tests` package means "no provider"; an import error
        # inside an existing module must surface.
        if missing.name and name.startswith(missing.name):
            return False
        raise


def load_providers(personas: Any) -> Providers:
    """Call every provider's `objects(personas)` and merge what they declare.

    Once per personas fixture: a test may make several walkers, and makers
    need not cope with being called twice (a weekly check-in is unique)."""
    made = getattr(personas, "_boundary_providers", None)
    if made is not None:
        return made
    providers = Providers()
    for module in provider_modules():
        source = module.__name__
        for param, value in module.objects(personas).items():
            if param in providers.values and providers.values[param] != value:
                raise WalkerError(
                    f"path parameter {param!r} is provided by both "
                    f"{providers.origin[param]} and {source}: give one of them another name"
                )
            providers.values[param] = value
            providers.origin[param] = source
        providers.capabilities.update(getattr(module, "CAPABILITIES", {}))
        providers.shared.update(getattr(module, "SHARED", {}))
        providers.example_bodies.update(getattr(module, "EXAMPLE_BODIES", {}))
        providers.read_only_member_may.update(getattr(module, "READ_ONLY_MEMBER_MAY", {}))
    personas._boundary_providers = providers
    return providers


def provider_path_for(callback: Callable[..., Any]) -> str:
    """Where the maker for a view's parameters belongs, for error messages."""
    app_config = apps.get_containing_app_config(getattr(callback, "__module__", "") or "")
    if app_config is None:
        return "tending/<app>/tests/boundary.py"
    if app_config.name.startswith("tests."):
        return app_config.name.replace(".", "/") + "/boundary.py"
    return app_config.name.replace(".", "/") + "/tests/boundary.py"


def view_function(endpoint: Endpoint) -> Callable[..., Any]:
    """The function whose module names the app responsible for an endpoint."""
    path_view = _ninja_path_view(endpoint.callback)
    if path_view is not None and path_view.operations:
        return path_view.operations[0].view_func
    return endpoint.callback


def unreachable_schema_operations(api: NinjaAPI, endpoints: Sequence[Endpoint]) -> list[str]:
    """Operations in the API's OpenAPI document that no URL pattern leads to:
    the walker cannot check them, so the tests count them as violations."""
    reachable = {(op.operation_id, op.method) for e in endpoints for op in e.operations}
    return sorted(f"{method} {op_id}" for op_id, method in set(schema_operations(api)) - reachable)


def hidden_operations(endpoints: Sequence[Endpoint]) -> list[str]:
    """Operations reachable by URL but missing from the OpenAPI document
    (`include_in_schema=False`): walked all the same, listed for review."""
    return sorted(
        f"{op.method} {e.route} ({op.operation_id})"
        for e in endpoints
        for op in e.operations
        if op.schema is None
    )


def public_endpoints(endpoints: Sequence[Endpoint]) -> list[str]:
    """Everything anyone may open without logging in, by its own declaration:
    views marked `login_not_required`, and API operations without auth."""
    found = []
    for endpoint in endpoints:
        if endpoint.kind == "api":
            found += [
                f"{op.method} {endpoint.route} ({op.operation_id})"
                for op in endpoint.operations
                if op.public
            ]
        elif endpoint.public:
            found.append(endpoint.label)
    return found
