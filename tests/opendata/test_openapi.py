"""The OpenAPI description that drf-spectacular makes is valid OpenAPI 3, and the API keeps to it:
schemathesis sends requests made from the description (valid and not) to the site, in-process
through its WSGI application, and checks each answer's status, content type and body against it."""

import copy

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import FailureGroup

from opendata.views import openapi_document
from tests.opendata.test_api import data  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The site's WSGI application closes the database connection after each request, which would
    end the test's transaction (on PostgreSQL); Django's test client stops it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_description_is_valid_openapi_3():
    document = openapi_document()

    validate_schema(document)
    assert document["openapi"].startswith("3.")
    assert document["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert document["servers"] == [{"url": "http://127.0.0.1:8000"}]


schema = schemathesis.openapi.from_dict(openapi_document())
# The same examples on every run, and a few per address, so that it stays quick. No NUL bytes:
# the site refuses them before any view, with its own HTML page (panel_site/middleware.py).
schema.config.generation.update(max_examples=8, deterministic=True, allow_x00=False)
site = WSGIHandler()
# Uncompressed: the site gzips for clients that accept it, and the checks read plain JSON.
PLAIN = {"Accept-Encoding": "identity"}


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_keeps_to_the_description(data, case):  # noqa: F811
    case.call_and_validate(app=site, headers=PLAIN)


def test_an_answer_that_breaks_the_description_fails(data):  # noqa: F811
    # The check is real: describe the meeting's id as a string, and the same answer fails it.
    document = copy.deepcopy(openapi_document())
    document["components"]["schemas"]["Meeting"]["properties"]["id"] = {"type": "string"}
    operation = schemathesis.openapi.from_dict(document)["/api/meetings/{id}/"]["GET"]
    case = operation.Case(path_parameters={"id": data["meeting"].pk})

    response = case.call(app=site, headers=PLAIN)

    assert response.status_code == 200
    with pytest.raises(FailureGroup, match="Response violates schema"):
        case.validate_response(response)
