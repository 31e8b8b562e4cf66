"""Corpus stage: read inputs, decode, clean with provenance, segment, detect language and dates.

Document-by-document steps (decoding, cleaning, segmentation, language, dates) are pure
functions of one document, so they run unchanged on partitions of a Dask DataFrame; the
corpus-wide steps (duplicate detection, lines repeated across an outlet's documents) are
separate and say so.
"""
