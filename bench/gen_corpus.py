"""Synthetic municipal minutes with known matters, calibrated on Greve Kommune 2022-2025.

Every distribution below is measured on Greve's real minutes by ``bench/greve_stats.py``
(368 meetings, 5,495 items; the numbers are in ``BENCHMARKS.md``, *What real minutes
contain*) and is a field of :class:`Calibration`, named after what it models. A
municipality has seven committees (``U``), Økonomiudvalget (``ØU``) and the council
(``BR``), meeting in monthly cycles (committees in the first week, ØU the second, the council
the third), and everything that makes linking hard in Greve is in it:

* **routine items** in every meeting (*Godkendelse af dagsorden*, *Underskriftsark*,
  *Huskeliste og orientering fra administrationen*, ...), 30 % of all items, each title
  with its forum's own **standing number**, kept for years, sometimes printed with a small
  variant; routine items are matters of one item each (linking two is wrong);
* **matters** whose steps follow Greve's paths (``U → ØU → BR`` most often, then
  ``ØU → BR``, committees in parallel ``U → U``, two rounds ``U → ØU → BR → U → ØU → BR``,
  and half of all matters a single item) with Greve's days between steps;
* **titles that drift** (73 % of steps keep the title, about one in ten is renamed outright)
  and texts copied from the previous step or rewritten;
* **yearly recurrences**: the same title every year with a new number each year, and the
  budget follow-ups that go through every committee at once (*Budgetopfølgning 2 (2024) -
  Kultur- og Fritidsudvalget*) under one number;
* **umbrella numbers**: one number on several unrelated matters (18 items, 6-7 titles);
* items **without a number** (1.3 % of ordinary items; in 23 % of meetings the routine items
  carry none) and earlier decisions carried along, as often as Greve's steps of the same
  kind carry them (committee → ØU 90 %, ØU → council 88 %, committee → committee 46 %, the
  same forum again 10 %).

Output: ``--format text`` writes one minutes file per meeting in the seed layout (as
``examples/nordfyns/000_*.txt``) plus ``truth.jsonl``; ``--format records`` writes
``documents.jsonl`` (records, see ``core.records.to_dict``) plus ``truth.jsonl``. The
truth maps each item key to its matter id; a routine item is ``null``: a matter of its own,
never the same matter as another item (``bench/link.py`` scores it both ways).

>>> corpus = generate(3000, seed=1)
>>> 2500 <= sum(len(d.meeting.items) for d in corpus.documents) <= 3500
True
>>> len(corpus.truth) == sum(len(d.meeting.items) for d in corpus.documents)
True
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import json
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.records import (
    AgendaItem,
    Document,
    EarlierDecision,
    Meeting,
    Section,
    Source,
    to_dict,
)

#: Greve's seven committees and, as weights, how many ordinary items each held in 2022-2025.
COMMITTEES = (
    ("Beskæftigelses- og Erhvervsudvalget", 181),
    ("Klima-, Teknik- og Miljøudvalget", 597),
    ("Kultur- og Fritidsudvalget", 283),
    ("Plan- og Tryghedsudvalget", 270),
    ("Skole-, Børne- og Ungeudvalget", 279),
    ("Social- og Handicapudvalget", 160),
    ("Sundheds- og Omsorgsudvalget", 293),
)
FINANCE = "Økonomiudvalget"
COUNCIL = "Byrådet"
#: Routine titles of each kind of forum and the share of its meetings that hold each one
#: (Greve: *Underskriftsark* in every meeting, *Henvendelser til formanden* in half ...).
ROUTINE = {
    "U": (
        ("Godkendelse af dagsorden", 0.97),
        ("Underskriftsark", 0.98),
        ("Huskeliste og orientering fra administrationen", 0.85),
        ("Orientering fra formanden/gensidig orientering", 0.85),
        ("Henvendelser til formanden", 0.5),
        # A committee's calendar, on 54-97 % of its meetings in Greve (mean 72 %) under one
        # number for years; its title names the year, so each year's title alone is rarer.
        ("{forum} - mødekalender {year}", 0.72),
    ),
    "ØU": (
        ("Underskriftsark", 1.0),
        ("Godkendelse af dagsorden", 0.95),
        ("Huskeliste og orientering fra administrationen", 0.6),
        ("Orientering fra borgmesteren/gensidig orientering", 0.6),
    ),
    "BR": (
        ("Underskriftsark", 1.0),
        ("Godkendelse af dagsorden", 0.98),
        ("Orientering fra administrationen", 0.8),
        ("Orientering", 0.8),
        ("Borgmesteren orienterer", 0.76),
        ("Spørgetid", 0.7),
    ),
}
#: The paths matters took in Greve (roles of the forums of a case number's items in date
#: order) and how many numbers took each; a single ``U`` is a matter of one committee item.
PATHS = (
    ("U", 693),
    ("BR", 78),
    ("ØU", 33),
    ("U ØU BR", 241),
    ("ØU BR", 130),
    ("U U", 82),
    ("U U ØU BR", 51),
    ("U U U", 17),
    ("U ØU", 16),
    ("ØU BR ØU BR", 16),
    ("U U U ØU BR", 15),
    ("U ØU BR U ØU BR", 14),
    ("U U U U", 9),
    ("ØU ØU BR", 8),
    ("BR ØU", 6),
    ("BR U ØU", 5),
    ("BR BR", 4),
    ("U ØU BR U", 4),
    ("U U U U U", 4),
    ("U U U U ØU BR", 4),
)
ORDER = {"U": 0, "ØU": 1, "BR": 2}


@dataclass(frozen=True)
class Calibration:
    """What the generator draws from; every default is measured on Greve 2022-2025
    (``bench/greve_stats.py``) unless it says otherwise."""

    #: Items a municipality holds a year (Greve: 5,495 items in 3.8 years).
    items_per_year: int = 1450
    #: Years of minutes per municipality at large sizes (one municipality per ten years).
    years_per_municipality: float = 10.0
    #: Months with a meeting cycle (Greve: no meetings in July).
    cycle_months: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)
    #: Share of cycles a committee meets in (Greve: 9.3-11.9 meetings a year, mean 10.2).
    committee_meets: float = 0.93
    #: Extra Økonomiudvalget meetings a year beyond one a cycle (Greve: 14.4 a year).
    finance_extra_meetings: int = 3
    #: Days from the cycle's Monday to each kind of meeting: committees in the first week
    #: (Greve: parallel committees median 1 day apart), ØU after two weeks (committee →
    #: ØU median 13 days), the council nine days later (ØU → BR median 9 days).
    finance_day: int = 14
    council_day: int = 23
    #: Share of committee → ØU steps that wait a cycle longer (Greve: q90 of committee → ØU
    #: is 21 days, of ØU → BR 14 days).
    late_step: float = 0.07
    #: Median days before a matter comes back to a forum it has passed (same forum
    #: median 35 days, BR → U median 82, with a long tail: q90 238-337).
    return_median_days: float = 60.0
    #: Share of a routine title's items printed with a small variant (Greve: 1.9 variants
    #: per routine title, *Godkendelse af dagsorden.*, *Huskeliste/ orientering ...*).
    routine_variant: float = 0.04
    #: Share of meetings whose routine items carry no number (Greve: 23 % of routine items).
    routine_without_number: float = 0.23
    #: Share of ordinary items without a number (Greve: 1.3 %).
    ordinary_without_number: float = 0.013
    #: Share of steps with the previous step's title (Greve: 72.6 %), and renamed outright
    #: (title words in common with the previous step under 0.2: Greve about 15 %).
    same_title: float = 0.77
    renamed: float = 0.12
    #: Share of steps whose text is the previous step's (Greve: 60 % of consecutive steps
    #: share over 90 % of their words; the rest 0-55 %).
    text_copied: float = 0.6
    #: Share of steps that carry the previous step's decision, by kind of step (the roles of
    #: the two forums, or ``same forum``). Greve 2022-2025, steps of a case number's chain
    #: (``bench/greve_stats.py``, *earlier_decision_by_step*, the share carrying a decision of
    #: the previous step's own meeting): committee → committee 125 of 273 (46 %), committee →
    #: ØU 412/456 (90 %), ØU → BR 552/628 (88 %), committee → BR 8/10, ØU → committee 3/9,
    #: BR → committee 3/90 (3 %), BR → ØU 1/38 (3 %), the same forum again 29/279 (10 %).
    #: Committees side by side are drawn at 75 % a step of the path: the same script counts
    #: steps in date order, where they meet within days of each other in any order and a
    #: chain of three is not two steps of the path; at 75 % it measures 47-49 % on 5,500
    #: generated items (seeds 1 and 2), against Greve's 46 %.
    earlier_decision_by_step: tuple[tuple[str, float], ...] = (
        ("U→U", 0.75),
        ("U→ØU", 0.904),
        ("ØU→BR", 0.879),
        ("U→BR", 0.8),
        ("ØU→U", 0.333),
        ("BR→U", 0.033),
        ("BR→ØU", 0.026),
        ("same forum", 0.104),
    )
    #: Any other kind of step (Greve: 1,133 of all 1,783 steps, 64 %; it was 26 % for every
    #: step before the shares were measured by kind).
    earlier_decision: float = 0.635
    #: Yearly series per municipality (same title each year, a new number each year) and the
    #: share of years each recurs in (Greve: 92 titles in 2+ years, 523 items).
    yearly_series: int = 35
    yearly_recurs: float = 0.75
    #: Share of yearly titles that name their year (*Boligprogram 2024*), not just repeat.
    yearly_names_year: float = 0.6
    #: Budget follow-ups a year, each through every committee at once, then ØU and BR; share
    #: of rounds whose committee items share the round's number (Greve: 3 a year, some
    #: rounds one number, others a number per committee).
    budget_followups: tuple[int, ...] = (4, 8, 10)
    followup_one_number: float = 0.5
    #: Umbrella numbers a year (one number on several unrelated matters: Greve 26 numbers
    #: in 3.8 years, 477 items, 6.5 titles each) and matters under each.
    umbrella_per_year: int = 10
    umbrella_matters: tuple[int, int] = (4, 10)
    #: Batches an umbrella's matters come in: matters of one batch start in the same meeting
    #: and go the same way. Greve's numbers on more than 12 ordinary items whose titles are
    #: unrelated (14 of 26) all have unlike items in one meeting (1-7 such meetings); the
    #: other 12 are one long matter (*Renovering af Tune Skole*) or a routine item.
    umbrella_batches: tuple[int, int] = (1, 4)
    #: Share of an umbrella's matters beyond two a batch that come alone (Greve: such a
    #: number's items lie in 3-31 meetings, median 10; chosen to match that).
    umbrella_alone: float = 0.5
    #: Sentences of an item's new text, about 15 words each (Greve: 585 words an item on
    #: average; the linker reads the first 4,000 characters, and shorter texts keep a
    #: 1M-item corpus in memory: chosen, not measured).
    text_sentences: tuple[int, int] = (4, 8)


GREVE = Calibration()

ROOTS = (
    "regnings skole affalds dagtilbuds ældre bolig vej trafik klima energi borger personale "
    "løn digitaliserings sundheds rehabiliterings beskæftigelses integrations kultur idræts "
    "biblioteks havne vand spildevands natur lokalplan indkøbs udbuds ejendoms bygnings "
    "anlægs rengørings kantine frivilligheds handicap psykiatri misbrugs forebyggelses "
    "erhvervs turisme landdistrikts cykelsti kollektiv byudviklings hjemmepleje plejehjems "
    "sygefraværs rekrutterings elev ungdoms tandpleje familie børne myndigheds it-sikkerheds "
    "data arkiv kommunikations hjemmeside ledelses kompetence arbejdsmiljø beredskabs vinter "
    "park grønne kyst strand skov jord grundvands fjernvarme trygheds"
).split()
TAILS = (
    "betaling struktur sortering strategi politik plan model analyse projekt ordning tilsyn "
    "handleplan indsats aftale evaluering udbud renovering pulje regulativ takster samarbejde "
    "organisering område center tilbud kapacitet normering visitation opfølgning program "
    "rammer vision kontrakt proces"
).split()
PLACES = (
    "Greve Tune Karlslunde Hundige Mosede Kildebrønde Damager Hedelykke Krogård Tjørnely "
    "Holmeager Arena Portalen Strandlund Lillevang Olsbæk Gersager Rønnebær Ventrup Tunehallerne "
    "Hundige Havn Mosede Fort Karlslunde Strand Greve Nord Greve Midt Tune Landsby"
).split()
FIRST = (
    "Pernille Søren Åse Henrik Mette Jesper Judith Louise Morten Gitte Karsten Vicki Kia Peter "
    "Ann Tina Ole Ditte Charlotte Lars Hanne Rasmus Birgit Jens Pia Anders Lone Niels Susanne"
).split()
LAST = (
    "Hansen Nielsen Beck Petersen Pedersen Poulsen Rasmussen Clemmensen Torp Lund Astrup "
    "Jensen Vett Thomassen Jakobsen Madsen Kristensen Larsen Sørensen Andersen Møller Holm"
).split()
PREFIXES = (
    "Forslag til ",
    "Godkendelse af ",
    "Orientering om ",
    "Status på ",
    "Opfølgning på ",
    "Endelig vedtagelse af ",
    "Temadrøftelse om ",
    "Revision af ",
)
QUALIFIERS = (
    " - anlægsbevilling",
    " - godkendelse",
    " - orientering",
    " - status",
    " - høring",
    " - endelig vedtagelse",
    ", ekstra bevilling",
    " - frigivelse af midler",
    " - opfølgning",
)
YEARLY = (
    "Årsberetning {year} - {subject}",
    "{subject} - regnskab {year}",
    "{subject} - budget {year}",
    "Takster {year} for {subject}",
    "Tilsyn med {subject} {year}",
    "Kvalitetsrapport for {subject} {year}",
)
FILLER_WORDS = (
    "kommunen borgerne organisationen medarbejdere ledere område opgaven løsningen "
    "processen arbejdet indsatsen fokus behov ressourcer økonomi budgettet tidsplan "
    "samarbejde udvikling kvalitet drift effekt mål resultater input erfaringer"
).split()
BOILERPLATE = (
    "Administrationen indstiller, at sagen godkendes.",
    "Sagen forelægges til orientering.",
    "Der henvises til vedlagte bilag.",
    "Sagen har ingen økonomiske konsekvenser.",
    "Udgiften afholdes inden for den eksisterende ramme.",
    "Der er behov for en drøftelse af den videre proces.",
)
DECISIONS = {
    "U": (
        ("Anbefales.", "referred"),
        ("Godkendt.", "approved"),
        ("Taget til efterretning.", "noted"),
    ),
    "ØU": (("Anbefales over for Byrådet.", "referred"), ("Godkendt.", "approved")),
    "BR": (("Godkendt.", "approved"), ("Taget til efterretning.", "noted")),
}
MONTH_NAMES = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()
WEEKDAYS = "Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag".split()
START_TIME = {"U": "08:00", "ØU": "16:00", "BR": "18:00"}
# Words of the municipal trade that many unrelated items share (each in a few per cent).
DOMAIN = tuple(
    sorted({r + t for r in ROOTS[::2] for t in TAILS[::3]} | {r.rstrip("s") for r in ROOTS})
)


@dataclass
class Step:
    matter: str
    title: str
    text: str
    case_number: str | None
    decision: str
    outcome: str
    earlier: list[EarlierDecision] = field(default_factory=list)


@dataclass
class MeetingPlan:
    forum: str  # the name as printed (with the municipality's suffix when there are many)
    role: str
    date: dt.date
    routine: list[tuple[str, str]] = field(default_factory=list)  # (title, standing key)
    steps: list[Step] = field(default_factory=list)


@dataclass
class Corpus:
    documents: list[Document]
    truth: dict[str, str | None]  # item key -> matter id (None: a routine item, alone)


def role_of(forum: str) -> str:
    return "BR" if forum == COUNCIL else "ØU" if forum == FINANCE else "U"


class _Municipality:
    """One municipality's calendar, numbers and matters."""

    def __init__(
        self,
        rng: random.Random,
        cal: Calibration,
        index: int,
        start: dt.date,
        days: int,
        many: bool,
    ) -> None:
        self.rng = rng
        self.cal = cal
        self.index = index
        self.name = f"Kommune {index:03d}"
        self.suffix = f" {index:03d}" if many else ""
        self.start = start
        self.end = start + dt.timedelta(days=days)
        self.serial: dict[int, int] = {}
        self.standing: dict[tuple[str, str], str] = {}
        self.committees = [c for c, _ in COMMITTEES]
        self.weights = [w for _, w in COMMITTEES]
        self.calendar: dict[str, list[MeetingPlan]] = {}
        self.dates: dict[str, list[dt.date]] = {}
        self._build_calendar()
        self.matter_no = 0

    def number(self, when: dt.date) -> str:
        """A new case number in Greve's form: the year, then a running number (``24-000963``)."""
        year = when.year
        self.serial[year] = self.serial.get(year, self.rng.randint(100, 3000)) + self.rng.randint(
            1, 9
        )
        return f"{year % 100:02d}-{self.serial[year]:06d}"

    def standing_number(self, forum: str, title: str) -> str:
        """The forum's own number for a routine title, opened the year before the minutes."""
        key = (forum, title)
        if key not in self.standing:
            self.standing[key] = self.number(dt.date(self.start.year - 1, 12, 1))
        return self.standing[key]

    def _build_calendar(self) -> None:
        rng, cal = self.rng, self.cal
        meetings: dict[str, list[dt.date]] = {f: [] for f in (*self.committees, FINANCE, COUNCIL)}
        for year in range(self.start.year, self.end.year + 1):
            extra = set(rng.sample(cal.cycle_months, k=min(cal.finance_extra_meetings, 11)))
            for month in cal.cycle_months:
                first = dt.date(year, month, 1)
                monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
                for n, committee in enumerate(self.committees):
                    if rng.random() < cal.committee_meets:
                        meetings[committee].append(monday + dt.timedelta(days=n % 5))
                meetings[FINANCE].append(monday + dt.timedelta(days=cal.finance_day))
                if month in extra:
                    meetings[FINANCE].append(monday + dt.timedelta(days=cal.finance_day + 14))
                meetings[COUNCIL].append(monday + dt.timedelta(days=cal.council_day + 2))
        for forum, dates in meetings.items():
            dates = sorted(d for d in dates if self.start <= d < self.end)
            role = role_of(forum)
            plans = []
            for d in dates:
                plan = MeetingPlan(forum + self.suffix, role, d)
                for title, share in ROUTINE[role]:
                    if rng.random() < share:
                        printed = title.format(forum=forum, year=d.year + (d.month >= 10))
                        plan.routine.append(
                            (self._variant(printed), title.format(forum=forum, year=""))
                        )
                plans.append(plan)
            self.calendar[forum] = plans
            self.dates[forum] = dates

    def _variant(self, title: str) -> str:
        """Now and then a routine title as it is sometimes printed: a full stop, a slash."""
        if self.rng.random() >= self.cal.routine_variant:
            return title
        if "/" in title:
            return title.replace("/", self.rng.choice(("/ ", " og ", " / ")))
        return title + "."

    def meeting(self, forum: str, after: dt.date, strict: bool = True) -> MeetingPlan | None:
        """The first meeting of ``forum`` after ``after`` (on or after, unless ``strict``)."""
        dates = self.dates[forum]
        n = (bisect.bisect_right if strict else bisect.bisect_left)(dates, after)
        return self.calendar[forum][n] if n < len(dates) else None

    def near(self, forum: str, when: dt.date) -> MeetingPlan | None:
        """The meeting of ``forum`` in the cycle of ``when`` (committees meet the same week)."""
        dates = self.dates[forum]
        n = bisect.bisect_left(dates, when - dt.timedelta(days=4))
        if n < len(dates) and dates[n] <= when + dt.timedelta(days=6):
            return self.calendar[forum][n]
        return self.meeting(forum, when)

    def new_matter(self) -> str:
        self.matter_no += 1
        return f"{self.index:03d}-{self.matter_no}"


def _topic(rng: random.Random) -> tuple[str, list[str]]:
    """A matter's subject phrase and its own vocabulary."""
    first = rng.choice(ROOTS) + rng.choice(TAILS)
    words = [first]
    subject = first.capitalize()
    r = rng.random()
    if r < 0.35:
        place = rng.choice(PLACES)
        subject += f" i {place}"
        words.append(place.lower())
    elif r < 0.6:
        second = rng.choice(ROOTS) + rng.choice(TAILS)
        subject += f" og {second}"
        words.append(second)
    vocab = words + [rng.choice(ROOTS) + rng.choice(TAILS) for _ in range(6)]
    vocab += [rng.choice(PLACES).lower() for _ in range(2)]
    return subject, vocab


def _drift(rng: random.Random, subject: str) -> str:
    """A title on the same subject with another prefix or qualifier, or an inflection."""
    words = subject.split(" ")
    if rng.random() < 0.3:
        words[0] = words[0] + rng.choice(("en", "er", "et", "s"))
    phrase = " ".join(words)
    r = rng.random()
    if r < 0.4:
        phrase = rng.choice(PREFIXES) + phrase[0].lower() + phrase[1:]
    elif r < 0.8:
        phrase += rng.choice(QUALIFIERS)
    else:
        phrase = rng.choice(PREFIXES) + phrase[0].lower() + phrase[1:] + rng.choice(QUALIFIERS)
    return phrase[0].upper() + phrase[1:]


def _text(rng: random.Random, cal: Calibration, vocab: list[str], previous: str | None) -> str:
    """An item's text: the previous step's as it was (the same case text sent on), or some of
    its sentences with new ones on the matter's vocabulary and words of the trade."""
    if previous and rng.random() < cal.text_copied:
        return previous
    sentences = []
    if previous:
        old = previous.split(". ")
        sentences += rng.sample(old, k=max(1, int(len(old) * rng.uniform(0.0, 0.5))))
    for _ in range(rng.randint(*cal.text_sentences)):
        words = rng.sample(vocab, k=min(len(vocab), rng.randint(1, 3)))
        words += rng.sample(DOMAIN, k=rng.randint(1, 3))
        filler = rng.sample(FILLER_WORDS, k=4)
        sentences.append(
            f"Der arbejdes med {words[0]} og {filler[0]}, så {filler[1]} og "
            f"{' '.join(words[1:])} understøtter {filler[2]} i {filler[3]}"
        )
    sentences.append(rng.choice(BOILERPLATE).rstrip("."))
    rng.shuffle(sentences)
    return ". ".join(sentences) + "."


def _path(rng: random.Random) -> list[str]:
    names = [p for p, _ in PATHS]
    return rng.choices(names, weights=[w for _, w in PATHS])[0].split()


def _forum_of(muni: _Municipality, role: str, home: str) -> str:
    return home if role == "U" else FINANCE if role == "ØU" else COUNCIL


def _add_step(
    muni: _Municipality,
    plan: MeetingPlan,
    mid: str,
    title: str,
    text: str,
    number: str | None,
    previous: tuple[MeetingPlan, Step] | None,
    side: Sequence[tuple[MeetingPlan, Step]] = (),
) -> Step:
    """A matter's step in ``plan``; as often as Greve's steps of its kind, it carries the
    previous step's decision and those of the committees ``side`` by side before it (the
    finance committee's item carries every committee's). Of two committees side by side, the
    one meeting later carries the other's decision."""
    rng, cal = muni.rng, muni.cal
    if number is not None and rng.random() < cal.ordinary_without_number:
        number = None
    decision, outcome = rng.choice(DECISIONS[plan.role])
    step = Step(mid, title, text, number, decision, outcome)
    if previous is not None and rng.random() < _carried_share(cal, previous[0], plan):
        for prev_plan, prev_step in (*side, previous):
            if prev_plan.date <= plan.date:
                step.earlier.append(_decision_of(prev_plan, prev_step))
            else:
                prev_step.earlier.append(_decision_of(plan, step))
    plan.steps.append(step)
    return step


def _decision_of(plan: MeetingPlan, step: Step) -> EarlierDecision:
    return EarlierDecision(
        forum=plan.forum,
        date=plan.date.isoformat(),
        text=step.decision,
        start=START_TIME[plan.role],
        item_number=None,
    )


def _carried_share(cal: Calibration, previous: MeetingPlan, plan: MeetingPlan) -> float:
    """How often a step of this kind carries the previous step's decision."""
    kind = "same forum" if previous.forum == plan.forum else f"{previous.role}→{plan.role}"
    return dict(cal.earlier_decision_by_step).get(kind, cal.earlier_decision)


def _next_plan(
    muni: _Municipality, role: str, forum: str, previous: MeetingPlan | None, when: dt.date
) -> MeetingPlan | None:
    """Where the next step goes: the first meeting after the last step, a committee of the
    same cycle for a parallel committee, or weeks later when the matter comes back."""
    rng, cal = muni.rng, muni.cal
    if previous is None:
        return muni.meeting(forum, when, strict=False)
    if role == "U" and previous.role == "U":
        return muni.near(forum, previous.date)
    after = when
    if ORDER[role] <= ORDER[previous.role]:
        days = rng.lognormvariate(math.log(cal.return_median_days), 1.0)
        after += dt.timedelta(days=max(7, int(days)))
    elif role == "ØU" and rng.random() < cal.late_step:
        after += dt.timedelta(days=28)
    return muni.meeting(forum, after)


def _place(
    muni: _Municipality,
    start: dt.date,
    path: list[str],
    subject: str,
    vocab: list[str],
    number: str | None = None,
    home: str | None = None,
) -> int:
    """Put one matter's steps into meetings along ``path``; the items placed."""
    rng, cal = muni.rng, muni.cal
    mid = muni.new_matter()
    number = number or muni.number(start)
    home = home or rng.choices(muni.committees, weights=muni.weights)[0]
    title, text = subject, None
    previous: tuple[MeetingPlan, Step] | None = None
    side: list[tuple[MeetingPlan, Step]] = []  # committees side by side before ``previous``
    used = {home}
    when = start
    placed = 0
    for role in path:
        forum = _forum_of(muni, role, home)
        if previous is not None and role == "U" and previous[0].role == "U":
            others = [c for c in muni.committees if c not in used] or [home]
            forum = rng.choice(others)
            used.add(forum)
        plan = _next_plan(muni, role, forum, previous[0] if previous else None, when)
        if plan is None:
            break
        if previous is not None:
            r = rng.random()
            if r >= cal.same_title + cal.renamed:
                title = _drift(rng, subject)
            elif r >= cal.same_title:
                subject = title = _topic(rng)[0]
        text = _text(rng, cal, vocab, text)
        parallel = previous is not None and role == "U" and previous[0].role == "U"
        step = _add_step(muni, plan, mid, title, text, number, previous, () if parallel else side)
        side = [*side, previous] if parallel and previous is not None else []
        previous = (plan, step)
        when = max(when, plan.date)
        placed += 1
    return placed


def _yearly(muni: _Municipality, share: float) -> int:
    """Series with the same title every year, each year a new matter with a new number."""
    rng, cal = muni.rng, muni.cal
    placed = 0
    for _ in range(max(1, round(cal.yearly_series * share))):
        subject, vocab = _topic(rng)
        named = rng.random() < cal.yearly_names_year
        template = rng.choice(YEARLY) if named else "{subject}"
        path = _path(rng)
        month = rng.choice(cal.cycle_months)
        home = rng.choices(muni.committees, weights=muni.weights)[0]
        for year in range(muni.start.year, muni.end.year + 1):
            start = dt.date(year, month, 1)
            if start < muni.start or start >= muni.end or rng.random() >= cal.yearly_recurs:
                continue
            title = template.format(subject=subject, year=year)
            title = title[0].upper() + title[1:]
            placed += _place(muni, start, path, title, vocab, home=home)
    return placed


def _followups(muni: _Municipality) -> int:
    """Budget follow-ups: every committee in one cycle, then ØU and the council."""
    rng, cal = muni.rng, muni.cal
    placed = 0
    for year in range(muni.start.year, muni.end.year + 1):
        for n, month in enumerate(cal.budget_followups, start=1):
            start = dt.date(year, month, 1)
            if start < muni.start or start >= muni.end:
                continue
            mid, number = muni.new_matter(), muni.number(start)
            one = rng.random() < cal.followup_one_number
            vocab = ["budgetopfølgning", "forbrug", "mindreforbrug", "merforbrug", "bevilling"]
            last = start
            previous = None
            for committee in muni.committees:
                plan = muni.meeting(committee, start, strict=False)
                if plan is None:
                    continue
                title = f"Budgetopfølgning {n} ({year}) - {committee}"
                text = _text(rng, cal, [*vocab, committee.lower()], None)
                own = (mid, number) if one else (muni.new_matter(), muni.number(start))
                step = _add_step(muni, plan, own[0], title, text, own[1], previous)
                previous = (plan, step) if one else None
                last = max(last, plan.date)
                placed += 1
            text = _text(rng, cal, vocab, None)
            for forum in (FINANCE, COUNCIL):
                plan = muni.meeting(forum, last)
                if plan is None:
                    break
                title = f"Budgetopfølgning {n} {year}, bevillingssag"
                step = _add_step(muni, plan, mid, title, text, number, previous)
                previous, last = (plan, step), plan.date
                placed += 1
    return placed


def _umbrellas(muni: _Municipality, share: float) -> int:
    """Umbrella numbers: one number on several unrelated matters, each its own matter,
    coming in batches (the matters of a batch start in one meeting of one committee and go
    the same way, as Greve's umbrella numbers do)."""
    rng, cal = muni.rng, muni.cal
    placed = 0
    years = range(muni.start.year, muni.end.year + 1)
    for year in years:
        for _ in range(round(cal.umbrella_per_year * share)):
            when = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            if when < muni.start or when >= muni.end:
                continue
            number = muni.number(when)
            matters = rng.randint(*cal.umbrella_matters)
            batches = [
                (
                    when + dt.timedelta(days=rng.randint(0, 300)),
                    _path(rng),
                    rng.choices(muni.committees, weights=muni.weights)[0],
                )
                for _ in range(min(matters // 2, rng.randint(*cal.umbrella_batches)))
            ]
            for n in range(matters):
                start, path, home = batches[n % len(batches)]
                if n >= 2 * len(batches) and rng.random() < cal.umbrella_alone:
                    start = when + dt.timedelta(days=rng.randint(0, 300))
                    path, home = _path(rng), rng.choices(muni.committees, weights=muni.weights)[0]
                subject, vocab = _topic(rng)
                placed += _place(muni, start, path, subject, vocab, number=number, home=home)
    return placed


def _plan_matters(muni: _Municipality, target: int) -> None:
    """Yearly series, budget follow-ups, umbrella numbers, then one-off matters until about
    ``target`` ordinary items exist."""
    rng = muni.rng
    share = min(1.0, (muni.end - muni.start).days / 365.25)
    placed = _followups(muni) + _yearly(muni, share) + _umbrellas(muni, share)
    failures = 0
    span = max(1, (muni.end - muni.start).days - 20)
    while placed < target and failures < 2000:
        start = muni.start + dt.timedelta(days=rng.randint(0, span))
        subject, vocab = _topic(rng)
        n = _place(muni, start, _path(rng), subject, vocab)
        failures += n == 0
        placed += n


def _people(rng: random.Random, n: int) -> tuple[str, ...]:
    names: list[str] = []
    while len(names) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return tuple(names)


def _routine_item(
    muni: _Municipality, plan: MeetingPlan, number: int, title: str, key: str, numbered: bool
) -> AgendaItem:
    src = _source(muni, plan)
    forum = plan.forum.removesuffix(muni.suffix) if muni.suffix else plan.forum
    case = (muni.standing_number(forum, key),) if numbered else ()
    return AgendaItem(
        number=number,
        title=title,
        source=src,
        case_numbers=case,
        sections=(Section("Sagsfremstilling", "Forelægges til orientering.", src),),
        decision="Godkendt.",
        outcome="approved",
    )


def _step_item(muni: _Municipality, plan: MeetingPlan, number: int, step: Step) -> AgendaItem:
    src = _source(muni, plan)
    return AgendaItem(
        number=number,
        title=step.title,
        source=src,
        case_numbers=(step.case_number,) if step.case_number else (),
        sections=(
            Section("Sagsfremstilling", step.text, src),
            Section("Indstilling", muni.rng.choice(BOILERPLATE), src),
        ),
        decision=step.decision,
        outcome=step.outcome,
        earlier_decisions=tuple(step.earlier),
    )


def _source(muni: _Municipality, plan: MeetingPlan) -> Source:
    sha = hashlib.sha256(f"{muni.index}:{plan.forum}:{plan.date}".encode()).hexdigest()
    return Source(f"{slug_file(plan.forum)}_{plan.date.isoformat()}.txt", sha, 1, 1)


def _meeting_documents(
    muni: _Municipality, many: bool
) -> Iterator[tuple[Document, dict[str, str | None]]]:
    rng = muni.rng
    for forum, plans in muni.calendar.items():
        people = _people(rng, rng.randint(7, 11) if forum != COUNCIL else 25)
        for plan in plans:
            rng.shuffle(plan.steps)
            numbered = rng.random() >= muni.cal.routine_without_number
            head = [r for r in plan.routine if r[1] == "Godkendelse af dagsorden"]
            tail = [r for r in plan.routine if r[1] != "Godkendelse af dagsorden"]
            entries: list[tuple[str, str] | Step] = [*head, *plan.steps, *tail]
            src = _source(muni, plan)
            mkey = _mkey(plan.forum, plan.date)
            items = []
            truth: dict[str, str | None] = {}
            for number, entry in enumerate(entries, start=1):
                key = f"item:{mkey}:{number}"
                if isinstance(entry, Step):
                    items.append(_step_item(muni, plan, number, entry))
                    truth[key] = entry.matter
                else:
                    items.append(_routine_item(muni, plan, number, *entry, numbered))
                    truth[key] = None
            meeting = Meeting(
                forum=plan.forum,
                date=plan.date.isoformat(),
                source=src,
                term=str(plan.date.year),
                start=START_TIME[plan.role],
                place="Rådhuset",
                attendees=people,
                attendance_recorded=True,
                items=tuple(items),
                municipality=muni.name if many else None,
            )
            yield Document(path=src.path, sha256=src.sha256, meeting=meeting), truth
            plan.steps = []  # the items are in the document now; keep memory flat


def _mkey(forum: str, date: dt.date) -> str:
    from core.schema import meeting_key

    return meeting_key(forum, date.isoformat()).removeprefix("meeting:")


def slug_file(name: str) -> str:
    from core.text import slug

    return slug(name)


def municipalities(
    items: int, seed: int = 1, calibration: Calibration = GREVE
) -> Iterator[tuple[list[Document], dict[str, str | None]]]:
    """The documents and truth of each municipality in turn (a 1M-item corpus need not be held
    in memory at once; no matter crosses municipalities)."""
    rng = random.Random(seed)
    cal = calibration
    count = max(1, round(items / cal.items_per_year / cal.years_per_municipality))
    per_muni = items / count
    days = max(45, int(per_muni / cal.items_per_year * 365.25))
    many = count > 1
    for index in range(count):
        first = 2026 - max(1, math.ceil(days / 365.25))
        start = dt.date(first, 1, 1) + dt.timedelta(days=rng.randint(0, 20))
        muni = _Municipality(rng, cal, index, start, days, many)
        routine = sum(len(p.routine) for plans in muni.calendar.values() for p in plans)
        _plan_matters(muni, max(int(per_muni) - routine, int(per_muni * 0.6)))
        documents: list[Document] = []
        truth: dict[str, str | None] = {}
        for doc, t in _meeting_documents(muni, many):
            documents.append(doc)
            truth.update(t)
        yield documents, truth


def generate(items: int, seed: int = 1, calibration: Calibration = GREVE) -> Corpus:
    """A corpus of about ``items`` agenda items with the truth of its matters."""
    documents: list[Document] = []
    truth: dict[str, str | None] = {}
    for docs, t in municipalities(items, seed, calibration):
        documents += docs
        truth.update(t)
    return Corpus(documents, truth)


# -- text in the seed layout ---------------------------------------------------------------


def render_text(doc: Document) -> str:
    """Minutes in the layout of ``examples/nordfyns/000_*.txt``."""
    m = doc.meeting
    d = dt.date.fromisoformat(m.date)
    dmy = d.strftime("%d-%m-%Y")
    lines = [
        "",
        f"REFERAT {m.forum} d. {dmy}",
        "",
        f"Mødedato {WEEKDAYS[d.weekday()]} d. {d.day:02d}. {MONTH_NAMES[d.month - 1]} "
        f"{d.year} kl. {m.start}",
        "",
        f"Mødested {m.place}",
        "",
        "Mødedeltagere " + ", ".join(m.attendees),
        "",
        "Indholdsfortegnelse",
        "",
    ]
    lines += [f"{item.title}.....\t{n + 3}" for n, item in enumerate(m.items)]
    lines.append("")
    for item in m.items:
        lines += [f"Punkt {item.number}: {item.title}", ""]
        if item.case_numbers:
            lines += [f"Sagsnr. {item.case_numbers[0]}", ""]
        for section in item.sections:
            lines += [section.heading, "", section.text, ""]
        lines += ["Beslutning", "", item.decision or "", ""]
        for e in item.earlier_decisions:
            ed = dt.date.fromisoformat(e.date)
            lines += [
                f"Beslutning på møde {e.forum} {ed.year} {ed.strftime('%d-%m-%Y')} - {e.start}",
                "",
                e.text,
                "",
            ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("text", "records"), default="text")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    corpus = generate(args.items, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.format == "text":
        minutes = args.out / "minutes"
        minutes.mkdir(exist_ok=True)
        for doc in corpus.documents:
            (minutes / doc.path).write_text(render_text(doc), encoding="utf-8")
    else:
        with (args.out / "documents.jsonl").open("w", encoding="utf-8") as fh:
            for doc in corpus.documents:
                fh.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
    with (args.out / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for key, matter in sorted(corpus.truth.items()):
            fh.write(json.dumps({"item": key, "matter": matter}) + "\n")
    n = len(corpus.truth)
    print(f"{len(corpus.documents)} meetings, {n} items -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
