"""``hooklint migrate``: every hook turned into an equivalent Action (auth0-actions.md §4).

The pipeline, one way: ``translate`` turns a parsed hook (``hooks.model.Hook``) into a
``Translation`` (the Action's code, its trigger, dependencies, secrets, and the notes that
need a person), choosing the idiomatic form where the analysis proves the shape and the
compatible adapter elsewhere (``idiomatic.py``, ``compatible.py``, both reading the tables
of ``mapping.py``; ``review.py`` finds what has no equivalent); ``layouts.py`` writes it in
the layout its source uses; ``report.py`` renders the migration report; ``command.py``
runs it all for the CLI.
"""
