"""A comparative-text edition of the professional principles of UK education bodies.

Data flows one way: witness -> YAML sources -> model (loader) -> fidelity check -> comparison ->
pages -> site. Nothing here depends on MkDocs; scripts/mkdocs_hooks.py is the only glue.
"""
