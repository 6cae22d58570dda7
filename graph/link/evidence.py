"""Evidence that ties the steps of one matter together, or keeps two matters apart, without
case numbers: what the titles and the forums' order say.

Minutes without case numbers (or with their numbers hidden) still show the path a matter
takes: the same business goes from a committee to the finance committee to the council, as a
rule within weeks and under much the same title, and the council's item carries the earlier
decisions. Three rules, none tied to one municipality's spelling:

* **The topic of a title** leaves out the forums it is addressed to: a committee's name
  (*Budgetopfølgning 2 (2023) Skole-, Børne- og Ungeudvalget*), *Byrådet*,
  *Kommunalbestyrelsen*. Two titles that share only a committee's name share no topic.
* **Numbers in titles** keep items apart: *Budgetopfølgning 1* and *Budgetopfølgning 2*,
  *Lokalplan nr. 15.24* and *Lokalplan nr. 15.25* are different business however alike the
  rest of the title (years are compared on their own, see ``LinkSettings.p_year_conflict``).
* **The path**: a forum precedes another when the later forum's items carry the earlier
  forum's decisions more often than the other way round (learned per municipality from the
  earlier decisions carried along); without such evidence, the order the Danish local
  government act gives every municipality: a committee, then the finance committee
  (*Økonomiudvalget*), then the council (*Byrådet*, *Kommunalbestyrelsen*). An item under the
  same topic in the next forum of the path, a few weeks later, is the next step.

>>> title_topic("Budgetopfølgning 2 (2023) Skole-, Børne- og Ungeudvalget")
'Budgetopfølgning 2 (2023)'
>>> slots_conflict(title_slots("Budgetopfølgning 1 (2023)"), title_slots("Budgetopfølgning 2"))
True
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from core.text import FUNCTION_WORDS, MONTHS, stem, title_grams
from graph.link.model import LinkItem
from graph.meeting_refs import resolve_date

_LETTER = r"[^\W\d_]"
#: A forum named in a title: a committee (the coordinated words before *...udvalget* included:
#: ``Klima-, Teknik- og Miljøudvalget``, ``Kultur - og Fritidsudvalget``, ``Teknisk Udvalg``) or
#: the council.
FORUM_IN_TITLE_RE = re.compile(
    rf"\b{_LETTER}+\s+udvalg(?:et|ets)?\b"
    rf"|(?:\b{_LETTER}+\s?-,?\s+)*(?:og\s+)?\b{_LETTER}*udvalg(?:et|ets|s|ene)?\b"
    r"|\bbyråd(?:et|ets)?\b|\bkommunalbestyrelsen?s?\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(rf"{_LETTER}+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_YEAR_IN_TITLE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TOPIC_WORD = re.compile(r"\w+")
#: A committee's name: ``...udvalget``, ``Teknisk Udvalg``.
_COMMITTEE = re.compile(r"udvalg(?:et)?\s*$", re.IGNORECASE)
#: A theme session's title: the words that say so, and what joins them to the topic.
_THEME = re.compile(r"\s*tema(?:møde|drøftelse)\b\s*(?:om\b|:|-|–)?\s*", re.IGNORECASE)
#: How alike a theme session's topic and an item's title must be (Greve: of the pairs of one
#: meeting at least this alike, 7 of 9 share a case number, the 2 others one subject by reading).
_THEME_LIKE = 0.8
#: How alike two spellings of a forum's name must be (letters only) to be one name.
_OWN_NAME = 0.85
#: Words between a thing and its number that do not name the thing (``Lokalplan nr. 15.24``).
_NUMBER_WORDS = frozenset({"nr", "no", "pkt", "punkt"})


def title_topic(title: str) -> str:
    """The title without the forums it names (the whole title when nothing else is left).

    >>> title_topic("Møde mellem Sundheds- og Omsorgsudvalget og Greve Seniorråd")
    'Møde mellem og Greve Seniorråd'
    >>> title_topic("Byrådets og Økonomiudvalgets mødekalender for 2023")
    'mødekalender for 2023'
    >>> title_topic("Budgetopfølgning 2 2022, Kultur - og Fritidsudvalget")
    'Budgetopfølgning 2 2022,'
    >>> title_topic("Økonomiudvalget")
    'Økonomiudvalget'
    """
    topic = " ".join(FORUM_IN_TITLE_RE.sub(" ", title).split())
    return topic if any(c.isalnum() for c in topic) else title


def title_slots(title: str) -> dict[str, frozenset[str]]:
    """The numbers of a title other than years, by the word they number (its stem).

    The word is the one before the number (``nr.`` skipped), or the one after it when the
    title starts with the number (``10-årsplan``).

    >>> title_slots("Forslag til Lokalplan nr. 15.24 - Plejecenter i Lunden")
    {'lokalplan': frozenset({'15.24'})}
    >>> title_slots("Budgetopfølgning 3. Klima-, Teknik- og Miljøudvalget")
    {'budgetopfølgning': frozenset({'3'})}
    >>> title_slots("10-årsplan for bygningsoptimering 2024")
    {'^årsplan': frozenset({'10'})}
    """
    low = title.lower()
    slots: dict[str, set[str]] = defaultdict(set)
    for match in _NUMBER.finditer(low):
        value = match.group()
        if _YEAR.match(value):
            continue
        before = [
            w
            for w in _WORD.findall(low[: match.start()])
            if w not in _NUMBER_WORDS and w not in FUNCTION_WORDS
        ]
        if before:
            slot = stem(before[-1])
        else:
            after = [w for w in _WORD.findall(low[match.end() :]) if w not in FUNCTION_WORDS]
            slot = "^" + (stem(after[0]) if after else "")
        slots[slot].add(value)
    return {slot: frozenset(values) for slot, values in slots.items()}


def slots_conflict(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]) -> bool:
    """True when a word is numbered in both titles and the numbers have nothing in common.

    >>> slots_conflict({"lokalplan": frozenset({"15.24"})}, {"lokalplan": frozenset({"15.25"})})
    True
    >>> slots_conflict({"lokalplan": frozenset({"15.24"})}, {"tillæg": frozenset({"2"})})
    False
    """
    return any(slot in b and b[slot].isdisjoint(values) for slot, values in a.items())


@functools.lru_cache(maxsize=1 << 16)
def topic_words(title: str) -> tuple[str, ...]:
    """The words and numbers of a title's topic, lower case, punctuation left out.

    >>> topic_words("Budgetopfølgning 1 (2023) - Økonomiudvalget")
    ('budgetopfølgning', '1', '2023')
    """
    return tuple(_TOPIC_WORD.findall(title_topic(title).lower()))


@functools.lru_cache(maxsize=1 << 16)
def part_words(title: str) -> tuple[str, ...]:
    """The words of a title's topic as parts of one meeting are compared on them: stemmed
    (*Anlægsregnskaber 2024*, *Anlægsregnskab 2024 - IT-hardware på skolerne*), years left
    out (*Budgetopfølgning 0 (2024)*, *Budgetopfølgning 0 - bevillingssag*: different years
    keep two items apart on their own, ``LinkSettings.p_year_conflict``).

    >>> part_words("Anlægsregnskaber 2024") == part_words("Anlægsregnskab 2024")
    True
    >>> part_words("Budgetopfølgning 0 (2024)")
    ('budgetopfølgning', '0')
    """
    return tuple(
        w if w in FUNCTION_WORDS else stem(w) for w in topic_words(title) if not _YEAR.match(w)
    )


def parts_of_one_topic(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when two items of one meeting are parts of one topic: the same topic words, or
    one title the other's whole topic with a qualifier after it (*Budgetopfølgning 1 (2024)*,
    *Budgetopfølgning 1 (2024) - bevillingssag*, *Budgetopfølgning 1 (2024) -
    Økonomiudvalget*). The shorter topic must be a complete name: not cut off after a
    function word (*Dialogmøde med Folkeoplysningsudvalget* is *Dialogmøde med* without the
    committee's name, no topic of its own).

    >>> parts_of_one_topic(topic_words("Budgetopfølgning 1 (2024)"),
    ...                    topic_words("Budgetopfølgning 1 (2024) - bevillingssag"))
    True
    >>> parts_of_one_topic(topic_words("Dialogmøde med Folkeoplysningsudvalget"),
    ...                    topic_words("Dialogmøde med FrivilligCenter Greve"))
    False
    """
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short or tuple(long_[: len(short)]) != tuple(short):
        return False
    return len(short) == len(long_) or short[-1] not in FUNCTION_WORDS


def theme_session(title: str) -> str | None:
    """The topic of a theme session (*Temamøde om X*, *Temamøde: X*, *Temadrøftelse om X*):
    X, or ``None`` for any other title.

    >>> theme_session("Temamøde om pejlemærker til Planstrategi 2023")
    'pejlemærker til Planstrategi 2023'
    >>> theme_session("Pejlemærker til Planstrategi 2023") is None
    True
    """
    match = _THEME.match(title)
    return title[match.end() :] if match and match.end() < len(title) else None


def theme_and_its_item(a: str, b: str) -> bool:
    """True when one title is a theme session on the other's topic: at one meeting, the
    council or committee is briefed on a matter and takes it (*Temamøde - konkurrenceprogram
    for nyt Mosede Fort*, *Mosede Fort - konkurrenceprogram*). The topics are compared as
    titles are (3-grams of their content words), at least ``_THEME_LIKE`` alike.

    >>> theme_and_its_item("Temamøde - konkurrenceprogram for nyt Mosede Fort",
    ...                    "Mosede Fort - konkurrenceprogram")
    True
    >>> theme_and_its_item("Temamøde om anlæg til budget 2025-28", "Budgetopfølgning 1 (2024)")
    False
    """
    theme_a, theme_b = theme_session(a), theme_session(b)
    if (theme_a is None) == (theme_b is None):
        return False
    topic, other = (theme_a, b) if theme_a is not None else (theme_b, a)
    grams, others = title_grams(title_topic(topic or "")), title_grams(title_topic(other))
    if not grams or not others:
        return False
    return 2 * len(grams & others) / (len(grams) + len(others)) >= _THEME_LIKE


@functools.lru_cache(maxsize=1 << 16)
def parallel_committees(a: str, b: str) -> bool:
    """True for two different standing committees of one council (*fagudvalg*): each
    decides its own business, so the same title in both is two cases unless a decision is
    carried from one to the other or one names the other's meeting (or each title names its
    own committee as its part of one topic, :func:`names_own_forum`). The finance committee
    and the council are on the path after them, not beside them; forums that are no
    committee (*Direktionen*, *Strategisk Chefforum*) are not parallel either.

    >>> parallel_committees("Social- og Handicapudvalget", "Skole-, Børne- og Ungeudvalget")
    True
    >>> parallel_committees("Social- og Handicapudvalget", "Økonomiudvalget")
    False
    >>> parallel_committees("Direktionen", "Strategisk Chefforum")
    False
    """
    return a != b and all(_COMMITTEE.search(f) and forum_rank(f) == 0 for f in (a, b))


@functools.lru_cache(maxsize=1 << 16)
def names_own_forum(title: str, forum: str) -> bool:
    """True when the title names the item's own forum, as the part of a topic that every
    committee takes in turn (*Budgetopfølgning 1 (2025) - Beskæftigelses- og
    Erhvervsudvalget*). Spellings vary (*Beskæftigelse- og ...*, *Kultur - og ...*): the
    names are compared letter by letter, nearly equal is enough.

    >>> names_own_forum("Budgetopfølgning 3. Kultur - og Fritidsudvalget",
    ...                 "Kultur- og Fritidsudvalget")
    True
    >>> names_own_forum("Budgetopfølgning 3 (2024)", "Kultur- og Fritidsudvalget")
    False
    """
    own = _letters(forum)
    return any(_one_name(_letters(m.group(0)), own) for m in FORUM_IN_TITLE_RE.finditer(title))


def _one_name(named: str, own: str) -> bool:
    """True when a name in a title is the forum's name: nearly equal letter by letter, or
    the name with a definite or genitive ending (*Byrådet*, *Byrådets* for *Byråd*)."""
    if named.startswith(own) and named[len(own) :] in _ENDINGS:
        return True
    return SequenceMatcher(None, named, own).ratio() >= _OWN_NAME


#: Endings a forum's name takes in a title: definite, genitive, both.
_ENDINGS = frozenset({"", "et", "en", "s", "ets", "ens"})


def own_part(title: str, forum: str) -> tuple[str, ...] | None:
    """The topic of a title that names the item's own forum, as its part of a topic that
    every forum takes in turn (*Budgetopfølgning 1 (2025) - Kultur- og Fritidsudvalget*,
    *Budgetopfølgning 1 (2025) - Økonomiudvalget*), or ``None``: the title's content words,
    forums left out, sorted.

    >>> own_part("Budgetopfølgning 1 (2025) - Økonomiudvalget", "Økonomiudvalget")
    ('1', '2025', 'budgetopfølgning')
    >>> own_part("Budgetopfølgning 1 (2025)", "Økonomiudvalget") is None
    True
    """
    if not FORUM_IN_TITLE_RE.search(title) or not names_own_forum(title, forum):
        return None
    return tuple(sorted(w for w in topic_words(title) if w not in FUNCTION_WORDS))


def next_year_part(title: str, forum: str, date: str) -> tuple[str, ...] | None:
    """The topic of a forum's own part of next year's business, or ``None``: the title names
    the item's own forum (:func:`own_part`) and only years after the meeting's
    (*Mødekalender 2024 for Kultur- og Fritidsudvalget*, in September 2023). Each committee,
    the finance committee and the council take their part of one case for the coming year in
    turn (Greve's meeting calendars: one number a year over every forum); an item on the
    year under way (*... mødekalender 2024*, in 2024) is the forum's routine, not its part.

    >>> next_year_part("Mødekalender 2024 for Kultur- og Fritidsudvalget",
    ...                "Kultur- og Fritidsudvalget", "2023-09-13")
    ('2024', 'mødekalender')
    >>> next_year_part("Mødekalender for Byrådet og Økonomiudvalget i 2024", "Byråd", "2023-09-04")
    ('2024', 'mødekalender')
    >>> next_year_part("Kultur- og Fritidsudvalgets mødekalender 2024",
    ...                "Kultur- og Fritidsudvalget", "2024-03-06") is None
    True
    """
    years = _YEAR_IN_TITLE.findall(title)
    if not years or min(int(y) for y in years) <= int(date[:4]):
        return None
    return own_part(title, forum)


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
#: A date in running text: ``20. juni 2022``, ``3. feb.``, ``20-06-2022``, ``20/6/2022``.
_DATE_IN_TEXT = re.compile(
    rf"(?<!\d)(\d{{1,2}})\.\s*({_MONTH_WORDS})\b\.?(?:\s+((?:19|20)\d\d))?"
    r"|(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
#: How far before a date a forum's name may stand to say the date is that forum's meeting
#: (*Byrådet godkendte den 20. juni 2022*, *Social- og Handicapudvalget behandlede på sit
#: møde den ...*).
_FORUM_BEFORE_DATE = 100


def forum_word(forum: str) -> str:
    """The word a text names a forum by, in any inflection: its first word, lower case,
    letters only, a definite ending cut (*Byrådet*, *Økonomiudvalgets*).

    >>> [forum_word(f) for f in ("Byråd", "Økonomiudvalget", "Klima-, Teknik- og Miljøudvalget")]
    ['byråd', 'økonomiudvalg', 'klima']
    """
    first = _letters(forum.split()[0]) if forum.split() else ""
    return first[:-2] if len(first) > 6 and first.endswith(("et", "en")) else first


def dated_forums(text: str, near: str, forums: Sequence[str]) -> frozenset[tuple[str, str]]:
    """``(forum, ISO date)`` for each date in ``text`` that one of ``forums`` is named just
    before (within 100 characters, :func:`forum_word`): the meetings the text names, however
    the sentence runs (*Byrådet godkendte den 20. juni 2022 en tiårig rækkefølgeplan*). A
    date without a year is the one nearest ``near``.

    >>> sorted(dated_forums("Byrådet godkendte den 20. juni 2022 en tiårig plan.",
    ...                     "2023-04-25", ["Byråd", "Økonomiudvalget"]))
    [('Byråd', '2022-06-20')]
    >>> dated_forums("Planen gælder fra 1. januar 2024.", "2023-04-25", ["Byråd"])
    frozenset()
    """
    words = [(forum, forum_word(forum)) for forum in forums]
    found: set[tuple[str, str]] = set()
    for m in _DATE_IN_TEXT.finditer(text):
        if m.group(1):
            day, month = int(m.group(1)), MONTHS[m.group(2).lower()]
            year = int(m.group(3)) if m.group(3) else None
        else:
            day, month, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if not 1 <= month <= 12:
            continue
        date = resolve_date(day, month, year, near)
        if date is None:
            continue
        before = text[max(0, m.start() - _FORUM_BEFORE_DATE) : m.start()].lower()
        found.update((forum, date) for forum, word in words if word and word in before)
    return frozenset(found)


#: What may stand beside the forums' names in a procedure line: separators, *og*, and
#: capitalised words (a name's first part written without its hyphen: *Kultur og
#: Fritidsudvalget.*).
_PROCEDURE_FILLER = re.compile(r"^(?:[\s,.;&]|\bog\b|\b[A-ZÆØÅ]\w*)*$")
_PROCEDURE_HEAD = re.compile(r"^\s*sagsprocedure\s*:?\s*", re.IGNORECASE)


def procedure_line(text: str) -> str | None:
    r"""The line near an item's start that names the forums its case goes through (Greve's
    *Sagsprocedure*: ``Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.``, under
    that heading or as a paragraph of forum names alone after the decision), or ``None``.

    >>> procedure_line("Anbefales.\n\nSagsprocedure\nKultur- og Fritidsudvalget.\nResume\n...")
    'Kultur- og Fritidsudvalget.'
    >>> procedure_line("Godkendt.\n\nKlima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.")
    'Klima-, Teknik- og Miljøudvalget, Økonomiudvalget og Byrådet.'
    >>> procedure_line("Taget til efterretning.\n\nByrådet har den 3. maj besluttet ...") is None
    True
    """
    head = text[:_PROCEDURE_CHARS]
    lines = [line.strip() for line in head.split("\n") if line.strip()][:12]
    for k, line in enumerate(lines):
        found = _PROCEDURE_HEAD.match(line)
        if found:
            rest = line[found.end() :] or (lines[k + 1] if k + 1 < len(lines) else "")
            return rest if FORUM_IN_TITLE_RE.search(rest) else None
    # Without the heading: a paragraph of forum names alone, after the decision (which may
    # run over several lines).
    for block in head.split("\n\n")[:4]:
        block = block.strip()
        if (
            len(block) <= 200
            and FORUM_IN_TITLE_RE.search(block)
            and _PROCEDURE_FILLER.match(FORUM_IN_TITLE_RE.sub("", block))
        ):
            return block
    return None


def ends_in_own_forum(text: str, forum: str) -> bool:
    r"""True when the item's procedure line names its own forum alone: a case of the forum's
    own business, sent on to no other forum.

    >>> ends_in_own_forum("Drøftet.\n\nKultur og Fritidsudvalget.\n", "Kultur- og Fritidsudvalget")
    True
    >>> ends_in_own_forum("Anbefales.\n\nKultur- og Fritidsudvalget, Økonomiudvalget og Byrådet.",
    ...                   "Kultur- og Fritidsudvalget")
    False
    >>> ends_in_own_forum("Godkendt.\n\nSagsprocedure\nByrådet.\n", "Byråd")
    True
    """
    return _ends_in_own_forum(text[:_PROCEDURE_CHARS], forum)


#: How far into an item's text its procedure line is looked for.
_PROCEDURE_CHARS = 3000


@functools.lru_cache(maxsize=1 << 12)
def _ends_in_own_forum(head: str, forum: str) -> bool:
    line = procedure_line(head)
    return line is not None and _one_name(_letters(line), _letters(forum))


def named_meetings(
    items: Sequence[LinkItem], dated: Sequence[frozenset[tuple[str, str]]]
) -> list[frozenset[str]]:
    """The meetings each item names: those its text mentions, those whose decisions it
    carries, and the meetings of the partition that its text names by forum and date
    (:func:`dated_forums`; *Byrådet besluttede på møde den 30. januar 2023*), its own
    meeting left out of the last. A meeting named by date must be held: a seminar's date
    (*Byrådets Budget- og Visionsseminar den 4. og 5. marts*) is no meeting.

    >>> items = [LinkItem("a", "m1", "Byråd", "2023-01-30", 1, "T"),
    ...          LinkItem("b", "m2", "Kulturudvalget", "2023-04-25", 2, "T")]
    >>> named_meetings(items, [frozenset(), frozenset({("Byråd", "2023-01-30")})])
    [frozenset(), frozenset({'m1'})]
    """
    held = {(it.forum, it.date): it.meeting for it in items}
    found = []
    for it, refs in zip(items, dated, strict=True):
        by_date = {held[ref] for ref in refs if ref in held} - {it.meeting}
        found.append(frozenset({*it.mentions, *(m for m, _ in it.earlier), *by_date}))
    return found


def _letters(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalpha())


def forum_rank(forum: str) -> int:
    """The place of a forum on the path the local government act gives: a committee (0), the
    finance committee (1), the council (2).

    >>> [forum_rank(f) for f in ("Plan- og Tryghedsudvalget", "Økonomiudvalget", "Byråd")]
    [0, 1, 2]
    """
    low = forum.lower()
    if low.startswith(("byråd", "kommunalbestyrelse", "borgerrepræsentation")) or low.endswith(
        ("byråd", "byrådet")
    ):
        return 2
    if low.startswith("økonomiudvalg") or low.startswith("magistrat"):
        return 1
    return 0


#: A forum precedes another when the later one carries its decisions this many times, and
#: this many times as often as the other way round.
_PATH_MIN = 3
_PATH_RATIO = 3


class ForumPath:
    """Which forum precedes which, per municipality: learned from the earlier decisions the
    items carry, else :func:`forum_rank`.

    >>> items = [LinkItem(f"c{d}", f"mc{d}", "Kulturudvalget", f"2024-0{d}-01", 1, "T")
    ...          for d in range(1, 5)]
    >>> items += [LinkItem(f"b{d}", f"mb{d}", "Byråd", f"2024-0{d}-20", 1, "T",
    ...                    earlier=((f"mc{d}", None),)) for d in range(1, 5)]
    >>> path = ForumPath(items)
    >>> path.precedes(None, "Kulturudvalget", "Byråd")
    True
    >>> path.precedes(None, "Byråd", "Kulturudvalget")
    False
    """

    def __init__(self, items: Sequence[LinkItem]) -> None:
        forum_of = {it.meeting: it.forum for it in items}
        self.carried: Counter[tuple[str | None, str, str]] = Counter()
        for it in items:
            for meeting, _ in it.earlier:
                earlier = forum_of.get(meeting)
                if earlier is not None and earlier != it.forum:
                    self.carried[(it.municipality, earlier, it.forum)] += 1

    def precedes(self, town: str | None, a: str, b: str) -> bool:
        """True when forum ``a`` comes before forum ``b`` on a matter's path."""
        if a == b:
            return False
        ab, ba = self.carried[(town, a, b)], self.carried[(town, b, a)]
        if ab >= _PATH_MIN or ba >= _PATH_MIN:
            return ab >= _PATH_MIN and ab >= _PATH_RATIO * ba
        return forum_rank(a) < forum_rank(b)
