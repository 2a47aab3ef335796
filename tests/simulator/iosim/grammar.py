"""A small IOS-style command matcher: keywords, abbreviations and arguments.

Commands are declared as patterns such as
`switchport trunk allowed vlan add|remove|except <vlans>` or
`copy running-config|startup-config|<file> running-config|startup-config|<file>`.
Keywords may be abbreviated to any unambiguous prefix, as on IOS; the matcher
returns the canonical (expanded) command, or where the input went wrong so the
caller can print IOS's `^` marker under that spot.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .hardware import normalize_interface
from .vlanlist import parse_vlan_list

_IP = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
_MAC = re.compile(r"^[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}$")


def _ip(text: str) -> bool:
    match = _IP.match(text)
    return bool(match) and all(int(g) <= 255 for g in match.groups())


def _ranged(low: int, high: int) -> Callable[[str], bool]:
    return lambda t: t.isdigit() and low <= int(t) <= high


# Single-token argument kinds.
ARGUMENTS: dict[str, Callable[[str], bool]] = {
    "n": str.isdigit,
    "vlan": _ranged(1, 4094),
    "vlans": lambda t: parse_vlan_list(t) is not None,
    "word": lambda t: True,
    "ip": _ip,
    "mac": lambda t: bool(_MAC.match(t)),
    "file": lambda t: bool(re.match(r"^(flash|bootflash|nvram|usbflash0|crashinfo):\S*$", t)),
    "fs": lambda t: bool(re.match(r"^(flash|bootflash|nvram|usbflash0|crashinfo):$", t)),
    "slot": lambda t: bool(re.match(r"^\d+/\d+/\d+$", t)),
    "prio": _ranged(1, 15),
    "member": _ranged(1, 16),
    # `ip dhcp snooping limit rate` takes 1-2048 pps, `ip arp inspection limit rate`
    # 0-2048 (Catalyst 2960-X Security Configuration Guide, DHCP snooping and DAI)
    "rate": _ranged(1, 2048),
    "arprate": _ranged(0, 2048),
    # `storm-control ... level`: a percentage 0.00-100.00 (Catalyst 2960-X Security
    # Configuration Guide, "Configuring Port-Based Traffic Control", storm control)
    "level": lambda t: bool(re.match(r"^\d{1,3}(\.\d{1,2})?$", t)) and float(t) <= 100,
}
REST_KINDS = ("line", "rest")  # `line`: one or more tokens; `rest`: zero or more


@dataclass(frozen=True, slots=True)
class Alt:
    literal: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    pattern: str
    specs: tuple[tuple[Alt, ...], ...]
    action: str | None


@dataclass(slots=True)
class Token:
    text: str
    offset: int


@dataclass(slots=True)
class Match:
    entry: Entry
    canonical: str
    values: dict[str, str] = field(default_factory=dict)
    exact: int = 0


@dataclass(slots=True)
class Failure:
    kind: str  # "invalid", "incomplete" or "ambiguous"
    offset: int = 0
    token: str = ""


def tokenize(line: str) -> list[Token]:
    return [Token(m.group(0), m.start()) for m in re.finditer(r"\S+", line)]


def _expand_optional(pattern: str) -> list[str]:
    """`a [b c] d` -> [`a d`, `a b c d`] (no nesting needed for IOS syntax here)."""
    parts = re.split(r"(\[[^\]]*\])", pattern)
    choices: list[list[str]] = []
    for part in parts:
        if part.startswith("["):
            choices.append(["", part[1:-1]])
        else:
            choices.append([part])
    return [" ".join(" ".join(c).split()) for c in itertools.product(*choices)]


def _spec(word: str) -> tuple[Alt, ...]:
    alts = []
    for alt in word.split("|"):
        if alt.startswith("<") and alt.endswith(">"):
            kind = alt[1:-1]
            if kind not in ARGUMENTS and kind not in REST_KINDS and kind != "iface":
                raise ValueError(f"unknown argument kind {kind}")
            alts.append(Alt(kind=kind))
        else:
            alts.append(Alt(literal=alt))
    return tuple(alts)


def compile_entries(table: list[tuple[str, str | None]]) -> list[Entry]:
    entries = []
    for pattern, action in table:
        for variant in _expand_optional(pattern):
            entries.append(Entry(variant, tuple(_spec(w) for w in variant.split()), action))
    return entries


@dataclass(slots=True)
class _Attempt:
    status: str  # ok, incomplete, invalid, ambiguous
    position: int  # token index where it stopped
    words: list[str]
    values: dict[str, str]
    exact: int


def _try(entry: Entry, tokens: list[Token], line: str) -> _Attempt:
    words: list[str] = []
    values: dict[str, str] = {}
    exact = 0
    i = 0
    for spec in entry.specs:
        rest = next((a for a in spec if a.kind in REST_KINDS), None)
        if i >= len(tokens):
            if rest is not None and rest.kind == "rest":
                return _Attempt("ok", i, words, values, exact)
            return _Attempt("incomplete", i, words, values, exact)
        token = tokens[i]
        low = token.text.lower()
        chosen: str | None = None
        consumed = 1
        literal_exact = [a for a in spec if a.literal is not None and a.literal.lower() == low]
        if literal_exact:
            chosen = literal_exact[0].literal
            exact += 1
        else:
            for alt in spec:
                if alt.kind is None or alt.kind in REST_KINDS:
                    continue
                if alt.kind == "iface":
                    name = normalize_interface(token.text)
                    if name is None and i + 1 < len(tokens):
                        name = normalize_interface(token.text + tokens[i + 1].text)
                        consumed = 2 if name else 1
                    if name is not None:
                        chosen = name
                        values.setdefault("iface", name)
                        values.setdefault("iface_offset", str(token.offset))
                        break
                elif ARGUMENTS[alt.kind](token.text):
                    chosen = token.text
                    values.setdefault(alt.kind, token.text)
                    values.setdefault(alt.kind + "_offset", str(token.offset))
                    if alt.kind in values and values[alt.kind] != token.text:
                        values[alt.kind + "2"] = token.text
                    break
            if chosen is None and rest is not None:
                values[rest.kind] = line[token.offset :].rstrip()
                words.append(values[rest.kind])
                return _Attempt("ok", len(tokens), words, values, exact)
            if chosen is None:
                prefixed = [
                    a.literal
                    for a in spec
                    if a.literal is not None and a.literal.lower().startswith(low)
                ]
                if len(prefixed) > 1:
                    return _Attempt("ambiguous", i, words, values, exact)
                if prefixed:
                    chosen = prefixed[0]
        if chosen is None:
            return _Attempt("invalid", i, words, values, exact)
        words.append(chosen)
        i += consumed
    if i < len(tokens):
        return _Attempt("invalid", i, words, values, exact)
    return _Attempt("ok", i, words, values, exact)


def match(entries: list[Entry], line: str, allow_partial: bool = False) -> Match | Failure:
    """Match a command line; `allow_partial` accepts a prefix of a command (`no` forms)."""
    tokens = tokenize(line)
    if not tokens:
        return Failure("incomplete")
    oks: list[tuple[_Attempt, Entry]] = []
    furthest = -1
    incomplete = False
    ambiguous_at = -1
    for entry in entries:
        attempt = _try(entry, tokens, line)
        if attempt.status == "ok" or (
            allow_partial and attempt.status == "incomplete" and _stops_at_argument(entry, attempt)
        ):
            oks.append((attempt, entry))
        elif attempt.status == "incomplete":
            incomplete = True
        elif attempt.status == "ambiguous":
            ambiguous_at = max(ambiguous_at, attempt.position)
        else:
            furthest = max(furthest, attempt.position)
    if oks:
        best = max(a.exact for a, _unused in oks)
        top = [(a, e) for a, e in oks if a.exact == best]
        canon = {" ".join(a.words) for a, _unused in top}
        if len(canon) > 1 and not allow_partial:
            position = _first_difference([a.words for a, _unused in top])
            return Failure("ambiguous", tokens[position].offset, tokens[position].text)
        attempt, entry = top[0]
        return Match(entry, " ".join(attempt.words), attempt.values, attempt.exact)
    if ambiguous_at >= 0 and ambiguous_at >= furthest:
        return Failure("ambiguous", tokens[ambiguous_at].offset, tokens[ambiguous_at].text)
    if incomplete:
        return Failure("incomplete")
    position = max(furthest, 0)
    position = min(position, len(tokens) - 1)
    return Failure("invalid", tokens[position].offset, tokens[position].text)


def _stops_at_argument(entry: Entry, attempt: _Attempt) -> bool:
    """`no` forms may stop before an argument (`no switchport access vlan`), not a keyword."""
    following = entry.specs[len(attempt.words)]
    return any(alt.kind is not None for alt in following)


def _first_difference(word_lists: list[list[str]]) -> int:
    for i, column in enumerate(zip(*word_lists, strict=False)):
        if len(set(column)) > 1:
            return i
    return 0
