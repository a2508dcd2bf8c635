"""The stored figures are a typed dataclass, stored by field name under a format number: a payload of an older
layout (positional lists, or fields without the number) is recomputed, never misread."""
from __future__ import annotations

import pytest

from courseware.evaluation.report import compute, summaries
from courseware.evaluation.report.changes import scope_of
from courseware.evaluation.report.figures import to_json
from courseware.extensions import db
from courseware.models import ReportSummary
from tests.evalhelpers import kpis, quiz_result


@pytest.fixture
def stored(app, users):
    """Cohort A's figures, stored: one learner with a post-test and KPI figures."""
    catalog = app.extensions["catalog"]
    cohort = users.cohort("A")
    mei = users("learner", username="mei", cohort=cohort)
    quiz_result(mei.id, "basics-check", 80)
    kpis(mei.id, "revenue", {"2026-04": 100})
    summaries.all_figures(catalog)
    summaries._parsed.clear()  # this process's copy: the next read goes to the stored row
    return catalog, scope_of(cohort.id)


def test_the_stored_payload_names_its_fields_and_format(stored):
    catalog, scope = stored
    payload = db.session.get(ReportSummary, scope).payload
    assert payload["format"] == summaries.FORMAT and payload["learning"]["1"]["post"]["value"] == 80
    assert summaries.read_payload(payload) == compute.compute(catalog, {scope})[scope]


@pytest.mark.parametrize("old", [
    lambda figures: {"learners": [1, 0], "learning": [[1, [80.0, 1, "posttest"]]]},  # the positional lists of before
    lambda figures: to_json(figures),  # fields by name, without a format number
    lambda figures: {"format": summaries.FORMAT - 1, **to_json(figures)},
])
def test_a_payload_in_an_older_layout_is_recomputed(stored, monkeypatch, old):
    catalog, scope = stored
    row = db.session.get(ReportSummary, scope)
    expected = summaries.read_payload(row.payload)
    row.payload = old(expected)
    db.session.commit()
    calls = []
    original = compute.compute
    monkeypatch.setattr(compute, "compute", lambda c, scopes: calls.append(set(scopes)) or original(c, scopes))
    assert summaries.all_figures(catalog)[scope] == expected
    assert calls == [{scope}]
    assert db.session.get(ReportSummary, scope).payload["format"] == summaries.FORMAT  # stored again, readable
