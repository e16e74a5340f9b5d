"""The importer's one kind of refusal: a sentence saying what is wrong (and where, when it knows)."""


class ImportRefused(Exception):
    """The import cannot go ahead; nothing has been written."""
