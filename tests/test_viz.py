"""The interactive HTML view (outputs/html/), checked in real headless Chromium.

The invoice matter is written here by hand from reading the seeds: Direktionen
07-01-2021 (examples/nordfyns/002_*.txt) item 4 "Udmøntning af Budget 2021 -
Centralisering af regningsbetaling", carrying Direktionen's earlier decision of
09-12-2020, continues at Strategisk Chefforum 13-01-2021 (000_*.txt) item 5, case
S2020-57031, which Gitte Clemmensen presented ("rammesatte punktet").

Browser tests are marked ``chromium``: they skip when /usr/bin/chromium is missing,
and fail instead when CHROMIUM_TESTS=1 (CI, after scripts/install-chromium).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from core.errors import NoMatchError, OutputError
from core.text import slug
from outputs.html import (
    overview,
    render_html,
    resolve_matter,
    select_matter,
    write_html,
)
from outputs.html.page import vis_assets

from seed_facts import CHEFFORUM_2021_01_13 as CHEFFORUM
from seed_facts import DIREKTIONEN_2021_01_07 as DIREKTIONEN

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
SEEDS = ROOT / "examples" / "nordfyns"
XSS = "<img src=x onerror=alert(1)>"


MATTER = "matter:direktionen:2021-01-07:4"
D_ITEM = "item:direktionen:2021-01-07:4"
S_ITEM = "item:strategisk-chefforum:2021-01-13:5"


# -- graphs built by hand, following docs/schema.md ---------------------------------


class Builder:
    """Adds schema-shaped nodes and edges (edge key = edge type, as graph/build.py does)."""

    def __init__(self) -> None:
        self.G = nx.MultiDiGraph()

    def edge(self, u: str, v: str, kind: str, **attrs: Any) -> None:
        self.G.add_edge(u, v, key=kind, type=kind, **attrs)

    def src(self, path: str, first: int, last: int) -> dict[str, Any]:
        return {"source_path": path, "sha256": "0" * 64, "first_line": first, "last_line": last}

    def forum(self, name: str) -> str:
        key = "forum:" + slug(name)
        self.G.add_node(key, type="Forum", name=name)
        return key

    def meeting(self, forum: str, date: str, attendees: list[str], path: str | None) -> str:
        forum_slug = slug(forum)
        key = f"meeting:{forum_slug}:{date}"
        self.G.add_node(
            key,
            type="Meeting",
            forum=forum,
            date=date,
            start="08:30",
            place="Skype" if path else None,
            kind="minutes" if path else None,
            documented=path is not None,
            attendance_recorded=bool(attendees),
            attendees=attendees,
            absent=[],
            title=f"REFERAT {forum} d. {date}" if path else None,
            **(self.src(path, 1, 12) if path else {}),
        )
        self.edge(key, self.forum(forum), "OF_FORUM")
        for name in attendees:
            person = self.person(name)
            self.edge(person, key, "ATTENDED", **(self.src(path, 9, 12) if path else {}))
        if path:
            doc = f"document:{forum_slug}-{date}"
            self.G.add_node(doc, type="Document", path=path, sha256="0" * 64, format="text")
            self.edge(key, doc, "FROM_DOCUMENT")
        return key

    def person(self, name: str) -> str:
        key = "person:" + slug(name)
        self.G.add_node(key, type="Person", name=name, aliases=[], roles=[])
        return key

    def item(
        self,
        meeting: str,
        number: int,
        title: str,
        *,
        cases: tuple[str, ...] = (),
        decision: str | None = None,
        outcome: str | None = None,
        path: str = "x.txt",
        lines: tuple[int, int] = (1, 2),
    ) -> str:
        m = self.G.nodes[meeting]
        key = f"item:{meeting.removeprefix('meeting:')}:{number}"
        self.G.add_node(
            key,
            type="AgendaItem",
            number=number,
            title=title,
            public=True,
            case_numbers=list(cases),
            document_numbers=[],
            outcome=outcome,
            decision=decision,
            text="",
            meeting=meeting,
            forum=m["forum"],
            date=m["date"],
            **self.src(path, *lines),
        )
        self.edge(meeting, key, "HAS_ITEM")
        for number_ in cases:
            self.G.add_node(f"case:{number_}", type="Case", number=number_)
            self.edge(key, f"case:{number_}", "ABOUT_CASE")
        if decision is not None:
            dkey = f"decision:{key.removeprefix('item:')}"
            self.G.add_node(
                dkey,
                type="Decision",
                text=decision,
                outcome=outcome,
                forum=m["forum"],
                date=m["date"],
                earlier=False,
                **self.src(path, *lines),
            )
            self.edge(key, dkey, "HAS_DECISION")
            self.edge(dkey, meeting, "DECIDED_AT")
        return key


def invoice_graph() -> nx.MultiDiGraph:
    """Two meetings of the seeds around the invoice matter, plus neighbours it must not pull in."""
    b = Builder()
    p002 = "examples/nordfyns/002_a5db68b1e2c219a1.txt"
    p000 = "examples/nordfyns/000_684b67a3f1ecf733.txt"
    d = b.meeting("Direktionen", "2021-01-07", DIREKTIONEN, p002)
    s = b.meeting("Strategisk Chefforum", "2021-01-13", CHEFFORUM, p000)
    stub = b.meeting("Direktionen", "2020-12-09", [], None)
    b.item(d, 1, "Tidsplan", decision="Godkendt med den tilføjelse ...", outcome="approved")
    b.item(d, 2, "Status på Corona - COVID19", cases=("S2020-59392",))
    b.item(d, 3, "Strategisk Chefforum 13. jan. 2021", outcome="approved")
    b.item(
        d,
        4,
        "Udmøntning af Budget 2021 - Centralisering af regningsbetaling",
        decision=(
            "Direktionen drøftede og godkendte model for implementering af centralisering "
            "af regningsbetaling med følgende bemærkninger:\n\n- Nye arbejdsgange skal "
            "beskrives nærmere."
        ),
        outcome="approved",
        path=p002,
        lines=(98, 166),
    )
    b.item(d, 5, "Orientering", cases=("S2020-59392",), outcome="noted")
    earlier = "decision:direktionen:2021-01-07:4:earlier:direktionen:2020-12-09"
    b.G.add_node(
        earlier,
        type="Decision",
        text=(
            "Direktionen drøftede udmøntning af Budget 2021 med særlig fokus på centralisering "
            "af regningsbetaling."
        ),
        outcome="discussed",
        forum="Direktionen",
        date="2020-12-09",
        earlier=True,
        **b.src(p002, 161, 169),
    )
    b.edge(D_ITEM, earlier, "HAS_DECISION")
    b.edge(earlier, stub, "DECIDED_AT")
    b.item(s, 1, "Tidsplan", cases=("S2019-75",), outcome="approved")
    b.item(
        s,
        4,
        "Budget 2022 - Planlægning af Budgetstrategi 2022",
        cases=("S2020-61645",),
    )
    b.G.add_node(
        "attachment:strategisk-chefforum:2021-01-13:4:evaluering",
        type="Attachment",
        title="Evaluering af budgetprocessen for budget 2021",
        number=None,
    )
    b.edge(
        "item:strategisk-chefforum:2021-01-13:4",
        "attachment:strategisk-chefforum:2021-01-13:4:evaluering",
        "HAS_ATTACHMENT",
    )
    b.item(
        s,
        5,
        "Udmøntning af Budget 2021 - Centralisering og optimering af regningsbetaling",
        cases=("S2020-57031",),
        decision=(
            "Gitte Clemmensen rammesatte punktet ud fra det rundsendte notat med beskrivelse "
            "af udmøntning af centralisering af regningsbetaling."
        ),
        outcome="discussed",
        path=p000,
        lines=(222, 278),
    )
    b.edge(
        b.person("Gitte Clemmensen"),
        S_ITEM,
        "PRESENTED",
        text="Gitte Clemmensen rammesatte punktet",
        **b.src(p000, 262, 262),
    )
    # "... besluttet endeligt af direktionen forud for Strategisk Chefforums møde den 13. jan."
    b.edge(D_ITEM, s, "REFERS_TO", text="Strategisk Chefforums møde den 13. jan. 2021")
    b.G.add_node(
        MATTER,
        type="Matter",
        label="Udmøntning af Budget 2021 - Centralisering af regningsbetaling",
        items=[D_ITEM, S_ITEM],
    )
    b.edge(D_ITEM, MATTER, "PART_OF")
    b.edge(S_ITEM, MATTER, "PART_OF")
    b.edge(
        D_ITEM,
        S_ITEM,
        "CONTINUES",
        evidence=["same title", "decided before Strategisk Chefforums møde den 13. jan. 2021"],
        score=0.93,
    )
    return b.G


# What the invoice view must hold, counted from the documents (see the module docstring).
INVOICE_NODES = (
    {MATTER, D_ITEM, S_ITEM}
    | {"meeting:direktionen:2021-01-07", "meeting:strategisk-chefforum:2021-01-13"}
    | {"meeting:direktionen:2020-12-09"}  # took the earlier decision
    | {"forum:direktionen", "forum:strategisk-chefforum"}
    | {
        "decision:direktionen:2021-01-07:4",
        "decision:direktionen:2021-01-07:4:earlier:direktionen:2020-12-09",
        "decision:strategisk-chefforum:2021-01-13:5",
    }
    | {"case:S2020-57031"}
    | {"person:" + slug(n) for n in CHEFFORUM}  # Direktionen's 6 are among them
)
# 2 PART_OF, 1 CONTINUES, 2 HAS_ITEM, 3 OF_FORUM, 3 HAS_DECISION, 3 DECIDED_AT, 1 ABOUT_CASE,
# 6 + 13 ATTENDED, 1 PRESENTED, 1 REFERS_TO.
INVOICE_EDGES = 2 + 1 + 2 + 3 + 3 + 3 + 1 + 19 + 1 + 1


def xss_graph() -> nx.MultiDiGraph:
    """Every piece of document text that reaches the page is hostile."""
    b = Builder()
    forum = f"Udvalg {XSS}"
    m = b.meeting(forum, "2024-02-01", [f"Eve {XSS}", "Bob"], f"evil/{XSS}.txt")
    b.G.nodes[m]["title"] = f"REFERAT {XSS}"
    item = b.item(
        m,
        1,
        XSS,
        cases=(f"S1 {XSS}",),
        decision=f"Godkendt. </script><script>alert(4)</script> {XSS}",
        outcome="approved",
        path=f"evil/{XSS}.txt",
    )
    b.G.add_node("attachment:x:1", type="Attachment", title=f'"><svg onload=alert(3)> {XSS}')
    b.edge(item, "attachment:x:1", "HAS_ATTACHMENT")
    b.G.add_node("matter:x", type="Matter", label=f"<script>alert(2)</script>{XSS}", items=[item])
    b.edge(item, "matter:x", "PART_OF")
    b.edge(b.person(f"Eve {XSS}"), item, "GUEST_AT", text=XSS)
    return b.G


def synthetic_graph(meetings: int, items_per_meeting: int = 6) -> nx.MultiDiGraph:
    """Forums taking turns, each item a step of a matter that moves to the next meeting."""
    b = Builder()
    forums = ["Direktionen", "Strategisk Chefforum", "Økonomiudvalget", "Byrådet"]
    people = [f"Person {i}" for i in range(40)]
    previous: list[str] = []
    matter_of: dict[str, str] = {}
    for i in range(meetings):
        forum = forums[i % len(forums)]
        date = f"{2020 + i // 300}-{1 + (i // 25) % 12:02d}-{1 + i % 25:02d}"
        m = b.meeting(forum, date, people[i % 30 : i % 30 + 8], f"m{i}.txt")
        current = []
        for n in range(1, items_per_meeting + 1):
            item = b.item(m, n, f"Punkt {n} om sag {i}", cases=(f"S{i}-{n}",), outcome="noted")
            current.append(item)
        # Every other item continues an item of the previous meeting, for up to 4 steps.
        for k, (old, new) in enumerate(zip(previous, current, strict=False)):
            if k % 2:
                continue
            matter = matter_of.get(old)
            if matter is None or len(b.G.nodes[matter]["items"]) >= 4:
                matter = "matter:" + new.removeprefix("item:")
                b.G.add_node(matter, type="Matter", label=f"Sag {i}.{k}", items=[])
            else:
                b.edge(old, new, "CONTINUES", evidence=["synthetic"], score=0.5)
            b.G.nodes[matter]["items"].append(new)
            b.edge(new, matter, "PART_OF")
            matter_of[new] = matter
        previous = current
    return b.G


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five Nordfyns seeds ingested into a fresh store."""
    from casegraph.pipeline import Store, ingest
    from core.settings import Settings

    store = tmp_path_factory.mktemp("seeds") / "store"
    report = ingest([SEEDS], settings=Settings(store=store))
    assert report.failures == []
    assert MATTER in Store(store).graph()
    return store


def seed_graph(store: Path) -> nx.MultiDiGraph:
    from casegraph.pipeline import Store

    return Store(store).graph()


# -- without a browser ------------------------------------------------------------------------


def test_seeds_invoice_neighbourhood(seed_store: Path) -> None:
    G = seed_graph(seed_store)
    assert select_matter(G, MATTER) == INVOICE_NODES
    assert G.has_edge(D_ITEM, S_ITEM, key="CONTINUES")
    assert resolve_matter(G, "S2020-57031") == MATTER


def test_cli_viz_on_the_seeds(seed_store: Path, tmp_path: Path) -> None:
    from casegraph.cli import cli

    out = tmp_path / "invoice.html"
    args = ["viz", "S2020-57031", "-o", str(out), "--store", str(seed_store)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}: 25 nodes, ")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_viz_without_a_match(seed_store: Path, tmp_path: Path) -> None:
    from casegraph.cli import cli

    args = ["viz", "xyzzy", "-o", str(tmp_path / "v.html"), "--store", str(seed_store)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "xyzzy" in result.output
    assert not (tmp_path / "v.html").exists()


def test_select_matter_is_the_invoice_neighbourhood() -> None:
    G = invoice_graph()
    assert select_matter(G, MATTER) == INVOICE_NODES


def test_select_matter_rejects_what_is_not_a_matter() -> None:
    G = invoice_graph()
    with pytest.raises(NoMatchError, match="'person:bob' is not a matter of the graph"):
        select_matter(G, "person:bob")


@pytest.mark.parametrize(
    "query",
    [MATTER, D_ITEM, "case:S2020-57031", "S2020-57031", "s2020-57031", "regningsbetaling"],
)
def test_resolve_matter(query: str) -> None:
    assert resolve_matter(invoice_graph(), query) == MATTER


def test_resolve_matter_without_a_match() -> None:
    with pytest.raises(NoMatchError, match="xyzzy"):
        resolve_matter(invoice_graph(), "xyzzy")


def test_overview_keeps_meetings_and_matters_and_says_what_it_left_out() -> None:
    G = synthetic_graph(meetings=40)
    keep, note = overview(G, 100)
    kinds = {G.nodes[n]["type"] for n in keep}
    assert kinds == {"Forum", "Meeting", "Matter"}
    assert len(keep) <= 100
    assert note.startswith("left out: ")
    assert "240 agenda items" in note and "people (folded into meeting tooltips)" in note


def test_overview_of_a_small_graph_is_the_whole_graph_but_its_documents() -> None:
    G = invoice_graph()
    documents = {n for n, d in G.nodes(data=True) if d["type"] == "Document"}
    assert len(documents) == 2
    assert overview(G, 1000) == (
        set(G) - documents,
        "left out: 2 documents (named in the tooltips)",
    )


def test_overview_keeps_the_newest_meetings_when_they_do_not_fit() -> None:
    G = synthetic_graph(meetings=40)
    keep, note = overview(G, 10)
    dates = sorted(G.nodes[n]["date"] for n in keep if G.nodes[n]["type"] == "Meeting")
    all_dates = sorted(d["date"] for _, d in G.nodes(data=True) if d["type"] == "Meeting")
    assert len(keep) <= 10 and dates == all_dates[-len(dates) :]
    assert "meetings" in note


def test_the_page_never_exceeds_the_cap(tmp_path: Path) -> None:
    G = synthetic_graph(meetings=30)
    report = write_html(G, tmp_path / "v.html", query=None, max_nodes=50)
    assert report.nodes <= 50
    page = render_html(G, G.nodes, title="all", max_nodes=50)
    assert '"expected":{"nodes":50,' in page
    assert "the view is capped at 50 nodes" in page


def test_the_page_is_self_contained_and_escapes_document_text(tmp_path: Path) -> None:
    G = xss_graph()
    page = render_html(G, G.nodes, title=f"Sag {XSS}")
    # Nothing is loaded from anywhere: no external script, style sheet, frame or image.
    assert not re.search(r"<(link|iframe|img|object|embed)\b", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\ssrc=", page, re.IGNORECASE)
    # Apart from the inlined vis-network (whose only URLs are in licence comments and the
    # SVG namespace), the page names no URL at all, and its CSP forbids loading anything.
    js, css = vis_assets()
    ours = page.replace(js, "").replace(css, "")
    assert not re.search(r"https?:|//cdn|bootstrap", ours, re.IGNORECASE)
    assert "default-src 'none'" in ours
    # The hostile strings appear only escaped (HTML) or as JSON with < escaped.
    assert "<img" not in page and "<svg onload" not in page
    assert ours.count("<script") == 3  # vis-network, the data, our code
    assert f"Sag {XSS}".replace("<", "&lt;").replace(">", "&gt;") in page


def test_write_html_report(tmp_path: Path) -> None:
    report = write_html(invoice_graph(), tmp_path / "invoice.html", query="S2020-57031")
    assert (report.matter, report.nodes, report.edges) == (MATTER, 25, INVOICE_EDGES)
    assert len(INVOICE_NODES) == 25
    assert report.title == "Udmøntning af Budget 2021 - Centralisering af regningsbetaling"
    assert report.bytes == (tmp_path / "invoice.html").stat().st_size
    assert report.note == "" and report.left_out == ()


def test_cli_viz_needs_a_store(tmp_path: Path) -> None:
    from casegraph.cli import cli

    result = CliRunner().invoke(
        cli, ["viz", "-o", str(tmp_path / "v.html"), "--store", str(tmp_path / "store")]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no casegraph store at {tmp_path / 'store'}; ")
    assert not (tmp_path / "store").exists() and not (tmp_path / "v.html").exists()


def test_write_html_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "pages" / "invoice.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.html"
    link.symlink_to(target)
    report = write_html(invoice_graph(), link, query="S2020-57031")
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert report.bytes == target.stat().st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.html", "pages"]


def test_write_html_writes_through_a_named_pipe(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    report = write_html(invoice_graph(), fifo, query="S2020-57031")
    reader.join(timeout=10)
    assert received and len(received[0]) == report.bytes
    assert received[0].startswith(b"<!DOCTYPE html>")
    assert fifo.is_fifo()


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_write_html_refuses_a_device(device: str, tmp_path: Path) -> None:
    import stat

    before = os.stat(device)
    with pytest.raises(OutputError, match=f"^{device}: is a device, not a file; name a file"):
        write_html(invoice_graph(), device, query="S2020-57031")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    # A link to a device is refused the same way, and stays a link.
    link = tmp_path / "full.html"
    link.symlink_to(device)
    with pytest.raises(OutputError, match="is a device, not a file"):
        write_html(invoice_graph(), link)
    assert link.is_symlink()


def test_write_html_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"^no file name given for the HTML page"):
        write_html(invoice_graph(), "")
    with pytest.raises(OutputError, match="is a folder, not a file"):
        write_html(invoice_graph(), tmp_path)
    missing = tmp_path / "missing" / "v.html"
    with pytest.raises(
        OutputError, match=re.escape(f"the folder {tmp_path / 'missing'} does not exist")
    ):
        write_html(invoice_graph(), missing)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("", "Error: no file name given for the HTML page; name one, such as out.html"),
        ("/dev/full", "Error: /dev/full: is a device, not a file; name a file for the HTML page"),
    ],
)
def test_cli_viz_output_errors(seed_store: Path, output: str, message: str) -> None:
    from casegraph.cli import cli

    result = CliRunner().invoke(
        cli, ["viz", "S2020-57031", "-o", output, "--store", str(seed_store)]
    )
    assert (result.exit_code, result.output) == (1, message + "\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_to_pyvis_is_the_same_view() -> None:
    from pyvis.network import Network

    import casegraph.viz
    from outputs.html import graph_view, to_pyvis

    view = graph_view(invoice_graph(), "regningsbetaling")
    net = to_pyvis(view, layers=("path", "people", "details"))
    assert isinstance(net, Network) and net.directed
    assert net.options.physics.enabled is False
    by_id = {n["id"]: n for n in view.nodes}
    assert {n["id"] for n in net.nodes} == INVOICE_NODES
    for n in net.nodes:
        page = by_id[n["id"]]
        assert (n["x"], n["y"], n["color"]["background"]) == (page["x"], page["y"], page["color"])
        assert n["physics"] is False
        assert n["title"].endswith(f"key: {n['id']}")
    item = next(n for n in net.nodes if n["id"] == S_ITEM)
    assert "presented by: Gitte Clemmensen" in item["title"]
    assert len(net.edges) == INVOICE_EDGES
    # What the page opens with: the path, in its compact layout.
    path = casegraph.viz.to_pyvis(view)
    assert {n["id"] for n in path.nodes} == {n["id"] for n in view.nodes if "px" in n} - {
        n["id"] for n in view.nodes if n["layer"] == "people"
    }
    assert all((n["x"], n["y"]) == (by_id[n["id"]]["px"], by_id[n["id"]]["py"]) for n in path.nodes)


def test_to_pyvis_keeps_hostile_text_out_of_pyvis_html_tooltips() -> None:
    from outputs.html import graph_view, to_pyvis

    G = xss_graph()
    G.nodes["item:" + slug("Udvalg " + XSS) + ":2024-02-01:1"]["title"] = (
        '<a href="javascript:alert(5)">x</a>'
    )
    net = to_pyvis(graph_view(G, "matter:x"), layers=("path", "people", "details"))
    titles = [str(n.get("title", "")) for n in net.nodes + net.edges]
    # pyvis switches to tooltips parsed as HTML when one contains "href": none does.
    assert not any("href" in t.lower() for t in titles)
    assert any('<a h\u200bref="javascript:alert(5)">x</a>' in t for t in titles)
    assert "popup.innerHTML" not in net.generate_html()


def test_show_returns_an_iframe() -> None:
    from outputs.html import show

    shown = show(invoice_graph(), MATTER)
    assert shown.data.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "<img" not in shown.data


def test_every_template_file_is_package_data() -> None:
    """A wheel (and a non-editable install) carries the page's template, style and script."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert "outputs.html.templates" in config["setuptools"]["packages"]
    globs = config["setuptools"]["package-data"]["outputs.html.templates"]
    files = sorted(p.name for p in (ROOT / "outputs" / "html" / "templates").iterdir())
    assert {"graph.css", "graph.html", "graph.js"} <= set(files)
    assert all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files)


# -- in Chromium -----------------------------------------------------------------------------


def open_view(browser: Any, path: Path) -> Any:
    page = browser.open(path.resolve().as_uri())
    page.wait_for("window.casegraph && window.casegraph.drawn")
    return page


def assert_clean(page: Any) -> None:
    """No request left the page, nothing was logged as an error, no dialog opened."""
    assert page.requests() == []
    assert page.errors() == []
    assert page.dialogs() == []


# With every layer switched on (the page opens on the path alone), all the view holds is drawn.
DRAWN = """(() => {
  const c = window.casegraph;
  c.show({people: true, details: true});
  return {nodes: c.nodes.length, edges: c.edges.length,
          bodyNodes: c.network.body.nodeIndices.length,
          bodyEdges: c.network.body.edgeIndices.length, expected: c.expected};
})()"""
SHOWN = "window.casegraph.network.body.nodeIndices.slice()"
TIME_ORDER = (
    "(() => { const p = window.casegraph.network.getPositions(); return ["
    "p['meeting:direktionen:2020-12-09'].x, p['meeting:direktionen:2021-01-07'].x,"
    "p['meeting:strategisk-chefforum:2021-01-13'].x]; })()"
)
# What the invoice page opens with: the two steps, the earlier decision carried along, and
# the three meetings beside them.
INVOICE_PATH = {
    D_ITEM,
    S_ITEM,
    "decision:direktionen:2021-01-07:4:earlier:direktionen:2020-12-09",
    "meeting:direktionen:2020-12-09",
    "meeting:direktionen:2021-01-07",
    "meeting:strategisk-chefforum:2021-01-13",
}


def check_invoice_page(browser: Any, G: nx.MultiDiGraph, path: Path) -> tuple[Any, Any]:
    report = write_html(G, path, query="regningsbetaling")
    assert report.matter == MATTER
    page = open_view(browser, path)
    assert set(page.evaluate(SHOWN)) == INVOICE_PATH
    # Time reads left to right: the stub meeting, then Direktionen, then Strategisk Chefforum.
    xs = page.evaluate(TIME_ORDER)
    assert xs[0] < xs[1] < xs[2]
    drawn = page.evaluate(DRAWN)
    assert drawn == {
        "nodes": len(INVOICE_NODES),
        "edges": report.edges,
        "bodyNodes": len(INVOICE_NODES),
        "bodyEdges": report.edges,
        "expected": {"nodes": report.nodes, "edges": report.edges},
    }
    assert set(page.evaluate("window.casegraph.nodes.getIds()")) == INVOICE_NODES
    xs = page.evaluate(TIME_ORDER)
    assert xs[0] < xs[1] < xs[2]
    assert_clean(page)
    return page, report


@pytest.mark.chromium
def test_invoice_view_in_chromium(browser: Any, tmp_path: Path) -> None:
    page, report = check_invoice_page(browser, invoice_graph(), tmp_path / "invoice.html")
    assert report.edges == INVOICE_EDGES
    page.close()


@pytest.mark.chromium
def test_seeds_invoice_view_in_chromium(browser: Any, seed_store: Path, tmp_path: Path) -> None:
    page, _ = check_invoice_page(browser, seed_graph(seed_store), tmp_path / "invoice.html")
    # The test artefact to look at: artifacts/viz-invoice.png.
    shot = page.screenshot(ARTIFACTS / "viz-invoice.png")
    assert shot.stat().st_size > 10_000
    page.close()


@pytest.mark.chromium
def test_hostile_text_stays_text_in_chromium(browser: Any, tmp_path: Path) -> None:
    G = xss_graph()
    path = tmp_path / "xss.html"
    path.write_text(render_html(G, G.nodes, title=f"Sag {XSS}"), encoding="utf-8")
    page = open_view(browser, path)
    assert page.evaluate("document.querySelectorAll('img, svg[onload], iframe').length") == 0
    assert page.evaluate("document.querySelector('h1').textContent") == f"Sag {XSS}"
    assert XSS in page.evaluate("document.querySelector('aside').textContent")
    # Hover the agenda item: its tooltip shows the title as text.
    item = f"item:{slug('Udvalg ' + XSS)}:2024-02-01:1"
    x, y = page.evaluate(
        "(() => { const n = window.casegraph.network;"
        f" const p = n.canvasToDOM(n.getPositions(['{item}'])['{item}']);"
        " const r = document.getElementById('network').getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )
    page.mouse_move(x, y)
    tip = page.wait_for(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible' && t.textContent; })()"
    )
    assert f"Punkt 1: {XSS}" in tip and "</script><script>alert(4)</script>" in tip
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert_clean(page)
    page.close()


@pytest.mark.chromium
def test_a_capped_overview_draws_what_the_report_says(browser: Any, tmp_path: Path) -> None:
    G = synthetic_graph(meetings=250)  # ~ 4,300 nodes
    report = write_html(G, tmp_path / "all.html", max_nodes=1000)
    assert report.nodes <= 1000 and report.note.startswith("left out: ")
    page = open_view(browser, tmp_path / "all.html")
    drawn = page.evaluate(DRAWN)
    assert drawn["nodes"] == drawn["bodyNodes"] == report.nodes
    assert drawn["edges"] == drawn["bodyEdges"] == report.edges
    assert page.evaluate("document.querySelector('header .note').textContent") == report.note
    assert_clean(page)
    page.close()


@pytest.mark.chromium
def test_show_draws_inline_as_in_a_notebook(browser: Any, tmp_path: Path) -> None:
    from outputs.html import show

    # What Jupyter does with the HTML: put it into the notebook's page.
    path = tmp_path / "notebook.html"
    shown = show(invoice_graph(), "S2020-57031")
    path.write_text(f"<!DOCTYPE html><html><body>{shown.data}</body></html>", encoding="utf-8")
    page = browser.open(path.resolve().as_uri())
    # Chromium runs the sandboxed frame in its own process: a child target of the page.
    page.wait_for("window.frames.length")
    deadline = time.monotonic() + 10
    while not page.children and time.monotonic() < deadline:
        time.sleep(0.05)
    (frame,) = page.children
    frame.wait_for("window.casegraph && window.casegraph.drawn")
    drawn = frame.evaluate(DRAWN)
    assert (drawn["nodes"], drawn["edges"]) == (len(INVOICE_NODES), INVOICE_EDGES)
    assert_clean(page)
    page.close()
