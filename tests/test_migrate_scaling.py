"""The idiomatic form's cost grows linearly with the hook (``conftest.assert_linear``, the
bar of test_scaling.py: CPU time at N and 4N, interleaved, growth per doubling below 2.6;
2.0 is linear, a quadratic spot gives about 4). The shape is the one a reviewer found quadratic: many
rewritten callback calls, each with a comment and a mapped parameter field, in one hook."""

from __future__ import annotations

import gc
import time

from conftest import assert_linear
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
    gc.collect()
    gc.disable()  # the collector's pauses are not the form's cost (as in test_scaling.py)
    try:
        started = time.process_time()  # CPU time: waiting for a core held by others does not count
        drafted = with_deep_stack(lambda: idiomatic.draft(hook))
        elapsed = time.process_time() - started
    finally:
        gc.enable()
    assert isinstance(drafted, Draft)
    return elapsed


def test_doubling_a_hook_at_most_doubles_the_idiomatic_form_time():
    assert_linear(_seconds, 300, "idiomatic form")
