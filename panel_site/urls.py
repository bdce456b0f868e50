from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from opendata import views as opendata_views
from panel_site import sitemaps, views
from panel_site.security_txt import security_txt


def page(template_name):
    return TemplateView.as_view(template_name=f"panel_site/{template_name}.html")


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", page("about"), name="about"),
    path("contact/", page("contact"), name="contact"),
    path("accessibility/", page("accessibility"), name="accessibility"),
    path("privacy/", page("privacy"), name="privacy"),
    path("cookies/", page("cookies"), name="cookies"),
    path("", include("search.urls")),
    # The open data's documentation keeps the site-wide name the footer links to; the data
    # itself is under the "api" namespace.
    path("api/", opendata_views.documentation, name="open-data"),
    path("api/", include("opendata.urls")),
    path("feeds/", page("feeds"), name="feeds"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap-section"),
    path("favicon.ico", views.favicon),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("", include("meetings.urls")),
    path("", include("plans.urls")),
    path("", include("complaints.urls")),
    path("", include("changes.urls")),
    path("", include("alerts.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "panel_site.views.bad_request"
handler403 = "panel_site.views.permission_denied"
handler404 = "panel_site.views.page_not_found"
# handler500 stays Django's own: it renders templates/500.html with no context, which is what a
# failing request can still afford.
