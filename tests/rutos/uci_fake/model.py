"""Packages, sections, options and the edits on them, with libuci's semantics.

Each edit mirrors a libuci function (uci_set, uci_add_list, uci_delete, ...):
same preconditions, same error codes, same "no change, no delta" shortcuts.
A tracked edit appends a delta record; an internal one (file parsing, delta
replay) does not.
"""

from __future__ import annotations

from .lexer import UciError

# Delta command characters, as written in /tmp/.uci/<package>.
ADD, REMOVE, CHANGE, RENAME, REORDER, LIST_ADD, LIST_DEL = "+", "-", "", "@", "^", "|", "~"


def valid_str(text: str, *, name: bool, package: bool) -> bool:
    """libuci's uci_validate_str."""
    if not text:
        return False
    for char in text:
        code = ord(char)
        if char.isascii() and (char.isalnum() or char == "_"):
            continue
        if char == "-" and package:
            continue
        if name or code < 33 or code > 126:
            return False
    return True


def valid_name(text: str) -> bool:
    return valid_str(text, name=True, package=False)


def valid_type(text: str) -> bool:
    return valid_str(text, name=False, package=False)


def valid_package(text: str) -> bool:
    return valid_str(text, name=False, package=True)


def valid_text(text: str) -> bool:
    return all(ord(c) >= 32 or c in "\t\n\r" for c in text)


def djbhash(value: int, text: str) -> int:
    """libuci's hash for anonymous section names (C char arithmetic, 32 bits)."""
    if value == 0xFFFFFFFF:
        value = 5381
    for byte in text.encode():
        signed = byte - 256 if byte > 127 else byte
        value = (value * 33 + signed) & 0xFFFFFFFF
    return value & 0x7FFFFFFF


class Option:
    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str | list[str]) -> None:
        self.name = name
        self.value = value

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


class Section:
    __slots__ = ("anonymous", "name", "options", "type")

    def __init__(self, name: str, type: str, anonymous: bool) -> None:
        self.name = name
        self.type = type
        self.anonymous = anonymous
        self.options: list[Option] = []

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)


class Delta:
    __slots__ = ("cmd", "option", "section", "value")

    def __init__(self, cmd: str, section: str, option: str | None, value: str | None) -> None:
        self.cmd = cmd
        self.section = section
        self.option = option
        self.value = value


class Package:
    __slots__ = ("delta", "n_section", "name", "saved_delta", "sections")

    def __init__(self, name: str) -> None:
        self.name = name
        self.sections: list[Section] = []
        self.n_section = 0
        self.delta: list[Delta] = []  # not yet saved
        self.saved_delta: list[Delta] = []  # read from delta files

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def record(self, tracked: bool, *delta: str | None) -> None:
        if tracked:
            cmd, section, option, value = delta
            self.delta.append(Delta(cmd or "", section or "", option, value))


class Ptr:
    """uci_ptr: a parsed "package[.section[.option]][=value]" and what it found."""

    __slots__ = ("complete", "extended", "o", "option", "p", "package", "s", "section", "value")

    def __init__(
        self,
        package: str,
        section: str | None = None,
        option: str | None = None,
        value: str | None = None,
        p: Package | None = None,
        s: Section | None = None,
        o: Option | None = None,
    ) -> None:
        self.package = package
        self.section = section
        self.option = option
        self.value = value
        self.extended = False
        self.p = p
        self.s = s
        self.o = o
        self.complete = False


def parse_ptr(text: str) -> Ptr:
    """uci_parse_ptr: split at the first '=', then on dots (at most three parts)."""
    value = None
    if "=" in text:
        text, value = text.split("=", 1)
    parts = text.split(".")
    if len(parts) > 3:
        raise UciError("PARSE")
    ptr = Ptr(package=parts[0], value=value)
    if len(parts) > 1:
        ptr.section = parts[1]
    if len(parts) > 2:
        ptr.option = parts[2]
    if not valid_package(ptr.package):
        raise UciError("PARSE")
    if ptr.section is not None and not valid_name(ptr.section):
        ptr.extended = True
    if ptr.option is not None and not valid_name(ptr.option):
        raise UciError("PARSE")
    if ptr.value is not None and not valid_text(ptr.value):
        raise UciError("PARSE")
    return ptr


def lookup_extended(p: Package, ref: str) -> Section | None:
    """uci_lookup_ext_section: @type[N] or @[N], negative N counting from the end."""
    if not ref.startswith("@") or "[" not in ref or not ref.endswith("]"):
        raise UciError("INVAL")
    kind, _unused, index_text = ref[1:-1].partition("[")
    try:
        index = int(index_text)
    except ValueError:
        raise UciError("INVAL") from None
    if kind and not valid_type(kind):
        raise UciError("INVAL")
    matching = [s for s in p.sections if not kind or s.type == kind]
    if index < 0:
        index += len(matching)
    return matching[index] if 0 <= index < len(matching) else None


def resolve(p: Package, ptr: Ptr) -> Ptr:
    """The part of uci_lookup_ptr after loading: find section and option."""
    ptr.p = p
    ptr.complete = False
    if ptr.section is None:
        ptr.complete = True
        return ptr
    if ptr.extended:
        ptr.s = lookup_extended(p, ptr.section)
        if ptr.s is not None:
            ptr.section = ptr.s.name
    else:
        ptr.s = p.section(ptr.section)
    if ptr.s is None:
        return ptr
    if ptr.option is not None:
        ptr.o = ptr.s.option(ptr.option)
        if ptr.o is None:
            return ptr
    ptr.complete = True
    return ptr


# -- edits -------------------------------------------------------------------


def add_section(p: Package, section_type: str, tracked: bool) -> Section:
    """uci_add_section: an anonymous section named cfgNNHHHH from count and type hash."""
    p.n_section += 1
    name = f"cfg{p.n_section:02x}{djbhash(0xFFFFFFFF, section_type) % (1 << 16):04x}"
    section = Section(name=name, type=section_type, anonymous=True)
    p.sections.append(section)
    p.record(tracked, ADD, name, None, section_type)
    return section


def new_named_section(p: Package, name: str, section_type: str) -> Section:
    p.n_section += 1
    section = Section(name=name, type=section_type, anonymous=False)
    p.sections.append(section)
    return section


def set_value(ptr: Ptr, tracked: bool) -> None:
    """uci_set."""
    p = ptr.p
    assert p is not None
    if ptr.value is None or not (ptr.s or (ptr.option is None and ptr.section is not None)):
        raise UciError("INVAL")
    if ptr.option is None and ptr.value and not valid_type(ptr.value):
        raise UciError("INVAL")
    if ptr.o is None and ptr.s is not None and ptr.option is not None:
        ptr.o = ptr.s.option(ptr.option)
    if not ptr.value:
        if not ptr.complete:
            return
        delete(ptr, tracked)
        return
    if ptr.o is None and ptr.option is not None:
        assert ptr.s is not None
        ptr.o = Option(ptr.option, ptr.value)
        ptr.s.options.append(ptr.o)
    elif ptr.s is None and ptr.section is not None:
        if ptr.extended:
            raise UciError("INVAL")
        ptr.s = new_named_section(p, ptr.section, ptr.value)
    elif ptr.o is not None:
        if not ptr.o.is_list and ptr.o.value == ptr.value:
            return
        ptr.o.value = ptr.value
    elif ptr.s is not None:
        if ptr.s.type == ptr.value:
            return
        ptr.s.type = ptr.value
    p.record(tracked, CHANGE, ptr.section, ptr.option, ptr.value)


def delete(ptr: Ptr, tracked: bool) -> None:
    """uci_delete: an option, a section, or with a value the N-th item of a list."""
    p = ptr.p
    if not ptr.complete or p is None or ptr.s is None:
        raise UciError("NOTFOUND")
    if ptr.o is not None and ptr.o.is_list and ptr.value:
        digits = ""
        for char in ptr.value.strip():
            if not (char.isdigit() or (char == "-" and not digits)):
                break
            digits += char
        if not digits.lstrip("-"):
            return
        index = int(digits)
        items = ptr.o.value
        assert isinstance(items, list)
        if 0 <= index < len(items):
            p.record(tracked, REMOVE, ptr.section, ptr.option, ptr.value)
            del items[index]
        return
    p.record(tracked, REMOVE, ptr.section, ptr.option, None)
    if ptr.o is not None:
        ptr.s.options.remove(ptr.o)
        ptr.o = None
    else:
        p.sections.remove(ptr.s)
        ptr.s = None


def add_list(ptr: Ptr, tracked: bool) -> None:
    """uci_add_list: append an item; a plain option becomes a list first."""
    p = ptr.p
    if p is None or ptr.s is None or ptr.value is None or ptr.option is None:
        raise UciError("INVAL")
    if ptr.o is None:
        ptr.o = Option(ptr.option, [])
        ptr.s.options.append(ptr.o)
    elif not ptr.o.is_list:
        ptr.o.value = [str(ptr.o.value)]
    items = ptr.o.value
    assert isinstance(items, list)
    items.append(ptr.value)
    p.record(tracked, LIST_ADD, ptr.section, ptr.option, ptr.value)


def del_list(ptr: Ptr, tracked: bool) -> None:
    """uci_del_list: remove every equal item; silently nothing if not a list."""
    p = ptr.p
    if p is None or ptr.s is None or ptr.value is None:
        raise UciError("INVAL")
    if ptr.o is None or ptr.option is None or not ptr.o.is_list:
        return
    p.record(tracked, LIST_DEL, ptr.section, ptr.option, ptr.value)
    ptr.o.value = [item for item in ptr.o.value if item != ptr.value]


def rename(ptr: Ptr, tracked: bool) -> None:
    """uci_rename: a section (which then counts as named) or an option."""
    p = ptr.p
    if not ptr.complete or p is None:
        raise UciError("NOTFOUND")
    if ptr.s is None or ptr.value is None:
        raise UciError("INVAL")
    p.record(tracked, RENAME, ptr.section, ptr.option, ptr.value)
    if ptr.o is not None:
        ptr.o.name = ptr.value
    else:
        ptr.s.name = ptr.value
        ptr.s.anonymous = False


def reorder(p: Package, section: Section, position: int, tracked: bool) -> None:
    """uci_reorder_section: move a section to a position among all sections."""
    old = p.sections.index(section)
    p.sections.remove(section)
    new = min(max(position, 0), len(p.sections))
    p.sections.insert(new, section)
    if new != old:
        p.record(tracked, REORDER, section.name, None, str(position))
