"""Seed sentences copied verbatim from data/corpora/putin-kim, with offsets into the raw file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.tokens import count_tokens
from framing.frames import load_lexicon

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"

#: doc_id -> (file, outlet, event, verbatim sentences)
SEEDS = {
    "000": (
        "000_726e388a16ef0aa4.txt",
        "unnamed-000",
        "2024-06 Pyongyang",
        [
            "Kremlin menyatakan bahwa tujuan perjalanan ini adalah untuk menjalin “persahabatan”.",
            "Negara-negara Barat, Korea Selatan, dan Kyiv menuduh Pyongyang mengirim senjata ke "
            "Moskow untuk digunakan dalam konflik di Ukraina, yang merupakan pelanggaran terhadap "
            "sanksi PBB terhadap Korea Utara.",
            "Setelah kunjungan ke Korea Utara, Putin dijadwalkan melanjutkan perjalanannya ke "
            "Vietnam.",
        ],
    ),
    "001": (
        "001_13c5c39c14a330a1.txt",
        "Pos-Kupang",
        "2024-06 Pyongyang",
        [
            "Kunjungan Putin terjadi di tengah tuduhan Barat mengenai pengaturan senjata di mana "
            "Pyongyang memberikan Moskow amunisi yang sangat dibutuhkan untuk memicu perang Rusia "
            "di Ukraina dengan imbalan bantuan ekonomi dan transfer teknologi yang akan "
            "meningkatkan program senjata nuklir dan rudal Kim.",
            "Baik Pyongyang maupun Moskow membantah tuduhan mengenai transfer senjata Korea Utara.",
        ],
    ),
    "004": (
        "004_c27b010dec6c9a7a.txt",
        "Lampost.co",
        "2024-06 Pyongyang",
        [
            "“Atas undangan Ketua Urusan Luar Negeri DPRK, Kim Jong-un, Vladimir Putin akan "
            "melakukan kunjungan kenegaraan persahabatan ke Republik Demokratik Rakyat Korea pada "
            "18-19 Juni 2024,” kata Kremlin, melansir Malay Mail.",
            "Washington mengatakan Korea Utara telah memasok senjata ke Rusia untuk membantu "
            "mereka berperang di Ukraina, meskipun Pyongyang telah berkali-kali membantahnya.",
            "Kunjungan tersebut tidak boleh menghasilkan lebih banyak kerja sama militer antara "
            "Pyongyang dan Moskwa yang melanggar resolusi PBB, lanjut kementerian Korea Selatan.",
            "“KTT ini tidak hanya meningkatkan status Korea Utara di antara negara-negara yang "
            "menentang tatanan internasional pimpinan AS, tapi juga membantu memperkuat "
            "legitimasi dalam negeri Kim,” sambungnya.",
        ],
    ),
}


def build_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    documents, sentences = [], []
    for doc_id, (name, outlet, event, texts) in SEEDS.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        documents.append(
            {
                "doc_id": doc_id,
                "outlet": outlet,
                "event": event,
                "language": "id",
                "n_tokens": count_tokens(text),
                "text": text,
            }
        )
        found = sorted((text.index(s), s) for s in texts)  # fails if not verbatim
        for j, (start, sentence) in enumerate(found, start=1):
            sentences.append(
                {
                    "doc_id": doc_id,
                    "paragraph_id": f"{doc_id}:p1",
                    "sentence_id": f"{doc_id}:s{j}",
                    "text": sentence,
                    "start": start,
                    "end": start + len(sentence),
                }
            )
    return pd.DataFrame(documents), pd.DataFrame(sentences)


@pytest.fixture(scope="session")
def lexicon():
    return load_lexicon()


@pytest.fixture()
def seed_tables():
    return build_tables()
