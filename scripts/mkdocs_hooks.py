"""The MkDocs glue, kept thin: everything else in scripts/edition is independent of the site engine.

on_config loads and checks the sources before MkDocs touches the output directory, so bad
sources stop the build with the loader's message and nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edition.errors import FidelityError, SourceError  # noqa: E402
from edition.fidelity import check_corpus  # noqa: E402
from edition.loader import load_corpus  # noqa: E402


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).resolve().parent
    try:
        corpus = load_corpus(root)
        check_corpus(corpus)
    except (SourceError, FidelityError) as exc:
        raise PluginError(str(exc)) from None
    return config
