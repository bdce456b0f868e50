import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_load_demo_runs_twice_and_with_reset(capsys):
    call_command("load_demo")
    call_command("load_demo")
    call_command("load_demo", "--reset")

    assert capsys.readouterr().out.count("Demo data is ready.") == 3
