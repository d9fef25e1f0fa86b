"""What Auth0 code means, for every kind of program (a Hook today; an Action shares it):
the services the rules query (the HL2xx result, HL3xx and HL4xx rules). What only a
hook has (its callback, its result object, its extensibility point) is in
``hooklint.hooks``, which builds on this package and is never imported by it.

- ``binding(hook, node)``: which module a value comes from, through ``require`` (with or
  without a ``@version``), ``.prop`` accesses, destructuring, ES imports, ``.default`` and
  instance factories (``axios.create``, ``got.extend``, ``request.defaults``).
- ``http_calls(hook)``: every outbound HTTP call (``request``/``request-promise``,
  ``axios`` and its instances, ``got``, ``fetch``/``node-fetch``, ``superagent``, ``needle``,
  ``https``/``http``) with its library, method, URL expression and options.
- ``management_clients(hook)`` / ``management_calls(hook)``: ``new ManagementClient(...)``
  however ``auth0`` is imported, the method calls made on the clients (followed through
  variables, module-scope caches and local factory functions), and raw HTTP calls whose
  URL contains ``/api/v2/`` in a known fragment, unless its host is known and not an Auth0
  domain (``https://crm.example.com/api/v2/users``); ``auth0_hosts(hook)``: the custom
  domains the file shows to be Auth0's (hosts of client-credentials token requests and
  ``/api/v2/`` audiences).
- ``sdk_version(hook)``: the pinned ``auth0`` version (``require('auth0@x.y.z')`` or the
  hook's ``dependencies``).
- Rate-limit handling (``handled``), token requests (``token_requests``), timeouts
  (``timeout_status``) and retries (``retries``) for the HL3xx rules.

Everything is computed once per file and kept on the program (``program.per_program``, one
memo idiom: a decorated function per file-wide answer, ``Program.table`` per node). Nothing guesses: a value
that cannot be followed gives ``None``, and the rules stay silent on it.

The package, by layer (a module imports only from modules above it in this list; ``facts``
(Auth0's claim and metadata limits) and ``sensitive`` (secrets and personal data) stand
apart and are imported by their modules' path):

- ``conditions``: path tests (early exits by ``js.flow.terminates``), variable references, timer calls
  (shared helpers);
- ``bindings``: ``binding``, ``split_module``, ``version_tuple``, ``is_require``;
- ``http``: ``HttpCall``, ``http_calls``, ``http_call``, ``url_parts``, ``url_path``, ``url_host``;
- ``management``: ``ManagementCall``, clients, ``management_calls``, ``auth0_hosts``,
  ``client_credentials``, ``sdk_version``;
- ``reach``: ``entry_functions``, ``in_entry`` (what runs per invocation);
- ``handling``: 429 / rate-limit header evidence, retry libraries, the SDK's retry, ``handled``;
- ``timeouts``: ``timeout_status``;
- ``tokens``: ``TokenRequest``, ``token_requests``, ``is_module_cached``;
- ``retrying``: ``Delay``, ``Retry``, ``retries``, ``issues_request``.

Every public name is re-exported here: import from ``hooklint.auth0``.
"""

from hooklint.auth0.bindings import Binding, LIBRARIES, binding, split_module, version_tuple
from hooklint.auth0.http import HttpCall, http_call, http_calls, url_host, url_parts, url_path
from hooklint.auth0.management import (MANAGEMENT_PATH, ManagementCall, auth0_hosts, authentication_clients,
                                       client_credentials, client_of, client_version, is_placeholder_host,
                                       management_calls, management_clients, sdk_version)
from hooklint.auth0.reach import entry_functions, in_entry
from hooklint.auth0.handling import (RATE_LIMIT_HEADERS, RETRY_LIBRARIES, SDK_RETRY_SINCE, handled, is_429,
                                     is_429_test, is_header_read, rate_limit_evidence, retry_library_calls,
                                     sdk_retry_disabled, sdk_retry_in_force)
from hooklint.auth0.timeouts import timeout_status
from hooklint.auth0.tokens import TokenRequest, is_module_cached, token_requests
from hooklint.auth0.retrying import Delay, Retry, SHORT_DELAY_MS, issues_request, retries

__all__ = [
    "Binding", "LIBRARIES", "binding", "split_module", "version_tuple", "HttpCall", "http_call",
    "http_calls", "url_host", "url_parts", "url_path", "MANAGEMENT_PATH", "ManagementCall",
    "auth0_hosts", "authentication_clients", "client_credentials", "client_of", "client_version",
    "is_placeholder_host", "management_calls", "management_clients", "sdk_version", "entry_functions", "in_entry",
    "RATE_LIMIT_HEADERS", "RETRY_LIBRARIES", "SDK_RETRY_SINCE",
    "handled", "is_429", "is_429_test", "is_header_read", "rate_limit_evidence", "retry_library_calls",
    "sdk_retry_disabled", "sdk_retry_in_force", "timeout_status", "TokenRequest", "is_module_cached",
    "token_requests", "Delay", "Retry", "SHORT_DELAY_MS", "issues_request", "retries",
]
