"""Errors a person can act on.

Each says what is wrong and where; the CLI prints the message (never a traceback) and exits with
the error's code: 1 for data that does not pass (violations, failed checks, broken anchors),
2 for input that cannot be used at all (missing, unreadable, not RDF), 3 for a remote endpoint
that cannot be reached or refuses the request.
"""


class AllianceError(Exception):
    """An error with a message meant for people and a documented exit code."""

    exit_code = 1


class InputError(AllianceError):
    """The input cannot be used: a missing file, a syntax error, a wrong encoding."""

    exit_code = 2


class DataError(AllianceError):
    """The input was read but does not pass: violations, failed checks, anchors that moved."""

    exit_code = 1


class EndpointError(AllianceError):
    """A SPARQL endpoint or graph store could not be reached, timed out, or refused the request.

    Its own exit code lets a script tell a remote failure (retry later, check the URL) from input
    that will never work.
    """

    exit_code = 3
