"""Config files and delta files on disk, as libuci's file backend keeps them.

A package is its file in the config directory plus the pending edits in the
delta directory (/tmp/.uci/<package> on a router). Commit replays the delta
onto a fresh parse of the file and rewrites it in export form; no pending
edit, no rewrite. Revert filters lines out of the delta file.
"""

from __future__ import annotations

import os

from . import model
from .lexer import Lexer, UciError
from .model import Delta, Package, Ptr


def escape(text: str) -> str:
    return text.replace("'", "'\\''")


def quoted(text: str) -> str:
    return "'" + escape(text) + "'"


def delta_line(package: str, delta: Delta) -> str:
    """uci_delta_save."""
    line = f"{delta.cmd}{package}.{delta.section}"
    if delta.option is not None:
        line += f".{delta.option}"
    if delta.cmd == model.REMOVE and delta.value is None:
        return line + "\n"
    return f"{line}={quoted(delta.value or '')}\n"


def export_text(p: Package, *, header: bool, name_anonymous: bool = False) -> str:
    """uci_export_package: the exact bytes of `uci export` and of a committed file."""
    out = [f"package {escape(p.name)}\n"] if header else []
    for section in p.sections:
        line = f"\nconfig {escape(section.type)}"
        if not section.anonymous or name_anonymous:
            line += f" '{escape(section.name)}'"
        out.append(line + "\n")
        for option in section.options:
            if isinstance(option.value, list):
                out.extend(f"\tlist {escape(option.name)} {quoted(v)}\n" for v in option.value)
            else:
                out.append(f"\toption {escape(option.name)} {quoted(option.value)}\n")
    out.append("\n")
    return "".join(out)


class _Parse:
    """State of one uci_import run: the packages seen and where options go."""

    def __init__(self, single: bool, name: str | None, strict: bool) -> None:
        self.single = single
        self.name = name
        self.strict = strict
        self.merge = False
        self.current: Package | None = None
        self.section: model.Section | None = None
        self.done: list[Package] = []


def _required(lexer: Lexer, *, name: bool = False, package: bool = False) -> str:
    arg = lexer.next_arg()
    if not arg:
        raise lexer.error("insufficient arguments")
    if name and not model.valid_str(arg, name=not package, package=package):
        raise lexer.error("invalid character in name field")
    return arg


def _eol(lexer: Lexer, state: _Parse) -> None:
    extra = lexer.next_arg()
    if extra and state.strict:
        raise lexer.error("too many arguments")


def _switch(state: _Parse, name: str | None) -> None:
    if state.current is not None:
        state.done.append(state.current)
        state.current = None
        state.section = None
    if name is not None:
        if any(p.name == name for p in state.done):
            raise UciError("DUPLICATE")
        state.current = Package(name)


def _config(lexer: Lexer, state: _Parse) -> None:
    if state.current is None:
        if state.name is None:
            raise lexer.error("attempting to import a file without a package name")
        _switch(state, state.name)
    package = state.current
    assert package is not None
    section_type = _required(lexer)
    if not model.valid_type(section_type):
        raise lexer.error("invalid character in type field")
    name = lexer.next_arg()
    if name and not model.valid_name(name):
        raise lexer.error("invalid character in name field")
    _eol(lexer, state)
    if not name:
        state.section = model.add_section(package, section_type, tracked=state.merge)
        return
    existing = package.section(name)
    if existing is not None and state.strict and existing.type != section_type:
        raise lexer.error("section of different type overwrites prior section with same name")
    ptr = Ptr(package=package.name, section=name, value=section_type, p=package, s=existing)
    model.set_value(ptr, tracked=state.merge)
    state.section = ptr.s


def _option(lexer: Lexer, state: _Parse, is_list: bool) -> None:
    if state.section is None or state.current is None:
        raise lexer.error("option/list command found before the first section")
    name = _required(lexer, name=True)
    value = lexer.next_arg() or ""
    _eol(lexer, state)
    section = state.section
    ptr = Ptr(
        package=state.current.name,
        section=section.name,
        option=name,
        value=value,
        p=state.current,
        s=section,
        o=section.option(name),
    )
    if is_list:
        model.add_list(ptr, tracked=state.merge)
    else:
        model.set_value(ptr, tracked=state.merge)


def parse_config(
    text: str,
    name: str | None,
    *,
    single: bool,
    into: Package | None = None,
    strict: bool = True,
) -> list[Package]:
    """uci_import: read config syntax; ``into`` merges (tracked) into a loaded package."""
    state = _Parse(single, name, strict)
    if into is not None and single:
        state.current, state.merge = into, True
    lexer = Lexer(text)
    while True:
        while lexer.peek() and lexer.peek() in " \t\r\v\f\n":
            lexer.pos += 1
        if lexer.eof():
            break
        word = lexer.word()
        if word.startswith("#"):
            lexer.skip_line()
            continue
        if word in ("p", "package"):
            package_name = _required(lexer, name=True, package=True)
            _eol(lexer, state)
            if not single:
                _switch(state, package_name)
        elif word in ("c", "config"):
            _config(lexer, state)
        elif word in ("o", "option"):
            _option(lexer, state, is_list=False)
        elif word in ("l", "list"):
            _option(lexer, state, is_list=True)
        else:
            lexer.pos -= len(word)
            raise lexer.error("invalid command")
    if state.current is None and name is not None and into is None:
        _switch(state, name)
    if state.merge:
        state.current = None
    _switch(state, None)
    return state.done


def _apply_delta(p: Package, line: str) -> Delta:
    """uci_parse_delta_line: one pending edit replayed onto the package (untracked)."""
    cmd = line[:1] if line[:1] in "+-@^|~" and line[:1] else ""
    ptr = model.parse_ptr(line[len(cmd) :])
    if ptr.section is None or ptr.extended:
        raise UciError("INVAL")
    if cmd != model.REMOVE and ptr.value is None:
        raise UciError("INVAL")
    if cmd == model.REORDER and ptr.option is not None:
        raise UciError("INVAL")
    if cmd == model.RENAME and not model.valid_name(ptr.value or ""):
        raise UciError("INVAL")
    if cmd in (model.LIST_ADD, model.LIST_DEL) and ptr.option is None:
        raise UciError("INVAL")
    if ptr.package != p.name:
        raise UciError("PARSE")
    delta = Delta(cmd, ptr.section, ptr.option, ptr.value)
    model.resolve(p, ptr)
    if cmd == model.REORDER:
        if ptr.s is None:
            raise UciError("NOTFOUND")
        model.reorder(p, ptr.s, int(ptr.value or 0), tracked=False)
    elif cmd == model.RENAME:
        model.rename(ptr, tracked=False)
    elif cmd == model.REMOVE:
        model.delete(ptr, tracked=False)
    elif cmd == model.LIST_ADD:
        model.add_list(ptr, tracked=False)
    elif cmd == model.LIST_DEL:
        model.del_list(ptr, tracked=False)
    else:
        model.set_value(ptr, tracked=False)
        if cmd == model.ADD and ptr.option is None and ptr.s is not None:
            ptr.s.anonymous = True
    return delta


def _delta_lines(text: str) -> list[str]:
    """Each delta record is one argument in uci syntax (its value may span lines)."""
    lexer = Lexer(text)
    lines: list[str] = []
    while not lexer.eof():
        try:
            arg = lexer.next_arg()
            lexer.skip_blank()
            if arg and lexer.at_line_end():
                lines.append(arg)
        except UciError:
            pass
        lexer.skip_line()
    return lines


class Store:
    """One uci context: where configs and deltas live, and the CLI's flags."""

    def __init__(self, confdir: str, savedir: str, extra_delta: list[str] | None = None):
        self.confdir = confdir
        self.savedir = savedir
        self.delta_dirs = [*(extra_delta or []), savedir]
        self.strict = True
        self.name_anonymous = False

    def list_configs(self) -> list[str]:
        if not os.path.isdir(self.confdir):
            raise UciError("NOTFOUND")
        return sorted(
            name
            for name in os.listdir(self.confdir)
            if os.path.isfile(self.path(name)) and "." not in name and model.valid_package(name)
        )

    def path(self, name: str) -> str:
        return os.path.join(self.confdir, name)

    def _read_config(self, name: str) -> Package:
        path = self.path(name)
        if not os.path.isfile(path):
            raise UciError("NOTFOUND")
        try:
            with open(path) as handle:
                text = handle.read()
        except OSError:
            raise UciError("IO") from None
        packages = parse_config(text, name, single=True, strict=self.strict)
        return packages[0]

    def _replay(self, p: Package, keep: bool) -> int:
        count = 0
        for directory in self.delta_dirs:
            path = os.path.join(directory, p.name)
            if not os.path.isfile(path):
                continue
            with open(path) as handle:
                lines = _delta_lines(handle.read())
            for line in lines:
                try:
                    delta = _apply_delta(p, line)
                except (UciError, ValueError):
                    continue
                count += 1
                if keep:
                    p.saved_delta.append(delta)
        return count

    def load(self, name: str) -> Package:
        if not model.valid_package(name):
            raise UciError("PARSE")
        p = self._read_config(name)
        self._replay(p, keep=True)
        return p

    def save(self, p: Package) -> None:
        """uci_save: append the package's new edits to its delta file."""
        if not p.delta:
            return
        if not os.path.isdir(self.savedir):
            if os.path.exists(self.savedir):
                raise UciError("IO")
            os.makedirs(self.savedir, mode=0o700)
        with open(os.path.join(self.savedir, p.name), "a") as handle:
            handle.writelines(delta_line(p.name, d) for d in p.delta)
        p.delta.clear()

    def _write(self, name: str, text: str) -> None:
        """Write beside the file and rename over it, keeping its mode (new files: 0600)."""
        path = self.path(name)
        mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else 0o600
        tmp = os.path.join(self.confdir, f".{name}.uci-{os.getpid()}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, os.path.realpath(path))
        except OSError:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise UciError("IO") from None

    def commit(self, p: Package) -> None:
        """uci_commit: replay the deltas on the file; rewrite only if there were any."""
        self.save(p)
        fresh = self._read_config(p.name)
        if self._replay(fresh, keep=False) == 0:
            return
        self._write(p.name, export_text(fresh, header=False, name_anonymous=self.name_anonymous))
        delta = os.path.join(self.savedir, p.name)
        if os.path.exists(delta):
            with open(delta, "w"):
                pass

    def overwrite(self, p: Package) -> None:
        """Commit of an imported package: the file is replaced, deltas are left alone."""
        self._write(p.name, export_text(p, header=False, name_anonymous=self.name_anonymous))

    def revert(self, name: str, section: str | None, option: str | None) -> None:
        """uci_filter_delta: drop the matching records from the delta file."""
        path = os.path.join(self.savedir, name)
        if not os.path.isfile(path):
            return
        with open(path) as handle:
            lines = _delta_lines(handle.read())
        kept: list[str] = []
        for line in lines:
            cmd = line[:1] if line[:1] in "+-@^|~" and line[:1] else ""
            try:
                ptr = model.parse_ptr(line[len(cmd) :])
            except UciError:
                continue
            if ptr.section is None:
                continue
            match = (section is None or ptr.section == section) and (
                option is None or ptr.option == option
            )
            if not match:
                kept.append(delta_line(name, Delta(cmd, ptr.section, ptr.option, ptr.value)))
        with open(path, "w") as handle:
            handle.write("".join(kept))
