from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from plans.charts import measure_display
from plans.comparison import compare_plans
from plans.forms import ComparePlansForm
from plans.models import Commitment, Measure, Plan, Priority


def visible_plans(request):
    """Published plans; officers who keep the plan also see drafts, as a preview."""
    # Only once signed in with the code as well as the password (staff/two_factor.py).
    if request.user.has_perm("plans.view_plan") and request.user.is_verified():
        return Plan.objects.all()
    return Plan.objects.published()


class CurrentPlanView(TemplateView):
    """The plan in force now, or an honest empty state."""

    template_name = "plans/current.html"

    def get_context_data(self, **kwargs):
        plan = (
            Plan.objects.published()
            .current()
            .select_related("office_holder__office")
            .prefetch_related("priorities")
            .first()
        )
        return super().get_context_data(plan=plan, **kwargs)


class PlanListView(ListView):
    template_name = "plans/plan_list.html"
    context_object_name = "plans"

    def get_queryset(self):
        return (
            Plan.objects.published()
            .select_related("office_holder__office", "refreshes")
            .prefetch_related("variation_steps")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["compare_form"] = ComparePlansForm(None, plans=context["plans"])
        return context


class PlanCompareView(TemplateView):
    """Two published versions of a plan side by side: what was added, removed or changed."""

    template_name = "plans/plan_compare.html"

    def get_context_data(self, **kwargs):
        plans = list(visible_plans(self.request))
        form = ComparePlansForm(self.request.GET or None, plans=plans)
        comparison = None
        if form.is_valid():
            by_slug = {plan.slug: plan for plan in plans}
            old, new = by_slug[form.cleaned_data["from"]], by_slug[form.cleaned_data["to"]]
            prefetch_related_objects([old, new], "priorities__outcomes", "priorities__commitments")
            comparison = compare_plans(old, new)
        return super().get_context_data(form=form, comparison=comparison, plans=plans, **kwargs)


class PlanDetailView(DetailView):
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return (
            visible_plans(self.request)
            .select_related("office_holder__office", "refreshes")
            .prefetch_related(
                "priorities",
                "funding_lines",
                "workforce_figures",
                "glossary_terms",
                "variation_steps",
            )
        )


class PriorityDetailView(DetailView):
    template_name = "plans/priority_detail.html"
    context_object_name = "priority"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Priority.objects.select_related("plan__office_holder__office").prefetch_related(
                "outcomes",
                Prefetch("commitments", queryset=Commitment.objects.prefetch_related("updates")),
                Prefetch(
                    "measures",
                    # Every area's readings in one query: the trend, the districts and the table.
                    queryset=Measure.objects.prefetch_related("readings"),
                ),
            ),
            plan__in=visible_plans(self.request),
            plan__slug=self.kwargs["plan_slug"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        # The scrutiny trail comes from meetings, through its template tag.
        return super().get_context_data(
            measures=[measure_display(measure) for measure in self.object.measures.all()],
            **kwargs,
        )
