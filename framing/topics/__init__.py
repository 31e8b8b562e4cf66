"""Topic models (BERTopic) per outlet, event and period; offline by default and reproducible.

Two steps, as in scikit-learn and BERTopic: :func:`fit_topic_model` fits BERTopic (each of its
sub-models swappable) and returns a :class:`TopicFit`; :func:`describe_topics` and the
functions it composes (:func:`topic_shares`, :func:`topics_over_time`,
:func:`prevalence_by_outlet`, :func:`topic_stability`) compute the tables from a fit.
:func:`fit_topics` does both in one call.
"""

from framing.topics.describe import (
    describe_topics,
    prevalence_by_outlet,
    topic_shares,
    topic_stability,
    topics_over_time,
)
from framing.topics.fit import fit_topics
from framing.topics.fit_model import fit_topic_model
from framing.topics.result import TopicFitSummary, TopicResult
from framing.topics.topic_fit import TopicFit

__all__ = [
    "TopicFit",
    "TopicFitSummary",
    "TopicResult",
    "describe_topics",
    "fit_topic_model",
    "fit_topics",
    "prevalence_by_outlet",
    "topic_shares",
    "topic_stability",
    "topics_over_time",
]
