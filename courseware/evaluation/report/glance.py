"""A cohort of the effectiveness report at a glance: its headlines and its four charts, in the page's
language, from the cohort's figures (what report.html shows above the tables)."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup

from courseware.catalog import Catalog
from courseware.evaluation.report import charts
from courseware.evaluation.report.headlines import VERDICT_TONES, Headline, headlines
from courseware.evaluation.report.numbers import language
from courseware.i18n import pick
from courseware.models.evaluation import FOLLOW_UP_DAYS


@dataclass
class Glance:
    """Each chart is (its caption, its SVG), or None when the cohort has no figure for it."""

    headlines: list[Headline]
    results: tuple[str, Markup] | None = None
    learning: tuple[str, Markup] | None = None
    reaction: list[tuple[str, Markup]] = field(default_factory=list)  # one Likert chart per module with answers
    trend: tuple[str, Markup] | None = None


def of(catalog: Catalog, c) -> Glance:
    """The headlines and charts of one `CohortReport`."""
    key = f"chart-{c.cohort.id}"
    glance = Glance(headlines(catalog, c))
    kpis = [(kpi, c.results[kpi.id]) for kpi in catalog.evaluation.kpis if kpi.id in c.results]
    if kpis:
        rows = [(pick(kpi.name, language()).text, k.did.difference, VERDICT_TONES.get(k.did.verdict, "neutral")) for kpi, k in kpis]
        title = _("Difference in differences per KPI, with its interval (95%)")
        glance.results = title, charts.results(f"{key}-results", title, rows)
    if c.learning:
        rows = [(_("Module %(n)d", n=module), entry.pre, entry.post) for module, entry in sorted(c.learning.items())]
        title = _("Pre-test to post-test per module (0-100)")
        glance.learning = title, charts.dumbbell(f"{key}-learning", title, rows, _("Pre-test"), _("Post-test"))
    scale = [pick(label, language()).text for label in catalog.evaluation.scale]
    for m in catalog.modules:
        entry = c.reaction.get(m.id)
        if entry and entry.n:
            rows = [(pick(item.label, language()).text, entry.items[item.id].answers if item.id in entry.items else [0] * 5)
                    for item in catalog.evaluation.survey]
            title = _("Survey answers, module %(n)d: %(title)s", n=m.order, title=pick(m.title, language()).text)
            glance.reaction.append((title, charts.likert(f"{key}-reaction-{m.order}", title, rows, scale)))
    days = sorted(set(FOLLOW_UP_DAYS) | set(c.behavior.trend))
    if c.behavior.trend:
        title = _("Checklist rating at each follow-up (1-5)")
        glance.trend = title, charts.trend(f"{key}-trend", title,
                                           [(_("Day %(n)d", n=day), c.behavior.trend.get(day)) for day in days])
    return glance
