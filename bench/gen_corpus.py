"""Synthetic municipal minutes with known matters, to measure matter linking.

The generator simulates municipalities whose forums (Direktionen, Strategisk Chefforum,
committees, the council) meet on a calendar. Matters start in one forum and move through
others over weeks and months, the way the seeds' invoice case moves from Direktionen to
Strategisk Chefforum. Everything that makes linking hard in real minutes is in it:

* case numbers missing in some forums, and replaced by a new number when the municipality
  changes its journal system (``480-2020-7823`` style before, ``S2021-424`` after);
* *standing* numbers reused per forum-year for Tidsplan, Orientering and, now and then, an
  unrelated item (like ``S2021-736``);
* titles that drift between steps (a prefix changes, a qualifier is added, a word inflects);
* look-alikes: yearly matters with the same title a year apart (*Borgerrådgiverens
  årsberetning*), *Budget 2022 ...* vs *Budget 2024 ...*, several matters on one topic;
* explicit references (*forelægges Strategisk Chefforums møde den 13. januar 2021*), earlier
  decisions carried along, and items preparing another forum's meeting.

Output: ``--format text`` writes one minutes file per meeting in the seed layout (as
``examples/nordfyns/000_*.txt``) plus ``truth.jsonl``; ``--format records`` writes
``documents.jsonl`` (records, see ``core.records.to_dict``) plus ``truth.jsonl``. The
truth maps each item key to its matter id (``null`` for routine items).

>>> corpus = generate(300, seed=1)
>>> 250 <= sum(len(d.meeting.items) for d in corpus.documents) <= 400
True
>>> len(corpus.truth) == sum(len(d.meeting.items) for d in corpus.documents)
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
from collections.abc import Iterator
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

# One municipality's forums hold about this many agenda items a year (as the seeds' forums do).
ITEMS_PER_MUNICIPALITY_YEAR = 1250
ITEMS_PER_MUNICIPALITY = 12000

MONTH_NAMES = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()
MONTH_SHORT = "jan. feb. mar. apr. maj jun. jul. aug. sep. okt. nov. dec.".split()
WEEKDAYS = "Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag".split()

ROOTS = (
    "regnings skole affalds dagtilbuds ældre bolig vej trafik klima energi borger personale "
    "løn digitaliserings sundheds rehabiliterings beskæftigelses integrations kultur idræts "
    "biblioteks havne vand spildevands natur lokalplan indkøbs udbuds ejendoms bygnings "
    "anlægs rengørings kantine frivilligheds handicap psykiatri misbrugs forebyggelses "
    "erhvervs turisme landdistrikts cykelsti kollektiv byudviklings hjemmepleje plejehjems "
    "sygefraværs rekrutterings elev ungdoms tandpleje familie børne myndigheds it-sikkerheds "
    "data arkiv kommunikations hjemmeside intranet ledelses kompetence arbejdsmiljø "
    "beredskabs vinter park grønne kyst strand skov jord grundvands"
).split()
TAILS = (
    "betaling struktur sortering strategi politik plan model analyse projekt ordning tilsyn "
    "handleplan indsats aftale evaluering udbud renovering pulje regulativ takster samarbejde "
    "organisering område center tilbud kapacitet normering visitation opfølgning program "
    "rammer vision kontrakt proces"
).split()
PLACES = (
    "Bogense Otterup Søndersø Morud Hasmark Særslev Skamby Klinte Harndrup Veflinge Aarup "
    "Nørre Højrup Krogsbølle Hårslev Jullerup Ejby Nårup Egense Langø Lunde Gamby Mesinge "
    "Flemløse Hjadstrup Brenderup Kerte Vissenbjerg Skovby Tommerup Ørsted"
).split()
FIRST = (
    "Mogens Søren Åse Henrik Mette Jesper Judith Louise Morten Gitte Karsten Vicki Kia Peter "
    "Ann Tina Ole Ditte Charlotte Lars Hanne Rasmus Birgit Jens Pia Anders Lone Niels Susanne"
).split()
LAST = (
    "Hansen Nielsen Boesen Petersen Pedersen Poulsen Rasmussen Clemmensen Torp Lund Astrup "
    "Jensen Vett Thomassen Jakobsen Madsen Kristensen Larsen Sørensen Andersen Møller Holm"
).split()
PREFIXES = (
    "",
    "",
    "",
    "Status på ",
    "Godkendelse af ",
    "Forslag til ",
    "Evaluering af ",
    "Opfølgning på ",
    "Implementering af ",
    "Drøftelse af ",
    "Ny ",
    "Revision af ",
)
QUALIFIERS = (
    "",
    "",
    " - status",
    " - høring",
    " - endelig godkendelse",
    " - principper",
    " og optimering",
    " - anlægsbevilling",
    " - orientering",
    " - opfølgning",
)
FILLER_WORDS = (
    "kommunen borgerne organisationen medarbejdere ledere område opgaven løsningen "
    "processen arbejdet indsatsen fokus behov ressourcer økonomi budgettet tidsplan "
    "samarbejde udvikling kvalitet drift effekt mål resultater input erfaringer"
).split()
BOILERPLATE = (
    "Det indstilles, at sagen drøftes og godkendes.",
    "Sagen forelægges til drøftelse og beslutning.",
    "Der henvises til vedlagte bilag.",
    "Sagen har ikke været forelagt Økonomi og Løn.",
    "Forvaltningen vurderer, at indsatsen kan gennemføres inden for den eksisterende ramme.",
    "Der er behov for en drøftelse af den videre proces.",
)
DECISIONS = (
    ("Godkendt.", "approved"),
    ("Drøftet og kvalificeret.", "discussed"),
    ("Taget til efterretning.", "noted"),
    ("Punktet blev udskudt til næste møde.", "postponed"),
    ("Anbefales over for Kommunalbestyrelsen.", "referred"),
)


@dataclass(frozen=True)
class ForumSpec:
    name: str
    every_days: int
    items: tuple[int, int]
    weekday: int
    start: str


ADMIN = (
    ForumSpec("Direktionen", 7, (3, 6), 3, "08:30"),
    ForumSpec("Strategisk Chefforum", 28, (4, 7), 2, "08:30"),
    ForumSpec("Lederforum", 56, (3, 6), 1, "13:00"),
)
POLITICAL = (
    ForumSpec("Børne- og Ungeudvalget", 28, (6, 11), 0, "16:00"),
    ForumSpec("Teknik- og Miljøudvalget", 28, (6, 11), 1, "16:00"),
    ForumSpec("Social- og Sundhedsudvalget", 28, (6, 11), 2, "16:00"),
    ForumSpec("Kultur- og Fritidsudvalget", 28, (5, 9), 3, "16:00"),
    ForumSpec("Økonomiudvalget", 28, (8, 14), 0, "15:00"),
    ForumSpec("Kommunalbestyrelsen", 28, (10, 18), 3, "17:00"),
)
# How a matter moves: administrative, political, or both.
PATHS = (
    ("Direktionen", "Strategisk Chefforum", "Direktionen"),
    ("Direktionen", "Strategisk Chefforum", "Lederforum"),
    ("Strategisk Chefforum", "Direktionen"),
    ("Direktionen", "Direktionen", "Direktionen"),
    ("FAG", "Økonomiudvalget", "Kommunalbestyrelsen"),
    ("FAG", "FAG", "Økonomiudvalget", "Kommunalbestyrelsen"),
    ("Direktionen", "FAG", "Økonomiudvalget", "Kommunalbestyrelsen"),
    ("FAG", "FAG"),
    ("Økonomiudvalget", "Kommunalbestyrelsen"),
)
ROUTINE = ("Tidsplan", "Orientering", "Godkendelse af dagsorden", "Meddelelser")


@dataclass
class Step:
    matter: str
    title: str
    text: str
    case_number: str | None
    decision: str
    outcome: str
    mention: str | None = None
    earlier: EarlierDecision | None = None
    earlier_ref: tuple[str, str] | None = None  # (forum, date) of the earlier step


@dataclass
class MeetingPlan:
    forum: str
    date: dt.date
    spec: ForumSpec
    capacity: int
    steps: list[Step] = field(default_factory=list)
    term: str = ""


@dataclass
class Corpus:
    documents: list[Document]
    truth: dict[str, str | None]  # item key -> matter id (None: routine)


def _date_words(d: dt.date, short: bool = False) -> str:
    month = MONTH_SHORT[d.month - 1] if short else MONTH_NAMES[d.month - 1]
    return f"{d.day}. {month} {d.year}"


class _Municipality:
    def __init__(self, rng: random.Random, index: int, start: dt.date, days: int, many: bool):
        self.rng = rng
        self.index = index
        self.name = f"Kommune {index:03d}"
        self.suffix = f" {index:03d}" if many else ""
        self.code = 400 + index
        self.start = start
        self.days = days
        self.migration = start + dt.timedelta(days=int(days * rng.uniform(0.2, 0.6)))
        self.issued: set[str] = set()
        self.new_numbers: dict[str, str] = {}
        self.forums = {spec.name: spec for spec in (*ADMIN, *POLITICAL)}
        self.fag = [s.name for s in POLITICAL[:4]]
        self.calendar: dict[str, list[MeetingPlan]] = {}
        for spec in self.forums.values():
            plans = []
            first = start + dt.timedelta(days=(spec.weekday - start.weekday()) % 7)
            d = first
            while d < start + dt.timedelta(days=days):
                lo, hi = spec.items
                plans.append(
                    MeetingPlan(spec.name + self.suffix, d, spec, rng.randint(lo, hi), term="")
                )
                d += dt.timedelta(days=spec.every_days)
            self.calendar[spec.name] = plans
        self.standing: dict[tuple[str, int], str] = {}

    def number(self, when: dt.date) -> str:
        """A new journal number; the format changes when the municipality migrates."""
        while True:
            if when < self.migration:
                number = f"{self.code}-{when.year}-{self.rng.randint(100, 99999)}"
            else:
                number = f"S{when.year}-{self.rng.randint(10, 99999)}"
            if number not in self.issued:
                self.issued.add(number)
                return number

    def standing_number(self, forum: str, year: int) -> str:
        key = (forum, year)
        if key not in self.standing:
            when = dt.date(year, 1, 1)
            self.standing[key] = self.number(max(when, self.start))
        return self.standing[key]

    def next_meeting(self, forum: str, after: dt.date) -> MeetingPlan | None:
        """The first meeting of ``forum`` after ``after`` with room for another item."""
        plans = self.calendar[forum]
        lo, hi = 0, len(plans)
        while lo < hi:
            mid = (lo + hi) // 2
            if plans[mid].date <= after:
                lo = mid + 1
            else:
                hi = mid
        for plan in plans[lo : lo + 6]:
            if len(plan.steps) < plan.capacity:
                return plan
        return None


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


def _drift(rng: random.Random, title: str, subject: str, year: int | None) -> str:
    """The next step's title: the same subject, often a different prefix or qualifier."""
    if rng.random() < 0.45:
        return title
    prefix = rng.choice(PREFIXES)
    qualifier = rng.choice(QUALIFIERS)
    words = subject.split(" ")
    if rng.random() < 0.3:
        # Inflect the compound: "regningsbetaling" -> "regningsbetalingen".
        words[0] = words[0] + rng.choice(("en", "er", "et", "s"))
    phrase = " ".join(words)
    if prefix:
        phrase = phrase[0].lower() + phrase[1:]
    head = f"Udmøntning af Budget {year} - " if year else ""
    new = f"{head}{prefix}{phrase}{qualifier}"
    return new[0].upper() + new[1:]


# Words of the municipal trade that many unrelated items share (each in a few per cent).
DOMAIN = tuple(
    sorted({r + t for r in ROOTS[::2] for t in TAILS[::3]} | {r.rstrip("s") for r in ROOTS})
)


def _text(rng: random.Random, vocab: list[str], previous: str | None) -> str:
    """An item's text: some of the previous step's sentences, new ones on the matter's
    vocabulary, and words of the trade that unrelated items share too."""
    sentences = []
    if previous and rng.random() < 0.7:
        old = previous.split(". ")
        sentences += rng.sample(old, k=max(1, int(len(old) * rng.uniform(0.2, 0.6))))
    for _ in range(rng.randint(3, 7)):
        words = rng.sample(vocab, k=min(len(vocab), rng.randint(1, 3)))
        words += rng.sample(DOMAIN, k=rng.randint(1, 3))
        filler = rng.sample(FILLER_WORDS, k=4)
        sentence = (
            f"Der arbejdes med {words[0]} og {filler[0]}, så {filler[1]} og "
            f"{' '.join(words[1:])} understøtter {filler[2]} i {filler[3]}"
        )
        sentences.append(sentence)
    sentences.append(rng.choice(BOILERPLATE).rstrip("."))
    rng.shuffle(sentences)
    return ". ".join(sentences) + "."


ANNUAL = (
    # (title, month, forums, words shared by every year's instance)
    (
        "Borgerrådgiverens årsberetning",
        11,
        ("Strategisk Chefforum", "Direktionen"),
        ["borgerrådgiver", "årsberetning", "henvendelser"],
    ),
    (
        "Årsrapport for whistleblowerordningen",
        3,
        ("Direktionen", "Økonomiudvalget"),
        ["whistleblower", "årsrapport", "indberetninger"],
    ),
    (
        "Tilsyn med plejehjem",
        9,
        ("Social- og Sundhedsudvalget", "Kommunalbestyrelsen"),
        ["tilsyn", "plejehjem", "beboere", "uanmeldt"],
    ),
    (
        "Budget {next} - Planlægning af budgetstrategi",
        1,
        ("Strategisk Chefforum", "Direktionen"),
        ["budgetstrategi", "råderum", "budgetseminar"],
    ),
    (
        "Budget {next} - status",
        5,
        ("Direktionen", "Strategisk Chefforum"),
        ["budgetseminar", "omstillingskatalog", "råderum"],
    ),
    (
        "Evaluering af budgetprocessen for Budget {next}",
        11,
        ("Strategisk Chefforum",),
        ["budgetproces", "evaluering", "budgetstrategi"],
    ),
)


def _place_matter(
    rng: random.Random,
    muni: _Municipality,
    mid: str,
    start: dt.date,
    subject: str,
    vocab: list[str],
    forums: list[str],
    budget_year: int | None,
) -> tuple[int, set[int]]:
    """Put one matter's steps into the next meetings of its forums; steps placed, meetings."""
    end = muni.start + dt.timedelta(days=muni.days)
    number = muni.number(start)
    title = f"Udmøntning af Budget {budget_year} - {subject}" if budget_year else subject
    text: str | None = None
    when = start
    previous: tuple[MeetingPlan, Step] | None = None
    new_number_per_forum = rng.random() < 0.12
    placed = 0
    used: set[int] = set()
    for forum in forums:
        plan = muni.next_meeting(forum, when + dt.timedelta(days=rng.randint(2, 40)))
        if plan is None or plan.date >= end:
            break
        case: str | None = number
        if plan.date >= muni.migration and number[0].isdigit():
            case = muni.new_numbers.setdefault(number, muni.number(plan.date))
        if new_number_per_forum and previous and previous[0].spec.name != forum:
            case = muni.number(plan.date)
        missing = {"Direktionen": 0.45, "Lederforum": 0.5}.get(forum, 0.12)
        if rng.random() < missing:
            case = None
        elif rng.random() < 0.05:
            case = muni.standing_number(forum, plan.date.year)
        text = _text(rng, vocab, text)
        decision, outcome = rng.choice(DECISIONS)
        step = Step(mid, title, text, case, decision, outcome)
        if previous is not None:
            prev_plan, prev_step = previous
            r = rng.random()
            if prev_plan.spec.name != forum and r < 0.3:
                prev_step.mention = (
                    f"Sagen forelægges {plan.forum}s møde den {_date_words(plan.date)}."
                )
            elif prev_plan.spec.name != forum and r < 0.5:
                step.mention = (
                    f"Sagen blev behandlet på {prev_plan.forum}s møde den "
                    f"{_date_words(prev_plan.date)}."
                )
            if rng.random() < 0.35:
                step.earlier = EarlierDecision(
                    forum=prev_plan.forum,
                    date=prev_plan.date.isoformat(),
                    text=prev_step.decision,
                    start=prev_plan.spec.start,
                    item_number=None,
                )
                step.earlier_ref = (prev_plan.forum, prev_plan.date.isoformat())
        plan.steps.append(step)
        placed += 1
        used.add(id(plan))
        previous = (plan, step)
        when = plan.date
        if rng.random() < 0.07:
            # Renamed outright: only the case number, the text and references still connect.
            subject = _topic(rng)[0]
            title = subject
        else:
            title = _drift(rng, title, subject, budget_year)
    return placed, used


def _plan_matters(rng: random.Random, muni: _Municipality, target: int) -> None:
    """Place matters' steps into meetings until about ``target`` items exist."""
    placed = 0
    meetings_used: set[int] = set()
    failures = 0
    matter_no = 0
    # Yearly matters: the same title every year, a different matter each year.
    first_year = muni.start.year
    last_year = (muni.start + dt.timedelta(days=muni.days)).year
    for year in range(first_year, last_year + 1):
        for title, month, annual_forums, words in ANNUAL:
            matter_no += 1
            start = dt.date(year, month, rng.randint(1, 20))
            if start < muni.start:
                continue
            vocab = words + [rng.choice(ROOTS) + rng.choice(TAILS) for _ in range(5)]
            subject = title.format(next=year + 1)
            n, used = _place_matter(
                rng,
                muni,
                f"{muni.index:03d}-{matter_no}",
                start,
                subject,
                vocab,
                list(annual_forums[: rng.randint(1, len(annual_forums))]),
                None,
            )
            placed += n
            meetings_used |= used
    # Each meeting with business also holds two or three routine items.
    while placed + 2.4 * len(meetings_used) < target and failures < 2000:
        matter_no += 1
        start = muni.start + dt.timedelta(days=rng.randint(0, muni.days - 30))
        subject, vocab = _topic(rng)
        budget_year = start.year if rng.random() < 0.12 else None
        path = rng.choice(PATHS)
        steps = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))
        forums = list(path)
        while len(forums) < steps:
            forums.append(rng.choice(("Direktionen", "FAG", path[-1])))
        fag = rng.choice(muni.fag)
        forums = [fag if f == "FAG" else f for f in forums[:steps]]
        n, used = _place_matter(
            rng, muni, f"{muni.index:03d}-{matter_no}", start, subject, vocab, forums, budget_year
        )
        failures += n == 0
        placed += n
        meetings_used |= used


def _people(rng: random.Random, n: int) -> tuple[str, ...]:
    names: list[str] = []
    while len(names) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return tuple(names)


def _meeting_documents(
    rng: random.Random, muni: _Municipality, many: bool
) -> Iterator[tuple[Document, dict[str, str | None]]]:
    forum_people = {f: _people(rng, rng.randint(5, 13)) for f in muni.calendar}
    for forum, plans in muni.calendar.items():
        for plan in plans:
            if not plan.steps:
                continue
            rng.shuffle(plan.steps)
            titles: list[tuple[str, Step | None]] = [("Tidsplan", None)]
            if forum == "Direktionen" and rng.random() < 0.25:
                nxt = next(
                    (p for p in muni.calendar["Strategisk Chefforum"] if p.date > plan.date), None
                )
                if nxt is not None:
                    prep = f"{nxt.forum} {nxt.date.day}. {MONTH_SHORT[nxt.date.month - 1]} "
                    prep += f"{nxt.date.year}"
                    titles.append((prep, None))
            titles += [(s.title, s) for s in plan.steps]
            titles.append(("Orientering", None))
            if plan.spec in POLITICAL and rng.random() < 0.5:
                titles.insert(0, ("Godkendelse af dagsorden", None))
                titles.append(("Meddelelser", None))
            standing = muni.standing_number(forum, plan.date.year)
            sha = hashlib.sha256(f"{muni.index}:{forum}:{plan.date}".encode()).hexdigest()
            path = f"{slug_file(plan.forum)}_{plan.date.isoformat()}.txt"
            src = Source(path, sha, 1, 1)
            items = []
            truth: dict[str, str | None] = {}
            mkey_forum = plan.forum
            for number, (title, step) in enumerate(titles, start=1):
                if step is None:
                    is_prep = title not in ROUTINE
                    text = (
                        "Forslag til dagsorden: " + "; ".join(t for t, s in titles if s)
                        if is_prep
                        else "Forelægges til orientering."
                    )
                    item = AgendaItem(
                        number=number,
                        title=title,
                        source=src,
                        case_numbers=() if is_prep else (standing,),
                        sections=(Section("Sagens kerne", text, src),),
                        decision="Godkendt.",
                        outcome="approved",
                    )
                    matter = f"prep:{sha[:12]}:{number}" if is_prep else None
                else:
                    body = step.text
                    if step.mention:
                        body += " " + step.mention
                    item = AgendaItem(
                        number=number,
                        title=step.title,
                        source=src,
                        case_numbers=(step.case_number,) if step.case_number else (),
                        sections=(
                            Section("Sagens kerne", body, src),
                            Section("Indstilling", rng.choice(BOILERPLATE), src),
                        ),
                        decision=step.decision,
                        outcome=step.outcome,
                        earlier_decisions=(step.earlier,) if step.earlier else (),
                    )
                    matter = step.matter
                items.append(item)
                truth[f"item:{_mkey(mkey_forum, plan.date)}:{number}"] = matter
            meeting = Meeting(
                forum=plan.forum,
                date=plan.date.isoformat(),
                source=src,
                term=str(plan.date.year),
                start=plan.spec.start,
                place="Rådhuset",
                attendees=forum_people[forum],
                attendance_recorded=True,
                items=tuple(items),
                municipality=muni.name if many else None,
            )
            yield Document(path=path, sha256=sha, meeting=meeting), truth


def _mkey(forum: str, date: dt.date) -> str:
    from core.schema import meeting_key

    return meeting_key(forum, date.isoformat()).removeprefix("meeting:")


def slug_file(name: str) -> str:
    from core.text import slug

    return slug(name)


def generate(items: int, seed: int = 1) -> Corpus:
    """A corpus of about ``items`` agenda items with the truth of its matters."""
    rng = random.Random(seed)
    municipalities = max(1, round(items / ITEMS_PER_MUNICIPALITY))
    per_muni = items / municipalities
    days = max(120, int(per_muni / ITEMS_PER_MUNICIPALITY_YEAR * 365))
    documents: list[Document] = []
    truth: dict[str, str | None] = {}
    many = municipalities > 1
    for index in range(municipalities):
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 60))
        muni = _Municipality(rng, index, start, days, many)
        _plan_matters(rng, muni, int(per_muni))
        for doc, t in _meeting_documents(rng, muni, many):
            documents.append(doc)
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
            lines += [item.case_numbers[0], ""]
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
