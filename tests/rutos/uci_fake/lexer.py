"""libuci's tokenizer: the one grammar behind config files, delta files and batch input.

Quoting rules (as parse_str in libuci's file.c): '...' is raw up to the next
quote; "..." honours backslash (which keeps the next character as is); outside
quotes a backslash keeps the next character; a backslash before a newline joins
lines; adjacent pieces concatenate ('a'"b"c is abc); '#' starts a comment and
';' ends a command. Quoted strings may span lines.
"""

from __future__ import annotations

ERRORS = {
    "NOTFOUND": "Entry not found",
    "INVAL": "Invalid argument",
    "PARSE": "Parse error",
    "IO": "I/O error",
    "DUPLICATE": "Duplicate entry",
}

_BLANK = " \t\r\v\f"


class UciError(Exception):
    """An error as libuci reports it: a code, and for parse errors where."""

    def __init__(self, code: str, reason: str | None = None, line: int = 0, byte: int = 0):
        super().__init__(code)
        self.code = code
        self.reason = reason
        self.line = line
        self.byte = byte

    def message(self, prefix: str = "uci") -> str:
        text = f"{prefix}: {ERRORS[self.code]}"
        if self.code == "PARSE" and self.reason:
            text += f" ({self.reason}) at line {self.line}, byte {self.byte}"
        return text


class Lexer:
    """A cursor over a whole input text, handing out arguments command by command."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    # -- position --------------------------------------------------------

    def eof(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def error(self, reason: str) -> UciError:
        line = self.text.count("\n", 0, self.pos) + 1
        start = self.text.rfind("\n", 0, self.pos) + 1
        return UciError("PARSE", reason, line, self.pos - start)

    def skip_blank(self) -> None:
        while self.peek() and self.peek() in _BLANK:
            self.pos += 1

    def skip_line(self) -> None:
        """Move past the end of the current line."""
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def at_line_end(self) -> bool:
        return self.peek() in ("", "\n")

    # -- arguments -------------------------------------------------------

    def _backslash(self, out: list[str]) -> None:
        self.pos += 1  # the backslash itself
        if self.text.startswith("\r\n", self.pos):
            self.pos += 2
        elif self.peek() == "\n":
            self.pos += 1
        elif self.peek():
            out.append(self.peek())
            self.pos += 1

    def _single(self, out: list[str]) -> None:
        end = self.text.find("'", self.pos + 1)
        if end < 0:
            self.pos = len(self.text)
            raise self.error("EOF with unterminated '")
        out.append(self.text[self.pos + 1 : end])
        self.pos = end + 1

    def _double(self, out: list[str]) -> None:
        self.pos += 1
        while True:
            char = self.peek()
            if not char:
                raise self.error('EOF with unterminated "')
            if char == '"':
                self.pos += 1
                return
            if char == "\\":
                self._backslash(out)
                continue
            out.append(char)
            self.pos += 1

    def next_arg(self) -> str | None:
        """The next argument of the current command, or None at its end.

        The end is a newline (left in place), a ';' (consumed) or a comment
        (skipped up to the newline).
        """
        self.skip_blank()
        char = self.peek()
        if char in ("", "\n"):
            return None
        if char == ";":
            self.pos += 1
            return None
        if char == "#":
            end = self.text.find("\n", self.pos)
            self.pos = len(self.text) if end < 0 else end
            return None
        out: list[str] = []
        while True:
            char = self.peek()
            if char == "'":
                self._single(out)
            elif char == '"':
                self._double(out)
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
                break
            elif char in ("", "\n", ";"):
                break
            elif char == "\\":
                self._backslash(out)
            else:
                out.append(char)
                self.pos += 1
            if not self.peek() or self.peek().isspace():
                break
        return "".join(out)

    def word(self) -> str:
        """A raw command word (config/option/...), split on blanks only, no quoting."""
        start = self.pos
        while self.peek() and self.peek() not in " \t\n":
            self.pos += 1
        return self.text[start : self.pos]
