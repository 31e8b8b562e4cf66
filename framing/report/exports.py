"""Exports for papers, from a run's saved tables: LaTeX tables, the methods text, BibTeX.

:func:`write_exports` writes ``DIR/exports/``:

- ``frame_shares.tex`` — each outlet's share of sentences per frame with its article-level
  interval (the within-article Wilson interval, marked †, for outlets with one article);
- ``voice_shares.tex`` — in whose voice the study's key frames (its ``frame_catalog``: the
  study's ``frames.key``, else the frames its lexicon marks ``key: true``, else every frame)
  are stated, per outlet;
- ``models.tex`` and ``keyness.tex`` — model coefficients (odds and rate ratios) and the top
  keyness terms per outlet;
- ``methods.md`` — the report's methods paragraph, with its references;
- ``references.bib`` — BibTeX of exactly the methods that paragraph cites.

Tables need ``\\usepackage{booktabs}``; every cell is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from framing.frames.lexicon import key_frame_ids
from framing.report.references import bibtex, cited
from framing.utils.latex import to_latex_table

MODEL_COLUMNS = (
    "frame",
    "level",
    "model",
    "term",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "p_adj",
    "mde_ratio",
    "n",
)
KEYNESS_COLUMNS = ("outlet", "language", "term", "count", "score", "z", "p_adj")
KEYNESS_TOP = 10


def _interval(share: float, low: float, high: float, digits: int, mark: str = "") -> str:
    if pd.isna(share):
        return "--"
    return f"{100 * share:.{digits}f} [{100 * low:.{digits}f}, {100 * high:.{digits}f}]{mark}"


def _interval_grid(
    table: pd.DataFrame, columns: str, digits: int, *, articles: bool = False
) -> pd.DataFrame:
    """Outlets as rows, ``columns`` values as columns, "share [low, high]" in % as cells.

    With ``articles`` the article-level interval is used where there is one, and the Wilson
    interval, marked †, where there is not (an outlet with a single article).
    """
    order = list(dict.fromkeys(table[columns]))
    low, high = table["ci_low"], table["ci_high"]
    marks = pd.Series("", index=table.index)
    if articles and "article_ci_low" in table:
        has = table["article_ci_low"].notna()
        low = table["article_ci_low"].where(has, low)
        high = table["article_ci_high"].where(has, high)
        marks = marks.where(has, "†")
    cells = table.assign(
        cell=[
            _interval(s, lo, hi, digits, m)
            for s, lo, hi, m in zip(table["share"], low, high, marks, strict=True)
        ]
    )
    return cells.pivot(index="outlet", columns=columns, values="cell")[order].reset_index()


def frame_shares_latex(shares: pd.DataFrame, *, digits: int = 1) -> str:
    """Outlet × frame: % of sentences with the frame [95% interval over articles].

    Outlets with one article have no interval over articles: their cell shows the
    within-article Wilson interval, marked †.

    Examples
    --------
    >>> shares = pd.DataFrame({"outlet": ["A"], "frame": ["friendship"], "share": [0.25],
    ...     "ci_low": [0.1], "ci_high": [0.5], "sentences_with_frame": [2], "sentences": [8]})
    >>> "25.0 [10.0, 50.0]" in frame_shares_latex(shares)
    True
    """
    grid = _interval_grid(shares, "frame", digits, articles=True)
    return to_latex_table(
        grid,
        "Share of sentences using each frame, % [95% interval with articles as units; "
        "† one article: within-article Wilson interval]",
        "tab:framing-frame-shares",
    )


def voice_shares_latex(voice: pd.DataFrame, frame: str, *, digits: int = 1) -> str:
    """Outlet × voice for one frame: % of the outlet's frame sentences [Wilson 95% interval]."""
    rows = voice[voice["frame"] == frame]
    grid = _interval_grid(rows, "voice", digits)
    totals = rows.groupby("outlet")["total"].first()
    grid.insert(1, "sentences", grid["outlet"].map(totals).astype(int))
    return to_latex_table(
        grid,
        f"In whose voice the {frame} frame is stated, % of the outlet's sentences with the frame "
        "[Wilson 95% interval]",
        f"tab:framing-voice-{frame.replace('_', '-')}",
    )


def latex_tables(tables: Mapping[str, pd.DataFrame | None]) -> dict[str, str]:
    """Every paper table the given run tables allow, by export name.

    The voice shares are exported for the key frames of ``frame_catalog`` (every frame when
    the tables have no catalog).
    """
    out: dict[str, str] = {}
    shares = tables.get("frame_shares")
    if shares is not None and len(shares):
        out["frame_shares"] = frame_shares_latex(shares)
    voice = tables.get("voice_shares")
    if voice is not None and len(voice):
        chosen = key_frame_ids(tables.get("frame_catalog"), voice["frame"].astype(str))
        parts = [voice_shares_latex(voice, f) for f in chosen]
        if parts:
            out["voice_shares"] = "\n\n".join(parts)
    models = tables.get("models")
    if models is not None and len(models):
        shown = [c for c in MODEL_COLUMNS if c in models.columns]
        terms = (
            models[~models["term"].astype(str).str.contains("Intercept")]
            if "term" in models
            else models
        )
        out["models"] = to_latex_table(
            terms,
            "Frame use against the reference: odds ratios (share) and rate ratios (rate) with 95% "
            "intervals, adjusted p-values and minimum detectable ratios; articles as units",
            "tab:framing-models",
            shown,
        )
    keyness = tables.get("keyness")
    if keyness is not None and len(keyness):
        rest = keyness[keyness["versus"] == "rest"] if "versus" in keyness else keyness
        top = (
            rest.sort_values(["outlet", "z"], ascending=[True, False])
            .groupby("outlet")
            .head(KEYNESS_TOP)
        )
        shown = [c for c in KEYNESS_COLUMNS if c in top.columns]
        out["keyness"] = to_latex_table(
            top,
            "Words that set each outlet apart, within each language: weighted log-odds ratio with "
            "an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), z-score, p-value of "
            "Welch's t over articles adjusted within each comparison's vocabulary",
            "tab:framing-keyness",
            shown,
        )
    return out


def methods_markdown(paragraphs: list[str]) -> str:
    """The methods paragraphs as Markdown, with a reference list of what they cite."""
    from framing.report.references import REFERENCES

    text = "\n\n".join(paragraphs)
    keys = cited(text)
    lines = ["# Methods", "", text, ""]
    if keys:
        lines += ["## References", ""]
        lines += [
            f"- `{k}`: see references.bib" if k not in REFERENCES else f"- {_apa(REFERENCES[k][1])}"
            for k in keys
        ]
        lines.append("")
    return "\n".join(lines)


def _apa(entry: str) -> str:
    """A one-line reference from a BibTeX entry: authors (year). Title. Venue."""
    fields = dict(
        (name.strip(), value.strip().strip("{}").replace("{", "").replace("}", ""))
        for name, _, value in (
            line.strip().rstrip(",").partition(" = ") for line in entry.splitlines()[1:-1]
        )
    )
    venue = (
        fields.get("journal")
        or fields.get("booktitle")
        or (f"arXiv:{fields['eprint']}" if "eprint" in fields else "")
    )
    author, year, title = (fields.get(k, "") for k in ("author", "year", "title"))
    return f"{author} ({year}). {title}. {venue}."


def write_exports(run, out_dir: str | Path, paragraphs: list[str]) -> dict[str, Path]:
    """Write the paper exports of ``run`` (a :class:`~framing.report.rundata.RunData`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = ("frame_shares", "voice_shares", "frame_catalog", "models", "keyness")
    written = {}
    for name, text in latex_tables({n: run.table(n) for n in names}).items():
        path = out / f"{name}.tex"
        path.write_text(text + "\n", encoding="utf-8")
        written[name] = path
    if paragraphs:
        methods = out / "methods.md"
        methods.write_text(methods_markdown(paragraphs), encoding="utf-8")
        written["methods"] = methods
        bib = out / "references.bib"
        bib.write_text(bibtex(cited("\n".join(paragraphs))), encoding="utf-8")
        written["references"] = bib
    return written
