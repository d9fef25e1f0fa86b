"""The idiomatic form's cost grows linearly with the hook (the same bar as test_scaling.py:
time at N and 4N, measured side by side, growth per doubling below 2.6; 2.0 is linear, a
quadratic spot gives about 4). The shape is the one a reviewer found quadratic: many
rewritten callback calls, each with a comment and a mapped parameter field, in one hook."""

from __future__ import annotations

import gc
import math
import time

from hooklint.hooks import model
from hooklint.js.parse import parse, with_deep_stack
from hooklint.js.source import Source
from hooklint.migrate import idiomatic
from hooklint.migrate.model import Draft


def _hook(n: int) -> str:
    body = "".join(f"  // audience {i}\n  if (audience === 'a{i}') return cb(null, "
                   f"{{ 'https://x.org/k': context.webtask.secrets.K{i} + client.id }});\n" for i in range(n))
    return ("// hooklint: point=credentials-exchange\n"
            "module.exports = function (client, scope, audience, context, cb) {\n" + body + "  cb(null, {});\n};\n")


def _seconds(n: int) -> float:
    source = Source(path="scale.js", text=_hook(n))
    hook = with_deep_stack(lambda: model.build(source, parse(source.text)))
    best = math.inf
    for _ in range(3):
        gc.collect()
        gc.disable()  # the collector's pauses are not the form's cost (as in test_scaling.py)
        try:
            started = time.perf_counter()
            drafted = with_deep_stack(lambda: idiomatic.draft(hook))
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
        assert isinstance(drafted, Draft)
    return best


def test_doubling_a_hook_at_most_doubles_the_idiomatic_form_time():
    small, large = _seconds(300), _seconds(1200)
    per_doubling = math.sqrt(large / small)
    assert per_doubling < 2.6, f"{per_doubling:.2f}x per doubling ({small:.3f}s -> {large:.3f}s)"
