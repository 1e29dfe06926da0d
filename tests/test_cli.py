import json
import os
import subprocess
import sys

import pytest

import unspin

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(__import__("pathlib").Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
ENV.pop("UNSPIN_DEBUG", None)


def run(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True, env=ENV, timeout=300)


def assert_clean_failure(proc, code):
    assert proc.returncode == code, proc.stderr
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("unspin")


def test_version_and_help():
    p = run("--version")
    assert p.returncode == 0 and unspin.__version__ in p.stdout.decode()
    p = run("--help")
    assert p.returncode == 0
    out = p.stdout.decode()
    for cmd in ("analyze", "clean", "restore"):
        assert cmd in out
    assert "examples:" in out


def test_analyze_json_is_report_dict(example_page, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(example_page, encoding="utf-8")
    p = run("analyze", "--json", str(path))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == json.loads(json.dumps(unspin.analyze(example_page).to_dict()))


def test_readable_report_marks_findings(example_page):
    p = run("analyze", stdin=example_page.encode())
    assert p.returncode == 0
    out = p.stdout.decode()
    assert "spun score" in out and "[[" in out and "\x1b[" not in out  # no colour when piped
    p = run("analyze", "--color", "always", "-", stdin=example_page.encode())
    assert "\x1b[" in p.stdout.decode()


def _listed(out: str) -> list[float]:
    """The confidences of the findings a readable report lists."""
    import re

    return [float(m) for m in re.findall(r"^\[\d+\] \w+ .*\(confidence ([0-9.]+)\)", out, flags=re.M)]


def test_readable_report_lists_the_sure_findings_and_counts_the_rest(example_page):
    report = unspin.analyze(example_page)
    sure = [f for f in report.findings if f.confidence >= 0.5]
    assert 0 < len(sure) < len(report.findings)  # the example has both
    out = run("analyze", stdin=example_page.encode()).stdout.decode()
    assert len(_listed(out)) == len(sure) and min(_listed(out)) >= 0.5
    assert f"and {len(report.findings) - len(sure)} less sure than 0.50" in out
    out = run("analyze", "--min-confidence", "0", stdin=example_page.encode()).stdout.decode()
    assert len(_listed(out)) == len(report.findings) and "less sure" not in out
    # JSON: everything unless asked, and the same floor when asked
    p = run("analyze", "--json", "--min-confidence", "0.8", stdin=example_page.encode())
    listed = json.loads(p.stdout)["findings"]
    assert len(listed) == sum(f.confidence >= 0.8 for f in report.findings)
    assert_clean_failure(run("analyze", "--min-confidence", "1.5", stdin=b"text"), 2)


def test_clean_and_restore_stdin(example_page):
    p = run("clean", stdin=example_page.encode())
    assert p.returncode == 0
    assert p.stdout.decode().rstrip("\n") == unspin.clean(example_page).rstrip("\n")
    p = run("restore", "-", stdin=example_page.encode())
    assert p.returncode == 0
    assert p.stdout.decode().rstrip("\n") == unspin.restore(example_page).rstrip("\n")


def test_restore_acts_on_findings_as_sure_as_asked(example_page):
    report = unspin.analyze(example_page, unspin.Options(restore_min_confidence=0.0))
    spun = sorted({round(f.confidence, 4) for f in report.by_kind("spun")})
    cut = spun[len(spun) // 3]  # some spun findings under it, more at or above it
    want = unspin.restore(example_page, unspin.Options(restore_min_confidence=cut))
    assert want != unspin.restore(example_page) and want != unspin.restore(example_page, unspin.Options(restore_min_confidence=1.0))
    p = run("restore", "--min-confidence", str(cut), stdin=example_page.encode())
    assert p.returncode == 0 and p.stdout.decode().rstrip("\n") == want.rstrip("\n")
    assert_clean_failure(run("restore", "--min-confidence", "-0.1", stdin=b"text"), 2)


def test_non_utf8_input_is_decoded_and_reported():
    text = "Привет, как дела? Это обычный русский текст, и в нём нет ничего странного."
    p = run("clean", stdin=text.encode("cp1251"))
    assert p.returncode == 0
    assert p.stdout.decode().strip() == text
    assert "not UTF-8" in p.stderr.decode()


@pytest.mark.parametrize("args,stdin,code,msg", [
    (("analyze", "/no/such/file"), None, 1, "no such file"),
    (("analyze", "-"), b"", 1, "empty"),
    (("analyze", "-"), b"   \n\n", 1, "empty"),
    (("analyze", "-"), b"abc\x00def\x00\x01\x02", 1, "binary"),
    (("clean", "-"), bytes(range(256)) * 100, 1, "binary"),
    (("analyze", "--frobnicate"), None, 2, "unrecognized"),
    (("analyze", "--threshold", "7", "-"), b"text here", 2, "threshold"),
    (("analyze", "--lexicon", "/no/lexicon.csv", "-"), b"text here", 1, "lexicon"),
    (("analyze", "--max-bytes", "10", "-"), b"x" * 100, 1, "larger than"),
    (("nosuchcommand",), None, 2, "invalid choice"),
    ((), None, 2, ""),
])
def test_bad_input_fails_cleanly(args, stdin, code, msg, tmp_path):
    p = run(*args, stdin=stdin)
    assert p.returncode == code
    assert "Traceback" not in p.stderr.decode()
    assert msg in p.stderr.decode()


def test_directory_refused(tmp_path):
    p = run("analyze", str(tmp_path))
    assert_clean_failure(p, 1)
    assert "directory" in p.stderr.decode()


def test_readable_report_says_what_was_not_read_as_prose():
    page = "Some prose here about the budget and the council.\n\n```\nx = load(path_to_file)\n```\n"
    out = run("analyze", stdin=page.encode()).stdout.decode()
    assert "read 9 words of prose; 5 left out (code, addresses, tables)" in out.splitlines()[0]
    plain = run("analyze", stdin=b"Some prose here about the budget and the council.\n").stdout.decode()
    assert "left out" not in plain.splitlines()[0]


PAGE = (b"<!DOCTYPE html>\n<html><head><title>Budget</title></head><body>"
        b"<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article>"
        b"<p>The council met on Tuesday to discuss the new budget for the coming year, and the mayor "
        b"said it was a good start for the town and its residents.</p>"
        b"<p>Members argued about the cost of the new library, which the mayor called the best "
        b"investment the town could make in its young people.</p></article>"
        b"<footer>Copyright 2026</footer></body></html>\n")


def test_html_page_is_read_through_its_main_text():
    pytest.importorskip("trafilatura")
    p = run("analyze", "--json", stdin=PAGE)
    assert p.returncode == 0 and "main text of the HTML page" in p.stderr.decode()
    report = json.loads(p.stdout)
    assert "<p>" not in report["cleaned"] and "Home" not in report["cleaned"]
    assert report["cleaned"].startswith("The council met on Tuesday")
    out = run("clean", stdin=PAGE).stdout.decode()
    assert "<" not in out and "investment the town could make" in out


def test_html_read_as_text_on_request_or_without_main_text():
    p = run("analyze", "--html", "text", stdin=PAGE)
    assert p.returncode == 0
    assert "looks like HTML" in p.stderr.decode() and "Traceback" not in p.stderr.decode()
    assert "looks like HTML" not in run("analyze", stdin=b"Plain text about <html> tags.\n").stderr.decode()
    pytest.importorskip("trafilatura")
    # a page with no main text: read as text in auto mode, refused when extraction was asked for
    empty = b"<!DOCTYPE html>\n<html><body><script>var x = 1;</script></body></html>\n"
    assert run("analyze", stdin=empty).returncode == 0
    assert_clean_failure(run("analyze", "--html", "extract", stdin=empty), 1)


