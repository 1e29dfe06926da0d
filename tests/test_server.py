"""The HTTP API against a real uvicorn server on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")
pytest.importorskip("uvicorn", reason="the 'serve' extra (uvicorn) is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is not installed")

from unspin import pipeline  # noqa: E402
from unspin.cli import main as cli_main  # noqa: E402
from unspin.findings import KINDS  # noqa: E402
from unspin.server import ServerConfig, create_app  # noqa: E402
from unspin.server.background import serve_in_thread  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 8192
# A repeated line and a line with mojibake: kinds the detectors find today.
SAMPLE = (
    "Cafe owners protest the new parking rules\n\n"
    "Cafe owners protest the new parking rules\n\n"
    "The cafÃ© owners said the rules would hurt business on the main street.\n"
)


@pytest.fixture(scope="module")
def base() -> str:
    cfg = ServerConfig(max_bytes=MAX_BYTES, timeout=20, max_concurrency=2)
    with serve_in_thread(create_app(cfg)) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str):
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


def post(client, path: str, body: bytes, ctype: str = "application/json"):
    return client.post(path, content=body, headers={"content-type": ctype})


def assert_error(res, status: int, code: str | None = None) -> dict:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("application/json")
    err = res.json()["error"]
    assert set(err) >= {"code", "message"} and err["message"]
    if code:
        assert err["code"] == code
    return err


# ---- the happy paths -------------------------------------------------------------

def test_healthz(client):
    res = client.get("/healthz")
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "ok"
    assert body["kinds"] == list(KINDS)
    assert body["limits"]["max_bytes"] == MAX_BYTES


def test_analyze_returns_the_report_json(client):
    res = client.post("/v1/analyze", json={"text": SAMPLE})
    assert res.status_code == 200
    assert res.json() == json.loads(json.dumps(pipeline.analyze(SAMPLE).to_dict()))
    kinds = {f["kind"] for f in res.json()["findings"]}
    assert {"repeated", "mojibake"} <= kinds


def test_analyze_matches_the_cli_json(client, tmp_path, capsys, example_page):
    path = tmp_path / "page.txt"
    path.write_text(example_page, encoding="utf-8")
    assert cli_main(["analyze", "--json", str(path)]) == 0
    cli = json.loads(capsys.readouterr().out)
    res = client.post("/v1/analyze", json={"text": example_page})
    assert res.json() == cli


def test_offsets_are_code_points(client):
    text = "🙂 " + SAMPLE
    body = client.post("/v1/analyze", json={"text": text}).json()
    assert body["findings"]
    for f in body["findings"]:
        assert text[f["start"]:f["end"]] == f["text"]


def test_clean_and_restore(client):
    res = client.post("/v1/clean", json={"text": SAMPLE})
    assert res.status_code == 200 and res.json() == {"cleaned": pipeline.clean(SAMPLE)}
    res = client.post("/v1/restore", json={"text": SAMPLE})
    assert res.status_code == 200 and res.json() == {"restored": pipeline.restore(SAMPLE)}
    assert res.json()["restored"] != SAMPLE


PAGE = ("<!DOCTYPE html>\n<html><head><title>Cafes</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><p>Cafe owners protest the new parking rules, which the council passed last week "
        "after a long debate about traffic on the main street.</p><p>The caf\u00c3\u00a9 owners said "
        "the rules would hurt business on the main street and asked for a meeting.</p></article>"
        "<footer>Copyright 2026</footer></body></html>")


def test_an_html_page_is_read_through_its_main_text_on_request(client):
    pytest.importorskip("trafilatura")
    for html in ("extract", "auto"):
        body = client.post("/v1/analyze", json={"text": PAGE, "html": html}).json()
        text = body["text"]
        assert text.startswith("Cafe owners protest") and "<" not in text and "Home" not in text
        assert body["findings"] and all(text[f["start"]:f["end"]] == f["text"] for f in body["findings"])
        assert {f["kind"] for f in body["findings"]} >= {"mojibake"}
    cleaned = client.post("/v1/clean", json={"text": PAGE, "html": "extract"}).json()
    assert "café owners" in cleaned["cleaned"] and cleaned["text"] == text
    restored = client.post("/v1/restore", json={"text": PAGE, "html": "extract"}).json()
    assert set(restored) == {"restored", "text"}
    # by default the text is read as sent; plain text is never extracted in 'auto'
    assert "text" not in client.post("/v1/analyze", json={"text": PAGE}).json()
    assert client.post("/v1/clean", json={"text": SAMPLE, "html": "auto"}).json() == {"cleaned": pipeline.clean(SAMPLE)}
    empty = "<!DOCTYPE html>\n<html><body><script>var x = 1;</script></body></html>"
    assert_error(client.post("/v1/analyze", json={"text": empty, "html": "extract"}), 422, "analysis_error")
    assert_error(client.post("/v1/analyze", json={"text": PAGE, "html": "yes"}), 422)


def test_options_are_applied(client):
    body = client.post("/v1/analyze", json={"text": SAMPLE, "options": {"kinds": ["repeated"]}}).json()
    assert body["findings"] and {f["kind"] for f in body["findings"]} == {"repeated"}
    body = client.post("/v1/analyze", json={"text": SAMPLE, "options": {"threshold": 0.0}}).json()
    assert body["threshold"] == 0.0 and body["label"] == "spun"
    opts = {"tier": "fast", "threshold": None, "kinds": list(KINDS), "restore_min_confidence": 0.9,
            "min_confidence": 0.0, "lexicon": [["counterfeit consciousness", "artificial intelligence"]]}
    assert client.post("/v1/analyze", json={"text": SAMPLE, "options": opts}).status_code == 200
    # min_confidence lists only the surer findings; the rewritten texts do not change
    every = client.post("/v1/analyze", json={"text": SAMPLE}).json()
    sure = client.post("/v1/analyze", json={"text": SAMPLE, "options": {"min_confidence": 0.8}}).json()
    assert sure["findings"] == [f for f in every["findings"] if f["confidence"] >= 0.8]
    assert (sure["cleaned"], sure["restored"]) == (every["cleaned"], every["restored"])


# ---- bad requests ----------------------------------------------------------------

BAD = [
    (b"{", 400, "malformed_json"),
    (b'{"text": "a",}', 400, "malformed_json"),
    (b"", 400, "malformed_json"),
    (b"\xff\xfe", 400, "malformed_json"),
    (b"[]", 422, "invalid_request"),
    (b'"text"', 422, "invalid_request"),
    (b"{}", 422, "missing_field"),
    (b'{"text": 42}', 422, "invalid_request"),
    (b'{"text": ["a"]}', 422, "invalid_request"),
    (b'{"text": null}', 422, "invalid_request"),
    (b'{"text": ""}', 422, "empty_text"),
    (b'{"text": " \\n\\t "}', 422, "empty_text"),
    (b'{"text": "a", "extra": 1}', 422, "unknown_field"),
    (b'{"text": "a", "options": {"colour": "red"}}', 422, "unknown_option"),
    (b'{"text": "a", "options": []}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"tier": "slow"}}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"kinds": ["spam"]}}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"kinds": "spun"}}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"threshold": "0.5"}}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"threshold": 1.5}}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"min_confidence": -0.1}}', 422, "invalid_request"),
    (b'{"text": "a", "options": {"lexicon": [["only one"]]}}', 422, "invalid_request"),
]


@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/clean", "/v1/restore"])
@pytest.mark.parametrize("body,status,code", BAD, ids=[b[0].decode("latin-1")[:30] for b in BAD])
def test_bad_requests_get_json_errors(client, path, body, status, code):
    err = assert_error(post(client, path, body), status, code)
    if code in ("unknown_field", "unknown_option", "invalid_request") and status == 422 and b"options" in body:
        assert err.get("field", "").startswith("options") or err["code"] == "invalid_request"


def test_consensus_of_spun_copies(client):
    source = "We continue to work with our friends in the region to defend their territory."
    copies = [source.replace("friends", "household members"), source.replace("defend", "safeguard"),
              source.replace("territory", "region")]
    res = client.post("/v1/consensus", json={"texts": copies})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["text"] == source and body["changed_places"] >= 1
    assert 0 <= body["pivot"] < 3 and all(p["decided"] for p in body["places"])
    assert {(x["spun"], x["original"]) for x in body["substitutions"]} == {
        ("household members", "friends"), ("safeguard", "defend"), ("region", "territory")}


@pytest.mark.parametrize("body,status,code", [
    (b'{"texts": ["only one"]}', 422, "invalid_request"),
    (b'{"texts": ["a", " "]}', 422, "empty_text"),
    (b'{"texts": "a"}', 422, "invalid_request"),
    (b'{"texts": ["a", "b"], "options": {}}', 422, "unknown_field"),
    (b'{}', 422, "missing_field"),
    (b"{", 400, "malformed_json"),
    (('{"texts": [' + ", ".join(['"a b"'] * 13) + "]}").encode(), 422, "invalid_request"),
])
def test_bad_consensus_requests(client, body, status, code):
    assert_error(post(client, "/v1/consensus", body), status, code)


def test_errors_do_not_echo_the_text(client):
    secret = "zq-private-words-zq"
    for body in ({"text": 1, "options": {"threshold": secret}}, {"text": secret, "options": {"kinds": [secret]}}):
        res = client.post("/v1/analyze", json=body)
        assert res.status_code == 422 and secret not in res.text


def test_wrong_content_type(client):
    assert_error(post(client, "/v1/analyze", b'{"text": "a"}', "text/plain"), 415, "unsupported_media_type")
    assert_error(client.post("/v1/analyze", data={"text": "a"}), 415)


def test_oversized_body_with_content_length(client):
    body = json.dumps({"text": "x" * (MAX_BYTES + 10)}).encode()
    assert_error(post(client, "/v1/analyze", body), 413, "too_large")


def test_oversized_body_streamed_without_content_length(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(MAX_BYTES // 1000 + 2):
            yield b"y" * 1000
        yield b'"}'

    res = client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in res.request.headers
    assert_error(res, 413, "too_large")


def test_just_under_the_limit_is_accepted(client):
    text = ("word " * 2000)[: MAX_BYTES - 20]
    body = json.dumps({"text": text}).encode()
    assert len(body) <= MAX_BYTES
    assert post(client, "/v1/analyze", body).status_code == 200


def test_unknown_paths_and_methods(client):
    assert_error(client.get("/nope"), 404, "not_found")
    assert_error(client.get("/static/../../pyproject.toml"), 404)
    assert_error(client.get("/v1/analyze"), 405, "method_not_allowed")


# ---- docs, page, assets ----------------------------------------------------------

def test_openapi(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/clean", "/v1/restore", "/healthz"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    for path in ("/v1/analyze", "/v1/clean", "/v1/restore"):
        op = spec["paths"][path]["post"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/TextRequest"
        assert {"200", "400", "413", "422", "503", "504"} <= set(op["responses"])
    assert set(schemas["TextRequest"]["properties"]) == {"text", "options", "html"}
    # every reference resolves
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    assert refs and all(r.split("/")[-1] in schemas for r in refs)


def test_docs_and_page_are_self_contained(client):
    for path in ("/", "/docs"):
        res = client.get(path)
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in res.headers["content-security-policy"]
        assert res.headers["x-content-type-options"] == "nosniff"
    static = resources.files("unspin.server").joinpath("static")
    names = [e.name for e in static.iterdir() if e.is_file()]
    assert {"index.html", "app.js", "style.css", "docs.html", "docs.js", "example.txt"} <= set(names)
    for name in names:
        res = client.get(f"/static/{name}")
        assert res.status_code == 200, name
        if name.endswith((".html", ".js", ".css")):
            assert "http://" not in res.text and "https://" not in res.text, f"{name} refers to another site"
    html = client.get("/").text
    for needed in ("/static/app.js", "/static/style.css"):
        assert needed in html


def test_bundled_example_is_the_project_example():
    bundled = resources.files("unspin.server").joinpath("static", "example.txt").read_text(encoding="utf-8")
    assert bundled == (ROOT / "examples" / "spun-page.txt").read_text(encoding="utf-8")


# ---- time and concurrency limits -------------------------------------------------

def test_timeout_gives_504():
    def slow(text, opts):
        time.sleep(1.5)
        return pipeline.analyze(text, opts)

    with serve_in_thread(create_app(ServerConfig(timeout=0.2), analyze=slow)) as url:
        res = httpx.post(url + "/v1/analyze", json={"text": "hello"}, timeout=10)
        assert_error(res, 504, "timeout")


def test_saturated_server_gives_503():
    gate = threading.Event()
    started = threading.Event()

    def blocked(text, opts):
        started.set()
        gate.wait(10)
        return pipeline.analyze(text, opts)

    cfg = ServerConfig(max_concurrency=1, timeout=20)
    with serve_in_thread(create_app(cfg, analyze=blocked)) as url:
        first: dict = {}
        t = threading.Thread(target=lambda: first.update(
            res=httpx.post(url + "/v1/analyze", json={"text": "one"}, timeout=20)))
        t.start()
        assert started.wait(10)
        res = httpx.post(url + "/v1/restore", json={"text": "two"}, timeout=10)
        err = assert_error(res, 503, "busy")
        assert res.headers.get("retry-after")
        assert "retry" in err["message"]
        gate.set()
        t.join(20)
        assert first["res"].status_code == 200
        # the slot is free again
        assert httpx.post(url + "/v1/clean", json={"text": "three"}, timeout=10).status_code == 200


def test_a_failing_analysis_gives_500_without_leaking_the_text(capfd, caplog):
    secret = "Confidential-Draft-9931"

    def broken(text, opts):
        raise RuntimeError(f"could not handle {text!r}")

    with serve_in_thread(create_app(analyze=broken)) as url:
        res = httpx.post(url + "/v1/analyze", json={"text": secret}, timeout=10)
        err = assert_error(res, 500, "internal_error")
        assert secret not in res.text and "RuntimeError" in err["message"]
        # the server keeps working
        assert httpx.get(url + "/healthz", timeout=10).status_code == 200
    out, errout = capfd.readouterr()
    assert secret not in out + errout
    assert "RuntimeError" in caplog.text and secret not in caplog.text


def test_config_is_validated():
    for bad in ({"max_bytes": 0}, {"timeout": 0}, {"max_concurrency": 0}):
        with pytest.raises(ValueError):
            ServerConfig(**bad)


# ---- the command line, as a subprocess; nothing from requests in its log ---------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unspin_serve_command(tmp_path):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "unspin", "serve", "--port", str(port), "--max-bytes", "2000",
             "--timeout", "10", "--max-concurrency", "2"],
            stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        assert httpx.get(url + "/healthz").json()["limits"] == {
            "max_bytes": 2000, "timeout": 10.0, "max_concurrency": 2}
        secret = "Sekret-Passage-4471"
        text = f"{secret} appears here.\n{secret} appears here.\n"
        res = httpx.post(url + "/v1/analyze", json={"text": text})
        assert res.status_code == 200 and res.json()["findings"]
        assert httpx.post(url + "/v1/analyze", content=f'{{"text": "{secret}"'.encode(),
                          headers={"content-type": "application/json"}).status_code == 400
        assert httpx.post(url + "/v1/analyze", json={"text": secret * 200}).status_code == 413
        assert httpx.post(url + "/v1/analyze", json={"text": secret, "options": {secret: 1}}).status_code == 422
        assert httpx.get(url + "/healthz", params={"token": secret}).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
    out = log.read_text()
    assert "POST /v1/analyze" in out  # it does log requests ...
    assert secret not in out  # ... but never their text
    assert [p.name for p in tmp_path.iterdir()] == ["serve.log"]  # it wrote nothing itself


def test_serve_usage_errors(capsys):
    assert cli_main(["serve", "--port", "70000"]) == 2
    assert cli_main(["serve", "--max-concurrency", "0"]) == 2
    err = capsys.readouterr().err
    assert "--port" in err and "--max-concurrency" in err
