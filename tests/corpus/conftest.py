"""Small, deliberately bad inputs built in tmp_path, with real sentences from the sample corpus."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

#: Sentences taken from data/corpora/putin-kim (one per outlet).
POS_KUPANG = (
    "Presiden Rusia Vladimir Putin telah tiba di Korea Utara, kantor berita Rusia melaporkan, "
    "setelah dia mengatakan kedua negara ingin bekerja sama secara erat untuk mengatasi sanksi "
    "yang dipimpin AS dalam menghadapi konfrontasi yang semakin intensif dengan Washington."
)
LAMPOST = (
    "Washington mengatakan Korea Utara telah memasok senjata ke Rusia untuk membantu mereka "
    "berperang di Ukraina, meskipun Pyongyang telah berkali-kali membantahnya."
)
VIVA = (
    "Duta Besar Rusia untuk Korea Utara, Alexander Matsegora mengonfirmasi kepada Vedomosti "
    "bahwa kunjungan Presiden Putin ke Pyongyang akan terjadi dan sedang dipersiapkan secara aktif."
)
#: A sentence with curly quotes, as in 000_726e388a16ef0aa4.txt.
KREMLIN_QUOTE = (
    "Kremlin menyatakan bahwa tujuan perjalanan ini adalah untuk menjalin “persahabatan”."
)

#: The first bytes of a PNG image: signature, IHDR chunk header, then pixel-like bytes.
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806000000") + bytes(
    range(256)
)


def write_metadata(path: Path, rows: list[dict], fieldnames: list[str] | None = None) -> Path:
    """Write a metadata CSV (UTF-8) with the union of the rows' keys as columns."""
    if fieldnames is None:
        fieldnames = []
        for row in rows:
            fieldnames.extend(k for k in row if k not in fieldnames)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def txt_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Build a folder of article files (str is written as UTF-8, bytes as given) + metadata."""

    def build(files: dict[str, str | bytes], rows: list[dict] | None) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir()
        for name, content in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8")
            else:
                target.write_bytes(content)
        if rows is not None:
            write_metadata(folder / "metadata.csv", rows)
        return folder

    return build


NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="id-ID"><head><meta charset="utf-8">
<title>Putin tiba di Pyongyang - Pos-Kupang.com</title>
<meta property="og:site_name" content="Pos-Kupang.com">
<meta property="og:url" content="https://kupang.tribunnews.com/2024/06/19/putin-tiba">
<meta property="article:published_time" content="2024-06-19T08:00:00+08:00">
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
<li><a href="/internasional">Internasional</a></li></ul></nav>
<article><h1>Putin tiba di Pyongyang</h1>
<p>POS-KUPANG.COM - {POS_KUPANG}</p>
<p>{LAMPOST}</p>
<p>{VIVA}</p>
</article>
<footer><p>Hak cipta 2024 Pos-Kupang.com. Seluruh hak dilindungi.</p>
<a href="/privacy">Kebijakan Privasi</a></footer>
</body></html>
"""

#: A gallery page: a script and an image, no text for trafilatura to extract.
GALLERY_PAGE = """<!DOCTYPE html><html><head><title>Galeri</title>
<script>window.dataLayer = [];</script></head>
<body><div class="gallery"><img src="/foto/putin-kim.jpg" alt=""></div></body></html>
"""


@pytest.fixture
def sentences() -> SimpleNamespace:
    """Real sentences from the sample corpus (pos_kupang, lampost, viva, kremlin_quote)."""
    return SimpleNamespace(
        pos_kupang=POS_KUPANG, lampost=LAMPOST, viva=VIVA, kremlin_quote=KREMLIN_QUOTE
    )


@pytest.fixture
def png_bytes() -> bytes:
    """The start of a PNG image."""
    return PNG_BYTES


@pytest.fixture
def news_page() -> str:
    """A saved news page with navigation and footer boilerplate around three paragraphs."""
    return NEWS_PAGE


@pytest.fixture
def gallery_page() -> str:
    """A saved page with an image and no article text."""
    return GALLERY_PAGE


@pytest.fixture
def metadata_writer() -> Callable[..., Path]:
    """:func:`write_metadata`, for tests that place a metadata CSV themselves."""
    return write_metadata
