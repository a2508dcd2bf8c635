"""`flask --app wsgi users import FILE.csv`: every row valid, or nothing imported."""
from __future__ import annotations

import csv

import pytest
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Cohort, User
from courseware.people import accounts

HEADER = "username,display_name,email,role,cohort\n"


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.fixture
def write_csv(tmp_path):
    def write(body: str, name: str = "intake.csv", encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes((HEADER + body).encode(encoding))
        return str(path)
    return write


def test_good_file_imports_everyone_with_one_time_passwords(runner, users, write_csv, tmp_path):
    cohort = users.cohort("2026 秋季")
    path = write_csv("wangfang,王芳,wang.fang@example.com,learner,2026 秋季\n"
                     "lilei,李雷,li.lei@example.com,trainer,2026 秋季\n"
                     "hanmei,韩梅梅,han@example.com,hr,\n")
    out = tmp_path / "passwords.csv"
    result = runner.invoke(args=["users", "import", path, "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 user(s)" in result.output
    wang = db.session.scalar(select(User).where(User.username == "wangfang"))
    assert wang.display_name == "王芳" and wang.cohort_id == cohort.id and wang.must_change_password
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["username"] for r in rows] == ["wangfang", "lilei", "hanmei"]
    assert accounts.authenticate("wangfang", rows[0]["one_time_password"]) is not None
    cohort = db.session.get(Cohort, cohort.id)
    assert [t.username for t in db.session.scalars(select(User).join(User.trains).where(Cohort.id == cohort.id))] == ["lilei"]
    assert oct(out.stat().st_mode)[-3:] == "600"


def test_passwords_are_printed_without_passwords_out(runner, write_csv):
    result = runner.invoke(args=["users", "import", write_csv("zhaomin,赵敏,zm@example.com,learner,\n")])
    assert result.exit_code == 0 and "zhaomin," in result.output


def test_excel_bom_is_accepted(runner, write_csv):
    path = write_csv("zhaomin,赵敏,zm@example.com,learner,\n", encoding="utf-8-sig")
    assert runner.invoke(args=["users", "import", path]).exit_code == 0


# Each file starts with a good row on line 2; the bad row follows.
BAD_ROWS = {
    "unknown role": ("a1,甲,a1@example.com,boss,\n", "3: unknown role 'boss'"),
    "duplicate in file": ("a1,甲,a1@example.com,learner,\nA1,乙,a2@example.com,learner,\n", "4: duplicate username 'A1' (also on line 3)"),
    "missing field": ("a1,,a1@example.com,learner,\n", "3: missing field 'display_name'"),
    "bad email": ("a1,甲,not-an-email,learner,\n", "3: bad email 'not-an-email'"),
    "unknown cohort": ("a1,甲,a1@example.com,learner,Nowhere\n", "3: unknown cohort 'Nowhere'"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_each_kind_of_bad_row_is_reported_and_nothing_is_imported(runner, users, write_csv, kind):
    users("admin", username="boss")
    before = user_count()
    body, expected = BAD_ROWS[kind]
    path = write_csv("good1,好人,good@example.com,learner,\n" + body)
    result = runner.invoke(args=["users", "import", path])
    assert result.exit_code == 1
    assert f"{path}:{expected}" in result.output
    assert "nothing was imported" in result.output
    assert user_count() == before


def test_duplicate_of_an_existing_account(runner, users, write_csv):
    users("learner", username="mei")
    path = write_csv("MEI,梅,mei@example.com,learner,\n")
    result = runner.invoke(args=["users", "import", path])
    assert result.exit_code == 1 and f"{path}:2: duplicate username 'MEI': the account exists already" in result.output


def test_every_bad_row_is_reported_in_one_run(runner, write_csv):
    path = write_csv("a1,甲,a1@example.com,boss,\nb2,,b2@example.com,learner,\nc3,丙,bad,learner,\n")
    result = runner.invoke(args=["users", "import", path])
    assert [line.split(": ")[0] for line in result.output.splitlines() if line.startswith(path)] == [
        f"{path}:2", f"{path}:3", f"{path}:4"]
    assert user_count() == 0


def test_missing_columns_and_non_utf8(runner, tmp_path):
    bad_header = tmp_path / "cols.csv"
    bad_header.write_text("username,name\nx,y\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(bad_header)])
    assert result.exit_code == 1 and f"{bad_header}:1: missing column(s) display_name, email, role, cohort" in result.output
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((HEADER + "a1,王芳,a@example.com,learner,\n").encode("gbk"))
    result = runner.invoke(args=["users", "import", str(gbk)])
    assert result.exit_code == 1 and f"{gbk}:1: the file is not UTF-8 text" in result.output


def test_create_cohorts_option(runner, write_csv):
    path = write_csv("a1,甲,a1@example.com,learner,New intake\n")
    result = runner.invoke(args=["users", "import", path, "--create-cohorts"])
    assert result.exit_code == 0 and "Created cohort 'New intake'" in result.output
    assert db.session.scalar(select(Cohort).where(Cohort.name == "New intake")) is not None
