"""The JSON API and the HTML pages, over HTTP against a real `onrecord serve` process on a real
SQLite corpus (the seed article and our own articles)."""
from __future__ import annotations

import html
import http.client
import json
import re
import urllib.parse

import pytest
from conftest import Server, copy_db, get, get_json

Q = urllib.parse.quote


def test_openapi_lists_every_json_twin_and_the_extract_endpoint(server):
    status, spec = get_json(server.base + "/openapi.json")
    assert status == 200
    paths = spec["paths"]
    for p in ("/.json", "/search.json", "/speakers.json", "/speakers/{speaker_id}.json",
              "/articles.json", "/articles/{article_id}.json",
              "/articles/{article_id}/exchange.json", "/exchange.json",
              "/statements/{statement_id}.json", "/quotes.json", "/quotes/{quote_id}.json"):
        assert "get" in paths[p], p
    assert "q" in [x["name"] for x in paths["/search.json"]["get"]["parameters"]]
    assert "post" in paths["/api/extract"] and "post" in paths["/api/ingest"]
    schema = paths["/api/extract"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["text"]


def test_every_page_has_a_json_twin(server, ids):
    pages = ["/", "/search?q=guarantees", f"/speakers/{ids['macron']}", "/speakers",
             "/articles", f"/articles/{ids['seed']}", f"/articles/{ids['seed']}/exchange",
             "/exchange?q=guarantees", "/quotes"]
    for page in pages:
        status, headers, body = get(server.base + page)
        assert status == 200 and headers["content-type"].startswith("text/html"), page
        path, _, query = page.partition("?")
        twin = (path.rstrip("/") or "/") + ".json" if path != "/" else "/.json"
        status, headers, body = get(server.base + twin + (f"?{query}" if query else ""))
        assert status == 200 and headers["content-type"] == "application/json", twin
        assert isinstance(json.loads(body), dict)
        # the page links to its twin
        _, _, page_html = get(server.base + page)
        assert b'id="json-twin"' in page_html


def test_home_explains_the_corpus(server):
    _, d = get_json(server.base + "/.json")
    o = d["overview"]
    assert o["articles"] == 4 and o["statements"] >= 25 and o["replies"] >= 6
    assert o["published_from"] == "2022-12-05" and o["published_to"] == "2022-12-07"
    _, _, page = get(server.base + "/")
    text = page.decode()
    assert "4</b> news articles" in text and "How to read the pages" in text


def test_search_finds_macron_with_speaker_date_venue_outlet(server):
    _, d = get_json(server.base + "/search.json?q=" + Q('"security guarantees"')
                    + "&speaker=Macron")
    assert d["total"] == len(d["hits"]) >= 2
    for h in d["hits"]:
        assert h["speaker"] == "Emmanuel Macron"
        assert "security guarantees" in h["content"].lower()
        assert {"said_on", "venue", "outlet", "published", "reading", "article_id"} <= set(h)
    dated = [h for h in d["hits"] if h["said_on"]]
    assert dated and dated[0]["said_on"] == "2022-12-03"
    assert dated[0]["venue_type"] == "tv_interview" and dated[0]["outlet"] == "Euractiv"
    _, _, page = get(server.base + "/search?q=" + Q('"security guarantees"') + "&speaker=Macron")
    assert "Emmanuel Macron" in page.decode() and "2022-12-03" in page.decode()


@pytest.mark.parametrize("query, check", [
    ("guarantees OR harbour", lambda hs: any("harbour" in h["content"].lower() for h in hs)
     and any("guarantees" in h["content"].lower() for h in hs)),
    ("guarantees -Russia", lambda hs: hs and all("russia" not in h["content"].lower() for h in hs)),
    ("guarantees NOT Russia", lambda hs: hs and all("russia" not in h["content"].lower() for h in hs)),
    ("-guarantees", lambda hs: hs and all("guarantee" not in h["content"].lower() for h in hs)),
    ("guarant*", lambda hs: len(hs) >= 3),
    ('"negotiating table"', lambda hs: hs and all("negotiating table" in h["content"].lower()
                                                  for h in hs)),
    ("speaker:Podolyak", lambda hs: hs and all(h["speaker"] == "Mykhailo Podolyak" for h in hs)),
    ("(harbour OR ferries) April", lambda hs: len(hs) == 1),
])
def test_search_syntax_people_type(server, query, check):
    status, d = get_json(server.base + "/search.json?per_page=100&q=" + Q(query))
    assert status == 200, d
    assert check(d["hits"]), (query, [h["content"] for h in d["hits"]])


@pytest.mark.parametrize("query, message", [
    ('"unclosed phrase', "quotation mark is not closed"),
    ("war (peace", "parenthesis is not closed"),
    ("war OR", "OR needs a word"),
    (" ".join(f"w{i}*" for i in range(3300)), "longer than"),
    (" ".join(f"a{i}*" for i in range(10)), "prefix terms"),
    (" ".join(f"w{i}" for i in range(40)), "more than"),
])
def test_malformed_or_huge_queries_get_a_clear_message(server, query, message):
    status, d = get_json(server.base + "/search.json?q=" + Q(query))
    assert status == 400 and message in d["error"] and d["hint"]
    status, _, page = get(server.base + "/search?q=" + Q(query))
    assert status == 400 and message in html.unescape(page.decode())
    assert b"Traceback" not in page and b"Search again" in page  # the query can be fixed there


def test_filters_and_pages(server):
    base = server.base + "/search.json?"
    _, d = get_json(base + "stance=against&per_page=100")
    assert d["hits"] and all(h["stance"] == "against" for h in d["hits"])
    assert {"Linas Linkevicius", "Mykhailo Podolyak"} <= {h["speaker"] for h in d["hits"]}
    _, d = get_json(base + "venue=social_media&per_page=100")
    assert d["hits"] and all(h["venue_type"] == "social_media" for h in d["hits"])
    _, d = get_json(base + "kind=direct&per_page=100")
    assert d["hits"] and all(h["kind"] == "direct" for h in d["hits"])
    _, d = get_json(base + "since=2022-12-06&until=2022-12-06&per_page=100")
    assert d["hits"] and all(h["published"] == "2022-12-06" for h in d["hits"])
    _, d = get_json(base + "outlet=gazette&per_page=100")
    assert d["hits"] and all(h["outlet"] == "Harbour Gazette" for h in d["hits"])
    # % and _ in a speaker filter are literal characters, not wildcards
    for wild in ("%", "_", "%a%"):
        _, d = get_json(base + "speaker=" + Q(wild))
        assert d["hits"] == [] and d["total"] == 0, wild
    # pages do not overlap and add up to the total
    _, all_ = get_json(base + "q=guarant*&per_page=100")
    seen = []
    for page in (1, 2, 3):
        _, d = get_json(base + f"q=guarant*&per_page=2&page={page}")
        assert d["total"] == all_["total"]
        seen += [h["id"] for h in d["hits"]]
    assert seen == [h["id"] for h in all_["hits"]][:6]
    for bad, msg in (("since=yesterday", "not a date"), ("kind=shout", "unknown kind"),
                     ("stance=angry", "unknown stance"), ("venue=pub", "unknown venue type"),
                     ("page=abc", "bad parameter"), ("per_page=100000", "bad parameter")):
        status, d = get_json(base + bad)
        assert status in (400, 422) and msg in d["error"], bad


def test_speaker_page_shows_who_answers_them(server, ids):
    _, sp = get_json(server.base + f"/speakers/{ids['macron']}.json")
    assert sp["name"] == "Emmanuel Macron" and sp["n_articles"] == 2
    assert {"value": "President", "n": sp["roles"][0]["n"]} == sp["roles"][0]
    assert "tv_interview" in [v["value"] for v in sp["venues"]]
    assert sp["timeline"] and sp["timeline"][0]["month"] == "2022-12"
    against = {(r["responder_speaker"], r["stance"]) for r in sp["answered_by"]}
    assert {("Linas Linkevicius", "against"), ("Mykhailo Podolyak", "against"),
            ("Maria Lopez", "against")} <= against
    assert all(r["target_speaker"] == "Emmanuel Macron" for r in sp["answered_by"])
    assert sp["statements"]["hits"] and all(h["speaker"] == "Emmanuel Macron"
                                            for h in sp["statements"]["hits"])
    _, _, page = get(server.base + f"/speakers/{ids['macron']}")
    text = page.decode()
    assert "Linas Linkevicius" in text and "Mykhailo Podolyak" in text
    assert "uPlot.iife.min.js" in text and 'id="timeline-data"' in text


def test_article_exchange_links_replies_to_macron(server, ids):
    _, ex = get_json(server.base + f"/articles/{ids['seed']}/exchange.json")
    nodes = {n["id"]: n for n in ex["nodes"]}
    answers = {(nodes[e["source"]]["speaker"], nodes[e["target"]]["speaker"], e["stance"])
               for e in ex["edges"]}
    assert ("Linas Linkevicius", "Emmanuel Macron", "against") in answers
    assert ("Mykhailo Podolyak", "Emmanuel Macron", "against") in answers
    _, _, page = get(server.base + f"/articles/{ids['seed']}/exchange")
    assert page.count(b'class="edge stance-against"') >= 4
    # an exchange around a search result
    _, ex = get_json(server.base + "/exchange.json?speaker=Macron")
    speakers = {n["speaker"] for n in ex["nodes"]}
    assert {"Linas Linkevicius", "Mykhailo Podolyak", "Maria Lopez"} <= speakers


def test_article_json_is_the_extract_contract_with_occasions(server, ids):
    _, a = get_json(server.base + f"/articles/{ids['seed']}.json")
    assert a["published"] == "2022-12-05" and a["outlet"] == "Euractiv"
    assert len(a["statements"]) == 16 and "occasions" in a
    for st in a["statements"]:
        assert {"id", "kind", "content", "cue", "source", "speaker", "said_on", "venue",
                "occasion", "responds_to", "stance", "claim_type", "confidence"} <= set(st)
        for x, y in st["content"]["spans"]:
            assert a["text"][x:y] in st["content"]["text"]
    # the reader's text: indirect speech never in quotation marks, direct always
    for st in a["statements"]:
        if st["kind"] == "indirect":
            assert not st["reading"].startswith("“")
        if st["kind"] == "direct":
            assert st["reading"].startswith("“") and st["reading"].endswith("”")
    _, _, page = get(server.base + f"/articles/{ids['seed']}")
    text = page.decode()
    for role in ("content", "cue", "source"):
        assert re.search(rf'class="hl [a-z ]*{role}', text), role
    assert text.count('class="st-card"') == 16


def test_quote_carried_by_two_outlets(server):
    _, qs = get_json(server.base + "/quotes.json")
    q = next(q for q in qs["quotes"] if q["text"].startswith("That topic will be part"))
    _, d = get_json(server.base + f"/quotes/{q['id']}.json")
    assert d["first_seen"] == "2022-12-05" and d["n_articles"] == 2
    assert set(d["outlets"]) == {"Euractiv", "Riverside Ledger"}
    assert [o["outlet"] for o in d["occurrences"]] == ["Euractiv", "Riverside Ledger"]


def test_statement_page_and_json(server):
    _, d = get_json(server.base + "/search.json?q=" + Q("terrorist state"))
    uid = d["hits"][0]["id"]
    _, st = get_json(server.base + f"/statements/{uid}.json")
    assert st["speaker"] == "Linas Linkevicius"
    assert st["responds_to"]["target_speaker"] == "Emmanuel Macron"
    assert st["responds_to"]["stance"] == "against"
    assert st["evidence"]["text"] and st["statement"]["id"] == st["local_id"]


def test_article_text_is_escaped(server, ids):
    """An article holding <script> and attribute-breaking quotes shows as text."""
    status, _, page = get(server.base + f"/articles/{ids['xss']}")
    text = page.decode()
    assert status == 200
    assert "window.__xss" in text  # the text is there …
    assert "<script>window" not in text and "<img" not in text and "<b onmouseover" not in text
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=" in text
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in text
    # every tag in the page is ours: none comes from the article
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", text))
    assert tags <= {"html", "head", "meta", "title", "link", "body", "header", "a", "nav",
                    "form", "input", "main", "h1", "p", "div", "span", "b", "i", "aside", "dl",
                    "dt", "dd", "footer", "script", "h2", "table", "tr", "th", "td"}, tags
    assert text.count("<script") == 1  # app.js only
    for page_url in ("/search?q=xss", "/search?q=" + Q("<script>"), "/articles",
                     f"/articles/{ids['xss']}/exchange?all=1", "/speakers?name=Ortiz"):
        _, _, body = get(server.base + page_url)
        assert b"<script>window" not in body and b"<img" not in body, page_url


def test_errors_are_clean_pages_and_json(server):
    for url in ("/articles/0000000000000000", "/speakers/99999", "/statements/nope",
                "/quotes/12345", "/no/such/page"):
        status, headers, body = get(server.base + url)
        assert status == 404 and headers["content-type"].startswith("text/html"), url
        assert b"Traceback" not in body and b'id="error-message"' in body
        status, d = get_json(server.base + url + ".json")
        assert status == 404 and d["error"], url
    status, _, body = get(server.base + "/speakers/abc")
    assert status == 422 and b"Traceback" not in body


def test_extract_endpoint(server):
    body = json.dumps({"text": '"We will not back down," Mayor Jane Ortiz said on Sunday.',
                       "published": "2024-03-06"}).encode()
    status, d = get_json(server.base + "/api/extract", method="POST", data=body,
                         headers={"Content-Type": "application/json"})
    assert status == 200, d
    assert set(d) >= {"article", "statements", "occasions", "demands"}
    st = d["statements"][0]
    assert st["speaker"]["name"] == "Jane Ortiz" and st["content"]["text"] == "We will not back down"
    assert st["said_on"]["value"] == "2024-03-03"
    for bad, code, msg in ((b"not json", 400, "not JSON"), (b"[]", 422, "JSON object"),
                           (b'{"title": "x"}', 422, "no \"text\""),
                           (b'{"text": "x", "published": "soon"}', 422, "not a date")):
        status, d = get_json(server.base + "/api/extract", method="POST", data=bad,
                             headers={"Content-Type": "application/json"})
        assert status == code and msg in d["error"], bad
    # a body over the limit is refused from its Content-Length, before it is read
    from onrecord.pipeline import MAX_PARSE_CHARS
    from onrecord.web.app import MAX_BODY_BYTES
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", "/api/extract")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
    conn.endheaders()
    r = conn.getresponse()
    assert r.status == 413 and "larger than" in json.loads(r.read())["error"]
    conn.close()
    # a text longer than the parse limit (in a body under the byte limit) too
    status, d = get_json(server.base + "/api/extract", method="POST",
                         data=json.dumps({"text": "a " * (MAX_PARSE_CHARS // 2 + 1)}).encode(),
                         headers={"Content-Type": "application/json"})
    assert status == 413 and "characters" in d["error"]
    status, d = get_json(server.base + "/api/extract", method="GET")
    assert status == 405


def test_extract_page_shows_highlights(server):
    form = urllib.parse.urlencode({"text": '"The harbour reopens in April," Mayor Ana Ruiz said.',
                                   "published": "2024-03-06"}).encode()
    status, _, page = get(server.base + "/extract", method="POST", data=form,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and b"Ana Ruiz" in page and b'class="hl' in page


def test_read_only_server_refuses_writes(server):
    body = json.dumps({"articles": [{"text": "x"}]}).encode()
    status, d = get_json(server.base + "/api/ingest", method="POST", data=body,
                         headers={"Authorization": "Bearer guess"})
    assert status == 403 and "read-only" in d["error"]


def test_token_server_writes_only_with_its_token(web_db, tmp_path):
    db = copy_db(web_db, tmp_path / "rw")
    token = "s3cret-token-for-the-test-only"
    s = Server(db, "--token", token)
    try:
        art = {"articles": [{"text": '"Ferries will run every hour," said Mayor Ana Ruiz on '
                                     "Friday.", "published": "2022-12-09",
                             "outlet": "Harbour Gazette"}]}
        body = json.dumps(art).encode()
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}):
            status, resp, raw = get(s.base + "/api/ingest", method="POST", data=body,
                                    headers=headers)
            assert status == 401 and resp.get("www-authenticate") == "Bearer", headers
        _, before = get_json(s.base + "/search.json?q=ferries+hour")
        assert before["total"] == 0
        status, d = get_json(s.base + "/api/ingest", method="POST", data=body,
                             headers={"Authorization": f"Bearer {token}"})
        assert status == 200 and d["articles_stored"] == 1, d
        _, after = get_json(s.base + "/search.json?q=ferries+hour")
        assert after["total"] == 1 and after["hits"][0]["speaker"] == "Ana Ruiz"
    finally:
        s.stop()


def test_serve_listens_on_loopback_by_default():
    from onrecord.web.cli import serve_cmd
    host = next(p for p in serve_cmd.params if p.name == "host")
    assert host.default == "127.0.0.1"
