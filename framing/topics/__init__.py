"""Topic models (BERTopic) per outlet, event and period; offline by default and reproducible."""

from framing.topics.fit import fit_topics
from framing.topics.result import TopicResult

__all__ = ["TopicResult", "fit_topics"]
