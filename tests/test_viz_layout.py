"""The graph page's layout, checked in headless Chromium at three window sizes.

What a person would look for in a screenshot, as assertions: every node inside the
drawing (none cut at an edge, none under the side panel), no label over another label
or node, the lane names and dates on screen and apart, text large enough to read at
1400 x 900, the legend drawing each relation the way the graph does, no relation name on
the people's edges, and each forum its own colour. The screenshots are kept in
``artifacts/`` to look at.

The Greve matter is read from the documents: eight committee meetings of August 2022
(``../shared/corpus/greve``) each have an item "Budget 2023-26 - Finansieringsbehov,
muligheder og forberedelse til forhandling" with case number 22-002274, and every one
decided only to discuss it ("Udvalget drøftede ...", "Økonomiudvalget drøftede sagen").
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from typing import Any

import pytest

from core.text import slug
from outputs.html import write_html
from outputs.html.style import EDGE_STYLES, PALETTE, PATH_GOLD

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
SEEDS = ROOT / "examples" / "nordfyns"
SIZES = [(1024, 700), (1400, 900), (1920, 1080)]
STEP_FONT = 14  # the page's font size for a step's label in the path layout

GREVE_BUDGET = {
    # file in ../shared/corpus/greve: (forum, item number)
    "Beskaeftigelses-og-Erhvervsudvalget_2022-08-15_0800_da506e4b.json": (
        "Beskæftigelses- og Erhvervsudvalget",
        4,
    ),
    "Social-og-Handicapudvalget_2022-08-15_1700_880e1c97.json": ("Social- og Handicapudvalget", 3),
    "Sundheds-og-Omsorgsudvalget_2022-08-15_1500_558be9f2.json": (
        "Sundheds- og Omsorgsudvalget",
        8,
    ),
    "Plan-og-Tryghedsudvalget_2022-08-16_1645_5b9d0d3d.json": ("Plan- og Tryghedsudvalget", 3),
    "Skole-Boerne-og-Ungeudvalget_2022-08-16_0815_8e03bd28.json": (
        "Skole-, Børne- og Ungeudvalget",
        2,
    ),
    "Kultur-og-Fritidsudvalget_2022-08-17_1830_4b95b156.json": ("Kultur- og Fritidsudvalget", 10),
    "Klima-Teknik-og-Miljoeudvalget_2022-08-18_0800_718678a7.json": (
        "Klima-, Teknik- og Miljøudvalget",
        16,
    ),
    "Oekonomiudvalget_2022-08-29_0800_c1f80cf3.json": ("Økonomiudvalget", 8),
}


# -- what the page shows, measured in the browser ------------------------------------------

# Boxes in page (CSS) pixels: each shown node's shape and label, the lane names, the dates.
GEOMETRY = """(() => {
  const c = window.casegraph, net = c.network;
  const stage = document.getElementById('network').getBoundingClientRect();
  const box = (l, t, r, b) => {
    const a = net.canvasToDOM({x: l, y: t}), z = net.canvasToDOM({x: r, y: b});
    return [a.x + stage.left, a.y + stage.top, z.x + stage.left, z.y + stage.top];
  };
  const nodes = net.body.nodeIndices.map(id => {
    const n = net.body.nodes[id], s = n.shape, size = n.options.size;
    const label = n.labelModule.size;
    return {id: id, group: n.options.group, text: n.options.label || '',
            shape: box(n.x - size, n.y - size, n.x + size, n.y + size),
            label: label.width > 0 && (n.options.label || '') !== '' ? box(
              label.left, label.top, label.left + label.width, label.top + label.height) : null};
  });
  const rect = el => {
    const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const texts = sel => Array.from(document.querySelectorAll(sel)).map(
    el => ({text: el.textContent, box: rect(el)}));
  return {stage: [stage.left, stage.top, stage.right, stage.bottom],
          aside: rect(document.querySelector('aside')),
          nodes: nodes, lanes: texts('#overlay .lane'), axis: texts('#overlay .axis'),
          scale: net.getScale()};
})()"""

# Per relation drawn: the colours its edges have in the network, and its legend swatch's.
EDGE_COLOURS = """(() => {
  const net = window.casegraph.network, out = {};
  Object.values(net.body.edges).forEach(e => {
    const k = window.casegraph.edges.get(e.id).title.lastChild.lastChild.textContent
      .replace(' (derived)', '');
    (out[k] = out[k] || {drawn: [], labels: []}).drawn.push(e.options.color.color);
    out[k].labels.push(e.options.label || '');
  });
  document.querySelectorAll('aside [data-edge]').forEach(row => {
    const k = row.dataset.edge;
    (out[k] = out[k] || {drawn: [], labels: []}).legend =
      getComputedStyle(row.querySelector('.ln')).borderTopColor;
  });
  return out;
})()"""


def overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def inside(inner: list[float], outer: list[float], slack: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def check_geometry(g: dict[str, Any]) -> None:
    """Nothing cut off or under the side panel, no two labels or shapes on top of each other."""
    stage = g["stage"]
    assert stage[2] <= g["aside"][0] + 1  # the drawing ends where the side panel begins
    for n in g["nodes"]:
        assert inside(n["shape"], stage), f"{n['id']} is cut off: {n['shape']} not in {stage}"
        if n["label"]:
            assert inside(n["label"], stage), f"{n['id']}'s label is cut off"
    labels = [(n["id"], n["label"]) for n in g["nodes"] if n["label"]]
    shapes = [(n["id"], n["shape"]) for n in g["nodes"]]
    for (a, ba), (b, bb) in itertools.combinations(labels, 2):
        assert not overlap(ba, bb), f"the labels of {a} and {b} overlap"
    for (a, ba), (b, bb) in itertools.combinations(shapes, 2):
        assert not overlap(ba, bb), f"{a} and {b} overlap"
    for (a, ba), (b, bb) in itertools.product(labels, shapes):
        assert a == b or not overlap(ba, bb), f"the label of {a} covers {b}"
    for kind in ("lanes", "axis"):
        for t in g[kind]:
            assert inside(t["box"], stage), f"{kind} {t['text']!r} is cut off"
        for a, b in itertools.combinations(g[kind], 2):
            assert not overlap(a["box"], b["box"]), f"{a['text']!r} and {b['text']!r} overlap"
    for lane in g["lanes"]:
        for n in g["nodes"]:
            for box in (n["shape"], n["label"]):
                assert box is None or not overlap(lane["box"], box), (
                    f"the lane name {lane['text']!r} covers {n['id']}"
                )


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def check_edges(page: Any, *, relation_names: bool) -> None:
    """The legend draws each relation in the colour the graph draws it; people's edges unnamed."""
    colours = page.evaluate(EDGE_COLOURS)
    for kind, seen in colours.items():
        if not seen["drawn"] or "legend" not in seen:
            continue
        expected = EDGE_STYLES[kind]["color"] if kind in EDGE_STYLES else None
        assert set(seen["drawn"]) == {expected} or expected is None
        assert seen["legend"] == rgb(seen["drawn"][0]), kind
    for kind in ("ATTENDED", "ABSENT_FROM", "PRESENTED", "GUEST_AT", "OF_FORUM"):
        assert set(colours.get(kind, {}).get("labels", [])) <= {""}, kind
    if "CONTINUES" in colours and colours["CONTINUES"]["drawn"]:
        assert colours["CONTINUES"]["legend"] == rgb(PATH_GOLD)
        assert set(colours["CONTINUES"]["labels"]) == ({"CONTINUES"} if relation_names else {""})


def open_page(browser: Any, path: Path, size: tuple[int, int]) -> Any:
    page = browser.open(path.resolve().as_uri(), width=size[0], height=size[1])
    page.wait_for("window.casegraph && window.casegraph.drawn")
    # The page refits when its window changes size; measure what that fit gives.
    page.evaluate("window.casegraph.fit()")
    return page


def shown(page: Any, layers: dict[str, bool]) -> dict[str, Any]:
    flags = ", ".join(f"{k}: {str(v).lower()}" for k, v in layers.items())
    page.evaluate(f"window.casegraph.show({{{flags}}})")
    page.wait_for("window.casegraph.network.getScale() > 0")
    return page.evaluate(GEOMETRY)


def assert_clean(page: Any) -> None:
    assert page.requests() == [] and page.errors() == [] and page.dialogs() == []


# -- the invoice matter on the seeds ---------------------------------------------------------


@pytest.fixture(scope="module")
def invoice_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from casegraph.pipeline import Store, ingest
    from core.settings import Settings

    store = tmp_path_factory.mktemp("seeds") / "store"
    assert ingest([SEEDS], settings=Settings(store=store)).failures == []
    path = store.parent / "invoice.html"
    write_html(Store(store).graph(), path, query="S2020-57031")
    return path


@pytest.mark.chromium
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_invoice_page_layout(browser: Any, invoice_page: Path, size: tuple[int, int]) -> None:
    page = open_page(browser, invoice_page, size)
    g = page.evaluate(GEOMETRY)
    check_geometry(g)
    assert [t["text"] for t in g["lanes"]] == ["Direktionen", "Strategisk Chefforum"]
    assert [t["text"] for t in g["axis"]] == ["2020-12-09", "2021-01-07", "2021-01-13"]
    assert g["scale"] * STEP_FONT >= 12  # a small matter is drawn at full size
    steps = sorted(n["text"].split("\n")[0] for n in g["nodes"] if n["group"] == "AgendaItem")
    assert steps == ["punkt 4 · approved", "punkt 5 · discussed"]
    check_edges(page, relation_names=False)
    page.screenshot(ARTIFACTS / f"viz-invoice-{size[0]}x{size[1]}.png")

    people = shown(page, {"people": True})
    check_geometry(people)
    names = sorted(n["text"] for n in people["nodes"] if n["group"] == "Person")
    assert len(names) == 13
    check_edges(page, relation_names=False)
    page.screenshot(ARTIFACTS / f"viz-invoice-people-{size[0]}x{size[1]}.png")

    # Everything: nothing cut off or under the panel, the relations named but the people's.
    everything = shown(page, {"people": True, "details": True})
    stage = everything["stage"]
    assert all(inside(n["shape"], stage) for n in everything["nodes"])
    assert len(everything["nodes"]) == 25
    check_edges(page, relation_names=True)
    page.screenshot(ARTIFACTS / f"viz-invoice-all-{size[0]}x{size[1]}.png")
    assert_clean(page)
    page.close()


@pytest.mark.chromium
def test_the_path_panel_selects_a_step(browser: Any, invoice_page: Path) -> None:
    page = open_page(browser, invoice_page, (1400, 900))
    steps = page.evaluate(
        "Array.from(document.querySelectorAll('#steps li')).map(li => "
        "[li.dataset.node, li.classList.contains('deciding'), li.textContent])"
    )
    assert [s[0] for s in steps] == [
        "decision:direktionen:2021-01-07:4:earlier:direktionen:2020-12-09",
        "item:direktionen:2021-01-07:4",
        "item:strategisk-chefforum:2021-01-13:5",
    ]
    # Direktionen approved the model on 07-01-2021; Strategisk Chefforum only discussed it.
    assert [s[1] for s in steps] == [False, True, False]
    # The step says why it joins the matter: the minutes of 13-01-2021 refer to Direktionen's
    # meeting (the score itself moves with the linker's weights).
    assert "S2020-57031" not in steps[2][2]
    linked = r"linked: score \d\.\d\d: .*explicit reference to the other meeting"
    assert re.search(linked, steps[2][2])
    page.evaluate("document.querySelectorAll('#steps li')[2].click()")
    selected = page.evaluate("window.casegraph.network.getSelectedNodes()")
    assert selected == ["item:strategisk-chefforum:2021-01-13:5"]
    rows = page.evaluate("document.getElementById('selected-rows').textContent")
    assert "case:S2020-57031" in rows and "presented by:Gitte Clemmensen" in rows
    assert page.evaluate("document.getElementById('selected').hidden") is False
    assert_clean(page)
    page.close()


# -- a matter in eight forums, on Greve's real minutes ----------------------------------------


@pytest.fixture(scope="module")
def greve_budget_page(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from casegraph.pipeline import Store, ingest
    from core.settings import Settings

    files = [corpus_dir / "greve" / name for name in GREVE_BUDGET]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        pytest.skip(f"the Greve minutes are not in {corpus_dir / 'greve'}: {missing}")
    store = tmp_path_factory.mktemp("greve") / "store"
    report = ingest(files, settings=Settings(store=store), municipality="Greve")
    assert report.failures == []
    path = store.parent / "budget.html"
    write_html(Store(store).graph(), path, query="22-002274")
    return path


@pytest.mark.corpus
@pytest.mark.chromium
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_matter_in_eight_forums_is_readable(
    browser: Any, greve_budget_page: Path, size: tuple[int, int]
) -> None:
    page = open_page(browser, greve_budget_page, size)
    g = page.evaluate(GEOMETRY)
    check_geometry(g)
    forums = [forum for forum, _ in GREVE_BUDGET.values()]
    lanes = [t["text"] for t in g["lanes"]]
    assert set(forums) <= set(lanes)
    # Every lane its own colour.
    lane_colours = page.evaluate(
        "Array.from(document.querySelectorAll('#overlay .lane')).map(e => e.style.borderLeftColor)"
    )
    assert len(set(lane_colours)) == len(lanes)
    steps = {
        (n["id"].split(":")[2], int(n["id"].split(":")[-1]))
        for n in g["nodes"]
        if n["group"] == "AgendaItem"
    }
    assert {(slug(forum), number) for forum, number in GREVE_BUDGET.values()} <= steps
    if size != (1024, 700):
        # Readable: a step's label at least 11 px high on the screen.
        assert g["scale"] * STEP_FONT >= 11, f"scale {g['scale']:.2f} at {size}"
    # Only discussed, in every forum: no step decided the matter.
    assert page.evaluate("document.querySelectorAll('#steps li.deciding').length") == 0
    assert "No step decided the matter" in page.evaluate(
        "document.getElementById('steps').textContent"
    )
    page.screenshot(ARTIFACTS / f"viz-greve-budget-{size[0]}x{size[1]}.png")
    people = shown(page, {"people": True})
    check_geometry(people)
    check_edges(page, relation_names=False)
    assert_clean(page)
    page.close()


# -- colours ---------------------------------------------------------------------------------


def _lab(hex_colour: str) -> tuple[float, float, float]:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e_2000(c1: str, c2: str) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(c1), _lab(c2)
    cb = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cb**7 / (cb**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2 - h1 + 180) % 360 - 180
    big_dh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lb, cbp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hb = h1 + h2
    elif abs(h1 - h2) <= 180:
        hb = (h1 + h2) / 2
    else:
        hb = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hb - 30))
        + 0.24 * math.cos(math.radians(2 * hb))
        + 0.32 * math.cos(math.radians(3 * hb + 6))
        - 0.20 * math.cos(math.radians(4 * hb - 63))
    )
    rc = 2 * math.sqrt(cbp**7 / (cbp**7 + 25**7))
    rt = -math.sin(math.radians(60 * math.exp(-(((hb - 275) / 25) ** 2)))) * rc
    sl = 1 + 0.015 * (lb - 50) ** 2 / math.sqrt(20 + (lb - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    dl, dc = (l2 - l1) / sl, (c2p - c1p) / sc
    return math.sqrt(dl**2 + dc**2 + (big_dh / sh) ** 2 + rt * dc * (big_dh / sh))


def test_delta_e_2000_behaves() -> None:
    # A colour does not differ from itself, the difference is symmetric, and black and
    # white are 100 apart (their lightness is 0 and 100, their chroma 0).
    assert delta_e_2000("#4e79a7", "#4e79a7") == 0
    assert delta_e_2000("#4e79a7", "#e15759") == pytest.approx(delta_e_2000("#e15759", "#4e79a7"))
    assert delta_e_2000("#000000", "#ffffff") == pytest.approx(100, abs=0.1)


def test_twelve_forums_get_twelve_distinct_colours() -> None:
    assert len(set(PALETTE)) == len(PALETTE) >= 20
    first12 = PALETTE[:12]
    assert min(delta_e_2000(a, b) for a, b in itertools.combinations(first12, 2)) >= 18
    assert min(delta_e_2000(a, b) for a, b in itertools.combinations(PALETTE, 2)) >= 14
    # None is mistaken for the path's gold.
    assert min(delta_e_2000(c, PATH_GOLD) for c in PALETTE) >= 12


def test_lanes_of_one_view_never_share_a_colour() -> None:
    import networkx as nx

    from outputs.html.view import build_view

    G = nx.MultiDiGraph()
    for i in range(len(PALETTE) + 5):  # more forums than colours
        G.add_node(f"forum:f{i:02d}", type="Forum", name=f"F{i:02d}")
    for i in (0, 3, len(PALETTE), len(PALETTE) + 3):  # ranks that clash modulo the palette
        G.add_node(
            f"meeting:f{i:02d}:2024-01-0{1 + i % 9}",
            type="Meeting",
            forum=f"F{i:02d}",
            date=f"2024-01-0{1 + i % 9}",
        )
    meetings = [n for n in G if n.startswith("meeting:")]
    view = build_view(G, meetings, max_nodes=100)
    colours = [c for _, c in view.forums]
    assert len(colours) == 4 and len(set(colours)) == 4
