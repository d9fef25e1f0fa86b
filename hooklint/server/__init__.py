"""``hooklint server``: a language server (LSP over stdio, on pygls 2.x) for editors.

Only the ``server`` command imports this package, and only it imports pygls (the
``hooklint[lsp]`` extra), whose import alone costs more than a whole ``hooklint check``.

- ``settings``: the editor's settings (``select``, ``ignore``, ``extendSelect``, ``point``,
  ``unsafeFixes``, ``fixAll``).
- ``documents``: a document's text and path to a ``Source`` linted as ``hooklint check``
  would lint the file (config, selection, point from the config or the workspace's metadata).
- ``diagnostics``: a ``FileResult`` to LSP diagnostics (positions through ``js.source.Positions``).
- ``actions``: code actions (quick fixes, "disable for this line", fix all).
- ``app``: the pygls wiring (push and pull diagnostics, debounce, watched files).
"""
