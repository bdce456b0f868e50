from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_a_long_list_links_the_pages_near_this_one_and_both_ends():
    page = Paginator(range(20_000), 20).get_page(500)
    request = RequestFactory().get("/meetings/", {"year": "2014", "page": "500"})

    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)

    linked = [n for n in range(1, 1001) if f'aria-label="Page {n}"' in html]
    assert linked == [1, 499, 500, 501, 1000]
    assert html.count("govuk-pagination__item--ellipses") == 2
    # The filters are kept in every link.
    assert 'href="?year=2014&amp;page=501"' in html
