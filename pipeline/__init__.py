"""Zeitleiste pipeline: German news articles -> event table.

Stages (one module each): articles -> sentences -> timex -> actors -> events -> table.
"""

PIPELINE_VERSION = "0.1.0"
