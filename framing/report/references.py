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
    "sokal1958": (
        r"Sokal (?:&|and) Michener,? \(?1958",
        "@article{sokal1958,\n  author = {Sokal, Robert R. and Michener, Charles D.},\n  title = "
        "{A Statistical Method for Evaluating Systematic Relationships},\n  journal = {University "
        "of Kansas Science Bulletin},\n  volume = {38},\n  pages = {1409--1438},\n"
        "  year = {1958}\n}",
    ),
    "aho1975": (
        r"Aho (?:&|and) Corasick,? \(?1975",
        "@article{aho1975,\n  author = {Aho, Alfred V. and Corasick, Margaret J.},\n  title = "
        "{Efficient String Matching: An Aid to Bibliographic Search},\n  journal = "
        "{Communications of the ACM},\n  volume = {18},\n  number = {6},\n  pages = "
        "{333--340},\n  year = {1975}\n}",
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
    "besag1991": (
        r"Besag (?:&|and) Clifford,? \(?1991",
        "@article{besag1991,\n  author = {Besag, Julian and Clifford, Peter},\n  title = "
        "{Sequential {Monte Carlo} p-values},\n  journal = {Biometrika},\n  volume = {78},\n"
        "  number = {2},\n  pages = {301--304},\n  year = {1991}\n}",
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
    "good2005": (
        r"Good,? \(?2005",
        "@book{good2005,\n  author = {Good, Phillip},\n  title = {Permutation, Parametric, and Bootstrap Tests of Hypotheses},\n  publisher = {Springer},\n  year = {2005}\n}",
    ),
    "wedderburn1974": (
        r"Wedderburn,? \(?1974",
        "@article{wedderburn1974,\n  author = {Wedderburn, R. W. M.},\n  title = {Quasi-Likelihood Functions, Generalized Linear Models, and the {Gauss-Newton} Method},\n  journal = {Biometrika},\n  volume = {61},\n  number = {3},\n  pages = {439--447},\n  year = {1974}\n}",
    ),
    "mccullagh1989": (
        r"McCullagh (?:&|and) Nelder,? \(?1989",
        "@book{mccullagh1989,\n  author = {McCullagh, Peter and Nelder, John A.},\n  title = {Generalized Linear Models},\n  publisher = {Chapman and Hall},\n  year = {1989}\n}",
    ),
    "heinze2002": (
        r"Heinze (?:&|and) Schemper,? \(?2002",
        "@article{heinze2002,\n  author = {Heinze, Georg and Schemper, Michael},\n  title = {A Solution to the Problem of Separation in Logistic Regression},\n  journal = {Statistics in Medicine},\n  volume = {21},\n  number = {16},\n  pages = {2409--2419},\n  year = {2002}\n}",
    ),
    "liang1986": (
        r"Liang (?:&|and) Zeger,? \(?1986",
        "@article{liang1986,\n  author = {Liang, Kung-Yee and Zeger, Scott L.},\n  title = {Longitudinal Data Analysis Using Generalized Linear Models},\n  journal = {Biometrika},\n  volume = {73},\n  number = {1},\n  pages = {13--22},\n  year = {1986}\n}",
    ),
    "cameron2015": (
        r"Cameron (?:&|and) Miller,? \(?2015",
        "@article{cameron2015,\n  author = {Cameron, A. Colin and Miller, Douglas L.},\n  title = {A Practitioner's Guide to Cluster-Robust Inference},\n  journal = {Journal of Human Resources},\n  volume = {50},\n  number = {2},\n  pages = {317--372},\n  year = {2015}\n}",
    ),
    "laird1982": (
        r"Laird (?:&|and) Ware,? \(?1982",
        "@article{laird1982,\n  author = {Laird, Nan M. and Ware, James H.},\n  title = {Random-Effects Models for Longitudinal Data},\n  journal = {Biometrics},\n  volume = {38},\n  number = {4},\n  pages = {963--974},\n  year = {1982}\n}",
    ),
    "schluchter1990": (
        r"Schluchter (?:&|and) Elashoff,? \(?1990",
        "@article{schluchter1990,\n  author = {Schluchter, Mark D. and Elashoff, Janet D.},\n  title = {Small-Sample Adjustments to Tests with Unbalanced Repeated Measures Assuming Several Covariance Structures},\n  journal = {Journal of Statistical Computation and Simulation},\n  volume = {37},\n  number = {1--2},\n  pages = {69--87},\n  year = {1990}\n}",
    ),
    "venzon1988": (
        r"Venzon (?:&|and) Moolgavkar,? \(?1988",
        "@article{venzon1988,\n  author = {Venzon, D. J. and Moolgavkar, S. H.},\n  title = {A Method for Computing Profile-Likelihood-Based Confidence Intervals},\n  journal = {Applied Statistics},\n  volume = {37},\n  number = {1},\n  pages = {87--94},\n  year = {1988}\n}",
    ),
    "efron1987": (
        r"Efron,? \(?1987",
        "@article{efron1987,\n  author = {Efron, Bradley},\n  title = {Better Bootstrap Confidence Intervals},\n  journal = {Journal of the American Statistical Association},\n  volume = {82},\n  number = {397},\n  pages = {171--185},\n  year = {1987}\n}",
    ),
    "bloom1995": (
        r"Bloom,? \(?1995",
        "@article{bloom1995,\n  author = {Bloom, Howard S.},\n  title = {Minimum Detectable Effects: A Simple Way to Report the Statistical Power of Experimental Designs},\n  journal = {Evaluation Review},\n  volume = {19},\n  number = {5},\n  pages = {547--556},\n  year = {1995}\n}",
    ),
    "cohen1988": (
        r"Cohen,? \(?1988",
        "@book{cohen1988,\n  author = {Cohen, Jacob},\n  title = {Statistical Power Analysis for the Behavioral Sciences},\n  publisher = {Lawrence Erlbaum},\n  year = {1988}\n}",
    ),
    "lijffijt2016": (
        r"Lijffijt et al\.,? \(?2016",
        '@article{lijffijt2016,\n  author = {Lijffijt, Jefrey and Nevalainen, Terttu and S{\\"a}ily, Tanja and Papageorgiou, Panagiotis and Puolam{\\"a}ki, Kai and Mannila, Heikki},\n  title = {Significance Testing of Word Frequencies in Corpora},\n  journal = {Digital Scholarship in the Humanities},\n  volume = {31},\n  number = {2},\n  pages = {374--397},\n  year = {2016}\n}',
    ),
    "rogan1978": (
        r"Rogan (?:&|and) Gladen,? \(?1978",
        "@article{rogan1978,\n  author = {Rogan, Walter J. and Gladen, Beth},\n  title = {Estimating Prevalence from the Results of a Screening Test},\n  journal = {American Journal of Epidemiology},\n  volume = {107},\n  number = {1},\n  pages = {71--76},\n  year = {1978}\n}",
    ),
    "lang2014": (
        r"Lang (?:&|and) Reiczigel,? \(?2014",
        "@article{lang2014,\n  author = {Lang, Zsolt and Reiczigel, Jen{\\H{o}}},\n  title = {Confidence Limits for Prevalence of Disease Adjusted for Estimated Sensitivity and Specificity},\n  journal = {Preventive Veterinary Medicine},\n  volume = {113},\n  number = {1},\n  pages = {13--22},\n  year = {2014}\n}",
    ),
    "kish1965": (
        r"Kish,? \(?1965",
        "@book{kish1965,\n  author = {Kish, Leslie},\n  title = {Survey Sampling},\n  publisher = {Wiley},\n  year = {1965}\n}",
    ),
    "korn1998": (
        r"Korn (?:&|and) Graubard,? \(?1998",
        "@article{korn1998,\n  author = {Korn, Edward L. and Graubard, Barry I.},\n  title = {Confidence Intervals for Proportions with Small Expected Number of Positive Counts Estimated from Survey Data},\n  journal = {Survey Methodology},\n  volume = {24},\n  number = {2},\n  pages = {193--201},\n  year = {1998}\n}",
    ),
    "cochran1977": (
        r"Cochran,? \(?1977",
        "@book{cochran1977,\n  author = {Cochran, William G.},\n  title = {Sampling Techniques},\n  publisher = {Wiley},\n  year = {1977}\n}",
    ),
    "papke1996": (
        r"Papke (?:&|and) Wooldridge,? \(?1996",
        "@article{papke1996,\n  author = {Papke, Leslie E. and Wooldridge, Jeffrey M.},\n  title = {Econometric Methods for Fractional Response Variables with an Application to 401(k) Plan Participation Rates},\n  journal = {Journal of Applied Econometrics},\n  volume = {11},\n  number = {6},\n  pages = {619--632},\n  year = {1996}\n}",
    ),
    "roberts2019": (
        r"Roberts, Stewart (?:&|and) Tingley,? \(?2019",
        "@article{roberts2019,\n  author = {Roberts, Margaret E. and Stewart, Brandon M. and Tingley, Dustin},\n  title = {{stm}: An {R} Package for Structural Topic Models},\n  journal = {Journal of Statistical Software},\n  volume = {91},\n  number = {2},\n  pages = {1--40},\n  year = {2019}\n}",
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
