from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("includes/service_navigation_item.html", takes_context=True)
def navigation_item(context, url_name, label, *also):
    """One link of the service navigation, marked current on its pages and the pages below them."""
    href = reverse(url_name)
    request = context.get("request")
    path = request.path if request else ""
    prefixes = (href, *also)
    return {
        "href": href,
        "label": label,
        "current": "page" if path == href else "true" if path.startswith(prefixes) else "",
    }


@register.simple_tag
def page_numbers(page_obj):
    """The page numbers to link: this page's neighbours and both ends, with ellipses between."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
