"""For `make serve` with MkDocs only: the engine's server rebuilds as soon as the preview has
written a regeneration, rather than when its poll happens to find it.

MkDocs' server looks for changes by polling the docs tree every 0.5 s (watchdog's
PollingObserver; `mkdocs serve` has no option for it), then waits for 0.1 s of quiet: on average a
third of a second between a page written and its rebuild begun, at the real size more than the
rebuild itself. The preview is the tree's only writer, and after each batch of writes it rewrites
one file to say so (edition/docs_tree.py, `announce`); the server here watches that file's
directory alone, through the kernel's own notification (watchdog's native observer: inotify on
Linux), and rebuilds after 10 ms of quiet.

MkDocs also makes a new Jinja environment for every build, so every rebuild compiled Material's
templates again; Jinja's bytecode cache keeps the compiled code under the tree, keyed by each
template's name and source, so a template is compiled again only when its source changes.

It reads only the tree's configuration; it never calls the generator.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig

SETTING = "edition_preview"  # in the configuration's `extra`, written by docs_tree.config_for


def _setting(config: MkDocsConfig, name: str) -> Path:
    return Path(config.config_file_path).resolve().parent / config.extra[SETTING][name]


def on_env(env: Environment, config: MkDocsConfig, files) -> Environment:
    cache = _setting(config, "templates")
    cache.mkdir(exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env


def on_serve(server, config: MkDocsConfig, builder):
    from watchdog.observers import Observer

    # What `mkdocs serve` watched (the docs and this configuration, by polling) is watched no more:
    # the preview announces every change it writes to either.
    for path in (config.docs_dir, config.config_file_path):
        server.unwatch(path)
    server.observer = Observer()  # not started yet: the server starts it once this hook returns
    server.watch(str(_setting(config, "announced")), recursive=False)
    server.build_delay = 0.01
    return server
