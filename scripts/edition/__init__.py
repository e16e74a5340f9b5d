"""A comparative-text edition of the professional principles of education and children's-services bodies.

Data flows one way: witness -> YAML sources -> model (loader) -> fidelity check -> comparison ->
pages -> docs tree -> site engine -> site. pipeline.py names the stages; only engine.py touches a
site engine (MkDocs in this process, Zensical as a command), and what one engine needs beyond the
docs tree lives in scripts/engines/.
"""
