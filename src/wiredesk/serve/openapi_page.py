"""The operations of an OpenAPI document as plain rows, for the server-rendered /docs page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter of an operation."""

    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class Operation:
    """One method on one path."""

    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    request_types: tuple[str, ...]
    responses: tuple[tuple[str, str, tuple[str, ...]], ...]
    secured: bool

    @property
    def anchor(self) -> str:
        """An id for links to this operation."""
        return (
            f"{self.method}-{self.path}".lower().replace("/", "-").replace("{", "").replace("}", "")
        )


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null") or "any"
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    fmt = schema.get("format")
    limits = []
    for key, sign in (
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minLength", "len ≥"),
        ("maxLength", "len ≤"),
    ):
        if key in schema:
            limits.append(f"{sign} {schema[key]}")
    text = f"{kind} ({fmt})" if fmt else kind
    return f"{text}, {', '.join(limits)}" if limits else text


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of the document, in path order."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = tuple(
                Parameter(
                    name=str(p["name"]),
                    where=str(p.get("in", "")),
                    required=bool(p.get("required", False)),
                    type=_type(p.get("schema", {})),
                    description=str(
                        p.get("description") or p.get("schema", {}).get("description") or ""
                    ),
                )
                for p in op.get("parameters", [])
            )
            body = op.get("requestBody", {}).get("content", {})
            responses = tuple(
                (str(code), str(r.get("description", "")), tuple(r.get("content", {}).keys()))
                for code, r in sorted(op.get("responses", {}).items())
            )
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=str(op.get("summary", "")),
                    description=str(op.get("description", "")),
                    parameters=params,
                    request_types=tuple(body.keys()),
                    responses=responses,
                    secured=bool(op.get("security")),
                )
            )
    return out
