"""Quote attribution against a gold set: is each quotation given to the person who said it?

A gold set is a JSON Lines corpus (one article per line: ``doc_id``, ``language``, ``outlet``,
``date``, ``text``) whose records also list every quotation of the article under ``quotes``:
the quoted words as they stand between the marks (``quote``), who said them (``speaker`` and
the other names the text gives the speaker, ``aliases``), what kind of speaker that is
(``speaker_kind``: person, organisation, country, anonymous or none for scare quotes) and the
patterns the quotation exercises (``patterns``: ``multi_sentence``, ``pronoun``,
``verb:warn`` …). ``data/validation/quotes-en.jsonl`` and ``quotes-id.jsonl`` are the
project's own sets (invented articles in the style of wire copy).

The articles are read as any corpus is (:func:`framing.corpus.ingest.ingest`: cleaning and
segmentation included) and attributed by :func:`~framing.attribution.find_attributions`. The
unit is a **quote sentence**: a sentence that holds words of a quotation with a named speaker.

- **recall**: the share of quote sentences with an attribution row naming the speaker;
- **precision**: of the attribution rows of quote sentences, the share naming the speaker of a
  quotation in that sentence (a row giving the words to the outlet, to a wire agency or to a
  person the sentence merely mentions is an error);
- **quote recall**: the share of quotations with every one of their sentences recalled.

A row names the speaker when its ``source`` or ``source_name``, casefolded and stripped of
punctuation and a leading "the", equals the speaker or an alias, or holds the speaker's full
name (of two words or more) as whole words ("Texas Gov. Rick Perry" names "Rick Perry").
Every figure comes with a Wilson interval; per pattern and per language the same figures are
given over the quotations carrying that pattern.

The measure follows the attribution-relation evaluations of Pareti (2016) and of quotation
extraction for news (Pouliquen, Steinberger & Best, 2007; Newell, Margolin & Ruths, 2018):
a quotation counts as attributed when its source is the annotated speaker.

References
----------
Pareti, S. (2016). PARC 3.0: A corpus of attribution relations. *Proceedings of LREC 2016*,
3914-3920.

Pouliquen, B., Steinberger, R., & Best, C. (2007). Automatic detection of quotations in
multilingual news. *Proceedings of RANLP 2007*, 487-492.

Newell, C., Margolin, D., & Ruths, D. (2018). An attribution relations corpus for political news.
*Proceedings of LREC 2018*, 2388-2393.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.utils.intervals import wilson_interval

#: Speaker kinds whose quotations are scored (a named speaker).
NAMED_KINDS = ("person", "organisation", "country")
#: Columns of :attr:`QuoteEvaluation.scores`.
SCORE_COLUMNS = (
    "language",
    "pattern",
    "quotes",
    "quote_sentences",
    "recall",
    "recall_low",
    "recall_high",
    "rows",
    "precision",
    "precision_low",
    "precision_high",
    "quote_recall",
)
_PUNCTUATION = re.compile(r"[^\w\s]")


def name_key(name: object) -> str:
    """A name casefolded, without punctuation or a leading "the", single-spaced.

    Examples
    --------
    >>> name_key("the  State Department."), name_key("Gov. Rick Perry")
    ('state department', 'gov rick perry')
    """
    text = " ".join(_PUNCTUATION.sub(" ", str(name).casefold()).split())
    return text[4:] if text.startswith("the ") else text


def names_speaker(given: object, speaker: str, aliases: tuple[str, ...] = ()) -> bool:
    """Whether the source name ``given`` names ``speaker`` (or one of its ``aliases``).

    Examples
    --------
    >>> names_speaker("Texas Gov. Rick Perry", "Rick Perry"), names_speaker("Perry", "Rick Perry")
    (True, False)
    >>> names_speaker("Perry", "Rick Perry", ("Perry",))
    True
    """
    if given is None or (isinstance(given, float) and np.isnan(given)):
        return False
    key = name_key(given)
    targets = {name_key(speaker), *(name_key(a) for a in aliases)}
    if key in targets:
        return True
    full = name_key(speaker)
    return len(full.split()) >= 2 and f" {full} " in f" {key} "


def read_quote_set(path: str | Path) -> pd.DataFrame:
    """The gold quotations of a quote set: one row per quotation.

    Columns ``doc_id``, ``quote_id`` (``DOC:qN``), ``quote``, ``speaker``, ``aliases`` (tuple),
    ``speaker_kind``, ``patterns`` (tuple), ``language``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"quote set {path}: no such file; give a .jsonl file of articles")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"quote set {path}, line {number}: not JSON ({error.msg})") from None
        if not isinstance(record, dict) or "quotes" not in record or "doc_id" not in record:
            raise InputError(
                f"quote set {path}, line {number}: an article needs 'doc_id', 'text' and "
                "'quotes' (the gold quotations); is this a quote set?"
            )
        for i, quote in enumerate(record["quotes"], start=1):
            if not quote.get("quote"):
                raise InputError(f"quote set {path}, line {number}: quote {i} has no 'quote'")
            rows.append(
                {
                    "doc_id": str(record["doc_id"]),
                    "quote_id": f"{record['doc_id']}:q{i}",
                    "quote": quote["quote"],
                    "speaker": quote.get("speaker"),
                    "aliases": tuple(quote.get("aliases") or ()),
                    "speaker_kind": quote.get("speaker_kind") or "person",
                    "patterns": tuple(quote.get("patterns") or ()),
                    "language": record.get("language"),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["doc_id", "quote_id", "quote", "speaker", "aliases", "speaker_kind", "patterns",
                 "language"],
    )  # fmt: skip


def _locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in the cleaned ``text`` (white space may have been normalised)."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), text)
    return None if found is None else found.span()


@dataclass
class QuoteEvaluation:
    """What :func:`evaluate_quotes` measured.

    Attributes
    ----------
    sentences : DataFrame
        One row per (quotation, sentence): ``quote_id``, ``sentence_id``, ``speaker``,
        ``speaker_kind``, ``recalled`` (a row of the sentence names the speaker), ``rows`` and
        ``correct_rows`` (its attribution rows, and those naming a speaker of the sentence's
        quotations), ``given`` (the sources given, ``; ``-joined).
    quotes : DataFrame
        One row per gold quotation with ``sentences``, ``recalled_sentences`` and ``located``.
    scores : DataFrame
        :data:`SCORE_COLUMNS`, per language and pattern (``(all)`` for every quotation).
    """

    sentences: pd.DataFrame
    quotes: pd.DataFrame
    scores: pd.DataFrame

    def summary(self) -> str:
        """Figures of every named-speaker quotation and of persons alone, per language."""
        lines = ["Quote attribution (named speakers; 95% Wilson intervals)"]
        for row in self.scores[self.scores["pattern"].isin(["(all)", "kind:person"])].itertuples():
            lines.append(
                f"  {row.language:>5} {row.pattern:<12} recall {row.recall:.2f} "
                f"[{row.recall_low:.2f}, {row.recall_high:.2f}] of {row.quote_sentences} "
                f"sentences; precision {row.precision:.2f} [{row.precision_low:.2f}, "
                f"{row.precision_high:.2f}] of {row.rows} rows; whole quotes {row.quote_recall:.2f}"
                f" of {row.quotes}"
            )
        missing = int((~self.quotes["located"]).sum())
        if missing:
            lines.append(f"  {missing} quotation(s) not found in the cleaned text: not scored")
        return "\n".join(lines)


def evaluate_quotes(paths, *, finder=None) -> QuoteEvaluation:
    """Attribute the articles of one or more quote sets and score them against the gold.

    Parameters
    ----------
    paths : path or list of paths
        Quote sets (:func:`read_quote_set`).
    finder : AttributionFinder, optional
        Custom source or cue lists; default the built-in ones.
    """
    from framing.attribution.attribute import find_attributions
    from framing.corpus.ingest import ingest

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    pieces, quotes_all = [], []
    for path in paths:
        gold = read_quote_set(path)
        corpus = ingest(path, columns={"id": "doc_id"})
        attributions = find_attributions(corpus.sentences, corpus.documents, finder=finder)
        pieces.append(_quote_sentences(gold, corpus.documents, corpus.sentences, attributions))
        quotes_all.append(gold)
    sentences = pd.concat([p[0] for p in pieces], ignore_index=True)
    located = set().union(*(p[1] for p in pieces))
    quotes = pd.concat(quotes_all, ignore_index=True)
    quotes["located"] = quotes["quote_id"].isin(located)
    per_quote = sentences.groupby("quote_id").agg(
        sentences=("sentence_id", "size"), recalled_sentences=("recalled", "sum")
    )
    quotes = quotes.join(per_quote, on="quote_id")
    return QuoteEvaluation(sentences, quotes, _scores(quotes, sentences))


def _quote_sentences(
    gold: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame, attributions
) -> tuple[pd.DataFrame, set[str]]:
    """One row per (quotation, sentence holding its words), with what the extractor gave."""
    texts = dict(zip(documents["doc_id"].astype(str), documents["text"], strict=True))
    by_doc = {doc: table for doc, table in sentences.groupby(sentences["doc_id"].astype(str))}
    pairs, located = [], set()
    for quote in gold.itertuples(index=False):
        span = _locate(texts.get(quote.doc_id, ""), quote.quote)
        if span is None or quote.doc_id not in by_doc:
            continue
        located.add(quote.quote_id)
        table = by_doc[quote.doc_id]
        inside = table[(table["start"] < span[1]) & (table["end"] > span[0])]
        for sentence_id in inside["sentence_id"].astype(str):
            pairs.append((quote.quote_id, sentence_id, quote.speaker, quote.aliases,
                          quote.speaker_kind))  # fmt: skip
    table = pd.DataFrame(
        pairs, columns=["quote_id", "sentence_id", "speaker", "aliases", "speaker_kind"]
    )
    rows_of = {
        sid: list(zip(group["source"], group["source_name"], strict=True))
        for sid, group in attributions.groupby(attributions["sentence_id"].astype(str))
    }
    # the speakers of every quotation in a sentence: a row naming any of them is right
    speakers_of: dict[str, list[tuple[str, tuple]]] = {}
    for row in table.itertuples(index=False):
        if row.speaker_kind in NAMED_KINDS and row.speaker:
            speakers_of.setdefault(row.sentence_id, []).append((row.speaker, row.aliases))

    def names(given, speaker, aliases) -> bool:
        return any(names_speaker(g, speaker, aliases) for g in given)

    recalled, n_rows, correct, given_text = [], [], [], []
    for row in table.itertuples(index=False):
        rows = rows_of.get(row.sentence_id, [])
        speakers = speakers_of.get(row.sentence_id, [])
        recalled.append(bool(row.speaker) and any(names(r, row.speaker, row.aliases) for r in rows))
        n_rows.append(len(rows))
        correct.append(sum(any(names(r, s, a) for s, a in speakers) for r in rows))
        given_text.append("; ".join(str(r[0]) for r in rows))
    table["recalled"], table["rows"] = recalled, n_rows
    table["correct_rows"], table["given"] = correct, given_text
    return table, located


def _scores(quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Recall and precision per language and pattern, over named-speaker quotations."""
    named = quotes[quotes["speaker_kind"].isin(NAMED_KINDS) & quotes["located"]]
    info = named.set_index("quote_id")[["language", "patterns", "speaker_kind"]]
    units = sentences[sentences["quote_id"].isin(info.index)].join(
        info[["language", "patterns"]], on="quote_id"
    )
    # a sentence's rows are counted once, however many quotations share the sentence
    once = ~units.duplicated("sentence_id")
    rows = []
    for language in ["(all)", *sorted(named["language"].dropna().astype(str).unique())]:
        in_language = (
            units["language"].notna() if language == "(all)" else units["language"] == language
        )
        groups = {"(all)": np.ones(len(units), dtype=bool)}
        for kind in NAMED_KINDS:
            groups[f"kind:{kind}"] = (
                units["quote_id"].map(info["speaker_kind"]) == kind
            ).to_numpy()
        for pattern in sorted({p for ps in named["patterns"] for p in ps}):
            groups[pattern] = units["patterns"].map(lambda ps, p=pattern: p in ps).to_numpy()
        for pattern, chosen in groups.items():
            mask = chosen & in_language.to_numpy()
            part = units[mask]
            if not len(part):
                continue
            counted = part[once[mask].to_numpy()]
            rows.append(_score_row(language, pattern, part, counted))
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def _score_row(language: str, pattern: str, part: pd.DataFrame, counted: pd.DataFrame) -> dict:
    n, hits = len(part), int(part["recalled"].sum())
    total, right = int(counted["rows"].sum()), int(counted["correct_rows"].sum())
    recall_low, recall_high = wilson_interval(np.array([hits]), np.array([n]))
    if total:
        precision_low, precision_high = wilson_interval(np.array([right]), np.array([total]))
    else:
        precision_low, precision_high = [np.nan], [np.nan]
    whole = part.groupby("quote_id")["recalled"].all()
    return {
        "language": language,
        "pattern": pattern,
        "quotes": int(part["quote_id"].nunique()),
        "quote_sentences": n,
        "recall": hits / n,
        "recall_low": float(recall_low[0]),
        "recall_high": float(recall_high[0]),
        "rows": total,
        "precision": right / total if total else np.nan,
        "precision_low": float(precision_low[0]),
        "precision_high": float(precision_high[0]),
        "quote_recall": float(whole.mean()),
    }
