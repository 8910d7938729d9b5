"""The alias tables: one canonical entity per real person or organisation, with its names.

`resources/entities.tsv` lists each entity with its aliases (`Poetin` = `Vladimir Poetin` =
`Putin`; `NAVO` = `NATO`); `resources/roles.tsv` lists role descriptions that name one person
during a period (`de Russische president`). Both are written for wiredesk and shipped with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

from wiredesk.enrich.folding import token_key

EntityKind = Literal["person", "org"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One real person or organisation."""

    id: str
    kind: EntityKind
    name: str


@dataclass(frozen=True, slots=True)
class Alias:
    """One way an entity is written; weak aliases need a strong mention in the same item."""

    entity: Entity
    text: str
    weak: bool
    exact_case: bool


@dataclass(frozen=True, slots=True)
class Role:
    """A role description naming one person during [valid_from, valid_until)."""

    phrase: str
    entity: Entity
    valid_from: date | None
    valid_until: date | None

    def holds_on(self, day: date | None) -> bool:
        """True when the role named this person on `day` (unknown day: only open-ended roles)."""
        if day is None:
            return self.valid_until is None
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day >= self.valid_until)


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Entities by id, aliases by folded token tuple, roles by folded phrase."""

    entities: dict[str, Entity]
    aliases: dict[tuple[str, ...], tuple[Alias, ...]]
    roles: dict[str, tuple[Role, ...]]
    max_words: int = field(default=1)

    def canonical(self, name: str) -> Entity | None:
        """The entity a name as written stands for, when exactly one strong alias fits."""
        found = {a.entity for a in self.aliases.get(alias_key(name), ()) if not a.weak}
        return next(iter(found)) if len(found) == 1 else None


def alias_key(text: str) -> tuple[str, ...]:
    """The folded token tuple an alias or a run of text is matched by."""
    return token_key(text)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("wiredesk.enrich.resources").joinpath(name).read_text("utf-8")
    return [
        [c.strip() for c in line.split("\t")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_tables(entity_rows: list[list[str]], role_rows: list[list[str]]) -> AliasTable:
    """Build an alias table from rows of entities.tsv and roles.tsv."""
    entities: dict[str, Entity] = {}
    aliases: dict[tuple[str, ...], list[Alias]] = {}
    for row in entity_rows:
        ent = Entity(row[0], "person" if row[1] == "person" else "org", row[2])
        entities[ent.id] = ent
        names = [n for n in (row[3].split("|") if len(row) > 3 else []) if n] + [row[2]]
        seen: set[tuple[tuple[str, ...], bool]] = set()
        for raw in names:
            weak = raw.startswith("~")
            text = raw.lstrip("~")
            key = alias_key(text)
            letters = [c for c in text if c.isalpha()]
            exact = len(letters) >= 2 and all(c.isupper() for c in letters)
            if not key or (key, exact) in seen:
                continue
            seen.add((key, exact))
            aliases.setdefault(key, []).append(Alias(ent, text, weak, exact))
    roles: dict[str, list[Role]] = {}
    for row in role_rows:
        ent = entities[row[1]]
        cells = [*row, "", ""]
        phrase = " ".join(token_key(row[0]))
        roles.setdefault(phrase, []).append(Role(phrase, ent, _day(cells[2]), _day(cells[3])))
    return AliasTable(
        entities=entities,
        aliases={k: tuple(v) for k, v in aliases.items()},
        roles={k: tuple(v) for k, v in roles.items()},
        max_words=max((len(k) for k in aliases), default=1),
    )


@lru_cache(maxsize=1)
def default_table() -> AliasTable:
    """The shipped alias table (loaded once)."""
    return parse_tables(_rows("entities.tsv"), _rows("roles.tsv"))
