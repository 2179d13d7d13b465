"""A crawler over the test client: opens pages, follows the links they show, records
every answer (issue 16: "every page a person can reach answers").

Generic on purpose: it knows no URL of the portal. What it opens comes from the admin
registry and from the links of the pages themselves, so a page added later is crawled
as soon as something links to it.

The number of visits is bounded by a cap per *kind* of page (its URL name and the names
of its query parameters): the 177 registrations' pages are one kind, a changelist
sorted by another column one more, so the crawl grows with the kinds of pages, not with
the rows of the demo. Links from one admin page to another are followed without their
query (sorting, filters), for the same reason.
"""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.core.signals import got_request_exception
from django.urls import Resolver404, resolve

# Never followed: they act (sign out, change language) or leave the site.
SKIP_PREFIXES = ("/admin/logout/", "/i18n/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pages: list[str] = []
        self.assets: list[str] = []
        self.get_forms: list[tuple[str, set[str]]] = []  # (action, field names)
        self._form: tuple[str, set[str]] | None = None

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.get_forms.append(self._form)
            self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = (attrs.get("action") or "", set())
        elif tag in ("input", "select", "textarea") and self._form and attrs.get("name"):
            self._form[1].add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.pages.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and "stylesheet" in (attrs.get("rel") or ""):
            self.assets.append(attrs["href"])


def page_kind(url: str) -> tuple[str, frozenset[str]]:
    """What makes two URLs the same kind of page: the view's URL name and the names
    (not values) of the query parameters."""
    parts = urlsplit(url)
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        name = parts.path
    return name, frozenset(key for key, _value in parse_qsl(parts.query, keep_blank_values=True))


@dataclass
class Visit:
    url: str
    status: int
    came_from: str
    error: str = ""
    response: object = field(default=None, repr=False)


@dataclass
class Crawl:
    """Crawls with one client (one person). `follow(path)` says which linked pages this
    person's crawl goes on to; `per_kind` caps the pages of one kind that links add."""

    client: object
    follow: object
    per_kind: int = 2
    visits: list[Visit] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)
    # The query parameters seen for each view (in links and GET forms): view -> path -> names.
    parameters: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    _seen: set[str] = field(default_factory=set)
    _visited: dict = field(default_factory=dict)
    _kinds: Counter = field(default_factory=Counter)

    def open(self, url: str, came_from: str = "(start)") -> Visit:
        """Opens `url` (once per crawl) and then, breadth first, the pages it links to;
        returns the answer to `url`."""
        start = url
        queue = [(url, came_from, True)]
        while queue:
            url, source, given = queue.pop(0)
            if url in self._seen:
                continue
            kind = page_kind(url)
            if not given and self._kinds[kind] >= self.per_kind:
                continue
            self._seen.add(url)
            self._kinds[kind] += 1
            visit = self._get(url, source)
            for link in self._links(visit, url):
                queue.append((link, url, False))
        return self._visited[start]

    def _get(self, url: str, source: str) -> Visit:
        errors: list[str] = []

        def record(sender, request=None, **kwargs):
            exc = sys.exc_info()[1]
            errors.append(f"{type(exc).__name__}: {exc}" if exc else "exception")

        got_request_exception.connect(record)
        try:
            response = self.client.get(url)
        finally:
            got_request_exception.disconnect(record)
        visit = Visit(
            url=url,
            status=response.status_code,
            came_from=source,
            error="; ".join(errors),
            response=response,
        )
        self.visits.append(visit)
        self._visited[url] = visit
        if os.environ.get("CRAWL_LOG"):  # a file to follow a long crawl as it goes
            with open(os.environ["CRAWL_LOG"], "a") as log:
                log.write(f"{visit.status} {url} <- {source} {visit.error}\n")
        return visit

    def _links(self, visit: Visit, base: str) -> list[str]:
        response = visit.response
        if visit.status != 200 or "html" not in response.get("Content-Type", ""):
            return []
        parser = _Links()
        parser.feed(response.content.decode())
        self.assets.update(a for a in parser.assets if a.startswith("/static/"))
        for action, names in parser.get_forms:
            path = urlsplit(action).path or urlsplit(base).path
            self.parameters[page_kind(path)[0]][path].update(names)
        found = []
        for href in parser.pages:
            href = urldefrag(href)[0]
            if not href:
                continue
            if href.startswith("?"):
                href = urlsplit(base).path + href
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                if parts.netloc != "testserver":
                    continue
                href = parts.path + (f"?{parts.query}" if parts.query else "")
                parts = urlsplit(href)
            if parts.query:
                names = {key for key, _value in parse_qsl(parts.query, keep_blank_values=True)}
                self.parameters[page_kind(parts.path)[0]][parts.path].update(names)
            if href.startswith(SKIP_PREFIXES) or not self.follow(href):
                continue
            if href.startswith("/admin/") and base.startswith("/admin/"):
                # Within the admin, the sorting, filter and "back to the list" variants
                # of a page are its own kind each: they would multiply the crawl by the
                # filters of every list for little more than the list itself.
                href = urlsplit(href).path
            found.append(href)
        return found

    def try_odd_values(self, values: list[str]) -> None:
        """Opens each page that takes query parameters (one path per view) once per odd
        value, with every parameter it was seen with set to that value: a NUL, a number
        too large for the database, a date that does not exist..."""
        for paths in list(self.parameters.values()):
            path, names = next(iter(paths.items()))
            names = sorted(n for n in names if n not in ("csrfmiddlewaretoken", "next"))
            for value in values:
                url = f"{path}?{urlencode({name: value for name in names})}"
                if url not in self._seen and names:
                    self._seen.add(url)
                    self._get(url, "(odd values)")

    def counts(self) -> dict[str, int]:
        return {
            "pages": len(self.visits),
            "failed": sum(1 for v in self.visits if v.status >= 500),
        }
