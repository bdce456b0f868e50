from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from plans.charts import bar_chart
from plans.models import Commitment, Measure, MeasureReading, Plan, Priority


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
        return Plan.objects.published().select_related("office_holder__office", "refreshes")


class PlanDetailView(DetailView):
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return (
            Plan.objects.published()
            .select_related("office_holder__office", "refreshes")
            .prefetch_related("priorities", "funding_lines", "workforce_figures", "glossary_terms")
        )


class PriorityDetailView(DetailView):
    template_name = "plans/priority_detail.html"
    context_object_name = "priority"

    def get_object(self, queryset=None):
        readings = MeasureReading.objects.filter(area=MeasureReading.Area.SOUTH_YORKSHIRE)
        return get_object_or_404(
            Priority.objects.select_related("plan__office_holder__office").prefetch_related(
                "outcomes",
                Prefetch("commitments", queryset=Commitment.objects.prefetch_related("updates")),
                Prefetch(
                    "measures",
                    queryset=Measure.objects.prefetch_related(
                        Prefetch("readings", queryset=readings)
                    ),
                ),
            ),
            plan__in=Plan.objects.published(),
            plan__slug=self.kwargs["plan_slug"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        charts = [
            (measure, bar_chart(measure, list(measure.readings.all())))
            for measure in self.object.measures.all()
        ]
        return super().get_context_data(charts=charts, **kwargs)
