"""Public pages kept in the cache until something they show changes.

A page is kept only when it was asked for anonymously (no session cookie) and is the same for
everyone: no cookie set, no CSRF token in it, and nothing in it marked private. The site is cut
into sections by the first part of the address (/meetings/..., /members/..., /plan/...). Every
page is kept with the "generation" its section was in when it was made, and served only while
that is still the section's generation (both read in one round trip). A public change recorded in
the change log (changes/) starts a new generation of the sections it shows on, once committed:
a meeting's change forgets the meeting pages, the lists and pages that show meetings, the home
page, feeds, search, the open data and the sitemap, but not the plan's glossary or the privacy
notice; a question received or a complaint forgets nothing. A browser that takes gzip gets the
page kept compressed. A CDN may keep such a page for PUBLIC_PAGE_MAX_AGE seconds; browsers check
with the server each time (a 304 when nothing changed); the server keeps it for
PAGE_CACHE_SECONDS (0 turns that off).

Only addresses with a bounded number of variants are kept on the server: a page with no query, or
with the list filters and page numbers alone, and searches. Each new search is a new address, so a
search is kept no longer than a CDN may keep it (PUBLIC_PAGE_MAX_AGE): at most a minute's worth of
searches, where a made-up query could otherwise fill the cache that also holds the public forms'
rate limits. Other made-up queries are never kept.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from .compression import COMPRESSIBLE_TYPES

GENERATION_KEY = "page-cache:generation"  # of every section at once
# Every change shows on these sections.
EVERY_CHANGE = {"home", "search", "api", "feeds", "sitemap"}
# A change to a thing whose page is in the first section shows on these too: a meeting on its
# members' pages (attendance), on the questions and actions lists and on the priorities it
# scrutinised; a member on the meetings they attended; a priority on the items that discussed it.
SHOWN_ON = {
    "meetings": {"meetings", "action-log", "members", "questions", "plan", "plans"},
    "members": {"members", "meetings"},
    "plan": {"plan", "plans", "meetings"},
    "plans": {"plan", "plans", "meetings"},
}
NOT_CACHED_PATHS = ("/admin/", "/healthz")
CACHEABLE_METHODS = ("GET", "HEAD")
KEPT_PARAMETERS = {"page", "p", "year", "committee", "status", "kind"}  # "p": sitemap pages
SEARCH_PARAMETER = "q"
KEPT_ADDRESS_MAX_LENGTH = 200

logger = logging.getLogger(__name__)


def _new_generation():
    # The clock, not a counter: a counter evicted from the cache would start again at a number
    # already used, and pages of that older generation could be served once more.
    return time.time_ns()


def section_of(path):
    """The section of the site a page is in: the first part of its address."""
    first = path.lstrip("/").split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]
    if first.startswith("sitemap"):
        return "sitemap"
    return first or "home"


def _section_key(section):
    return f"{GENERATION_KEY}:{section}"


def start_new_generation():
    """Forget every kept page: they are all stored under an older generation now."""
    try:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:  # noqa: BLE001 - an unreachable cache has no pages to forget
        logger.warning("Could not start a new generation of kept pages")


def forget_sections(sections):
    """Forget the kept pages of these sections, in one round trip to the cache."""
    generation = _new_generation()
    try:
        cache.set_many({_section_key(section): generation for section in sections}, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("Could not forget the kept pages of %s", ", ".join(sorted(sections)))


def sections_shown_on(urls):
    """The sections that show the things at these addresses."""
    sections = set(EVERY_CHANGE)
    for url in urls:
        section = section_of(url)
        sections |= SHOWN_ON.get(section, {section})
    return sections


def public_changes_committed(sender, changes, **kwargs):
    """Receiver of changes.signals.changes_committed."""
    forget_sections(sections_shown_on(change.url for change in changes))


def search_index_changed(sender, **kwargs):
    """Receiver of search.signals.index_changed: a job has indexed something again."""
    forget_sections({"search"})


def _accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _key(request):
    # A browser that takes gzip is given the page kept compressed; one that does not, the page.
    encoding = "gzip" if _accepts_gzip(request) else "identity"
    address = f"{encoding} {request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:page:{digest}"


def _kept(key, section):
    """(the current generation, the page kept under `key` if it is of that generation), in one
    round trip to the cache: a kept page is stored with the generation it was made in, the
    site's and its section's."""
    section_key = _section_key(section)
    found = cache.get_many([GENERATION_KEY, section_key, key])
    generation = (found.get(GENERATION_KEY), found.get(section_key))
    if None in generation:  # the first visit since the cache was emptied
        generation = tuple(
            cache.get_or_set(name, _new_generation, timeout=None)
            for name in (GENERATION_KEY, section_key)
        )
    page_generation, page = found.get(key) or (None, None)
    return generation, (page if page_generation == generation else None)


def _as_sent(response):
    """Only what is sent: the status, the headers and the bytes. A response of the open data also
    carries the data it was rendered from, which would be pickled with it and unpickled at every
    visit (the list of 50 meetings: 266 KB kept for 157 KB sent, 1.2 ms to read back)."""
    if type(response) is HttpResponse:
        return response
    sent = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        sent[header] = value
    return sent


def _compressed(request, response):
    """The page gzipped once, to be kept so, for a browser that takes gzip. Without the padding
    against BREACH that compression.py adds: a page kept for everyone holds no secret."""
    if (
        not _accepts_gzip(request)
        or response.has_header("Content-Encoding")
        or not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
    ):
        return response
    compressed = compress_string(response.content)
    if len(compressed) >= len(response.content):
        return response
    response.content = compressed
    response["Content-Length"] = str(len(compressed))
    response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _may_keep(request):
    return (
        request.method == "GET"
        and len(request.get_full_path()) <= KEPT_ADDRESS_MAX_LENGTH
        and set(request.GET) <= KEPT_PARAMETERS | {SEARCH_PARAMETER}
    )


def _seconds_kept(request):
    if SEARCH_PARAMETER in request.GET:
        return min(settings.PAGE_CACHE_SECONDS, settings.PUBLIC_PAGE_MAX_AGE)
    return settings.PAGE_CACHE_SECONDS


def _is_anonymous(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _same_for_everyone(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page with a form holds the visitor's own CSRF token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache", "max-age=0"))


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in CACHEABLE_METHODS or request.path.startswith(NOT_CACHED_PATHS):
            return self.get_response(request)
        if not _is_anonymous(request):
            response = self.get_response(request)
            # An officer may be previewing drafts: no shared cache may keep what they see.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response

        key = None
        if settings.PAGE_CACHE_SECONDS and _may_keep(request):
            try:
                key = _key(request)
                generation, kept = _kept(key, section_of(request.path))
            except Exception:  # noqa: BLE001 - without the cache the page is simply made again
                logger.warning("The page cache could not be read")
                key = kept = None
            if kept is not None:
                return kept
        response = self.get_response(request)
        if not _same_for_everyone(request, response):
            return response
        # Browsers revalidate (max-age=0) so that a resident never sees an old answer; a CDN may
        # keep the page briefly (s-maxage).
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_MAX_AGE)
        # The page is the same whatever the cookies: say so, so that a CDN can share it.
        vary = [h.strip() for h in response.get("Vary", "").split(",")]
        vary = [h for h in vary if h and h.lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif response.has_header("Vary"):
            del response["Vary"]
        if key:
            # Compressed once here rather than at every visit (the largest page took 3 ms).
            response = _compressed(request, _as_sent(response))
            try:
                cache.set(key, (generation, response), _seconds_kept(request))
            except Exception:  # noqa: BLE001
                logger.warning("The page cache could not be written")
        return response
