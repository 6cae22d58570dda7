"""What the pipeline finds in a text: people, office roles and organisations, with offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonHit:
    """A name found in a text: character span, printed text, name, kind and role.

    ``evidence`` says why it is a name: ``gazetteer`` (a known person), ``first-name``
    (a known first name and capitalised words), ``context`` (a role word or verb next
    to capitalised words) or ``first-name-only`` (a known person's first name alone).
    """

    start: int
    end: int
    text: str
    name: str
    kind: str  # guest | presenter | mention | absent
    role: str | None = None
    evidence: str = "gazetteer"


@dataclass(frozen=True)
class RoleHit:
    """An office named without a person (``Kommunaldirektøren orienterede ...``)."""

    start: int
    end: int
    text: str
    role: str
    kind: str


@dataclass(frozen=True)
class OrgHit:
    """An organisation found in a text, with its canonical name."""

    start: int
    end: int
    text: str
    name: str


@dataclass(frozen=True)
class TextAnalysis:
    """Everything the pipeline found in one text."""

    people: tuple[PersonHit, ...] = ()
    roles: tuple[RoleHit, ...] = ()
    organisations: tuple[OrgHit, ...] = ()


__all__ = ["OrgHit", "PersonHit", "RoleHit", "TextAnalysis"]
