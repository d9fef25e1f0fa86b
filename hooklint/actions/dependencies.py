"""An Action's ``require`` calls against how Actions get their modules (auth0-actions.md
§2.4): dependencies are declared beside the code (deploy-cli ``dependencies:``, Terraform
``dependencies {}``, the Management API's ``dependencies[]``), never pinned in the code as
Hooks did (``require('axios@1.6.0')``); Node's core modules need no declaration; Action
Modules are ``require('actions:<name>')``. HL121 reports what ``require_problems`` finds.
"""

from __future__ import annotations

from typing import NamedTuple

from hooklint.actions.model import Action
from hooklint.auth0.bindings import is_require, split_module
from hooklint.auth0.program import per_program
from hooklint.js.estree import Node, unwrap
from hooklint.js.values import string_value

# Node's core modules (Node 22, the Actions default runtime; a ``node:`` prefix names one
# too): a require of one needs no dependency. Subpaths are listed as Node lists them.
NODE_CORE_MODULES: frozenset[str] = frozenset({
    "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
    "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises",
    "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix",
    "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises", "repl",
    "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
    "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
    "worker_threads", "zlib",
})
ACTION_MODULE_PREFIX = "actions:"  # an Action Module (§2.1), declared as the Action's `modules`


class RequireProblem(NamedTuple):
    message: str
    node: Node  # the require's argument


def package_name(module: str) -> str:
    """The npm package a module specifier is in: ``lodash/fp`` -> ``lodash``,
    ``@slack/webhook/dist`` -> ``@slack/webhook``."""
    parts = module.split("/")
    return "/".join(parts[:2]) if module.startswith("@") else parts[0]


def is_core_module(spec: str) -> bool:
    return spec.startswith("node:") or spec in NODE_CORE_MODULES


@per_program
def require_problems(action: Action) -> tuple[RequireProblem, ...]:
    """Each ``require('<constant>')`` that pins a version (``'name@1.2.3'``, scoped
    packages too), and, when the metadata lists the Action's dependencies, each that names
    a package neither listed nor a core module (paths and Action Modules are fine). A
    specifier that is not a constant string says nothing: silence."""
    metadata = action.source.action
    listed = metadata is not None and metadata.dependencies_listed
    problems = []
    for call in action.tree.of_type("CallExpression"):
        if not call.arguments or not is_require(action, unwrap(call.callee)):
            continue
        argument = call.arguments[0]
        spec = string_value(argument, action.scopes)
        if not spec or spec.startswith((".", "/", ACTION_MODULE_PREFIX)):
            continue
        module, version = split_module(spec)
        if version is not None:
            problems.append(RequireProblem(
                f"`require('{spec}')` pins a version in the code, the Hooks style: an Action requires "
                f"`'{module}'` and declares the version as a dependency (`{{name: {module}, version: {version}}}` "
                "in the Action's metadata); the versioned name is no module there", argument))
        elif listed and not is_core_module(spec) and package_name(module) not in action.source.dependencies:
            assert metadata is not None
            problems.append(RequireProblem(
                f"`require('{spec}')`: `{package_name(module)}` is neither among the Action's dependencies in "
                f"{metadata.where} nor a Node core module: the Action fails with `Cannot find module`; add it to "
                "the dependencies", argument))
    return tuple(problems)
