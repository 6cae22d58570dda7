"""Danish words of decisions: outcome phrases, asides, votes and forums named as targets.

Kept apart from the rules in :mod:`extract.outcome` and :mod:`extract.votes` so that the
vocabulary can be read and extended on its own. Every pattern is matched against the
lower-cased decision unless it says otherwise.

>>> [m.lastgroup for m in OUTCOME_RE.finditer("1.-2. ikke godkendt. 3. anbefales.")]
['rejected', 'recommended']
>>> bool(ASIDE_RE.search("godkendt, idet udvalget ønsker en sag"))
True
"""

from __future__ import annotations

import re

#: The item itself as a subject: "Sagen udgik", "Punktet blev udsat".
_ITEM = r"(?:sagen|punktet|sagens\s+behandling|behandlingen\s+af\s+sagen)"
#: A forum as a subject: "Udvalget undlod at tage stilling".
_FORUM = (
    r"(?:udvalget|økonomiudvalget|byrådet|kommunalbestyrelsen|magistraten|direktionen"
    r"|(?:[a-zæøå]+-,?\s+(?:[a-zæøå]+-?,?\s+)?og\s+)?[a-zæøå-]+udvalget)"
)
#: Where a sentence (or a numbered point) starts.
_START = r"(?:^|(?<=[.:;]\s)|(?<=\d\.\s))"

#: The phrases of each outcome. The order is the order of the alternatives in
#: :data:`OUTCOME_RE` (a longer phrase before the shorter one it contains: ``ikke godkendt``
#: before ``godkendt``, ``anbefales ikke`` before ``anbefales``); the precedence between
#: outcomes is :data:`PRECEDENCE`.
OUTCOME_PHRASES: dict[str, str] = {
    "withdrawn": (
        rf"{_START}{_ITEM}\s+(?:blev\s+|er\s+)?(?:udgik|udgår|trukket|trækkes"
        r"|taget\s+af\s+dagsorden(?:en)?|tages\s+af\s+dagsorden(?:en)?|taget\s+af(?=\s*[.;]|\s*$))"
        rf"|{_START}(?:udgår|udgik|trukket|taget\s+af\s+dagsorden(?:en)?)\b"
        rf"|\b(?:trækker|trak)\s+{_ITEM}\s+tilbage\b"
    ),
    "postponed": (
        rf"{_ITEM}\s+(?:blev\s+|bliver\s+|er\s+)?(?:udsat|udskudt|udsættes|udskydes"
        r"|genoptages|genoptaget)"
        rf"|(?:udsætter?|udskyder?|genoptager?)\s+{_ITEM}"
        rf"|{_START}(?:udsat|udskudt|udsættes|udskydes|genoptages)\b"
    ),
    "rejected": (
        r"\bikke\s+(?:godkendt|godkendte|godkendes|vedtaget|tiltrådt|imødekommet|anbefales)"
        r"|\bkan\s+ikke\s+(?:godkendes|anbefales|tiltrædes|imødekommes|godkende|anbefale|tiltræde"
        r"|imødekomme|følge\s+(?:administrationens\s+)?indstillingen)\b"
        r"|\banbefaler\s+ikke\b|\bikke\s+anbefalet\b"
        r"|\banbefales\s+ikke\b|\bforkast(?:et|ede|es)\b|\bafvist\b|\bafviste\b|\bafvises\b"
        r"|\bafslået\b|\bafslog\b|\bafslås\b|\bnedstemt\b"
        r"|\bikke\s+at\s+sende\s+\w+\s+til\s+realitetsbehandling"
        r"|\bikke\s+sendes\s+til\s+realitetsbehandling|\bbeslut\w*\s+at\s+afvise\b"
    ),
    "recommended": (
        r"\b(?:kan\s+)?anbefale[rst]\b|\banbefalede\b"
        rf"|\b{_FORUM}\s+indstiller\b|\bindstilles\s+(?:godkendt|til\s+godkendelse)"
        r"|\bindstiller\s+(?:over\s*for|til)\s+"
    ),
    "approved": (
        r"(?:\bgodkendt\b|\bgodkendte\b|\bgodkendes\b|\bvedtaget\b|\bvedtog\b"
        r"|\bvedtoges\b|\btiltrådt\b|\btiltrådte\b|\btiltrædes\b|\bbevilget\b"
        r"|\bimødekommet\b|\budpegede\b|\budpeges\b"
        # Elections: "Udvalget valgte X som næstformand", "X blev valgt som formand",
        # "Udvalget pegede på X som formand".
        r"|\bvalgte\s+(?!at\b)|\bblev\s+valgt\b"
        r"|\bpegede\s+på\s+[^;]{1,60}?\s+som\s+\w*formand\b"
        r"|(?<!ikke\s)\b(?:kan|kunne)\s+tiltræde\b)"
        # "Byrådet godkendte den 23. april 2025 ...": another meeting's approval.
        r"(?!\s+(?:af\s+\w+\s+)?(?:i\s+mødet\s+)?den\s+\d)"
    ),
    "referred": (
        r"\b(?:fremsendes|oversendes|videresendes|tilbagesendes|tilbagesendt)\b"
        r"|\b(?:oversender|videresender|videresendte|henskyder)\b"
        r"|\bsend(?:es|t)\s+(?:tilbage|retur)\b"
        r"|\bsend(?:e|er|es|te)\s+(?:sagen|\w*forslaget)\b"
        r"|\b(?:sagen|forslaget)\s+sendes\b|\bsendes\s+til\s+(?:realitetsbehandling|fornyet)"
        rf"|{_START}(?:{_FORUM}\s+)?undl(?:od|ader)(?:\s+at\s+tage\s+stilling|(?=\W*$|\s+og\b))"
    ),
    "discussed": (
        r"\bdrøftede\b|\bdrøftet\b|\bkvalificerede\b|\bkvalificeret\b|\bforberedte\b"
        r"|\bder\s+var\s+en\s+drøftelse\b|\bevaluerede\b"
        r"|\bbemærkede\s+følgende\b|\bfølgende\s+(?:kommentarer|bemærkninger|input)\b"
    ),
    "noted": (
        r"\btil\s+efterretning\b|\borienterede\b|\borienteret\b|\borientering\s+foretaget\b"
        r"|\bfik\s+en\s+(?:orientering|status)\b|\bpræsenterede\b|\bredegjorde\b"
        r"|\bgennemgik\b|\brammesatte\b|\boplyste\b|\bmodtog\b|\bblev\s+modtaget\b"
    ),
}

#: When a decision holds several outcomes (points decided differently, or a verb of its own
#: in more than one sentence), the first of these wins. The item itself withdrawn or
#: postponed decides everything; a point recommended onwards means the matter goes on; an
#: approval of some points is an approval even when others were rejected or noted.
PRECEDENCE: tuple[str, ...] = (
    "withdrawn",
    "postponed",
    "recommended",
    "approved",
    "rejected",
    "referred",
    "discussed",
    "noted",
)

#: All outcome phrases in one pattern; the named group that matched is the outcome.
OUTCOME_RE = re.compile("|".join(f"(?P<{name}>{words})" for name, words in OUTCOME_PHRASES.items()))

#: A numbered point's number left alone by :data:`SENTENCE_RE` (``1.``, ``1.-2.``).
POINT_RE = re.compile(r"[\d.\s-]+")
#: The present tense decides only as the decision's first sentence (or a point's), with the
#: forum as its subject (``Udvalget godkender indstillingen``, ``Udvalget vælger, at vejen
#: skal hedde ...``); elsewhere it is a plan or a comment (``- Direktionen godkender planen inden
#: udmøntning``) or someone else's act (``partierne udpeger valgstyrere``).
PRESENT_DECISION_RE = re.compile(
    rf"^(?:\d{{1,2}}\.\s+)?{_FORUM}\s+(?P<approved>godkender|udpeger|vælger)\b"
)

#: ``besluttede``/``beslutter`` alone: a decision without a verb of outcome, an approval
#: of last resort (``Udvalget beslutter at følgende udgår af listen``).
DECIDED_RE = re.compile(r"\bbeslut(?:ter|tede|tet|ning\s+om)\b|\bdet\s+blev\s+besluttet\b")

#: A reason or a remark: its verbs are not the decision's (``Godkendt, idet ... udskudt``,
#: ``Anbefales med bemærkning om, at ... ikke godkendes``).
ASIDE_RE = re.compile(
    r"(?:,\s*|\s)(?:idet|da|fordi|med\s+(?:den\s+)?bemærkning(?:en)?(?:\s+om)?"
    r"|med\s+følgende\s+bemærkning(?:er)?|med\s+henblik\s+på)\b[^.;]*"
)

#: The remark that holds the decision (Aarhus): ``Tilbagesendes X med bemærkning, at byrådet
#: i sit møde den ... har vedtaget ...``, ``Tilbagesendes X, idet byrådet har vedtaget
#: indstillingen``; ``Fremsendes til Aarhus Byråd med bemærkning, at Magistraten ...
#: anbefaler ...``.
REMARK_DECISION_RE = re.compile(
    r"(?:med\s+bemærkning,?\s+at|idet)\s+\w+\s+(?:i\s+(?:sit\s+)?møde[t]?\b[^,]{0,40}?,?\s+)?"
    r"(?:har\s+)?(?P<verb>vedtaget|tiltrådt|godkendt|anbefaler)"
)

#: Votes, a group's dissent and a member's abstention are not the forum's decision
#: (``(F) stemte imod``, ``For stemte: A``, ``(Ø) kunne ikke tiltræde``).
VOTE_SENTENCE_RE = re.compile(
    r"\b(?:stemte|stemmer\s+(?:for|imod|mod)|undlod|undlader|kunne\s+ikke\s+tiltræde"
    r"|for\s+stemte|imod\s+stemte)\b|^imod\s*:|^\(\w{1,4}(?:-\d)?\)"
)
#: ``Med stemmerne 19 for og 1 imod godkendte Byrådet ...``: a vote that is the decision.
VOTES_DECIDE_RE = re.compile(r"^\s*med\s+stemmerne\b")
#: ``Udvalget undlod at tage stilling``: the forum passes the case on without a position.
FORUM_ABSTAINS_RE = re.compile(
    rf"^(?:[\d.\s-]+)?(?:{_FORUM}\s+)?undl(?:od|ader)(?:\s+at\s+tage\s+stilling|\W*$|\s+og\b)"
)

#: ``Intet til orientering``, ``Der var ingen orienteringer``: nothing was decided;
#: ``Beslutning ikke frigivet``: the decision is not published.
NOTHING_RE = re.compile(
    r"^(?:der\s+var\s+)?(?:intet|ingen)\s+(?:\w+\s+)?(?:til\s+orientering|orientering\w*"
    r"|punkter|bemærkninger|at\s+orientere\s+om|spørgsmål|henvendelser(?:\s+til\s+\w+)?)\W*$"
    r"|^intet\W*$|^der\s+har\s+ikke\s+været\s+nogen\s+henvendelser\W*$"
    # "Temamødet blev holdt": a meeting held for its theme, nothing decided.
    r"|^(?:tema|dialog)møde(?:t)?\s+blev\s+(?:af)?holdt\W*$|^afholdt\W*$"
    r"|^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet\W*$"
)

#: Sentences about what is expected later say nothing about this decision.
FUTURE_RE = re.compile(r"\bforvent(?:es|er|ede)\b")
#: Sentences about another meeting (``På sidste fritidsrådsmøde blev ... drøftet``).
OTHER_MEETING_RE = re.compile(r"\b(?:på|i)\s+(?:sidste|seneste|forrige)\s+[\w-]*møde")
#: An outcome word after ``været`` is an earlier step (``som har været drøftet politisk``).
EARLIER_STEP = "været "
#: Attendance lines left in a decision (``Afbud fra X``, ``X deltog som stedfortræder``).
ATTENDANCE_RE = re.compile(
    r"^(?:afbud|fraværende|ikke\s+til\s+stede|deltog\s+ikke)\b"
    r"|\bdeltog\s+som\s+(?:stedfortræder|suppleant)|\bstedfortræder\s*:"
)
#: Where a sentence or a numbered point ends, matched on the printed text: an initial such as
#: ``T.`` ends none, a point such as ``1 c. Godkendt`` starts one even inside a line.
SENTENCE_RE = re.compile(
    r"(?<![\s(][A-ZÆØÅ]\.)(?<=[.!?])\s+|\n+|\s+(?=\d{1,2}(?:\s?[a-z])?\.\s+[A-ZÆØÅ])"
)

#: Only when nothing else was found: the matter comes back at a later meeting
#: (``Materialet drøftes på kommende møde``).
DEFERRAL_RE = re.compile(
    r"\b(?:drøftes|behandles|tages\s+op|genoptages|fremlægges)\s+(?:igen\s+)?på\s+"
    r"(?:et\s+|det\s+)?(?:kommende|næste|næstkommende|senere)\s+møde"
)

#: Last resort, when the decision has no outcome verb at all (points raised, remarks):
#: what the item's ``Indstilling`` asked the forum to do. Never an approval.
RECOMMENDATION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("discussed", re.compile(r"\bdrøft(?:er|es|else|elsen)\b|\bkvalificerer\b")),
    ("noted", re.compile(r"\btil\s+orientering\b|\borienterer\b|\btil\s+efterretning\b")),
)
#: The sentence of an item's text that says what the forum is asked to do, for items whose
#: ``Indstilling`` is not a section of its own (matched on the printed text).
RECOMMENDATION_SENTENCE_RE = re.compile(r"[^.\n]*\bindstiller\b[^.\n]*")

# -- the forum a recommendation or referral goes to (matched on the printed text) -----------

#: A forum or body as a target: ``Byrådet``, ``Klima-, Teknik- og Miljøudvalget``,
#: ``administrationen``, ``fagudvalgene``.
TARGET = (
    r"(?:(?:[A-ZÆØÅ][\w]*-?,?\s+(?:og\s+)?){0,4}[\w-]*(?:[Uu]dvalget|[Uu]dvalg)\b"
    r"|(?:Aarhus\s+|Greve\s+)?[Bb]yråd(?:et)?\b|[Kk]ommunalbestyrelsen\b|Magistraten\b"
    r"|Magistratsafdelingen\s+for\s+(?:[A-ZÆØÅ]\w*\s*(?:og\s+)?)+"
    r"|administrationen\b|fagudvalg(?:et|ene)\b|budgetforhandlingerne\b)"
)
TARGET_RES: dict[str, re.Pattern[str]] = {
    "recommended": re.compile(
        rf"\b(?:anbefale[rs]?|anbefalede|indstiller|indstilles)\s+(?:[\w-]+\s+){{0,3}}?"
        rf"(?:over\s*for|overfor|til)\s+(?P<target>{TARGET})"
        rf"|\bfremsendes\s+til\s+(?P<target2>{TARGET})"
    ),
    "referred": re.compile(
        rf"\b(?:realitetsbehandling|fornyet\s+behandling|behandling|drøftelse\s+på\s+"
        rf"temamøder)\s+i\s+(?P<target>{TARGET})"
        rf"|\b(?:tilbage|retur)\s+til\s+(?:fornyet\s+behandling\s+i\s+)?(?P<target2>{TARGET})"
        rf"|\b(?:fremsendes|oversendes|videresendes|sendes|sendte\s+sagen|sende\s+sagen"
        rf"|tilbagesendes|henskyder\s+beslutningen)\s+(?:med\s+[^.]{{0,80}}?\s+)?(?:til\s+)?(?P<target3>{TARGET})"
    ),
}

__all__ = [
    "ASIDE_RE",
    "ATTENDANCE_RE",
    "DECIDED_RE",
    "DEFERRAL_RE",
    "EARLIER_STEP",
    "FORUM_ABSTAINS_RE",
    "FUTURE_RE",
    "NOTHING_RE",
    "OTHER_MEETING_RE",
    "OUTCOME_PHRASES",
    "OUTCOME_RE",
    "POINT_RE",
    "PRECEDENCE",
    "PRESENT_DECISION_RE",
    "RECOMMENDATION_RULES",
    "RECOMMENDATION_SENTENCE_RE",
    "REMARK_DECISION_RE",
    "SENTENCE_RE",
    "TARGET",
    "TARGET_RES",
    "VOTES_DECIDE_RE",
    "VOTE_SENTENCE_RE",
]
