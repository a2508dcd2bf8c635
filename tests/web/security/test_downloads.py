"""Downloads (CSV and Excel): the right type, never cached, and an RFC 5987 file name beside an ASCII one, on every
download route."""
from __future__ import annotations

from urllib.parse import unquote

import pytest

from courseware.core.downloads import XLSX, content_disposition

# Every download route of the URL map: who downloads it and the file names expected in Chinese and in English.
CSV_ROUTES = {
    "teach.gradebook_csv": ("wang", "/teach/cohorts/{cohort}/gradebook.csv",
                            {"zh": "成绩册-2026 秋季.csv", "en": "gradebook-2026 秋季.csv"}, "gradebook-cohort-{cohort}.csv"),
    "evaluation.report_csv": ("hr1", "/reports/effectiveness.csv",
                              {"zh": "培训成效.csv", "en": "training-effectiveness.csv"}, "training-effectiveness.csv"),
}
XLSX_ROUTES = {
    "teach.gradebook_xlsx": ("wang", "/teach/cohorts/{cohort}/gradebook.xlsx",
                             {"zh": "成绩册-2026 秋季.xlsx", "en": "gradebook-2026 秋季.xlsx"}, "gradebook-cohort-{cohort}.xlsx"),
    "evaluation.report_xlsx": ("hr1", "/reports/effectiveness.xlsx",
                               {"zh": "培训成效.xlsx", "en": "training-effectiveness.xlsx"}, "training-effectiveness.xlsx"),
}
ROUTES = {**CSV_ROUTES, **XLSX_ROUTES}


@pytest.fixture
def cohort(users):
    trainer = users("trainer", username="wang")
    cohort = users.cohort("2026 秋季", trainers=[trainer])
    users("learner", username="mei", cohort=cohort)
    users("hr", username="hr1")
    return cohort


def test_every_download_route_is_listed_here(app):
    rules = list(app.url_map.iter_rules())
    assert {rule.endpoint for rule in rules if rule.rule.endswith(".csv")} == set(CSV_ROUTES)
    assert {rule.endpoint for rule in rules if rule.rule.endswith(".xlsx")} == set(XLSX_ROUTES)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_download_headers(client, auth, cohort, endpoint, lang):
    who, url, names, fallback = ROUTES[endpoint]
    auth.login(who)
    if lang == "en":
        client.post("/language", data={"lang": "en"})
    response = client.get(url.format(cohort=cohort.id))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == (XLSX if endpoint in XLSX_ROUTES else "text/csv; charset=utf-8")
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    plain = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert plain == fallback.format(cohort=cohort.id) and plain.isascii()
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and " " not in encoded and unquote(encoded) == names[lang]


def test_content_disposition_keeps_the_plain_name_quotable():
    header = content_disposition('a"b\\c;d\n.csv', 'a"b\\c;d\n.csv')
    assert header == "attachment; filename=\"abcd.csv\"; filename*=UTF-8''a%22b%5Cc%3Bd%0A.csv"
    assert content_disposition("培训", "培训").startswith('attachment; filename="download.csv"')
