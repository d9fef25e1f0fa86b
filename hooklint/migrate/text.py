"""The hook's text as the written code copies it (read by ``translate`` and by both forms,
which cannot import ``translate``: it imports them)."""

from __future__ import annotations

from hooklint.js.estree import Node
from hooklint.js.source import Source


def kept_text(source: Source) -> str:
    """The hook's text with the same offsets as the parsed text (``Source.text``) but with
    what preprocessing hid put back (deploy-cli ``@@KEY@@`` tokens), so written code keeps
    them. Node ranges index both."""
    original = source.original_text
    if original.startswith("\ufeff"):
        original = original[1:]
    return original if len(original) == len(source.text) and not source.template else source.text


def node_text(source: Source, node: Node) -> str:
    start, end = node.range
    return kept_text(source)[start:end]
