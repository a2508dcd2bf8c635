"""One headline sentence per level for a cohort of the effectiveness report, in the page's language, written
from the cohort's figure objects (nothing is computed again): a missing figure or too small an n says so."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from courseware.catalog import Catalog
from courseware.evaluation.report.numbers import chinese, language, number, percent, points
from courseware.evaluation.report.stats import MIN_LEARNERS
from courseware.i18n import pick

TONES = ("good", "bad", "neutral", "missing")


@dataclass(frozen=True)
class Headline:
    """A level's sentence and its tone: good / bad (the results level by the KPI's good direction), neutral, or
    missing (no figure, or too few learners behind it)."""

    level: int
    text: str
    tone: str


def headlines(catalog: Catalog, c) -> list[Headline]:
    """The four headlines of a `CohortReport`, levels 1 to 4."""
    return [_reaction(c), _learning(c), _behavior(c), _results(catalog, c)]


def _range(low: float, high: float, digits: int) -> str:
    if round(low, digits) == round(high, digits):
        return number(low, digits)
    return f"{number(low, digits)}～{number(high, digits)}" if chinese() else f"{number(low, digits)} to {number(high, digits)}"


def _reaction(c) -> Headline:
    if not any(r.n for r in c.reaction.values()):
        return Headline(1, _("Reaction: no survey answers yet."), "missing")
    enough = [r for r in c.reaction.values() if r.n >= MIN_LEARNERS]
    averages = [s.average.value for r in enough for s in r.items.values() if s.average.value is not None]
    if not averages:
        return Headline(1, _("Reaction: too few survey answers so far (at most %(n)d a module; at least %(min)d) to state a rating.",
                             n=max(r.n for r in c.reaction.values()), min=MIN_LEARNERS), "missing")
    return Headline(1, ngettext("Reaction: learners rated the modules %(range)s out of 5 on average (%(n)d surveys, %(num)d module).",
                                "Reaction: learners rated the modules %(range)s out of 5 on average (%(n)d surveys, %(num)d modules).",
                                len(enough), range=_range(min(averages), max(averages), 1), n=sum(r.n for r in enough)), "neutral")


def _learning(c) -> Headline:
    if not c.learning:
        return Headline(2, _("Learning: no quiz results yet."), "missing")
    gains = [(m, entry.gain) for m, entry in sorted(c.learning.items())
             if entry.gain.value is not None and entry.gain.n >= MIN_LEARNERS]
    if not gains:
        most = max(entry.gain.n for entry in c.learning.values())
        return Headline(2, _("Learning: too few learners with both a pre-test and a post-test so far (at most %(n)d; at least %(min)d) to state a gain.",
                             n=most, min=MIN_LEARNERS), "missing")
    if len(gains) == 1:
        module, gain = gains[0]
        interval = _range(gain.low, gain.high, 2) if gain.has_interval else "—"
        return Headline(2, _("Learning: the normalized gain from pre-test to post-test was %(gain)s in module %(module)d (95%% interval %(interval)s; %(n)d learners).",
                             gain=number(gain.value, 2), module=module, interval=interval, n=gain.n), "neutral")
    low, high = min(gains, key=lambda g: g[1].value), max(gains, key=lambda g: g[1].value)
    return Headline(2, _("Learning: the normalized gain from pre-test to post-test ranged from %(low)s (module %(low_module)d) to %(high)s (module %(high_module)d) over %(modules)d modules.",
                         low=number(low[1].value, 2), low_module=low[0], high=number(high[1].value, 2),
                         high_module=high[0], modules=len(gains)), "neutral")


def _behavior(c) -> Headline:
    b = c.behavior
    plans = _("%(plans)d of %(learners)d learners have an action plan.", plans=b.plans, learners=c.learners)
    rated = [(day, t) for day, t in sorted(b.trend.items()) if t is not None and t.value is not None]
    if not rated:
        return Headline(3, _joined(_("Behavior: no follow-up rated by a trainer yet."), plans), "missing")
    if max(t.n for _day, t in rated) < MIN_LEARNERS:
        return Headline(3, _joined(_("Behavior: too few follow-ups rated so far (at most %(n)d a day; at least %(min)d) to state a rating.",
                             n=max(t.n for _day, t in rated), min=MIN_LEARNERS), plans), "missing")
    rated = [(day, t) for day, t in rated if t.n >= MIN_LEARNERS]  # a follow-up day with too few is left out
    (first_day, first), (last_day, last) = rated[0], rated[-1]
    if first_day == last_day:
        text = _("Behavior: the trainers' checklist rating was %(value)s out of 5 at day %(day)d (%(n)d follow-ups).",
                 value=number(first.value, 1), day=first_day, n=first.n)
    else:
        text = _("Behavior: the trainers' checklist rating went from %(first)s at day %(first_day)d to %(last)s at day %(last_day)d, out of 5 (%(first_n)d and %(last_n)d follow-ups).",
                 first=number(first.value, 1), first_day=first_day, last=number(last.value, 1), last_day=last_day,
                 first_n=first.n, last_n=last.n)
    return Headline(3, _joined(text, plans), "neutral")


VERDICT_TONES = {"improvement": "good", "worse": "bad", "unclear": "neutral"}


def _results(catalog: Catalog, c) -> Headline:
    present = [(kpi, c.results[kpi.id]) for kpi in catalog.evaluation.kpis if kpi.id in c.results]
    if not present:
        return Headline(4, _("Results: no KPI figures yet."), "missing")
    ready = [(kpi, k) for kpi, k in present if k.did.enough and k.did.difference.value is not None]
    if not ready:
        kpi, k = present[0]
        return Headline(4, _("Results: not enough KPI figures yet to compare %(kpi)s with the comparison group (trained %(trained)d, comparison %(comparison)d; at least %(min)d in each).",
                             kpi=pick(kpi.name, language()).text, trained=k.did.trained.n, comparison=k.did.comparison.n,
                             min=MIN_LEARNERS), "missing")
    kpi, k = ready[0]
    return Headline(4, results_sentence(pick(kpi.name, language()).text, k), VERDICT_TONES.get(k.did.verdict, "neutral"))


def results_sentence(name: str, k) -> str:
    """The results level of one KPI (`KpiResult` with enough data): the difference in differences in points,
    each group's change in %, the 95% interval, the two n, and the verdict by the KPI's good direction."""
    d = k.did.difference
    values = {"kpi": name, "diff": points(abs(d.value)), "trained_change": percent(k.did.trained.value, signed=True),
              "comparison_change": percent(k.did.comparison.value, signed=True),
              "interval": _interval(d), "trained": k.did.trained.n, "comparison": k.did.comparison.n}
    if d.value >= 0:
        text = _("After training, %(kpi)s rose %(diff)s more than in the comparison group (trained %(trained_change)s, comparison %(comparison_change)s; 95%% interval %(interval)s; trained %(trained)d, comparison %(comparison)d).", **values)
    else:
        text = _("After training, %(kpi)s fell %(diff)s more than in the comparison group (trained %(trained_change)s, comparison %(comparison_change)s; 95%% interval %(interval)s; trained %(trained)d, comparison %(comparison)d).", **values)
    direction = _("higher is better") if k.better == "higher" else _("lower is better")
    verdict = {"improvement": _("An improvement (%(direction)s).", direction=direction),
               "worse": _("A worsening (%(direction)s).", direction=direction)}.get(
        k.did.verdict, _("No clear difference: the interval includes 0."))
    return _joined(text, verdict)


def _joined(*sentences: str) -> str:
    """Sentences one after the other: with a space in English, none in Chinese."""
    return ("" if chinese() else " ").join(sentences)


def _interval(d) -> str:
    if not d.has_interval:
        return "—"
    low, high = number(d.low, 1, signed=True), points(d.high, signed=True)
    return f"{low}～{high}" if chinese() else f"{low} to {high}"
