"""Asking the Wikidata Query Service, politely: the usage policy in code.

The policy (https://www.mediawiki.org/wiki/Wikidata_Query_Service/User_Manual#Query_limits)
asks a client to say who it is in its User-Agent, to send few, batched requests, to back off when
told to (HTTP 429, or 503 when overloaded) for as long as Retry-After says, and not to ask the
same thing twice. So every request carries `USER_AGENT`; callers batch with VALUES (`BATCH`
values a request); answers are cached on disk, keyed by a hash of the endpoint and the query
text; and a 429 or 503 is retried a bounded number of times after the wait the server asks for
(or an exponential backoff when it names none). Any other failure is an EndpointError (exit 3).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
import urllib.error
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .endpoint import _excerpt, check_url, http_errors
from .errors import EndpointError

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_CACHE = Path(".cache/wikidata")
#: Values per VALUES clause: small enough for a fast answer, large enough for few requests.
BATCH = 50
#: HTTP statuses that mean "too many requests / overloaded, try again later".
RETRY_STATUSES = (429, 503)
MAX_RETRIES = 4
#: The longest Retry-After honoured; a server asking for longer is reported instead.
MAX_WAIT = 300.0
PROJECT_URL = "https://w3id.org/alliance-kg"

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def user_agent() -> str:
    """Who is asking, as the policy wants: tool name and version, and where to find it."""
    try:
        ours = version("alliance-kg")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        ours = "0"
    import SPARQLWrapper

    return (
        f"alliance-kg/{ours} ({PROJECT_URL}; linked-data edition of Bakunin's essay, "
        f"reconciling its entities with Wikidata) SPARQLWrapper/{SPARQLWrapper.__version__}"
    )


Row = dict[str, str]


class Client:
    """A SPARQL SELECT client with a User-Agent, an on-disk cache and bounded backoff."""

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        *,
        cache: Path | None = DEFAULT_CACHE,
        timeout: float = 60.0,
        retries: int = MAX_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = check_url(endpoint)
        self.cache = cache
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        #: Requests sent over the network and answers read from the cache, for the summary.
        self.requests = 0
        self.cached = 0

    def select(self, query: str) -> list[Row]:
        """The rows of a SELECT query, each variable's value as a plain string."""
        text = PREFIXES + query
        document = self._cached(text)
        if document is None:
            document = self._fetch(text)
            self._store(text, document)
        else:
            self.cached += 1
        try:
            bindings = document["results"]["bindings"]
            return [{k: v["value"] for k, v in row.items()} for row in bindings]
        except (KeyError, TypeError):
            raise EndpointError(f"{self.endpoint} answered with no SPARQL results") from None

    def _key(self, text: str) -> Path | None:
        if self.cache is None:
            return None
        digest = hashlib.sha256(f"{self.endpoint}\n{text}".encode()).hexdigest()
        return self.cache / f"{digest}.json"

    def _cached(self, text: str) -> dict | None:
        path = self._key(text)
        if path is None or not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # a damaged entry is asked again, not trusted
            return None

    def _store(self, text: str, document: dict) -> None:
        path = self._key(text)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_text(json.dumps(document), encoding="utf-8")
        partial.replace(path)

    def _fetch(self, text: str) -> dict:
        for attempt in range(self.retries + 1):
            try:
                return self._send(text)
            except _Busy as busy:
                if attempt == self.retries:
                    raise EndpointError(
                        f"{self.endpoint} answered HTTP {busy.status} (too many requests or "
                        f"overloaded) {attempt + 1} times; try again later"
                    ) from None
                wait = busy.retry_after if busy.retry_after is not None else 2.0**attempt
                if wait > MAX_WAIT:
                    raise EndpointError(
                        f"{self.endpoint} asks to wait {wait:g} s before the next request "
                        f"(HTTP {busy.status}); try again later"
                    ) from None
                self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, text: str) -> dict:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        sparql = SPARQLWrapper(self.endpoint, agent=user_agent())
        sparql.setQuery(text)
        sparql.setMethod(POST)
        sparql.setReturnFormat(JSON)
        sparql.setOnlyConneg(True)
        sparql.timeout = self.timeout
        self.requests += 1
        with http_errors(self.endpoint, self.timeout):
            try:
                response = sparql.query().response
            except urllib.error.HTTPError as error:
                if error.code in RETRY_STATUSES:
                    raise _Busy(error.code, retry_after(error.headers.get("Retry-After"))) from None
                raise
            body = response.read()
        try:
            return json.loads(body)
        except ValueError:
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL JSON results; it began: "
                f"{_excerpt(body)}"
            ) from None


class _Busy(Exception):
    """The server asked us to come back later."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date; None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def batches(values: list, size: int = BATCH) -> list[list]:
    """`values` in order, cut into lists of at most `size`."""
    return [values[i : i + size] for i in range(0, len(values), size)]
