"""What casegraph prints to a terminal: document text without the escape sequences and
control characters that would act on the terminal (the data and ``--json`` keep them)."""

from __future__ import annotations

import json
import re
from typing import Any

import click

__all__ = ["echo", "echo_json", "terminal_text"]

# Escape sequences (CSI, OSC such as ESC]0 title changes and OSC-8 links, and two-byte ones)
# and every other control character but tab and newline: document text must not act on the
# terminal it is printed to.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, ended by BEL or ST
    r"|\x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, PM, APC, SOS strings
    r"|\x1b.?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # CSI as one C1 character
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# A file name that is not UTF-8 comes to Python as lone surrogates (PEP 383), which no
# encoding can print: JSON escapes them, text shows U+FFFD.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_C1_OR_SURROGATE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """``text`` without escape sequences and control characters (tab and newline stay).

    >>> terminal_text("Budget\\x1b]0;pwned\\x07 2021\\x1b[2J\\x9b31m!\\x07")
    'Budget 2021!'
    >>> terminal_text("\\x1b]8;;http://x\\x1b\\\\link\\x1b]8;;\\x1b\\\\ text")
    'link text'
    >>> terminal_text("latin-1-\\udce6.txt")
    'latin-1-\ufffd.txt'
    """
    return _SURROGATES.sub("\ufffd", _ESCAPES.sub("", text))


def echo(text: str, *, err: bool = False) -> None:
    """Print readable text, without anything that would act on the terminal."""
    click.echo(terminal_text(text), err=err)


def echo_json(data: Any) -> None:
    """Print ``data`` as JSON. JSON escapes control characters itself, except DEL and the C1
    range (a terminal may obey U+009B as an escape) and lone surrogates (a file name that is
    not UTF-8), which are escaped here."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(_C1_OR_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
