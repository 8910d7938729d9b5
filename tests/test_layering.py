"""The folders show the flow of data; pure stages must not import the I/O edges or the faces."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "wiredesk"

# stage -> packages it must never import
FORBIDDEN = {
    "parse": ("sources", "store", "cli", "serve", "batch", "dedup", "enrich", "query"),
    "dedup": ("sources", "store", "cli", "serve", "batch"),
    "enrich": ("sources", "store", "cli", "serve", "batch"),
    "query/syntax.py": ("sources", "store", "cli", "serve", "batch"),
    "query/analyze.py": ("sources", "store", "cli", "serve", "batch"),
}
# third-party engine -> the only places allowed to import it
ONLY_IN = {
    "pyspark": ("batch/spark.py",),
    "psycopg": ("store/postgres",),
    "fastapi": ("serve/",),
    "uvicorn": ("serve/", "cli/serve.py"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(prefix: str) -> list[Path]:
    target = PKG / prefix
    if target.is_file():
        return [target]
    return sorted(target.rglob("*.py")) if target.is_dir() else []


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_pure_stages_do_not_import_io(stage: str) -> None:
    bad = []
    for path in _modules(stage):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "wiredesk" and len(parts) > 1 and parts[1] in FORBIDDEN[stage]:
                bad.append(f"{path.relative_to(PKG)} imports {name}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("engine", sorted(ONLY_IN))
def test_engines_are_imported_in_one_place(engine: str) -> None:
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).as_posix()
        if any(rel.startswith(allowed) for allowed in ONLY_IN[engine]):
            continue
        if any(name.split(".")[0] == engine for name in _imports(path)):
            bad.append(rel)
    assert not bad, f"{engine} imported outside {ONLY_IN[engine]}: {bad}"
