"""Readers: every input format to Articles with metadata, and broken inputs to Skips with a
reason (never an exception). No NLP here; the test corpus is built from
``tests/fixtures/corpus/make_corpus.py`` (texts written for these tests)."""
from __future__ import annotations

import http.server
import io
import importlib.util
import threading
from pathlib import Path

import pytest

from onrecord.errors import IngestError
from onrecord.ingest import Skip, iter_articles, norm_date, outlet_from_url, sniff
from onrecord.model import Article

_spec = importlib.util.spec_from_file_location(
    "make_corpus", Path(__file__).parent / "fixtures" / "corpus" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus.build(tmp_path_factory.mktemp("corpus"))


def read(*paths, **kw):
    items = list(iter_articles([str(p) for p in paths], **kw))
    arts = [i for i in items if isinstance(i, Article)]
    skips = [i for i in items if isinstance(i, Skip)]
    return arts, skips


def test_html_page_with_metadata(corpus):
    (a,), skips = read(corpus["bridge"])
    assert not skips
    assert '"We will not back down," said Mayor Jane Ortiz.' in a.text
    assert a.title == "Council votes to rebuild Elm Street bridge"
    assert a.outlet == "Riverside Ledger" and a.author == "Dana Whitfield"
    assert a.published == "2026-03-02"
    assert a.url == "https://riversideledger.example/2026/03/02/bridge"
    assert "All rights reserved" not in a.text and "Sports" not in a.text  # boilerplate removed


def test_feed_entries_content_and_local_linked_page(corpus):
    arts, skips = read(corpus["feed"])
    assert [a.title for a in arts] == ["Council backs bridge rebuild",
                                       "Reading programme for every primary school",
                                       "Harbour fees anger fishing crews"]
    wire = arts[0]
    assert wire.outlet == "Valley Wire" and wire.published == "2026-03-03"
    assert wire.url == "https://valleywire.example/2026/03/03/bridge"
    assert '"We will not back down," said Mayor Jane Ortiz.' in wire.text
    assert "\n" in wire.text  # paragraphs kept
    harbor = arts[2]  # no content in the feed: read from the linked local page
    assert "half of us will sell our boats" in harbor.text and harbor.outlet == "Harbor Post"
    assert harbor.published == "2026-03-06"
    # the fourth entry links to the web and has no content: not fetched unless asked
    assert len(skips) == 1 and "--fetch" in skips[0].reason


def test_warc_response_records(corpus):
    arts, skips = read(corpus["warc"])
    assert [a.url for a in arts] == ["https://northgazette.example/2026/03/05/bridge-reactions",
                                     "https://northgazette.example/2026/03/07/library-sundays",
                                     "https://northgazette.example/2026/03/09/farms"]
    assert all(a.outlet == "North Gazette" for a in arts)
    assert arts[0].published == "2026-03-05" and arts[0].author == "Priya Nandakumar"
    reasons = sorted(s.reason for s in skips)  # the image and the request records are ignored
    assert len(reasons) == 2
    assert reasons[0].startswith("HTML without an article body")
    assert reasons[1].startswith("HTTP status 404")


def test_jsonl_and_text(corpus):
    arts, skips = read(corpus["jsonl"], corpus["text"])
    assert arts[0].url == "https://railnews.example/early-trains"
    assert arts[0].published == "2026-03-09" and arts[0].outlet == "Rail News"
    assert arts[1].outlet == "railnews.example"  # from the url when not given
    assert arts[2].path.endswith("ferry.txt") and arts[2].text == make_corpus.PLAIN_TEXT
    assert sorted(s.source.rsplit(":", 1)[1] for s in skips) == ["2", "3"]


def test_folders_are_read_recursively_in_a_stable_order(corpus):
    arts1, skips1 = read(corpus["good"])
    arts2, _ = read(corpus["good"])
    assert [a.text_sha256 for a in arts1] == [a.text_sha256 for a in arts2]
    assert len(arts1) == 11  # 3 warc + 3 feed + 2 jsonl + 1 txt + 2 html pages


def test_broken_inputs_are_skipped_with_reasons(corpus):
    b = {k[len("broken_"):]: v for k, v in corpus.items() if k.startswith("broken_")}
    expect = {
        "empty": "empty", "binary": "binary", "latin1": "UTF-8", "nobody": "without an article body",
        "badfeed": "malformed feed XML", "gzjunk": "malformed WARC record",
    }
    for key, words in expect.items():
        arts, skips = read(b[key])
        assert not arts, key
        assert skips and words in skips[0].reason, (key, skips)
    arts, skips = read(b["badjsonl"])
    assert len(arts) == 1 and "Rosa Diaz" in arts[0].text
    assert [s.reason.split(" (")[0] for s in skips] == ["line is not JSON", 'no "text" string in the object']
    # a truncated archive keeps the records before the cut and says where it stopped
    arts, skips = read(b["truncated"])
    assert len(arts) == 2 and any("truncated" in s.reason for s in skips)
    # a malformed record in the middle: it is skipped and the records after it are read
    arts, skips = read(b["malformed"])
    assert [a.url.rsplit("/", 1)[1] for a in arts] == ["bridge-reactions", "farms"]
    assert any("malformed WARC record" in s.reason for s in skips)


def test_missing_paths_and_urls_without_fetch():
    arts, skips = read("/no/such/file.txt", "https://example.org/a")
    assert not arts
    assert "no such file" in skips[0].reason and "--fetch" in skips[1].reason


def test_formats_are_sniffed_from_content(tmp_path, corpus):
    for key, fmt in (("bridge", "html"), ("feed", "feed"), ("warc", "warc"), ("jsonl", "jsonl"),
                     ("text", "text")):
        p = tmp_path / f"noext_{key}"
        p.write_bytes(Path(corpus[key]).read_bytes())
        assert sniff(str(p)) == fmt
        arts, _ = read(p)
        assert arts, key


def test_dates_and_outlets():
    assert norm_date("2026-03-02T09:00:00Z") == "2026-03-02"
    assert norm_date("Tue, 03 Mar 2026 07:30:00 GMT") == "2026-03-03"
    assert norm_date("published 2026-03-05 in print") == "2026-03-05"
    assert norm_date("yesterday") is None and norm_date(None) is None
    assert outlet_from_url("https://www.example.org/a/b") == "example.org"
    assert outlet_from_url("not a url") is None


class _Handler(http.server.SimpleHTTPRequestHandler):
    seen_agents: list = []

    def do_GET(self):  # noqa: N802
        _Handler.seen_agents.append(self.headers.get("User-Agent"))
        super().do_GET()

    def log_message(self, *a):
        pass


@pytest.fixture
def local_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving ``tmp_path`` (never anything outside this machine)."""
    handler = lambda *a, **kw: _Handler(*a, directory=str(tmp_path), **kw)  # noqa: E731
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield tmp_path, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_fetching_pages_and_feed_links_on_request(local_server):
    from onrecord.ingest.fetch import USER_AGENT, fetch

    root, base = local_server
    (root / "page.html").write_text(make_corpus.page("Harbour fees", make_corpus.HARBOR_TEXT,
                                                     "Harbor Post", "2026-03-06", "Ivo Lund",
                                                     f"{base}/page.html"))
    feed = make_corpus.feed_xml().replace("https://valleywire.example/2026/03/09/trains",
                                          f"{base}/page.html")
    (root / "feed.xml").write_text(feed)
    arts, skips = read(f"{base}/feed.xml", fetch=True)
    # the fourth entry's page was fetched; the third's relative link means nothing over HTTP
    assert len(arts) == 3 and "half of us will sell our boats" in arts[2].text
    assert arts[2].url == f"{base}/page.html" and arts[2].title == "Harbour fees"
    assert len(skips) == 1 and "no readable linked page" in skips[0].reason
    assert _Handler.seen_agents and all(a == USER_AGENT for a in _Handler.seen_agents)
    with pytest.raises(IngestError, match="too large"):
        fetch(f"{base}/page.html", max_bytes=100)
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch(f"{base}/missing.html")
    with pytest.raises(IngestError, match="not an http"):
        fetch("file:///etc/passwd")


class _TTY(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


class _NoStatements:
    """Stands in for the NLP pipeline: the run's bookkeeping is what is tested here."""

    def extract(self, article):
        from onrecord.model import ArticleResult
        return ArticleResult(article=article)


@pytest.mark.parametrize("tty", [True, False])
def test_progress_line_on_a_terminal_only_and_summary(corpus, tmp_path, monkeypatch, tty):
    from onrecord.ingest.run import ingest

    err = _TTY(tty)
    monkeypatch.setattr("sys.stderr", err)
    s = ingest([str(corpus["good"]), str(corpus["broken"])], str(tmp_path / "p.db"),
               extractor=_NoStatements())
    assert ("articles/s" in err.getvalue()) == tty and ("\r" in err.getvalue()) == tty
    d = s.as_dict()
    assert d["articles_read"] == 16 and d["articles_stored"] == 11
    assert d["articles_already_stored"] == 5 and d["inputs_skipped"] == 16
    assert d["skipped_reasons"]["line is not JSON"] == 2
    lines = "\n".join(s.lines())
    assert "articles read:     16" in lines and "statements stored: 0" in lines


def test_atom_feed(tmp_path):
    body = "&lt;p&gt;" + make_corpus.TRAIN_TEXT.replace("\n\n", "&lt;/p&gt;&lt;p&gt;") + "&lt;/p&gt;"
    (tmp_path / "rail.atom").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Rail News</title>
<link href="https://railnews.example/"/><updated>2026-03-09T10:00:00Z</updated>
<id>urn:rail</id>
<entry><title>Two early trains</title><link href="https://railnews.example/early"/>
<id>urn:rail:1</id><updated>2026-03-09T10:00:00Z</updated><published>2026-03-09T08:00:00Z</published>
<author><name>Kim Osei</name></author>
<content type="html">{body}</content></entry></feed>""")
    (a,), skips = read(tmp_path / "rail.atom")
    assert not skips
    assert a.title == "Two early trains" and a.outlet == "Rail News" and a.author == "Kim Osei"
    assert a.published == "2026-03-09" and a.url == "https://railnews.example/early"
    assert '"Commuters told us the first train was too late' in a.text


def test_feed_item_description_is_its_text_unless_a_teaser(tmp_path):
    """A short item whose description holds the whole story is read from it (offline, no
    --fetch); a teaser is skipped with the reason; a cut-off description keeps its whole
    sentences."""
    story = ('"We will reopen the north harbour to ferries by April," Mayor Ana Ortiz said on '
             'Tuesday.')
    cut = ("The council voted 7-2 for the harbour plan. Critics called the vote &#8220;reckless"
           "&#8221; and said the fees would drive small boats away from the port and […]")
    items = [("Harbour to reopen", f"&lt;p&gt;{story}&lt;/p&gt;"),
             ("Vote on the harbour", f"&lt;p&gt;{cut}&lt;/p&gt;&lt;p&gt;Read more&lt;/p&gt;"),
             ("Weekly roundup", "Our weekly roundup. Read more"),
             ("Ferry news", "Mayor Ortiz said the ferries would …")]
    xml = "".join(f"<item><title>{t}</title><link>https://harbour.example/{i}</link>"
                  f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>{d}</description>"
                  "</item>" for i, (t, d) in enumerate(items))
    (tmp_path / "short.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title>{xml}'
        "</channel></rss>", encoding="utf-8")
    arts, skips = read(tmp_path / "short.rss")
    assert [a.title for a in arts] == ["Harbour to reopen", "Vote on the harbour"]
    assert arts[0].text == story and arts[0].outlet == "Harbour Wire"
    assert arts[0].published == "2024-03-05" and arts[0].url == "https://harbour.example/0"
    assert arts[1].text == "The council voted 7-2 for the harbour plan."  # the cut sentence dropped
    assert [s.source.rsplit("#", 1)[1] for s in skips] == ["entry3", "entry4"]
    assert all("only a teaser" in s.reason and "--fetch" in s.reason for s in skips)


def test_feed_description_found_statements(tmp_path, pipeline):
    """The description read as text gives its statement (the end-to-end point of reading it)."""
    (tmp_path / "one.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title><item>'
        "<title>Harbour to reopen</title><link>https://harbour.example/1</link>"
        '<description>"We will reopen the north harbour to ferries by April," Mayor Ana Ortiz '
        "said on Tuesday.</description></item></channel></rss>", encoding="utf-8")
    (a,), _ = read(tmp_path / "one.rss")
    (st,) = pipeline.extract(a).statements
    assert st.speaker.name == "Ana Ortiz" and st.content.text.startswith("We will reopen")
