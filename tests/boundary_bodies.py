"""Plausible request bodies built from an operation's JSON schema.

The boundary walker sends every API write a *valid* body, so that an
outsider's 404 comes from the couple boundary and not from validation. When
no valid body can be built here, `BodyNotBuildable` says which field is the
trouble, and the walker asks the developer to register an example body.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


class BodyNotBuildable(Exception):
    """No valid request body can be built from the operation's schema."""


_STRING_FORMATS: dict[str, Callable[[], str]] = {
    "uuid": lambda: str(uuid.uuid4()),
    "date-time": lambda: datetime.now(UTC).isoformat(),
    "date": lambda: datetime.now(UTC).date().isoformat(),
    "time": lambda: "12:00:00",
    "duration": lambda: "PT15M",
    "email": lambda: "someone@example.test",
    "uri": lambda: "https://example.test/",
    "url": lambda: "https://example.test/",
    "password": lambda: "correct horse battery",
    "ipv4": lambda: "192.0.2.1",
    "ipv6": lambda: "2001:db8::1",
}


def example_body(
    schema: Mapping[str, Any], document: Mapping[str, Any], values: Mapping[str, Any]
) -> Any:
    """A plausible value satisfying a JSON schema: required fields filled per
    type, enum, format and bounds; fields named like a provided path parameter
    get that object of A & B, so the boundary, not validation, answers.

    Raises BodyNotBuildable naming the field it could not fill.
    """
    return _example(schema, document, values, "body", 0)


def _resolve(schema: Mapping[str, Any], document: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        reference = schema["$ref"]
        if not reference.startswith("#/"):
            raise BodyNotBuildable(f"external reference {reference}")
        target: Any = document
        for part in reference[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _example(
    schema: Mapping[str, Any],
    document: Mapping[str, Any],
    values: Mapping[str, Any],
    where: str,
    depth: int,
) -> Any:
    if depth > 12:
        raise BodyNotBuildable(f"{where}: the schema nests too deeply (is it recursive?)")
    schema = _resolve(schema, document)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_resolve(part, document))
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        return _example({**merged, **rest}, document, values, where, depth + 1)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            options = [o for o in schema[combinator] if _resolve(o, document).get("type") != "null"]
            problems = []
            for option in options or schema[combinator]:
                try:
                    return _example(option, document, values, where, depth + 1)
                except BodyNotBuildable as problem:
                    problems.append(str(problem))
            raise BodyNotBuildable("; ".join(problems) or f"{where}: no usable {combinator}")
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None and "properties" in schema:
        kind = "object"
    builder = _BUILDERS.get(kind) if isinstance(kind, str) else None
    if builder is None:
        if not schema or set(schema) <= {"title", "description", "default"}:
            return "example"  # any value at all is accepted
        raise BodyNotBuildable(f"{where}: no plausible value for type {kind!r}")
    return builder(schema, document, values, where, depth)


def _string(schema: Mapping[str, Any], document: Any, values: Any, where: str, depth: int) -> str:
    if "pattern" in schema:
        raise BodyNotBuildable(f"{where}: must match the pattern {schema['pattern']!r}")
    format_ = schema.get("format")
    if format_ is not None:
        if format_ not in _STRING_FORMATS:
            raise BodyNotBuildable(f"{where}: no plausible value for format {format_!r}")
        return _STRING_FORMATS[format_]()
    minimum = schema.get("minLength", 0)
    maximum = schema.get("maxLength", max(minimum, 12))
    length = min(max(minimum, 7), maximum)
    return ("Example" + "x" * length)[:length]


def _number(schema: Mapping[str, Any], document: Any, values: Any, where: str, depth: int) -> Any:
    integer = schema.get("type") == "integer" or "integer" in (schema.get("type") or [])
    step = 1 if integer else 0.5
    low = schema.get("minimum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + step
    high = schema.get("maximum")
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - step
    value = low if low is not None else (min(1, high) if high is not None else 1)
    multiple = schema.get("multipleOf")
    if multiple:
        value = -(-value // multiple) * multiple
    if high is not None and value > high:
        raise BodyNotBuildable(f"{where}: no number satisfies the bounds {schema}")
    return int(value) if integer else value


def _array(schema: Mapping[str, Any], document: Any, values: Any, where: str, depth: int) -> list:
    count = schema.get("minItems", 0)
    items = [
        _example(schema.get("items", {}), document, values, f"{where}[{i}]", depth + 1)
        for i in range(count)
    ]
    if schema.get("uniqueItems") and len({json.dumps(i, sort_keys=True) for i in items}) < count:
        raise BodyNotBuildable(f"{where}: needs {count} different items")
    return items


def _object(schema: Mapping[str, Any], document: Any, values: Any, where: str, depth: int) -> dict:
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    missing = [name for name in required if name not in properties]
    if missing and not schema.get("additionalProperties"):
        raise BodyNotBuildable(f"{where}: required {missing} has no schema")
    body = {}
    for name, subschema in properties.items():
        if name in values:
            body[name] = json.loads(json.dumps(values[name], cls=DjangoJSONEncoder))
        elif name in required:
            body[name] = _example(subschema, document, values, f"{where}.{name}", depth + 1)
    return body


_BUILDERS: dict[str, Callable[..., Any]] = {
    "string": _string,
    "integer": _number,
    "number": _number,
    "boolean": lambda *_: True,
    "null": lambda *_: None,
    "array": _array,
    "object": _object,
}
