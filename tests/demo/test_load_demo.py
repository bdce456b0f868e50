import sys
import types

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_module(monkeypatch):
    """A stand-in demo.py for the complaints app, which has none yet: it loads one group."""
    module = types.ModuleType("complaints.demo")
    module.load = lambda: Group.objects.get_or_create(name="Demo readers")
    module.clear = lambda: Group.objects.filter(name="Demo readers").delete()
    monkeypatch.setitem(sys.modules, "complaints.demo", module)
    return module


def test_load_demo_calls_each_apps_loader_and_is_idempotent(demo_module, capsys):
    call_command("load_demo")
    call_command("load_demo")

    assert Group.objects.filter(name="Demo readers").count() == 1
    assert capsys.readouterr().out.count("Demo data is ready.") == 2


def test_load_demo_reset_clears_the_demo_data_then_loads_it_again(demo_module, monkeypatch):
    calls = []
    monkeypatch.setattr(demo_module, "clear", lambda: calls.append("clear"))
    monkeypatch.setattr(demo_module, "load", lambda: calls.append("load"))

    call_command("load_demo", "--reset")

    assert calls == ["clear", "load"]
