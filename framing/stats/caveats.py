"""What a comparison can and cannot support, in plain language, from its own tables.

The sentences are built from structured columns (``testable``, ``status``, ``p_min``,
``inference``) and counts, never by reading prose that another module wrote.
"""

from __future__ import annotations

import pandas as pd

from framing.stats.design import event_identifiable
from framing.stats.units import name_list


def corpus_caveats(
    articles: pd.DataFrame,
    outlets: pd.DataFrame,
    groups: pd.DataFrame,
    tests: pd.DataFrame,
    models: pd.DataFrame,
    reference_reason: str,
    min_articles: int = 2,
) -> list[str]:
    """Plain-language sentences on what the comparison can support, most important first."""
    caveats = []
    n_outlets, testable = len(outlets), int(outlets["testable"].sum())
    n_articles = int(articles.drop_duplicates("doc_id").shape[0])
    enough = f"{min_articles} or more articles"
    if testable < 2:
        who = "None" if testable == 0 else f"Only {testable}"
        caveats.append(
            f"{who} of the {n_outlets} outlets {'has' if testable < 2 else 'have'} {enough}, "
            "so no outlet difference can be tested: with one article, outlet and article "
            "cannot be told apart. The shares describe these articles; their within-article "
            "intervals say nothing about the outlets' coverage in general."
        )
    elif testable < n_outlets:
        left = sorted(outlets.loc[~outlets["testable"], "outlet"])
        caveats.append(
            f"{testable} of the {n_outlets} outlets have {enough} and are tested; "
            f"the other {len(left)} ({name_list(left, 5)}) are described, not tested."
        )
    if testable >= 2:
        caveats.append(reference_reason)
        # one row per article: every frame repeats the articles, their outlets and events
        once = articles[["doc_id", "outlet", "event"]].drop_duplicates("doc_id")
        used = once[once["outlet"].isin(set(outlets.loc[outlets["testable"], "outlet"]))]
        if used["event"].nunique() > 1 and not event_identifiable(used, "outlet"):
            caveats.append(
                "Event and outlet are confounded (the tested outlets do not each cover several "
                "events), so the models cannot separate an outlet effect from an event effect; "
                "the event term was left out."
            )
    coarse = tests[(tests["status"] == "tested") & (tests["p_min"] > 0.05)]
    if len(coarse):
        caveats.append(
            f"{len(coarse)} test(s) cannot reach p < 0.05 whatever the data: too few articles "
            "for the permutation distribution (see p_min in the tests table)."
        )
    penalised = models[models["inference"].astype("string").str.startswith("profile").fillna(False)]
    if len(penalised):
        caveats.append(
            "Some outlets never (or always) use a frame, which breaks ordinary maximum "
            f"likelihood; models for {', '.join(sorted(set(penalised['frame'])))} use Firth's "
            "penalised likelihood with profile intervals for those outlets."
        )
    absent = articles.groupby("frame", sort=False)["sentences_with_frame"].sum()
    if (absent == 0).any():
        caveats.append(
            f"No framed sentence at all for {', '.join(absent.index[absent == 0])}: these "
            "frames could not be tested."
        )
    if len(groups) and not groups["testable"].all():
        left = sorted(groups.loc[~groups["testable"], "group"])
        caveats.append(
            f"Group(s) {name_list(left)} have fewer than two testable outlets and are not "
            "compared: a group of one outlet is that outlet."
        )
    if testable >= 2 and n_articles < 30:
        caveats.append(
            f"Only {n_articles} articles: estimates of overdispersion and permutation p-values "
            "are coarse."
        )
    return caveats
