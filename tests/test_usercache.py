"""The per-user cache of what is derived from a shipped file (``usercache.json_derived``)."""

from __future__ import annotations

import os

import pytest

from unspin import usercache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(usercache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(usercache.ENV_OFF, raising=False)
    source = tmp_path / "table.tsv"
    source.write_text("couples\tpartners\n", encoding="utf-8")
    return tmp_path / "cache", source


class Builder:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_value_is_built_once_and_read_back(cache):
    folder, source = cache
    build = Builder({"partners": 3, "ünïcode": 1})
    assert usercache.json_derived("outlets", 1, source, build) == {"partners": 3, "ünïcode": 1}
    assert usercache.json_derived("outlets", 1, source, build) == {"partners": 3, "ünïcode": 1}
    assert build.calls == 1
    (kept,) = folder.glob("outlets-v1-*.json")
    assert not list(folder.glob("*.tmp*"))  # written beside, then renamed into place
    # another version of the derivation, or of the file, is built afresh
    assert usercache.json_derived("outlets", 2, source, build) == build.value and build.calls == 2
    source.write_text("couples\tpartners lovers\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))
    build.value = {"partners": 4}
    assert usercache.json_derived("outlets", 1, source, build) == {"partners": 4} and build.calls == 3
    assert len(list(folder.glob("outlets-v1-*.json"))) == 2


@pytest.mark.parametrize("damage", ["", "{not json", "\udcff"])
def test_a_damaged_file_is_built_again_and_rewritten(cache, damage):
    folder, source = cache
    build = Builder({"a": 1})
    usercache.json_derived("outlets", 1, source, build)
    (kept,) = folder.glob("outlets-v1-*.json")
    kept.write_bytes(damage.encode("utf-8", "surrogateescape"))
    assert usercache.json_derived("outlets", 1, source, build) == {"a": 1} and build.calls == 2
    assert usercache.json_derived("outlets", 1, source, build) == {"a": 1} and build.calls == 2


def test_no_cache_when_told_not_to_or_where_it_cannot_be_written(cache, monkeypatch, tmp_path):
    folder, source = cache
    build = Builder([1, 2])
    monkeypatch.setenv(usercache.ENV_OFF, "1")
    assert usercache.json_derived("x", 1, source, build) == [1, 2]
    assert usercache.json_derived("x", 1, source, build) == [1, 2]
    assert build.calls == 2 and not folder.exists()
    monkeypatch.delenv(usercache.ENV_OFF)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv(usercache.ENV_DIR, str(blocker))
    assert usercache.json_derived("x", 1, source, build) == [1, 2] and build.calls == 3
    assert blocker.read_text().startswith("a file")
    # a source that is not a file on disk: built each time
    assert usercache.json_derived("x", 1, tmp_path / "missing.tsv", build) == [1, 2] and build.calls == 4


def test_the_thesaurus_derivations_read_back_equal_to_the_built_ones(cache):
    from unspin.spin import lexical, precise

    built = (lexical._count_outlets(), precise._build_reverse())
    for _ in range(2):  # written, then read back
        lexical._spin_outlets.cache_clear()
        precise._reverse_table.cache_clear()
        assert list(lexical._spin_outlets().items()) == list(built[0].items())
        assert precise._reverse_table() == built[1]
    folder, _ = cache
    assert {p.name.split("-v")[0] for p in folder.glob("*.json")} == {"spin-outlets-30", "spin-reverse-200"}
    lexical._spin_outlets.cache_clear()
    precise._reverse_table.cache_clear()
