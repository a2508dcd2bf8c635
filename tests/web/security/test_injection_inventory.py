"""The sweep misses no input: each text input and CSV writer found in the code is in `SWEEP` or `EXEMPT`."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.web.security.injection_rows import GRADEBOOK_CSV, REPORT_CSV, SWEEP

ROOT = Path(__file__).resolve().parents[3] / "courseware"


# Inputs that are not free text, and why they need no sweep.
NOT_SHOWN = "PasswordField: hashed, never rendered back"
EXEMPT: dict[str, str] = {
    "LoginForm.password": NOT_SHOWN, "NewUserForm.password": NOT_SHOWN, "ChangePasswordForm.current": NOT_SHOWN,
    "ChangePasswordForm.new": NOT_SHOWN, "ChangePasswordForm.confirm": NOT_SHOWN,
    "EditRobotForm.secret": "PasswordField: never rendered back; pages show its last four characters, escaped",
    "SetPasswordForm.new": NOT_SHOWN, "SetPasswordForm.confirm": NOT_SHOWN,
    "AttemptPageForm.page": "hidden page number, read as an int",
    "EditUserForm.leave_cohorts": "hidden confirmation, only compared with 'y'; never shown",
    "GrantForm.confirmed": "hidden confirmation, only compared with '1'; never shown",
    "DeleteForm.confirmed": "hidden confirmation, only compared with '1'; never shown",
    "EditUserForm.confirmed": "hidden confirmation, only compared with 'y'; never shown",
    "teach/forms.py:?(all)": "the gradebook filter form: two SelectFields, kept only if one of the choices "
                             "(else the field's message, which does not repeat the value)",
    "ChoiceForm.step": "hidden step number: digits only, otherwise 400",
    "ChoiceForm.node": "hidden node id, only compared with the run's current node; never shown",
    "admin/views.py:back": "read as an int",
    "admin/views.py:?role": "only compared with the role names",
    "evaluation/views.py:?(all)": "the report filter form: cohort ids from the choices, and dates "
                                  "(its CSV link: test_report_csv_link_carries_the_filter_and_nothing_else)",
    "quizzes/views.py:?page": "read as an int", "ReportFilterForm.page": "read as an int",
    "roleplay/forms.py:?learner": "read as an int",
    "teach/forms.py:?cohort": "read as an int", "teach/forms.py:?attempts": "only compared with 'all'",
    "auth/forms.py:username": "the login rate-limit key; the same field is LoginForm.username, swept",
    "LanguageForm.lang": "kept only if it is one of the languages",
    "evaluation/forms.py:item-{}": "read as an int", "evaluation/forms.py:recommend": "read as an int",
    "evaluation/forms.py:rows": "read as an int", "evaluation/forms.py:rating-{}": "read as an int",
    "evaluation/forms.py:part": "only compared with 'self' and 'observe'",
    "evaluation/forms.py:c{}-due_on": "parsed as a date",
    "evaluation/forms.py:c{}-achievable": "only compared with 'y'",
    "evaluation/forms.py:c{}-items": "must be course item ids (else refused); only tested for membership when re-shown",
    "evaluation/forms.py:status-{}": "must be one of the statuses, else the report is refused",
    "AttemptPageForm.goto": "digits only", "quizzes/forms.py:page": "read as an int",
    "quizzes/forms.py:(getter)": "quiz answers: each question type reads its own fields (see question:*)",
    "ChoiceForm.choice": "must be one of the node's choices, else 400",
    "roleplay/forms.py:rating-{}": "kept only if it is 1 to 5",
    "question:single": "choice ids checked against the snapshot", "question:multiple": "choice ids checked against the snapshot",
    "question:truefalse": "choice ids checked against the snapshot", "question:ordering": "positions: digits only",
    "question:matching": "option ids checked against the snapshot",
}

# Every function that writes CSV (or serves it): the export path it is swept through, or why it needs no sweep.
CSV_WRITERS: dict[str, str] = {
    "quizzes/gradebook.py:to_csv": GRADEBOOK_CSV[0][1], "teach/views.py:gradebook_csv": GRADEBOOK_CSV[0][1],
    "evaluation/report/effectiveness.py:to_csv": REPORT_CSV[0][1], "evaluation/views.py:report_csv": REPORT_CSV[0][1],
    "core/downloads.py:csv_response": "not swept itself: it sends what its callers (the views above) wrote",
    "people/users_import.py:write_passwords": "not swept: usernames match USERNAME_PATTERN (a letter or digit "
                                                "first) and one-time passwords are letters and digits",
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _request_part(node: ast.AST) -> str | None:
    """'' for `request.form`, '?' for `request.args` (the query string), else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "request":
        return {"form": "", "args": "?"}.get(node.attr)
    return None


def _key(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return "(computed)"


def discovered_inputs() -> set[str]:
    """Form fields holding text or files, `request.form` and `request.args` keys (by file; `?` marks the query
    string), question types, import columns."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm
    from wtforms import FileField, StringField
    from wtforms.fields.core import UnboundField

    import courseware
    from courseware.catalog.questions.registry import QUESTION_TYPES
    from courseware.evaluation import results
    from courseware.people import users_import

    for module in pkgutil.walk_packages(courseware.__path__, "courseware."):
        importlib.import_module(module.name)
    found: set[str] = set()
    forms, todo = [], [FlaskForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("courseware."):
            forms.append(cls)
    for cls in forms:
        if any(sub.__module__.startswith("courseware.") for sub in cls.__subclasses__()):
            continue  # a base form: its fields are swept through the forms built on it
        for name in dir(cls):
            attr = getattr(cls, name, None)
            if isinstance(attr, UnboundField) and issubclass(attr.field_class, (StringField, FileField)):
                found.add(f"{cls.__name__}.{name}")
    for rel, tree in _sources():
        read = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute | ast.Subscript)}
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _request_part(node.func.value) is not None:
                found.add(f"{rel}:{_request_part(node.func.value)}{_key(node.args[0])}")
            elif isinstance(node, ast.Subscript) and _request_part(node.value) is not None:
                found.add(f"{rel}:{_request_part(node.value)}{_key(node.slice)}")
            elif isinstance(node, ast.Attribute) and _request_part(node.value) is not None and id(node) not in called:
                found.add(f"{rel}:{_request_part(node.value)}(getter)")  # a bound method passed on
            elif _request_part(node) is not None and id(node) not in read:
                found.add(f"{rel}:{_request_part(node)}(all)")  # the whole form or query string passed on
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if re.search(r"request\.(args|form|values)", path.read_text(encoding="utf-8")):
            found.add(f"{path.relative_to(ROOT).as_posix()}:request")
    found |= {f"question:{kind}" for kind in QUESTION_TYPES}
    found |= {f"users_import:{c}" for c in users_import.COLUMNS} | {f"kpi_import:{c}" for c in results.COLUMNS}
    return found


def discovered_csv_writers() -> set[str]:
    found = set()
    for rel, tree in _sources():
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(func):
                writes = (isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter")
                          and isinstance(node.value, ast.Name) and node.value.id == "csv")
                serves = (isinstance(node, ast.Constant) and isinstance(node.value, str) and "text/csv" in node.value
                          or isinstance(node, ast.Call) and getattr(node.func, "id", None) == "csv_response")
                if writes or serves:
                    found.add(f"{rel}:{func.name}")
    return found


def test_every_text_input_is_swept_or_exempt():
    discovered = discovered_inputs()
    covered = {c for row in SWEEP.values() for c in row.covers}
    missing = discovered - covered - EXEMPT.keys()
    assert not missing, f"add these inputs to SWEEP (or to EXEMPT, with the reason): {sorted(missing)}"
    stale = {c for c in covered | EXEMPT.keys() if not c.startswith("flash:")} - discovered
    assert not stale, f"SWEEP or EXEMPT names inputs the code no longer has: {sorted(stale)}"


def test_every_csv_export_is_swept():
    assert discovered_csv_writers() == CSV_WRITERS.keys()
    swept = {path for row in SWEEP.values() for _, path in row.exports}
    assert {t for t in CSV_WRITERS.values() if t.startswith("/")} == swept
