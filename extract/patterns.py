r"""Every regular expression and Danish heading word the minutes parser uses.

Keeping them in one module means a new layout or a new heading is added in one
place, and the examples below show what each pattern accepts (they run as
doctests). All patterns are compiled once at import time; the parser only runs
them on lines that passed a cheap ``str`` test first (``startswith``, ``in``, a dict
lookup), because the whole ingest has to reach 300k words/s on one core.

>>> TITLE_RE.match("REFERAT Strategisk Chefforum d. 13-01-2021").group("forum")
'Strategisk Chefforum'
>>> ITEM_RE.match("Punkt 4: Budget 2022 - Planlægning").group("number", "rest")
('4', 'Budget 2022 - Planlægning')
>>> m = TITLE_RE.match("REFERAT Direktionen 2019/2020 d. 27-05-2020")
>>> m.group("kind", "forum", "date")
('REFERAT', 'Direktionen 2019/2020', '27-05-2020')
>>> TITLE_RE.match("Dagsorden Aarhus Byråd den 3.9.2025").group("kind", "date")
('Dagsorden', '3.9.2025')
>>> TITLE_RE.match("Referat") is None
True
>>> HEADER_LABEL_RE.match("Mødedato Onsdag d. 13. januar 2021 kl. 08:30").group(1, 2)
('Mødedato', 'Onsdag d. 13. januar 2021 kl. 08:30')
>>> HEADER_LABEL_RE.match("Fraværende: Ingen").group(1, 2)
('Fraværende', 'Ingen')
>>> HEADER_LABEL_RE.match("Mødested").group(1, 2)
('Mødested', '')
>>> HEADER_LABEL_RE.match("Mødestedet er flyttet") is None
True
>>> TOC_LEADER_RE.sub("", "Tidsplan.....\t3")
'Tidsplan'
>>> TOC_LEADER_RE.sub("", "Budget 2021 - status..... 9")
'Budget 2021 - status'
>>> DANISH_DATE_RE.search("Onsdag d. 13. januar 2021 kl. 08:30").group(1, 2, 3)
('13', 'januar', '2021')
>>> CLOCK_RE.search("Onsdag d. 13. januar 2021 kl. 08:30").group(1, 2)
('08', '30')
>>> FORUM_TERM_RE.match("Direktionen 2019/2020").group(1, 2)
('Direktionen', '2019/2020')
>>> FORUM_TERM_RE.match("Aarhus Byråd") is None
True
>>> COUNCIL_RE.match("Aarhus Byråd").group(1)
'Aarhus'
>>> KOMMUNE_NAME_RE.search("deltager i Nordfyns ").group(1)
'Nordfyns'
>>> GLUED_ITEM_RE.search("Lukket: Køb.......28Punkt 1: Godkendelse").group()
'Punkt 1:'
>>> GLUED_ITEM_RE.search("(påført 27.08.2025)Punkt 3: Svar").start()
19
>>> GLUED_ITEM_RE.search("jf. (Punkt 3: Svar) og Punkt 4: X") is None
True
>>> LUKKET_PREFIX_RE.sub("", "Lukket: Køb af landbrugsejendom")
'Køb af landbrugsejendom'
>>> PUBLIC_SUFFIX_RE.search("input til KL Åbent").group(1)
'Åbent'
>>> [bool(CASE_LINE_RE.match(s)) for s in ("S2020-57031", "EMN-2025-003383", "480-2018-702")]
[True, True, True]
>>> CASE_LINE_RE.match("2.130.000 kr.") is None
True
>>> SAGSNR_RE.findall("Sagsnr. 480-2020-7823 Dok.nr. 480-2020-150002")
['480-2020-7823']
>>> DOKNR_RE.findall("Sagsnr. 480-2020-7823      Dok.nr. 480-2020-150002")
['480-2020-150002']
>>> CURRENT_DECISION_RE.match("Aktuel beslutning på Strategisk chefforum 20-12-2023")[1]
'Strategisk chefforum'
>>> EARLIER_DECISION_RE.match(
...     "Beslutning på møde Direktionen 2019/2020 09-12-2020 - 08:30").group(1, 2, 3)
('Direktionen 2019/2020', '09-12-2020', '08:30')
>>> bool(PROPOSAL_RE.match("BESLUTNINGSFORSLAG FRA KF OG M"))
True
>>> bool(PROPOSAL_RE.match("INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ"))
True
>>> bool(DECISION_DATELINE_RE.match("Strategisk chefforum den 3. juni 2020"))
True
>>> DECISION_DATELINE_RE.match("Godkendt.") is None
True
>>> ABSENCE_LINE_RE.match("Fraværende: Ingen").group(1)
'Ingen'
>>> HISTORY_FIELD_RE.match("Punktnummer: 21").group(1, 2)
('Punktnummer', '21')
>>> ATTACHMENT_NUMBER_RE.match("480-2020-152004 Opsamling på evaluering").group(1, 2)
('480-2020-152004', 'Opsamling på evaluering')
>>> ATTACHMENT_PIECE1_RE.match("480- Organisationens Strategi").group(1, 2)
('480-', 'Organisationens Strategi')
>>> ATTACHMENT_PIECE2_RE.match("2020- indikatorer").group(1, 2)
('2020-', 'indikatorer')
>>> ATTACHMENT_PIECE3_RE.match("151343").group(1, 2)
('151343', None)
>>> m = PARTICIPATION_RE.search("Ole Vett deltager i punktets behandling.")
>>> m.group("neg") is None
True
>>> PARTICIPATION_RE.search("Jesper Kjeldsen deltog ikke i sagens behandling.")["neg"]
'ikke '
>>> bool(PARTICIPATION_RE.search("Ditte Clément deltager i dette punkt med henblik"))
True
>>> [bool(ROLE_TOKEN_RE.match(w)) for w in ("IT-arkitekt", "Borgerrådgiver", "Mette")]
[True, True, False]
>>> MD_HEADING_RE.sub("", "#### Sagens kerne")
'Sagens kerne'
>>> MD_ESCAPE_RE.sub(r"\1", r"velfærd \(kl.dk\)")
'velfærd (kl.dk)'
>>> HTML_TAG_RE.sub("", "I alt <u>2.130.000 kr.</u>")
'I alt 2.130.000 kr.'
>>> HEADINGS["sagens kerne"], HEADINGS["indstilling"], HEADINGS["bilag"]
('section', 'weak', 'attachments')
>>> EDOC_PERSON_RE.match("Lolan Ottesen (A) - formand").group("name", "party", "role")
('Lolan Ottesen', 'A', 'formand')
>>> EDOC_PERSON_RE.match("Hans-Jørgen Kirstein").group("name", "party", "role")
('Hans-Jørgen Kirstein', None, None)
>>> m = EDOC_DECISION_RE.match(
...     "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2")
>>> m.group("who", "date", "number")
('Sundheds- og Forebyggelsesudvalgets', '04.12.2012', '2')
>>> EDOC_EARLIER_RE.match("Kommunalbestyrelsen den 30. januar 2012 Punkt 5").group(
...     "forum", "date", "number")
('Kommunalbestyrelsen', '30. januar 2012', '5')
>>> EDOC_ATTACHMENT_RE.match("2012–200292 - Prioritering af midler").group(1, 2)
('2012–200292', 'Prioritering af midler')
>>> [bool(EDOC_MARKER_RE.match(s)) for s in ("1.", "a.", "A)", "2013.", "Side 3")]
[True, True, True, False, False]
>>> EDOC_ITEM_RE.match("6. Prioritering af midler").group(1, 2)
('6', 'Prioritering af midler')
>>> EDOC_NOT_PRESENT_RE.match("Følgende deltog ikke i behandlingen af punktet:").group(1)
''
>>> TOWN_HALL_RE.search("i Mødecenter C, Lokale 32 på Ballerup Rådhus").group(1)
'Ballerup'
>>> GUEST_AFTER_VERB_RE.search("møde deltager faglig koordinator Birgit Elleby Jørgensen "
...     "fra Center for Ejendomme under behandlingen af sagen.").group("who")
'faglig koordinator Birgit Elleby Jørgensen fra Center for Ejendomme'
>>> JSON_HISTORY_ENTRY_RE.match("11-10-2022 Plan- og Tryghedsudvalget").groups()
('11', '10', '2022', 'Plan- og Tryghedsudvalget')
>>> JSON_HISTORY_ENTRY_RE.match("24/09/2025   Økonomiudvalget").groups()
('24', '09', '2025', 'Økonomiudvalget')
>>> JSON_DATETIME_RE.match("2025-10-01T17:30:00+02:00").groups()
('2025', '10', '01', '17', '30')
"""

from __future__ import annotations

import re

from core.text import MONTHS

# -- document title and header -----------------------------------------------------

#: ``REFERAT Strategisk Chefforum d. 13-01-2021`` (FirstAgenda title line).
TITLE_RE = re.compile(
    r"^(?P<kind>REFERAT|DAGSORDEN|Referat|Dagsorden)\s+(?P<forum>\S.*?)\s+"
    r"(?:d\.\s*|den\s+)?(?P<date>\d{1,2}[-.]\d{1,2}[-.]\d{4})$"
)

#: Title words that name the document kind.
KINDS = {"referat": "minutes", "dagsorden": "agenda"}

#: A header label and the value on the same line (the value may also follow on the next
#: lines, as pdftotext prints it).
HEADER_LABEL_RE = re.compile(
    r"^(Mødedato|Mødetidspunkt|Mødested|Mødedeltagere|Deltagere|Tilstede|Til stede|Medlemmer"
    r"|Fraværende|Afbud|Ikke til stede)(?:\s*:\s*|\s+|$)(.*)$"
)

#: Header labels and what they hold.
HEADER_FIELDS = {
    "Mødedato": "date",
    "Mødetidspunkt": "date",
    "Mødested": "place",
    "Mødedeltagere": "attendees",
    "Deltagere": "attendees",
    "Tilstede": "attendees",
    "Til stede": "attendees",
    "Medlemmer": "attendees",
    "Fraværende": "absent",
    "Afbud": "absent",
    "Ikke til stede": "absent",
}

TOC_WORD = "indholdsfortegnelse"

#: A table-of-contents entry: the title, a dot leader, then an optional page number
#: (pdftotext puts the page numbers in a separate block, pdfium after a space).
TOC_LEADER_RE = re.compile(r"\s*\.{3,}.*$")

#: A page number after a table-of-contents title (eDoc PDFs as pdfium reads them).
TOC_PAGE_RE = re.compile(r"\s+\d{1,3}$")

# -- dates and times -----------------------------------------------------------------


#: ``13. januar 2021`` and ``13. jan. 2021``.
DANISH_DATE_RE = re.compile(
    r"\b(\d{1,2})\.\s*(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})\b",
    re.IGNORECASE,
)

#: ``13-01-2021``, ``13.01.2021``
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[-.](\d{1,2})[-.](\d{4})\b")

#: ``kl. 08:30`` / ``kl. 8.30``
CLOCK_RE = re.compile(r"\bkl\.?\s*(\d{1,2})[:.](\d{2})\b", re.IGNORECASE)

# -- forums ----------------------------------------------------------------------------

#: A forum name followed by its term (``Direktionen 2019/2020``, ``Direktionen 2021``).
FORUM_TERM_RE = re.compile(r"^(.*?\S)\s+(\d{4}(?:\s*[-/]\s*\d{2,4})?)$")

#: Canonical spelling of forums that are printed in more than one case.
FORUM_CANON = {
    "strategisk chefforum": "Strategisk Chefforum",
    "direktionen": "Direktionen",
    "lederforum": "Lederforum",
    "krisestaben": "Krisestaben",
    "kommunalbestyrelsen": "Kommunalbestyrelsen",
    "økonomiudvalget": "Økonomiudvalget",
    "magistraten": "Magistraten",
    "byrådet": "Byrådet",
    "aarhus byråd": "Aarhus Byråd",
}

#: Forums whose name carries the municipality: ``Aarhus Byråd`` -> ``Aarhus``.
COUNCIL_RE = re.compile(r"^(.+?)\s+(?:Byråd|Kommunalbestyrelse|Kommune)$")

#: The name before ``Kommune`` in ``Nordfyns Kommune`` / ``Nordfyns kommunes`` (matched on the
#: text just before each ``ommune``, found with ``str.find``: much cheaper than a regex scan).
KOMMUNE_NAME_RE = re.compile(r"(?<![\w-])([A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\s+$")

# -- agenda items ----------------------------------------------------------------------

#: ``Punkt 4: title`` (the number is bounded so ``int()`` stays cheap on junk input).
ITEM_RE = re.compile(r"^Punkt\s+(?P<number>\d{1,4})\s*:\s*(?P<rest>.*)$")

#: ``Punkt N:`` glued onto the previous page's last line when page texts are joined without
#: a line break (``....28Punkt 1:``, ``(påført 27.08.2025)Punkt 3:``). Items start on a new
#: page, and running text never writes ``Punkt`` straight after a letter or digit; an
#: opening bracket or quote before it is a citation, not a glued item.
GLUED_ITEM_RE = re.compile(r"(?<=[^\s(\[\"'“„«])Punkt\s+\d{1,4}\s*:")

#: ``Lukket:`` prefix of a closed item's title.
LUKKET_PREFIX_RE = re.compile(r"^Lukket(?:\s+punkt)?\s*:\s*", re.IGNORECASE)

#: ``Åbent`` / ``Lukket`` printed after the title.
PUBLIC_SUFFIX_RE = re.compile(r"\s+(Åbent|Lukket)$")

PUBLIC_WORDS = {"åbent": True, "åben": True, "lukket": False}

#: The title repeated under ``Sagsfremstilling``: ``3. Corona-krisen ... Åbent``.
REPEATED_TITLE_RE = re.compile(r"^(\d{1,4})\.\s+\S")

# -- case and document numbers --------------------------------------------------------

#: A line that is only a case number: ``S2020-57031``, ``EMN-2025-003383``, ``480-2018-702``.
CASE_LINE_RE = re.compile(r"^(?:[A-ZÆØÅ]{1,5}-?\d{4}-\d{1,8}|\d{2,4}-\d{4}-\d{1,8})$")

#: ``Sagsnr. 480-2020-7823`` (also ``Sagsnr.: 2012-28504``).
SAGSNR_RE = re.compile(r"\bSags?nr\.?\s*:?\s*([A-ZÆØÅ0-9][A-ZÆØÅ0-9./-]*[A-ZÆØÅ0-9])")

#: ``Dok.nr. 480-2020-150002``
DOKNR_RE = re.compile(r"\bDok\.?\s*nr\.?\s*:?\s*([A-ZÆØÅ0-9][A-ZÆØÅ0-9./-]*[A-ZÆØÅ0-9])")

# -- section headings ------------------------------------------------------------------

SECTION = "section"  # an ordinary section
WEAK = "weak"  # a common word: a heading only before the decision and outside Bilag
CONTAINER = "container"  # ``Sagsfremstilling``: may only repeat title, Åbent and numbers
DECISION = "decision"  # the item's own decision
EARLIER = "earlier"  # ``Beslutning på møde <forum> <date>``: an earlier meeting's decision
HISTORY = "history"  # ``Sagsforløb``: earlier decisions as Udvalg/Dato/Punktnummer entries
ATTACHMENTS = "attachments"  # ``Bilag``
PROPOSAL = "proposal"  # ``BESLUTNINGSFORSLAG FRA DD`` and the like (Aarhus)

#: Headings that are a whole line, lower-cased, and their kind.
HEADINGS = {
    "sagens kerne": SECTION,
    "sagsfremstilling": CONTAINER,
    "sagens baggrund": SECTION,
    "baggrund": WEAK,
    "resume": SECTION,
    "resumé": SECTION,
    "indstilling": WEAK,
    "administrationens indstilling": SECTION,
    "direktionens indstilling": SECTION,
    "økonomiske oplysninger": SECTION,
    "økonomiske konsekvenser": SECTION,
    "lovgrundlag": SECTION,
    "supplerende sagsfremstilling": SECTION,
    "beslutningspunkter": SECTION,
    "beslutning": DECISION,
    "beslutninger": DECISION,
    "sagsforløb": HISTORY,
    "sagens forløb": HISTORY,
    "bilag": ATTACHMENTS,
}

#: Heading kinds that may end a ``Bilag`` list (everything else there is a title).
AFTER_ATTACHMENTS = frozenset({DECISION, EARLIER, ATTACHMENTS, HISTORY})

#: ``Aktuel beslutning på Strategisk chefforum 20-12-2023``: this meeting's decision.
CURRENT_DECISION_RE = re.compile(
    r"^Aktuel beslutning på\s+(.+?)\s+(\d{1,2}-\d{1,2}-\d{4})(?:\s*-\s*(\d{1,2}[:.]\d{2}))?$",
    re.IGNORECASE,
)

#: ``Beslutning på møde Direktionen 2019/2020 09-12-2020 - 08:30``
EARLIER_DECISION_RE = re.compile(
    r"^Beslutning på møde\s+(.+?)\s+(\d{1,2}-\d{1,2}-\d{4})(?:\s*-\s*(\d{1,2}[:.]\d{2}))?$",
    re.IGNORECASE,
)

#: ``Borgmesterens Afdelings påtegning`` (an endorsement section, Aarhus).
PAATEGNING_SUFFIX = " påtegning"

#: Upper-case sub-documents inside an Aarhus decision block.
PROPOSAL_RE = re.compile(
    r"^(?:BESLUTNINGSFORSLAG|INDSTILLING|FORSLAG|ÆNDRINGSFORSLAG)(?: FRA .+)?$"
)

#: The meeting line that opens a decision block in the ``Sagsnr./Dok.nr.`` layout:
#: ``Direktionen 2019/2020 den 27. maj 2020``.
DECISION_DATELINE_RE = re.compile(
    r"^(?P<forum>[A-ZÆØÅ][\w/ .-]{1,80}?)\s+den\s+\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4}$"
)

#: ``Fraværende: Jesper Due Pedersen`` inside an item.
#: Also ``Fraværende med afbud: X``, ``Afbud fra: X`` and ``Afbud fra X`` (no colon).
ABSENCE_LINE_RE = re.compile(
    r"^(?:(?:Fraværende(?:\s+med\s+afbud)?|Afbud(?:\s+fra)?|Ikke til stede)\s*:|Afbud\s+fra)"
    r"\s*(.*)$"
)

NOBODY = frozenset({"ingen", "-", "ingen fraværende", "ingen afbud"})

#: Lines that carry no text (``.`` placeholders in Aarhus decisions).
PUNCT_ONLY_RE = re.compile(r"^[\W_]+$")

# -- Sagsforløb entries (Aarhus) ------------------------------------------------------

HISTORY_FIELD_RE = re.compile(r"^(Udvalg|Dato|Punktnummer|Punkt nr\.|Mødedato)\s*:\s*(.*)$")

# -- attachments -------------------------------------------------------------------------

#: ``480-2020-136954      Forslag til ...`` (and ``2012-208960 - Hvordan ...``).
ATTACHMENT_NUMBER_RE = re.compile(r"^((?:\d{2,4}-)?\d{4}-\d{3,8})\s+(?:-\s+)?(\S.*)$")

#: The first piece of a document number the PDF broke over three lines:
#: ``480- Organisationens ...`` / ``2020-`` / ``151343``.
ATTACHMENT_PIECE1_RE = re.compile(r"^(\d{2,4}-)\s+(\S.*)$")
ATTACHMENT_PIECE2_RE = re.compile(r"^(\d{4}-)(?:\s+(\S.*))?$")
ATTACHMENT_PIECE3_RE = re.compile(r"^(\d{3,8})(?:\s+(\S.*))?$")

# -- people in items -----------------------------------------------------------------------

#: A guest (``X deltager i punktets behandling``) or an absentee (``X deltog ikke i sagens
#: behandling``); the name is the sentence before the match.
PARTICIPATION_RE = re.compile(
    r"\s(?:deltager|deltog|deltage)\s+(?P<neg>ikke\s+)?(?:i|under)\s+"
    r"(?:punktets\s+behandling|behandlingen(?:\s+af\s+(?:punktet|sagen))?"
    r"|sagens\s+behandling|dette\s+punkt|punktet)\b"
)

#: Where a sentence ends (a full stop after an initial such as ``V.`` does not count).
SENTENCE_END_RE = re.compile(r"(?<![A-ZÆØÅ])[.!?:;]\s+")

#: Words that end a role rather than a name (``IT-arkitekt``, ``Borgerrådgiver``, ``leder``).
ROLE_TOKEN_RE = re.compile(
    r"^[\w-]*(?:arkitekt|rådgiver|chef|leder|direktør|konsulent|medarbejder|koordinator"
    r"|specialist|sekretær|formand|borgmester|rådmand|fuldmægtig|controller|analytiker"
    r"|udvikler|repræsentant|jurist|økonom|revisor)(?:en|erne|e|ne)?$",
    re.IGNORECASE,
)

#: A name token: capitalised word, or an initial such as ``V.``.
NAME_TOKEN_RE = re.compile(r"^(?:[A-ZÆØÅÉÜÖ][\w'’-]*|[A-ZÆØÅ]\.)$")

# -- markdown and text clean-up ----------------------------------------------------------

MD_HEADING_RE = re.compile(r"^#{1,6}\s*")
MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+.!|-])")
HTML_TAG_RE = re.compile(
    r"</?(?:u|b|i|em|strong|ul|ol|li|p|br|span|div|sup|sub)\b[^>]*>", re.IGNORECASE
)
#: Characters PDF text layers leave in the text: pdfium's hyphenation mark, soft hyphen.
INVISIBLE = ("\x02", "\xad", "\u200b", "\ufeff")

# -- decisions -------------------------------------------------------------------------

#: Section headings whose text says what the forum was asked to do.
RECOMMENDATION_HEADINGS = frozenset(
    {"indstilling", "administrationens indstilling", "direktionens indstilling"}
)

# -- eDoc layout (Ballerup) -------------------------------------------------------------------
# The running page header is five lines: forum / ``Referat`` / ``Åbent referat`` /
# ``Dato: 04.12.2012`` / ``Side N``; the first one also opens the document.

#: ``Åbent referat`` / ``Lukket referat``: the public part of the minutes the page belongs to.
EDOC_PUBLIC_RE = re.compile(r"^(Åbent|Lukket)\s+(referat|dagsorden)$", re.IGNORECASE)

#: ``Dato: 04.12.2012`` in the page header.
EDOC_DATO_RE = re.compile(r"^Dato\s*:\s*(\d{1,2}\.\d{1,2}\.\d{4})$")

#: ``Side 3`` ends the page header.
EDOC_PAGE_RE = re.compile(r"^Side\s+\d{1,4}$")

#: An item: ``1.`` on its own line (the title follows) or ``1. Meddelelser``; also a table
#: of contents entry, whose page number may follow the title.
EDOC_ITEM_RE = re.compile(r"^(\d{1,3})\.(?:\s+(\S.*))?$")

#: A list marker printed on a line of its own (``1.``, ``a.``, ``A)``); pdftotext puts the
#: text on the next line, pdfium on the same line, so the parser joins them.
EDOC_MARKER_RE = re.compile(r"^(?:\d{1,3}\.|[A-Za-z][.)])$")

#: ``a. Møder og konferencer``: a sub-point of a ``Meddelelser`` item.
EDOC_SUBPOINT_RE = re.compile(r"^[a-zæøå][.)]\s+\S")

#: The decision heading: ``Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012
#: Punkt 2`` (the forum in the genitive).
EDOC_DECISION_RE = re.compile(
    r"^(?P<who>[A-ZÆØÅ].{1,100}?)\s+beslutning\s+den\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})"
    r"(?:\s+Punkt\s+(?P<number>\d{1,4}))?$"
)

#: An earlier treatment listed under the case number: ``Kommunalbestyrelsen den 30. januar
#: 2012 Punkt 5``.
EDOC_EARLIER_RE = re.compile(
    r"^(?P<forum>[A-ZÆØÅ][\w ,/.-]{1,100}?)\s+den\s+(?P<date>\d{1,2}\.\s*[a-zæøå]+\.?\s+\d{4})"
    r"\s+Punkt\s+(?P<number>\d{1,4})$"
)

#: ``Følgende deltog ikke i behandlingen af punktet:`` closes the decision; names follow.
EDOC_NOT_PRESENT_RE = re.compile(
    r"^Følgende\s+deltog\s+ikke\s+i\s+behandlingen(?:\s+af\s+(?:punktet|sagen))?\s*:?\s*(.*)$"
)

#: An attachment: ``2012-208960 - Hvordan udvikler vi ...`` (also with an en dash).
EDOC_ATTACHMENT_RE = re.compile(r"^(\d{4}\s*[-–]\s*\d{3,8})\s+[-–]\s+(\S.*)$")

#: The place line under the date: ``i Mødecenter C, Lokale 32 på Ballerup Rådhus``.
EDOC_PLACE_RE = re.compile(r"^i\s+(\S.*)$")

#: The municipality named by its town hall: ``Ballerup Rådhus``.
TOWN_HALL_RE = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\s+Rådhus\b")

#: Front-page labels of the eDoc layout and the list each one starts.
EDOC_LABELS = {
    "tilstede": "attendees",
    "til stede": "attendees",
    "deltagere": "attendees",
    "afbud/fraværende": "absent",
    "afbud": "absent",
    "fraværende": "absent",
    "sekretær": "secretary",
    "referent": "secretary",
}

#: Party and role after a name: ``Lolan Ottesen (A) - formand``.
EDOC_PERSON_RE = re.compile(
    r"^(?P<name>[^()]+?)\s*(?:\((?P<party>[^)]{1,20})\))?(?:\s+[-–]\s+(?P<role>\S.*))?$"
)

#: Whole-line headings inside an eDoc item (lower case) and their kind.
EDOC_HEADINGS = {
    "sammendrag": SECTION,
    "resume": SECTION,
    "resumé": SECTION,
    "baggrund": SECTION,
    "sagsfremstilling": SECTION,
    "økonomiske konsekvenser og finansiering": SECTION,
    "økonomiske konsekvenser": SECTION,
    "økonomi": SECTION,
    "lovgrundlag": SECTION,
    "retsgrundlag": SECTION,
    "høring": SECTION,
    "kommunikation": SECTION,
    "tidsplan": SECTION,
    "beslutningen træffes af": SECTION,
    "indstilling": SECTION,
    "bilag": ATTACHMENTS,
}

#: A guest named after the verb: ``deltager faglig koordinator Birgit Elleby Jørgensen fra
#: Center for Ejendomme under behandlingen af sagen``.
GUEST_AFTER_VERB_RE = re.compile(
    r"\bdeltager\s+(?P<who>[^.;:]{3,160}?)\s+(?:under|i)\s+(?:behandlingen|punktets\s+behandling)"
)

# -- FirstAgenda Publication JSON (Greve) -------------------------------------------------------

#: A ``Sagens forløb`` entry header: ``24/09/2025   Økonomiudvalget``, or ``11-10-2022 ...``
#: as Greve printed it until 2024.
JSON_HISTORY_ENTRY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s+(\S.*)$")

#: ``2025-10-01T17:30:00+02:00``: the meeting's local date and time as published.
JSON_DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")

#: Section headings that the HTML prints as a bold paragraph instead of ``<h4>``.
JSON_SECTION_WORDS = frozenset(
    {
        "sagsprocedure", "resume", "resumé", "indstilling", "sagsbeskrivelse",
        "sagsfremstilling", "supplerende sagsfremstilling", "lovgrundlag",
        "økonomiske konsekvenser", "øvrige konsekvenser", "høring", "kommunikation",
        "tidsplan", "baggrund", "beslutning", "sagens forløb",
    }
)  # fmt: skip

#: The reasons that mark an item attendee as absent from the item.
JSON_ABSENT_REASONS = frozenset({"fraværende", "afbud", "ikke til stede", "inhabil"})
