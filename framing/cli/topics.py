"""``framing topics CORPUS --out DIR``: fit BERTopic and write the topic tables and model."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.cli._common import add_corpus_arguments, corpus_options
from framing.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "topics",
        help="fit a topic model (BERTopic) and report topics per outlet",
        description="Fit BERTopic on the corpus' paragraphs or sentences (offline TF-IDF/SVD "
        "embedding unless --embedding-model is given) and write the tables topics, "
        "topic_assignments, topic_shares, topic_shares_by_event, topic_terms_by_outlet, "
        "topics_over_time, topic_prevalence, topic_stability, topic_frame_overlap under "
        "DIR/tables, and the fitted model under DIR/topics.",
    )
    add_corpus_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    options = parser.add_argument_group("topic model options")
    options.add_argument(
        "--unit",
        choices=("paragraph", "sentence"),
        default="paragraph",
        help="units to model (default: paragraph)",
    )
    options.add_argument(
        "--embedding-model",
        default=None,
        metavar="NAME",
        help="sentence-transformers model name or local folder, available offline "
        "(needs framing[embeddings]); default: TF-IDF/SVD fitted on the corpus",
    )
    options.add_argument(
        "--seed-topics",
        type=Path,
        default=None,
        metavar="YAML",
        help="guide topics with a YAML mapping frame -> list of terms",
    )
    options.add_argument(
        "--reduction",
        choices=("auto", "umap", "pca"),
        default="auto",
        help="dimension reduction (default: auto, PCA on small corpora)",
    )
    options.add_argument(
        "--random-state", type=int, default=0, help="seed of every random step (default: 0)"
    )
    options.add_argument(
        "--stability-seeds",
        type=int,
        default=3,
        metavar="N",
        help="refits with other seeds for the stability table (default: 3; 0 skips)",
    )
    options.add_argument(
        "--cache-dir", type=Path, default=None, help="embedding cache folder (default: DIR/cache)"
    )
    parser.set_defaults(func=run)


def read_seed_topics(path: Path) -> dict[str, list[str]]:
    """Read a YAML mapping of frame id to a list of terms."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise InputError(
            f"{path}: cannot read seed topics ({type(err).__name__}); give a YAML file"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise InputError(f"{path}: seed topics must map each frame id to a list of terms")
    return {str(k): [str(t) for t in v] for k, v in data.items()}


def run(args: argparse.Namespace) -> int:
    from framing.corpus.ingest import ingest
    from framing.topics import fit_topics

    seed_topics = read_seed_topics(args.seed_topics) if args.seed_topics else None
    corpus = ingest(args.corpus, **corpus_options(args))
    units = corpus.paragraphs if args.unit == "paragraph" else corpus.sentences
    result = fit_topics(
        corpus.documents,
        units,
        unit=args.unit,
        embedding_model=args.embedding_model,
        seed_topics=seed_topics,
        random_state=args.random_state,
        cache_dir=args.cache_dir or args.out / "cache",
        reduction=args.reduction,
        stability_seeds=tuple(
            range(args.random_state + 1, args.random_state + 1 + max(0, args.stability_seeds))
        ),
    )
    result.save(args.out)
    mean_ari = result.info.get("stability_mean_ari")
    stability = f", stability ARI {mean_ari:.2f}" if mean_ari is not None else ""
    print(
        f"{result.info['n_topics']} topics on {result.info['n_units']} {args.unit}s, "
        f"{result.outlier_share:.1%} outliers{stability} -> {args.out}/tables"
    )
    return 0
