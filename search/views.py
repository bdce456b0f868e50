from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from . import query
from .models import SearchEntry


class SearchView(TemplateView):
    """Search across what the panel publishes: see index.py for what is in the index."""

    template_name = "search/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        params = self.request.GET
        raw_query = params.get("q", "")
        words = query.clean_query(raw_query)
        kind = params.get("kind", "")
        kind = kind if kind in SearchEntry.Kind.values else ""
        committee = params.get("committee", "")[:200]
        year = params.get("year", "")
        year = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None
        context = {
            "query": words,
            "query_was_cut": len(raw_query.strip()) > query.QUERY_MAX_CHARS,
            "selected_kind": kind,
            "selected_committee": committee,
            "selected_year": year,
            "kinds": SearchEntry.Kind.choices,
            "is_filtered": bool(kind or committee or year),
        }
        if words:
            entries, counts, total = query.search(words, kind=kind, committee=committee, year=year)
            committees, years = query.filter_options()
            paginator = Paginator(entries, self.paginate_by)
            # The list stops at RESULTS_CAP, and the search knows its length: past it, say
            # "more than", and spare the database a count.
            paginator.count = min(total, query.RESULTS_CAP)
            page = paginator.get_page(params.get("page"))
            page.object_list = query.add_snippets(page.object_list, words)
            follow = {"what": "search", "q": words, "kind": kind, "committee": committee}
            follow["year"] = year or ""
            context.update(
                follow_params=urlencode({name: value for name, value in follow.items() if value}),
                page_obj=page,
                results=page.object_list,
                counts=counts,
                more_than_cap=total > query.RESULTS_CAP,
                results_cap=query.RESULTS_CAP,
                kind_count_cap=query.KIND_COUNT_CAP,
                committees=committees,
                years=years,
            )
        return super().get_context_data(**context, **kwargs)
