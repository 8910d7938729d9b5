"""Recognise people and organisations in an item's headline and body (alias table + rules).

Three passes over the tokens of each field:
1. the alias table (longest match first; Dutch genitive `Poetins` too) and, optionally,
   role descriptions (`de Russische president`);
2. weak aliases (`Kim`) and roles are kept only when the item's context makes them unambiguous;
3. rules for names the table lacks: runs of capitalised words that are not places, demonyms
   or sentence starters (`Richard Grenell`, `Naim Qassem`, `Kennedy Center`), all-caps
   acronyms as organisations, a single capitalised word after a role cue (`minister Jansen`),
   and later surname-only mentions of a person found earlier in the item.
Nothing is invented: an item without names yields no mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

from wiredesk.enrich.aliases import Alias, AliasTable, Entity, EntityKind, Role, default_table
from wiredesk.enrich.folding import fold, tokens
from wiredesk.enrich.places import PlaceMention, PlaceResolver

Field = Literal["headline", "body"]
How = Literal["alias", "role", "rule"]
RoleMode = Literal["off", "context", "date"]

# How role descriptions are used (measured in bench/quality.py, see docs/enrichment.md):
# "context" maps `de Russische president` to Poetin only when the item also names him.
DEFAULT_ROLE_MODE: RoleMode = "context"


def _words(text: str) -> list[str]:
    return text.split()


_PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "von",
        "ten",
        "ter",
        "la",
        "le",
        "da",
        "dos",
        "del",
        "di",
        "al",
        "el",
        "bin",
        "ibn",
        "zu",
    }
)
_ORG_WORDS = frozenset(
    fold(w)
    for w in _words(
        """
    bank partij ministerie comité comite raad center centre centrum hof universiteit
    organisatie fonds agentschap bureau dienst unie commissie federatie stichting vereniging
    groep group inc nv bv airlines airways post news times brigade leger front beweging bond
    instituut academie museum rechtbank school ziekenhuis gemeente provincie club fc
    corporation company holding motors energy airport luchthaven maatschappij kerk parlement
    senaat congres krant omroep tv radio agency service services association council court
    league foundation institute ministry party union army forces
"""
    )
)
# Heads that also end compound organisation names (`Planbureau`, `Volksbank`, `Jeugdbond`).
_ORG_SUFFIXES = (
    "bureau",
    "bank",
    "partij",
    "raad",
    "ministerie",
    "fonds",
    "dienst",
    "bond",
    "unie",
    "commissie",
    "inspectie",
    "autoriteit",
    "instituut",
    "universiteit",
    "ziekenhuis",
    "rechtbank",
    "museum",
    "vereniging",
    "stichting",
    "groep",
    "maatschappij",
    "agentschap",
    "federatie",
    "organisatie",
)
_ACRONYM_STOP = frozenset(
    _words(
        """
    ANP AFP RTR DPA EFE VS TV CEO BBP AOW EK WK OK II III IV VI VII VIII IX XI XII XIII XIV XV
    AI PM NB LET OP BTW GGD AEX
"""
    )
)
_PERSON_CUES = frozenset(
    fold(w)
    for w in _words(
        """
    president premier minister leider woordvoerder woordvoerster burgemeester topman topvrouw
    ceo directeur voorzitter trainer coach bondscoach zanger zangeres acteur actrice schrijver
    schrijfster advocaat officier rechter generaal commandant senator gouverneur ambassadeur
    kandidaat oppositieleider partijleider fractievoorzitter staatssecretaris aanklager
    hoofdaanklager wethouder prins prinses koning koningin paus kardinaal bisschop ondernemer
    miljardair oprichter wielrenner schaatser voetballer tennisser spits keeper verdediger
    middenvelder coureur atleet zwemmer hoogleraar onderzoeker arts journalist correspondent
    chef vicepresident vice-president kroonprins sjeik emir sultan ayatollah zus broer zoon
    dochter vader moeder vrouw man weduwe opvolger evenknie collega presentator presentatrice
    dirigent regisseur componist
"""
    )
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person or organisation in an item field."""

    field: Field
    start: int
    end: int
    text: str
    entity: Entity
    how: How


@dataclass(frozen=True, slots=True)
class _Candidate:
    field: Field
    start: int
    end: int
    aliases: tuple[Alias, ...]
    roles: tuple[Role, ...] = ()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("body_place_stoplist.txt", "name_stoplist.txt"):
        text = resources.files("wiredesk.enrich.resources").joinpath(name).read_text("utf-8")
        for line in text.splitlines():
            if not line.startswith("#"):
                words.update(fold(w) for w in line.split())
    return frozenset(words)


_DEMONYM = re.compile(r"^[A-ZÀ-Þ][^\W\d_]{2,}(?:[^aiouys]se|sche|ese|ense|ees)$")


def is_demonym(word: str) -> bool:
    """`Russische`, `Amerikaanse`, `Oekraïense`, `Chinees`: adjectives of countries/peoples."""
    return bool(_DEMONYM.match(word)) and not word.endswith("sse")


def _is_org_word(word: str) -> bool:
    """`Partij`, `Bank`, and compounds ending in one (`Planbureau`, `Volksbank`)."""
    key = fold(word)
    return (
        key in _ORG_WORDS
        or key in _ORG_SUFFIXES
        or any(key.endswith(head) and len(key) >= len(head) + 3 for head in _ORG_SUFFIXES)
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


class EntityRecognizer:
    """Recognises people and organisations; one instance may be reused for many items."""

    def __init__(
        self,
        table: AliasTable | None = None,
        places: PlaceResolver | None = None,
        *,
        role_mode: RoleMode = DEFAULT_ROLE_MODE,
        rules: bool = True,
    ) -> None:
        self.table = table or default_table()
        self.places = places or PlaceResolver()
        self.role_mode = role_mode
        self.rules = rules
        self._max_role_words = max((len(k.split()) for k in self.table.roles), default=0)
        # First words of roles and aliases: most tokens start nothing and are skipped at once.
        self._role_first = frozenset(k.split()[0] for k in self.table.roles)
        self._role_pairs = frozenset(
            tuple(k.split()[:2]) for k in self.table.roles if len(k.split()) > 1
        )
        self._alias_first = frozenset(k[0] for k in self.table.aliases)

    # -- pass 1 ---------------------------------------------------------------------------

    def _alias_candidates(self, fld: Field, text: str) -> list[_Candidate]:
        toks = tokens(text)
        keys = [fold(text[s:e]) or text[s:e] for s, e in toks]
        out: list[_Candidate] = []
        starts = self._alias_first | self._role_first
        i = 0
        while i < len(toks):
            key = keys[i]
            if key not in starts and key[:-1] not in starts:
                i += 1  # most words start no alias and no role: skip them cheaply
                continue
            found = self._match_at(fld, text, toks, keys, i)
            if found is not None:
                out.append(found[0])
                i += found[1]
                continue
            i += 1
        return out

    def _match_at(
        self, fld: Field, text: str, toks: list[tuple[int, int]], keys: list[str], i: int
    ) -> tuple[_Candidate, int] | None:
        first = keys[i]
        # Roles first: `de Russische president` is longer than any alias inside it.
        if (
            self.role_mode != "off"
            and first in self._role_first
            and (
                (i + 1 < len(keys) and (first, keys[i + 1]) in self._role_pairs)
                or first in self.table.roles
            )
        ):
            for n in range(min(self._max_role_words, len(toks) - i), 0, -1):
                role = self.table.roles.get(" ".join(keys[i : i + n]))
                if role:
                    start, end = toks[i][0], toks[i + n - 1][1]
                    return _Candidate(fld, start, end, (), role), n
        if first not in self._alias_first and first[:-1] not in self._alias_first:
            return None
        if not text[toks[i][0]].isupper() and first not in ("von", "van"):
            return None
        for n in range(min(self.table.max_words, len(toks) - i), 0, -1):
            start, end = toks[i][0], toks[i + n - 1][1]
            surface = text[start:end]
            if not surface[:1].isupper() and not surface.startswith(("von ", "van ")):
                return None
            key = tuple(keys[i : i + n])
            aliases = self._fitting(self.table.aliases.get(key, ()), surface)
            if not aliases and n >= 1 and key[-1].endswith("s") and len(key[-1]) > 3:
                # Dutch genitive: `Poetins`, `Kims` (people only).
                genitive = (*key[:-1], key[-1][:-1])
                aliases = tuple(
                    a
                    for a in self._fitting(self.table.aliases.get(genitive, ()), surface[:-1])
                    if a.entity.kind == "person"
                )
            if aliases:
                # An alias must not end inside a hyphenated word (`Kim` in `Kim Jong-un` is
                # covered by the longer alias; `VN` in `VN-Veiligheidsraad` is not an alias).
                if (
                    i + n + 1 < len(toks)
                    and text[end : end + 1] == "-"
                    and toks[i + n][0] == end
                    and text[toks[i + n + 1][0]].isupper()
                ):
                    continue
                # `NAVO-landen`, `Hezbollah-leider`, `Trump-regering`: a mention inside a compound.
                return _Candidate(fld, start, end, aliases), n
        return None

    @staticmethod
    def _fitting(aliases: Sequence[Alias], surface: str) -> tuple[Alias, ...]:
        return tuple(a for a in aliases if not a.exact_case or surface == a.text)

    # -- pass 2 ---------------------------------------------------------------------------

    def _resolve(
        self, cands: list[_Candidate], day: date | None, texts: dict[Field, str]
    ) -> list[Mention]:
        strong: set[str] = set()
        for c in cands:
            ents = {a.entity.id for a in c.aliases if not a.weak}
            if len(ents) == 1:
                strong |= ents
        out: list[Mention] = []
        for c in cands:
            text = texts[c.field][c.start : c.end]
            if c.roles:
                ent = self._role_entity(c, day, strong)
                if ent is not None:
                    out.append(Mention(c.field, c.start, c.end, text, ent, "role"))
                continue
            strong_ents = {a.entity for a in c.aliases if not a.weak}
            if len(strong_ents) == 1:
                out.append(Mention(c.field, c.start, c.end, text, next(iter(strong_ents)), "alias"))
                continue
            weak_ents = {a.entity for a in c.aliases if a.weak and a.entity.id in strong}
            if len(weak_ents) == 1:
                out.append(Mention(c.field, c.start, c.end, text, next(iter(weak_ents)), "alias"))
        return out

    def _role_entity(self, c: _Candidate, day: date | None, strong: set[str]) -> Entity | None:
        if self.role_mode == "context":
            named = {r.entity for r in c.roles if r.entity.id in strong}
        elif self.role_mode == "date":
            named = {r.entity for r in c.roles if r.holds_on(day)}
        else:
            named = set()
        return next(iter(named)) if len(named) == 1 else None

    # -- pass 3 ---------------------------------------------------------------------------

    def _is_name_word(self, word: str) -> bool:
        return word[:1].isupper() and fold(word) not in _stopwords() and not is_demonym(word)

    def _is_place_word(self, word: str) -> bool:
        return self.places._body_place(fold(word)) is not None

    def _rule_mentions(
        self, fld: Field, text: str, taken: list[tuple[int, int]], people: dict[str, Entity]
    ) -> list[Mention]:
        toks = tokens(text)

        covered = bytearray(len(text) + 1)
        for ts, te in taken:
            covered[ts:te] = b"\x01" * (te - ts)

        def is_taken(k: int) -> bool:
            return covered.find(1, toks[k][0], toks[k][1]) != -1

        def word(k: int) -> str:
            return text[toks[k][0] : toks[k][1]]

        out: list[Mention] = []
        i = 0
        while i < len(toks):
            if not text[toks[i][0]].isupper():
                i += 1  # names start with a capital: skip the rest cheaply
                continue
            w = word(i)
            demonym_start = (
                is_demonym(w)
                and i + 1 < len(toks)
                and not is_taken(i + 1)
                and text[toks[i][1] : toks[i + 1][0]] == " "
                and self._is_name_word(word(i + 1))
                and not self._is_place_word(word(i + 1))
            )
            if is_taken(i) or not (self._is_name_word(w) or demonym_start):
                i += 1
                continue
            # A capitalised role word opening a sentence is not part of the name.
            if fold(w) in _PERSON_CUES and i + 1 < len(toks):
                i += 1
                continue
            j = i + 1
            while j < len(toks) and not is_taken(j):
                w2 = word(j)
                gap = text[toks[j - 1][1] : toks[j][0]]
                if (
                    w2 == "-"
                    and gap == ""
                    and j + 1 < len(toks)
                    and toks[j + 1][0] == toks[j][1]
                    and not is_taken(j + 1)
                ):
                    part = word(j + 1)
                    if part[:1].isupper() or (len(part) <= 4 and fold(part) not in _stopwords()):
                        j += 2  # `Jong-un`, `Al-Sharaa`: a hyphen joins two parts of one name
                        continue
                    break
                if gap != " ":
                    break
                if self._is_name_word(w2):
                    j += 1
                    continue
                if (
                    w2 in _PARTICLES
                    and j + 1 < len(toks)
                    and not is_taken(j + 1)
                    and text[toks[j][1] : toks[j + 1][0]] == " "
                    and self._is_name_word(word(j + 1))
                ):
                    j += 1
                    continue
                break
            start, end = toks[i][0], toks[j - 1][1]
            surface = text[start:end]
            words = [word(k) for k in range(i, j) if word(k) != "-"]
            names = [x for x in words if x not in _PARTICLES]
            if all(self._is_place_word(x) for x in names) and not demonym_start:
                i = j  # only places (`Moskou`, `Gaza`): the place finder's job
                continue
            if len(names) > 1 and self._is_place_word(names[-1]) and not demonym_start:
                # `Kerstmarkt Keulen`: a place closing a run is the place, not a surname
                # (a place opening one is a first name: `Hassan Nasrallah`).
                j -= 1
                while j > i and word(j - 1) in ("-", *_PARTICLES):
                    j -= 1
                start, end = toks[i][0], toks[j - 1][1]
                surface = text[start:end]
                words = [word(k) for k in range(i, j) if word(k) != "-"]
            mention = self._classify(fld, start, end, surface, words, text, toks, i, people)
            if demonym_start and mention is not None and len(words) > 1:
                mention = Mention(
                    fld,
                    start,
                    end,
                    surface,
                    Entity(f"org:{_slug(surface)}", "org", surface),
                    "rule",
                )
            if mention is not None:
                out.append(mention)
                if mention.entity.kind == "person" and len(words) > 1:
                    people.setdefault(fold(words[-1]), mention.entity)
            i = j
        return out

    def _classify(
        self,
        fld: Field,
        start: int,
        end: int,
        surface: str,
        words: list[str],
        text: str,
        toks: list[tuple[int, int]],
        i: int,
        people: dict[str, Entity],
    ) -> Mention | None:
        if len(words) == 1:
            word = words[0]
            letters = [c for c in word if c.isalpha()]
            if (
                word.isupper()
                and 2 <= len(letters) <= 6
                and word not in _ACRONYM_STOP
                and len(surface) == len(word)
            ):
                return Mention(
                    fld, start, end, surface, Entity(f"org:{_slug(word)}", "org", word), "rule"
                )
            known = people.get(fold(word))
            if known is not None:
                return Mention(fld, start, end, surface, known, "rule")
            prev = fold(text[toks[i - 1][0] : toks[i - 1][1]]) if i > 0 else ""
            if prev in _PERSON_CUES:
                return Mention(
                    fld,
                    start,
                    end,
                    surface,
                    Entity(f"person:{_slug(word)}", "person", word),
                    "rule",
                )
            return None
        kind: EntityKind = "org" if any(_is_org_word(w) for w in words) else "person"
        return Mention(
            fld, start, end, surface, Entity(f"{kind}:{_slug(surface)}", kind, surface), "rule"
        )

    # -- the whole item ---------------------------------------------------------------------

    def recognise(
        self, headline: str | None, body: str | None, *, day: date | None = None
    ) -> list[Mention]:
        """Every person/organisation mention in the item, in field and text order.

        Args:
            headline: the item's headline (may be None).
            body: the item's body text (may be None or empty).
            day: the item's publication day (used by the dated role table).

        Returns:
            Mentions, headline first, each with its canonical entity.
        """
        return self.recognise_with_places(headline, body, day=day)[0]

    def recognise_with_places(
        self, headline: str | None, body: str | None, *, day: date | None = None
    ) -> tuple[list[Mention], list[tuple[Field, PlaceMention]]]:
        """Mentions as `recognise`, plus the places in the text outside every mention.

        The place finder runs once per field for both jobs: its multi-word places are nobody's
        name, and the places that overlap no person or organisation are the item's body places.
        """
        texts: dict[Field, str] = {"headline": headline or "", "body": body or ""}
        cands: list[_Candidate] = []
        fields: tuple[Field, Field] = ("headline", "body")
        for fld in fields:
            cands.extend(self._alias_candidates(fld, texts[fld]))
        mentions = self._resolve(cands, day, texts)
        found: dict[Field, list[PlaceMention]] = {}
        people: dict[str, Entity] = {}
        for m in mentions:
            if m.entity.kind == "person":
                for w in m.entity.name.split()[-1:]:
                    people.setdefault(fold(w), m.entity)
        extra: list[Mention] = []
        # The body first: a headline often names by surname whom the body names in full.
        body_first: tuple[Field, Field] = ("body", "headline")
        for fld in body_first:
            taken = [(m.start, m.end) for m in mentions if m.field == fld]
            found[fld] = self.places.body_places(texts[fld], skip=taken)
            if self.rules:
                # Multi-word places (`Verenigde Staten`, `Ter Apel`) are nobody's name.
                taken += [(p.start, p.end) for p in found[fld] if len(tokens(p.text)) > 1]
                extra.extend(self._rule_mentions(fld, texts[fld], taken, people))
        mentions.extend(extra)
        order = {"headline": 0, "body": 1}
        mentions.sort(key=lambda m: (order[m.field], m.start))
        places = [
            (fld, p)
            for fld in fields
            for p in found[fld]
            if not any(m.field == fld and m.start < p.end and p.start < m.end for m in mentions)
        ]
        return mentions, places


def entity_ids(mentions: Sequence[Mention]) -> list[str]:
    """The distinct entity ids of some mentions, in first-mention order."""
    seen: dict[str, None] = {}
    for m in mentions:
        seen.setdefault(m.entity.id, None)
    return list(seen)
