"""One module per rule. Each defines ``RULE``, an instance of a :class:`Rule` subclass.

A rule module holds identity, messages and logic; its metadata and prose live in
``rules/HLnnn-<name>.md``. Register a new rule in ``hooklint/registry.py``.
"""
