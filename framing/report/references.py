"""The methods the report cites, as BibTeX, and how to find which ones a text cites.

Each entry pairs a BibTeX record with the pattern of its in-text citation ("Wilson (1927)",
"Wilson, 1927"), so :func:`cited` can list the references of the methods paragraph that a run
actually wrote.
"""

from __future__ import annotations

import re

#: key -> (citation pattern, BibTeX entry).
REFERENCES: dict[str, tuple[str, str]] = {
    "wilson1927": (
        r"Wilson,? \(?1927",
        "@article{wilson1927,\n  author = {Wilson, Edwin B.},\n  title = {Probable Inference, "
        "the Law of Succession, and Statistical Inference},\n  journal = {Journal of the American "
        "Statistical Association},\n  volume = {22},\n  number = {158},\n  pages = {209--212},\n"
        "  year = {1927}\n}",
    ),
    "chapman2001": (
        r"Chapman et al\.,? \(?2001",
        "@article{chapman2001,\n  author = {Chapman, Wendy W. and Bridewell, Will and Hanbury, "
        "Paul and Cooper, Gregory F. and Buchanan, Bruce G.},\n  title = {A Simple Algorithm for "
        "Identifying Negated Findings and Diseases in Discharge Summaries},\n  journal = {Journal "
        "of Biomedical Informatics},\n  volume = {34},\n  number = {5},\n  pages = {301--310},\n"
        "  year = {2001}\n}",
    ),
    "allan1998": (
        r"Allan et al\.,? \(?1998",
        "@inproceedings{allan1998,\n  author = {Allan, James and Carbonell, Jaime and Doddington, "
        "George and Yamron, Jonathan and Yang, Yiming},\n  title = {Topic Detection and Tracking "
        "Pilot Study: Final Report},\n  booktitle = {Proceedings of the DARPA Broadcast News "
        "Transcription and Understanding Workshop},\n  pages = {194--218},\n  year = {1998}\n}",
    ),
    "broder1997": (
        r"Broder,? \(?1997",
        "@inproceedings{broder1997,\n  author = {Broder, Andrei Z.},\n  title = {On the "
        "Resemblance and Containment of Documents},\n  booktitle = {Proceedings of Compression and "
        "Complexity of Sequences},\n  pages = {21--29},\n  year = {1997}\n}",
    ),
    "pouliquen2007": (
        r"Pouliquen, Steinberger (?:&|and) Best,? \(?2007",
        "@inproceedings{pouliquen2007,\n  author = {Pouliquen, Bruno and Steinberger, Ralf and "
        "Best, Clive},\n  title = {Automatic Detection of Quotations in Multilingual News},\n"
        "  booktitle = {Proceedings of Recent Advances in Natural Language Processing (RANLP)},\n"
        "  pages = {487--492},\n  year = {2007}\n}",
    ),
    "pareti2016": (
        r"Pareti,? \(?2016",
        "@inproceedings{pareti2016,\n  author = {Pareti, Silvia},\n  title = {{PARC} 3.0: A "
        "Corpus of Attribution Relations},\n  booktitle = {Proceedings of the Tenth International "
        "Conference on Language Resources and Evaluation (LREC)},\n  pages = {3914--3920},\n"
        "  year = {2016}\n}",
    ),
    "grootendorst2022": (
        r"Grootendorst,? \(?2022",
        "@misc{grootendorst2022,\n  author = {Grootendorst, Maarten},\n  title = {{BERTopic}: "
        "Neural Topic Modeling with a Class-Based {TF-IDF} Procedure},\n  year = {2022},\n"
        "  eprint = {2203.05794},\n  archivePrefix = {arXiv}\n}",
    ),
    "hubert1985": (
        r"Hubert (?:&|and) Arabie,? \(?1985",
        "@article{hubert1985,\n  author = {Hubert, Lawrence and Arabie, Phipps},\n  title = "
        "{Comparing Partitions},\n  journal = {Journal of Classification},\n  volume = {2},\n"
        "  pages = {193--218},\n  year = {1985}\n}",
    ),
    "phipson2010": (
        r"Phipson (?:&|and) Smyth,? \(?2010",
        "@article{phipson2010,\n  author = {Phipson, Belinda and Smyth, Gordon K.},\n  title = "
        "{Permutation P-values Should Never Be Zero},\n  journal = {Statistical Applications in "
        "Genetics and Molecular Biology},\n  volume = {9},\n  number = {1},\n  pages = {39},\n"
        "  year = {2010}\n}",
    ),
    "bergsma2013": (
        r"Bergsma,? \(?2013",
        "@article{bergsma2013,\n  author = {Bergsma, Wicher},\n  title = {A Bias-Correction for "
        "{Cram{\\'e}r's} V and {Tschuprow's} T},\n  journal = {Journal of the Korean Statistical "
        "Society},\n  volume = {42},\n  number = {3},\n  pages = {323--328},\n  year = {2013}\n}",
    ),
    "firth1993": (
        r"Firth(?:'s)?,? \(?1993",
        "@article{firth1993,\n  author = {Firth, David},\n  title = {Bias Reduction of Maximum "
        "Likelihood Estimates},\n  journal = {Biometrika},\n  volume = {80},\n  number = {1},\n"
        "  pages = {27--38},\n  year = {1993}\n}",
    ),
    "holm1979": (
        r"Holm(?:'s)?,? \(?1979",
        "@article{holm1979,\n  author = {Holm, Sture},\n  title = {A Simple Sequentially "
        "Rejective Multiple Test Procedure},\n  journal = {Scandinavian Journal of Statistics},\n"
        "  volume = {6},\n  number = {2},\n  pages = {65--70},\n  year = {1979}\n}",
    ),
    "benjamini1995": (
        r"Benjamini (?:&|and) Hochberg(?:'s)?,? \(?1995",
        "@article{benjamini1995,\n  author = {Benjamini, Yoav and Hochberg, Yosef},\n  title = "
        "{Controlling the False Discovery Rate: A Practical and Powerful Approach to Multiple "
        "Testing},\n  journal = {Journal of the Royal Statistical Society: Series B},\n"
        "  volume = {57},\n  number = {1},\n  pages = {289--300},\n  year = {1995}\n}",
    ),
    "monroe2008": (
        r"Monroe, Colaresi (?:&|and) Quinn,? \(?2008",
        "@article{monroe2008,\n  author = {Monroe, Burt L. and Colaresi, Michael P. and Quinn, "
        "Kevin M.},\n  title = {Fightin' Words: Lexical Feature Selection and Evaluation for "
        "Identifying the Content of Political Conflict},\n  journal = {Political Analysis},\n"
        "  volume = {16},\n  number = {4},\n  pages = {372--403},\n  year = {2008}\n}",
    ),
}


def cited(text: str) -> list[str]:
    """Keys of :data:`REFERENCES` cited in ``text``, in the order of the table.

    Examples
    --------
    >>> cited("intervals (Wilson, 1927) and tests (Holm's (1979) step-down)")
    ['wilson1927', 'holm1979']
    """
    return [key for key, (pattern, _) in REFERENCES.items() if re.search(pattern, text)]


def bibtex(keys: list[str]) -> str:
    """The BibTeX entries of ``keys``, separated by blank lines."""
    return "\n\n".join(REFERENCES[k][1] for k in keys) + ("\n" if keys else "")
