import pytest

from unspin.decode import decode_bytes
from unspin.errors import InputError


def test_utf8_passthrough_and_bom():
    assert decode_bytes("héllo".encode()).text == "héllo"
    assert decode_bytes(b"\xef\xbb\xbfhi").text == "hi"
    assert not decode_bytes(b"plain").detected


@pytest.mark.parametrize("enc,text", [
    ("cp1251", "Привет, как дела? Это обычный русский текст для проверки кодировки."),
    ("cp1252", "Café société, naïve façade — déjà vu; l'été à Paris était très agréable."),
    ("utf-16", "A UTF-16 text with a byte-order mark."),
])
def test_legacy_encodings_detected(enc, text):
    d = decode_bytes(text.encode(enc))
    assert d.text == text
    assert d.detected


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_binary_refused(data):
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data)
