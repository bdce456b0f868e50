import pytest

from tests.plans.factories import build_plan


@pytest.fixture
def plan(db):
    return build_plan()
