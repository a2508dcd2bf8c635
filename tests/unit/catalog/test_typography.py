"""Chinese typography rules of `content check`: each rule, each exception, and the line reported."""
from __future__ import annotations

import pytest

from courseware.catalog.checks.typography import find_problems, join_wrapped_lines, mask_inline
from courseware.catalog.markdown import render
from tests.contentcopy import copy_fixtures, edit, problems_of


def problems(text: str) -> list[str]:
    return [message for _, message in find_problems(mask_inline(text))]


@pytest.mark.parametrize("text, mark, full", [
    ("客户,市场", ",", "，"), ("包括:计划", ":", "："), ("先分析;再计划", ";", "；"), ("好!", "!", "！"),
    ("为什么?", "?", "？"), ("结构(直线型)", "(", "（"), ("管理.", ".", "。"), ('叫"多面手"的人', '"', "“"),
])
def test_half_width_punctuation_beside_chinese_is_reported_with_its_full_width_mark(text, mark, full):
    assert f"half-width '{mark}' beside Chinese text: use '{full}'" in problems(text)


def test_both_parentheses_and_both_quotes_of_a_chinese_phrase_are_reported():
    assert problems("见(CRM 系统)") == ["half-width '(' beside Chinese text: use '（'",
                                     "half-width ')' beside Chinese text: use '）'"]
    assert problems('按"SMART 原则"写') == ["half-width '\"' beside Chinese text: use '“'",
                                        "half-width '\"' beside Chinese text: use '”'"]


def test_emphasis_marks_do_not_hide_a_half_width_mark():
    assert problems("**层级清晰**,汇报简单") == ["half-width ',' beside Chinese text: use '，'"]


def test_module_metadata_is_checked(course):
    edit(course / "content" / "01-basics" / "module.yaml", "zh-Hans: 测试用的小模块。", "zh-Hans: 测试用的,小模块。")
    assert any(p.startswith("module.yaml:") and "half-width ','" in p for p in problems_of(course))


def test_full_width_text_passes():
    assert problems("品质第一，能力第二（见第一章）：“多面手”。") == []


@pytest.mark.parametrize("text", [
    "占 3.5 分", "比例为1:2的团队", "提成30-50%的区间", "1.需求分析", "用 `a,b` 分隔",
    "见 https://example.com/a,b?x=1 页面", "见[第一章](01-sales-fundamentals#core-functions)的内容",
    "客户关系管理 (Customer Relationship Management) 的缩写", "Sales management, in English.",
])
def test_exceptions_digits_code_urls_link_targets_and_latin(text):
    assert problems(text) == []


def test_spaces_between_chinese_characters_and_punctuation():
    assert problems("专业性强， 适合大型企业") == ["space between '，' and '适': Chinese text has no spaces"]
    assert problems("第一层 反应层") == ["space between '层' and '反': Chinese text has no spaces"]
    assert problems("**重点：** 后面的文字") == ["space between '：' and '后': Chinese text has no spaces"]
    assert problems("使用 CRM 系统，约 70% 的精力") == []  # spaces beside Latin letters and digits are fine


def test_wrapped_chinese_lines_are_joined_when_rendering():
    assert join_wrapped_lines(["第一行的文字", "接着写。", "", "English", "text"]) == ["第一行的文字接着写。", "", "English", "text"]
    assert join_wrapped_lines(["## 标题 {#x}", "正文"]) == ["## 标题 {#x}", "正文"]
    assert join_wrapped_lines(["- 第一项", "- 第二项"]) == ["- 第一项", "- 第二项"]
    assert join_wrapped_lines(["| 表格 |", "| 下一行 |"]) == ["| 表格 |", "| 下一行 |"]
    assert join_wrapped_lines(["硬换行  ", "保留"]) == ["硬换行  ", "保留"]
    assert join_wrapped_lines(["```", "代码", "不动", "```"]) == ["```", "代码", "不动", "```"]
    assert join_wrapped_lines(['!!! tip "提示"', "    一段", "    文字"]) == ['!!! tip "提示"', "    一段文字"]
    assert "<p>上一行下一行</p>" in str(render("上一行\n下一行", lambda target: None))


@pytest.fixture
def course(tmp_path):
    return copy_fixtures(tmp_path)


def test_markdown_problems_carry_the_file_and_line(course):
    page = course / "content" / "01-basics" / "zh-Hans.md"
    edit(page, "导言段落。", "导言段落,第二句。")
    edit(page, '!!! takeaway "要点"', '!!! takeaway "要点:"')  # admonition quotes are syntax, the title is text
    found = problems_of(course)
    assert "zh-Hans.md:1: half-width ',' beside Chinese text: use '，'" in found
    assert "zh-Hans.md:7: half-width ':' beside Chinese text: use '：'" in found
    assert not [p for p in found if p.startswith("zh-Hans.md:7:") and "'\"'" in p]


def test_english_markdown_is_not_checked(course):
    edit(course / "content" / "01-basics" / "en.md", "An intro paragraph.", "An intro paragraph, 中文,here.")
    assert problems_of(course) == []


def test_folded_yaml_texts_report_the_line_of_the_space(course):
    glossary = course / "content" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    assert "zh-Hans:" in text
    lines = text.splitlines()
    number = next(n for n, line in enumerate(lines) if "definition:" in line and any("\u4e00" <= c <= "\u9fff" for c in line))
    indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
    lines[number] = f"{indent}definition: >-\n{indent}  第一句话在这一行，\n{indent}  第二句话换了一行(有括号)。"
    glossary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [p for p in problems_of(course) if p.startswith("glossary.yaml")]
    assert found == [f"glossary.yaml:{number + 2}: space between '，' and '第': Chinese text has no spaces",
                     f"glossary.yaml:{number + 3}: half-width '(' beside Chinese text: use '（'",
                     f"glossary.yaml:{number + 3}: half-width ')' beside Chinese text: use '）'"]


def test_svg_text_of_chinese_pictures_is_checked(course):
    picture = course / "content" / "01-basics" / "images" / "funnel.zh-Hans.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<title>漏斗</title>\n'
                       '<text x="1" y="2">顶部,获客</text>\n</svg>\n', encoding="utf-8")
    assert "funnel.zh-Hans.svg:3: half-width ',' beside Chinese text: use '，'" in problems_of(course)


def test_quiz_and_scenario_texts_are_checked(course):
    bank = course / "quizzes" / "basics.yaml"
    text = bank.read_text(encoding="utf-8")
    zh = next(line for line in text.splitlines() if "zh-Hans:" in line and any("\u4e00" <= c <= "\u9fff" for c in line))
    edit(bank, zh, zh.rstrip() + " 多余 空格")
    assert any(p.startswith("basics.yaml:") and "Chinese text has no spaces" in p for p in problems_of(course))
