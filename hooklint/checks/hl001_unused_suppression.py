"""HL001 unused-suppression: a suppression comment that suppressed nothing.

Reported by the suppression pass (``hooklint.run.suppress``), which matches directives to
the other rules' findings once they have all run, as ruff's noqa pass reports RUF100 and
ESLint's directive pass reports unused disable comments. This module gives the rule its
id and name; its ``check`` finds nothing by itself.
"""

from __future__ import annotations

from hooklint.checks.base import Rule


class UnusedSuppression(Rule):
    id = "HL001"
    name = "unused-suppression"


RULE = UnusedSuppression()
