"""The count_reuse_once flag: a reprinted agency story is counted for the outlet that wrote it."""

from __future__ import annotations

import json

from framing.contract import read_table
from framing.pipeline import run_pipeline, study_from_options

WIRE = (
    "Washington mengatakan Korea Utara telah memasok senjata ke Rusia untuk membantu mereka "
    "berperang di Ukraina, meskipun Pyongyang telah berkali-kali membantahnya.\n\n"
    "Pemantau PBB menyimpulkan satu rudal balistik yang Rusia tembakkan ke satu kota di Ukraina "
    "pada Januari 2024 buatan Korea Utara dan melanggar resolusi PBB."
)
OWN = (
    "Presiden Rusia Vladimir Putin tiba di Pyongyang dan disambut dengan hangat oleh Kim Jong Un "
    "dalam kunjungan kenegaraan persahabatan yang disebut bersejarah oleh kedua negara.\n\n"
    "Kedua pemimpin sepakat memperluas kerja sama di bidang pariwisata, kebudayaan dan "
    "pendidikan, serta menandatangani kemitraan strategis komprehensif."
)

LOCAL = (
    "Warga Kupang mengikuti berita kunjungan itu dari televisi sambil menunggu hujan reda di "
    "pasar pagi, kata pedagang sayur yang ditemui wartawan kami.\n\n"
    "Sejumlah mahasiswa di kampus setempat menggelar diskusi tentang hubungan kedua negara "
    "dan dampaknya bagi harga pangan di Nusa Tenggara Timur menjelang akhir tahun."
)


def write_corpus(path):
    records = [
        {"id": "w1", "outlet": "Wire", "date": "2024-06-18", "text": WIRE},
        {"id": "r1", "outlet": "Reprint", "date": "2024-06-19", "text": LOCAL + "\n\n" + WIRE},
        {"id": "o1", "outlet": "Other", "date": "2024-06-19", "text": OWN},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def shares(out, outlet):
    table = read_table(out, "frame_shares")
    return table[table["outlet"] == outlet].set_index("frame")


def test_reprinted_paragraphs_are_left_out_only_when_asked(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    options = {"topics": {"enabled": False}, "statistics": {"permutations": 99, "bootstrap": 99}}
    options["figure_formats"] = ["svg"]
    plain, once = tmp_path / "plain", tmp_path / "once"
    run_pipeline(study_from_options(corpus, **options), plain)
    run_pipeline(study_from_options(corpus, reuse={"count_once": True}, **options), once)

    reuse = read_table(plain, "reuse")
    pairs = reuse[(reuse["kind"] == "paragraph") & (reuse["doc_id"] == "r1")]
    assert set(pairs["matched_doc_id"]) == {"w1"} and len(pairs) == 2
    assert pairs["similarity"].min() == 1.0

    before = shares(plain, "Reprint")
    after = shares(once, "Reprint")
    assert before.loc["sanctions_violation", "sentences_with_frame"] > 0
    assert after.loc["sanctions_violation", "sentences_with_frame"] == 0  # the wire's sentences
    assert 0 < after["sentences"].iloc[0] < before["sentences"].iloc[0]  # its own text stays
    # the original is kept whole
    assert shares(once, "Wire")["sentences"].iloc[0] == shares(plain, "Wire")["sentences"].iloc[0]
    notes = read_table(once, "notes")
    assert notes["text"].str.contains("count_reuse_once").any()
    html = (once / "index.html").read_text(encoding="utf-8")
    assert "Reused text" in html and "w1" in html
    # figure_formats: ["svg"] writes the page's charts only (PNG and PDF are for papers)
    assert list(once.glob("figures/*.svg")) and not list(once.glob("figures/*.p[nd][gf]"))
