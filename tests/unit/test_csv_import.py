"""The CSV imports' one reader: text in, records or `FILE:LINE: reason` problems out, in English or translated."""
from __future__ import annotations

import pytest

from courseware.people.csv_import import (
    ImportFailed,
    Problem,
    decode,
    earlier_lines,
    missing_fields,
    read_file,
    read_records,
    text_problems,
)

COLUMNS = ("username", "month")


def failure(call) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        call()
    return caught.value


def test_utf8_with_or_without_excel_bom_and_nothing_else():
    assert decode("username\n王芳\n".encode("utf-8-sig")) == "username\n王芳\n"
    assert decode("username\n王芳\n".encode()) == "username\n王芳\n"
    refused = failure(lambda: decode("username\n王芳\n".encode("gbk")))
    assert refused.lines("gbk.csv")[0].startswith("gbk.csv:1: the file is not UTF-8 text (")


def test_a_missing_file_is_a_problem_of_line_1(tmp_path):
    missing = tmp_path / "none.csv"
    assert failure(lambda: read_file(missing)).lines(str(missing)) == [
        f"{missing}:1: cannot read the file (No such file or directory)"]


def test_records_by_header_name_with_line_numbers_blank_lines_skipped_values_stripped():
    records, problems = read_records("\ufeffextra, month ,username\nx, 2026-01 , mei \n\n , ,\ny,2026-02,lei\n", COLUMNS)
    assert problems == []
    assert [(r.line, r.values) for r in records] == [(2, {"username": "mei", "month": "2026-01"}),
                                                      (5, {"username": "lei", "month": "2026-02"})]


def test_missing_columns_stop_the_reading():
    assert failure(lambda: read_records("username,name\nx,y\n", COLUMNS)).lines("f.csv") == [
        "f.csv:1: missing column(s) month; expected username,month"]


def test_more_values_than_columns_is_a_problem_of_its_line_and_the_reading_goes_on():
    records, problems = read_records("username,month\na,2026-01,surplus,more\nb,2026-02\n", COLUMNS)
    assert [r.line for r in records] == [2, 3]
    assert [p.located("f.csv") for p in problems] == ["f.csv:2: 2 value(s) more than the 2 columns"]


def test_a_cell_over_the_csv_modules_limit_names_its_line():
    text = "username,month\na,2026-01\nb," + "x" * 131_073 + "\n"
    assert failure(lambda: read_records(text, COLUMNS)).lines("big.csv") == [
        "big.csv:3: a value is longer than 131,072 characters; nothing was imported"]


def test_field_checks_name_the_column():
    records, _ = read_records("username,month\n,2026\x01\n", COLUMNS)
    assert [p.reason() for p in missing_fields(records[0], COLUMNS)] == ["missing field 'username'"]
    assert [p.reason() for p in text_problems(records[0], {"username": 5, "month": 5})] == [
        "month contains a control character (such as NUL)"]
    records, _ = read_records("username,month\nabcdefg,x\n", COLUMNS)
    assert [p.reason() for p in text_problems(records[0], {"username": 5})] == ["username is longer than 5 characters"]


def test_earlier_lines_point_each_repeat_at_the_first():
    records, _ = read_records("username,month\nMei,1\nlei,2\nmei,3\n,4\nMEI,5\n", COLUMNS)
    assert earlier_lines(records, lambda r: r["username"].lower() or None) == {4: 2, 6: 2}


def test_problems_sorted_by_line_keep_their_order_within_a_line_and_are_translated_when_shown():
    failed = ImportFailed([Problem(3, "b %(x)s", {"x": 1}), Problem(2, "a"), Problem(3, "c")])
    assert failed.lines("f.csv") == ["f.csv:2: a", "f.csv:3: b 1", "f.csv:3: c"]
    shout = lambda message, **values: (message % values if values else message).upper()  # noqa: E731
    assert failed.lines("f.csv", shout) == ["f.csv:2: A", "f.csv:3: B 1", "f.csv:3: C"]


def test_a_message_without_values_keeps_a_percent_sign():
    assert Problem(1, "100% sure").reason() == "100% sure"
