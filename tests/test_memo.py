"""spin.memo.flat_cache: a bounded memo in a plain dict."""

from __future__ import annotations

from unspin.spin.memo import flat_cache


def test_flat_cache_memoises_and_starts_afresh_when_full():
    calls = []

    @flat_cache(3)
    def f(x: str) -> tuple:
        calls.append(x)
        return (x.upper(),) if x else ()

    assert f("a") == ("A",) and f("a") == ("A",) and calls == ["a"]
    assert f("") == () and f("") == () and calls == ["a", ""]  # empty results are cached too
    f("b")
    f("c")  # the store was full: it starts afresh, then holds "c"
    assert set(f.cache) == {"c"}
    f("a")
    assert calls == ["a", "", "b", "c", "a"]
    assert f.__name__ == "f"


def test_flat_cache_keeps_none_results():
    calls = []

    @flat_cache(10)
    def g(x: int) -> None:
        calls.append(x)
        return None

    assert g(1) is None and g(1) is None and calls == [1]
