"""``casegraph serve``: the real server on a free port, driven by headless Chromium.

The walk a reader takes on the seeds: search for the invoice case, open its matter, see
both meetings (Direktionen 07-01-2021 and Strategisk Chefforum 13-01-2021) with the six and
thirteen people in the room (tests/seed_facts.py, read from the minutes), open a person,
follow a source link to the line. No console error, no request to any other host. Hostile
text in titles, names and decisions stays text on every page.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from seed_facts import CHEFFORUM_2021_01_13 as CHEFFORUM
from seed_facts import DIREKTIONEN_2021_01_07 as DIREKTIONEN

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "nordfyns"
ARTIFACTS = ROOT / "artifacts"
MATTER = "matter:direktionen:2021-01-07:4"
XSS = "<img src=x onerror=alert(1)>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from casegraph.pipeline import ingest
    from core.settings import Settings

    store = tmp_path_factory.mktemp("serve") / "store"
    assert ingest([SEEDS], settings=Settings(store=store)).failures == []
    return store


def start(store: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """``casegraph serve`` as its own process, and its base URL once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "casegraph"),
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            *args,
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as answer:
                if answer.status == 200:
                    return process, base
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"casegraph serve ended: {process.stderr.read()}") from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("casegraph serve did not answer within 60 s")


@pytest.fixture(scope="module")
def server(seed_store: Path) -> Iterator[str]:
    process, base = start(seed_store)
    yield base
    process.terminate()
    process.wait(timeout=10)


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return (
                answer.status,
                {k.lower(): v for k, v in answer.headers.items()},
                answer.read().decode("utf-8"),
            )
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read().decode("utf-8")


def only_local(page: Any, base: str) -> None:
    """No request to any host but the server, no error in the console, no dialog."""
    assert [u for u in page.requests() if not u.startswith(base + "/")] == []
    assert page.errors() == []
    assert page.dialogs() == []


# -- in Chromium ------------------------------------------------------------------------------


@pytest.mark.chromium
def test_a_reader_follows_the_invoice_case(browser: Any, server: str) -> None:
    page = browser.open(f"{server}/?q=regningsbetaling")
    assert "agenda item" in page.evaluate("document.querySelector('h1').textContent")
    hits = page.evaluate("Array.from(document.querySelectorAll('a.hit')).map(a => a.href)")
    assert f"{server}/matter/{MATTER}" in hits
    page.screenshot(ARTIFACTS / "serve-search-1400x900.png")

    page.navigate(f"{server}/matter/{MATTER}")
    steps = page.evaluate(
        "Array.from(document.querySelectorAll('ol.steps > li')).map(li => li.textContent)"
    )
    assert [re.search(r"\d{4}-\d\d-\d\d \S+( \S+)?", s).group() for s in steps] == [
        "2020-12-09 Direktionen",
        "2021-01-07 Direktionen",
        "2021-01-13 Strategisk Chefforum",
    ]
    rooms = page.evaluate(
        "Array.from(document.querySelectorAll('ol.steps .room')).map(r => r.textContent.trim())"
    )
    assert rooms[1] == "in the room (6): " + ", ".join(DIREKTIONEN)
    assert rooms[2].startswith("in the room (13): ")
    assert sorted(rooms[2].removeprefix("in the room (13): ").split(", ")) == sorted(CHEFFORUM)
    assert page.evaluate("document.querySelector('li.deciding').textContent").count("punkt 4") == 1
    # The embedded graph page draws in its frame.
    deadline = time.monotonic() + 10
    while not page.children and time.monotonic() < deadline:
        time.sleep(0.05)
    page.screenshot(ARTIFACTS / "serve-matter-1400x900.png")

    # Open the Strategisk Chefforum meeting, then a person in its attendance.
    page.navigate(f"{server}/meeting/meeting:strategisk-chefforum:2021-01-13")
    names = page.evaluate(
        "Array.from(document.querySelectorAll('ul.attendees a')).map(a => a.textContent)"
    )
    assert sorted(names) == sorted(CHEFFORUM)
    person = page.evaluate(
        "Array.from(document.querySelectorAll('ul.attendees a'))"
        ".find(a => a.textContent === 'Gitte Clemmensen').href"
    )
    page.navigate(person)
    assert page.evaluate("document.querySelector('h1').textContent") == "Gitte Clemmensen"
    assert "Presented" in page.evaluate("document.body.textContent")
    page.screenshot(ARTIFACTS / "serve-person-1400x900.png")

    # Follow a source link: the file, at the line of the fact.
    source = page.evaluate("document.querySelector('a.src').href")
    page.navigate(source)
    line = int(re.search(r"line=(\d+)", source).group(1))
    target = page.evaluate("document.querySelector('.target').id")
    assert target == f"L{line}"
    assert page.evaluate("document.querySelector('h1').textContent").endswith(".txt")
    only_local(page, server)
    page.close()


@pytest.mark.chromium
def test_the_embedded_graph_draws_without_errors(browser: Any, server: str) -> None:
    page = browser.open(f"{server}/graph/{MATTER}")
    page.wait_for("window.casegraph && window.casegraph.drawn")
    assert page.evaluate("window.casegraph.expected.nodes") == 25
    only_local(page, server)
    page.close()


# -- over HTTP ----------------------------------------------------------------------------------


def cli_json(store: Path, *args: str) -> Any:
    from casegraph.cli import cli

    result = CliRunner().invoke(cli, [*args, "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_twins_have_the_cli_shape(server: str, seed_store: Path) -> None:
    status, headers, body = get(f"{server}/matter/{MATTER}?format=json")
    assert status == 200 and headers["content-type"].startswith("application/json")
    data = json.loads(body)
    assert data["case"] == cli_json(seed_store, "case", MATTER)
    assert data["attended"] == cli_json(seed_store, "attended", MATTER)
    assert data["deciding_step"] == 1
    _, _, body = get(f"{server}/person/person:gitte-clemmensen?format=json")
    assert json.loads(body) == cli_json(seed_store, "person", "person:gitte-clemmensen")
    _, _, body = get(f"{server}/?q=regningsbetaling&format=json")
    found = json.loads(body)
    cli = cli_json(seed_store, "search", "regningsbetaling")
    assert found["results"] == cli["results"] and found["query"] == cli["query"]
    _, _, body = get(f"{server}/forum/Direktionen?format=json")
    assert json.loads(body)["meetings"] == cli_json(
        seed_store, "meetings", "--forum", "Direktionen"
    )


def test_search_filters_and_pages(server: str) -> None:
    _, _, body = get(f"{server}/?q=budget&format=json")
    every = json.loads(body)
    assert every["paging"]["total"] >= 2
    _, _, body = get(f"{server}/?q=budget&forum=Direktionen&format=json")
    direktionen = json.loads(body)
    assert {h["forum"] for h in direktionen["results"]} == {"Direktionen"}
    _, _, body = get(f"{server}/?q=budget&from=2021-01-10&to=2021-01-31&format=json")
    january = json.loads(body)
    assert january["results"] and all(
        "2021-01-10" <= h["date"] <= "2021-01-31" for h in january["results"]
    )
    _, _, body = get(f"{server}/?q=budget&page=99&format=json")
    assert json.loads(body)["paging"]["page"] == every["paging"]["pages"]


def test_only_the_stores_own_files_are_served(server: str) -> None:
    for path in ("/etc/passwd", "../pyproject.toml", str(ROOT / "pyproject.toml")):
        status, _, body = get(f"{server}/source?path={path}")
        assert status == 404 and "is not a file of this store" in body
    status, headers, _ = get(f"{server}/no/such/page")
    assert status == 404 and "default-src 'none'" in headers["content-security-policy"]


def test_every_page_forbids_scripts_and_outside_requests(server: str) -> None:
    for path in (
        "/",
        "/?q=budget",
        f"/matter/{MATTER}",
        "/person/person:gitte-clemmensen",
        "/meeting/meeting:direktionen:2021-01-07",
        "/forum/Direktionen",
    ):
        status, headers, body = get(server + path)
        assert status == 200
        csp = headers["content-security-policy"]
        assert csp.startswith("default-src 'none'") and "script-src" not in csp
        assert "<script" not in body and not re.search(r"(src|href)=\"https?:", body)


def test_host_warns_that_there_is_no_login(seed_store: Path) -> None:
    process, _ = start(seed_store, "--host", "0.0.0.0")
    process.terminate()
    _, err = process.communicate(timeout=10)
    assert err.startswith("Warning: serving on 0.0.0.0: anyone who can reach this address")
    assert "no login" in err


# -- hostile text ---------------------------------------------------------------------------------


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    forum = f"Udvalg {XSS}"
    m = "meeting:x:2024-02-01"
    G.add_node(
        m,
        type="Meeting",
        forum=forum,
        date="2024-02-01",
        documented=True,
        attendance_recorded=True,
        attendees=[f"Eve {XSS}"],
        title=f"REFERAT {XSS}",
        place=f"Rådhus {XSS}",
    )
    G.add_node("forum:x", type="Forum", name=forum)
    G.add_edge(m, "forum:x", key="OF_FORUM", type="OF_FORUM")
    item = "item:x:2024-02-01:1"
    G.add_node(
        item,
        type="AgendaItem",
        number=1,
        title=f"Budget {XSS}",
        meeting=m,
        forum=forum,
        date="2024-02-01",
        outcome="approved",
        case_numbers=[f"S1 {XSS}"],
        decision=f"Godkendt </script><script>alert(4)</script> {XSS}",
    )
    G.add_edge(m, item, key="HAS_ITEM", type="HAS_ITEM")
    G.add_node("person:eve", type="Person", name=f"Eve {XSS}", aliases=[f"E {XSS}"], roles=[])
    G.add_edge("person:eve", m, key="ATTENDED", type="ATTENDED")
    G.add_edge("person:eve", item, key="PRESENTED", type="PRESENTED", text=f"Eve {XSS}")
    G.add_node("matter:x", type="Matter", label=f"<script>alert(2)</script>{XSS}", items=[item])
    G.add_edge(item, "matter:x", key="PART_OF", type="PART_OF")
    return G


def test_hostile_text_stays_text_on_every_page(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from outputs.serve import create_app
    from store.sqlite import RecordStore

    client = TestClient(create_app(hostile_graph(), RecordStore(tmp_path)))
    pages = [
        "/matter/matter:x",
        "/meeting/meeting:x:2024-02-01",
        "/person/person:eve",
        f"/forum/Udvalg {XSS}",
        f"/?q={XSS}",
        f"/matter/{XSS}",
    ]
    for path in pages:
        response = client.get(path)
        body = response.text
        assert "<img" not in body and "<script" not in body, path
        assert "onerror=alert(1)" not in body or "&lt;img src=x onerror=alert(1)&gt;" in body, path
    assert (
        "Budget &lt;img src=x onerror=alert(1)&gt;"
        in client.get("/meeting/meeting:x:2024-02-01").text
    )
    assert client.get("/person/person:eve").text.count("Eve &lt;img") >= 1
