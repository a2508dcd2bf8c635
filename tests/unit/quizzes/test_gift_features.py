r"""Every GIFT feature that Moodle's and gift-pegjs's reference files exercise, on our own text.

tests/unit/quizzes/test_gift.py reads those files when they are beside the clone; these cases keep the same behavior
covered in a clone on its own. The features: `//` comments (also inside a block, without a space); blank-line
separation and questions over several lines; `::title::` (same line, own line, space after); `$CATEGORY:`;
`[id:]`/`[tag:]` with `\]`; `[html]` (tags dropped, `<br />`), `[markdown]`, `[plain]`, `[moodle]` on text,
answers and feedback; escapes `\: \= \~ \# \{ \} \\ \n`; multiple choice `=`/`~` on one or many lines, with
`#` feedback and `~%25%` partial weights; multiple answers by weights (negative, fractional); text after the
braces as a missing word (also a stray `.` or `";`); true/false `T TRUE F FALSE` with one or two feedbacks and
`####` general feedback; short answer with weights, `*` wildcards and empty feedback; matching `a -> b`, `a->b`
and the distractor `= -> x`; numeric value, `:tolerance`, `low..high` ranges, negatives, several weighted answers,
`~#` feedback and feedback over two lines; essays `{}` and descriptions reported with their line. The whole
feature file and its refusals: test_gift_feature_file.py.
"""
from __future__ import annotations

import pytest

from courseware.quizzes.gift.banks import parse


def one(source: str):
    """The single question a GIFT text holds."""
    questions, skipped = parse(source)
    assert skipped == [] and len(questions) == 1, (questions, skipped)
    return questions[0]


def texts(question) -> list[str]:
    return [c["text"] for c in question.fields["choices"]]


def rights(question) -> list[bool]:
    return [c.get("correct", False) for c in question.fields["choices"]]


# Layout: comments, blank lines, titles, line continuation, categories, ids and tags.

def test_comment_lines_are_ignored_before_between_and_inside_blocks():
    source = ("// A file heading\n//------------------//\n// Section: the funnel\n\n"
              "// Subheading right above the question\nThe funnel has three stages.{T}\n\n"
              "//----//\n\n//only a comment here, no space after the slashes\n")
    (question,), skipped = parse(source)
    assert skipped == [] and question.text == "The funnel has three stages." and question.line == 6


def test_blank_lines_separate_questions_and_lines_number_from_one():
    questions, _ = parse("First?{T}\n\n\n\nSecond,\non two lines?{F}\n  \t\nThird?{F}\n")
    assert [(q.line, q.text) for q in questions] == [(1, "First?"), (5, "Second, on two lines?"), (8, "Third?")]


def test_a_question_may_run_over_several_lines():
    question = one("How many salespeople\ndid the Jiangsu\n   maker have? {#30}\n")
    assert question.text == "How many salespeople did the Jiangsu maker have?"


def test_title_on_the_same_line_on_its_own_line_and_with_a_space_after_it():
    assert one("::KPI groups::How many KPI groups are there?{#3}").title == "KPI groups"
    own_line = one("::Funnel stages::\nName the first stage.{=top}")
    assert (own_line.title, own_line.text) == ("Funnel stages", "Name the first stage.")
    spaced = one("::Trainer's pick:: Which method records calls?{=video analysis}")
    assert (spaced.title, spaced.text) == ("Trainer's pick", "Which method records calls?")


def test_a_title_alone_gives_the_question_its_text():
    assert one("::Is a funnel a pipeline?::{T}").text == "Is a funnel a pipeline?"


def test_category_applies_to_the_questions_that_follow_it():
    questions, skipped = parse("Before any category?{T}\n\n// move on\n$CATEGORY: $course$/Module 1\n\n"
                               "In module 1?{T}\n\nStill module 1?{F}\n\n$CATEGORY: $course$/Module 2\n\nIn module 2?{T}\n")
    assert skipped == []
    assert [q.category for q in questions] == [None, "$course$/Module 1", "$course$/Module 1", "$course$/Module 2"]


def test_id_and_tags_in_comments_with_an_escaped_bracket():
    question = one("// [id:kpi-7]\n// [tag:funnel] [tag:close\\]rate]\nIs churn a customer KPI?{T}")
    assert question.gift_id == "kpi-7" and question.tags == ["funnel", "close]rate"]


def test_a_byte_order_mark_and_windows_line_ends_are_read():
    questions, _ = parse("\ufeffFirst?{T}\r\n\r\nSecond?{F}\r\n")
    assert [q.text for q in questions] == ["First?", "Second?"] and questions[1].line == 3


# Text formats and escapes.

def test_markdown_prefix_is_removed_and_the_markup_kept():
    question = one("[markdown]Which stage is the **middle**?{=nurturing =nurture}")
    assert question.text == "Which stage is the **middle**?" and question.fields["accept"] == ["nurturing", "nurture"]


def test_html_prefix_drops_the_tags_and_line_breaks_become_spaces():
    question = one('[html]<p>Listen to the <a href\\="http\\://example.test/call.mp3">call\\:</a><br />'
                   'Which <span style\\="font-style\\: italic;">stage</span> is it?</p>{~top =middle}')
    assert question.text == "Listen to the call: Which stage is it?"


def test_format_prefixes_on_answers_and_feedback_are_removed():
    question = one("Which is a KPI?{\n =[moodle]close rate # [html]<b>yes</b>\n ~[plain]a logo # [markdown]no\n}")
    assert texts(question) == ["close rate", "a logo"]
    assert [c["feedback"] for c in question.fields["choices"]] == ["yes", "no"]


def test_escaped_control_characters_are_literal_text():
    question = one("::Ratio 3\\:1::Which one is a GIFT control character?{\n"
                   "  ~ \\~  # \\~ is one.\n  ~ \\=  # \\= is one.\n  ~ \\#  # \\# is one.\n"
                   "  ~ \\{  # \\{ is one.\n  ~ \\}  # \\} is one.\n  = \\\\  # Right: \\\\ only escapes the others.\n}")
    assert question.title == "Ratio 3:1"
    assert texts(question) == ["~", "=", "#", "{", "}", "\\"] and rights(question) == [False] * 5 + [True]
    assert question.fields["choices"][5]["feedback"] == "Right: \\ only escapes the others."
    equals = one("Which sum is 5? {\n  ~ \\= 2 + 2\n  = \\= 2 + 3\n  ~ \\= 2 + 4 }")
    assert texts(equals) == ["= 2 + 2", "= 2 + 3", "= 2 + 4"] and rights(equals) == [False, True, False]


def test_escaped_newline_is_a_space_in_our_one_line_texts():
    assert one("First line\\nsecond line?{T}").text == "First line second line?"


# Multiple choice, one right answer.

def test_multiple_choice_on_one_line():
    question = one("Who feeds the top of the funnel?{~finance ~logistics =marketing}")
    assert question.type == "single" and texts(question) == ["finance", "logistics", "marketing"]
    assert rights(question) == [False, False, True] and [c["id"] for c in question.fields["choices"]] == ["a", "b", "c"]


def test_multiple_choice_over_several_lines_with_the_brace_on_either_line():
    closing_own_line = one("Which stage closes deals? {\n    ~top\n    ~middle\n    =bottom\n}")
    closing_last_line = one("Which stage closes deals? {\n    ~top\n    ~middle\n    =bottom}")
    assert texts(closing_own_line) == texts(closing_last_line) == ["top", "middle", "bottom"]
    assert rights(closing_own_line) == rights(closing_last_line) == [False, False, True]


def test_feedback_per_answer_with_padding_before_the_hash():
    question = one("Which is an efficiency KPI?{\n~churn           #a customer KPI\n"
                   "~%50%cycle length #partly\n=visit-to-close ratio     #well done!}")
    assert [c.get("feedback") for c in question.fields["choices"]] == ["a customer KPI", "partly", "well done!"]
    assert texts(question) == ["churn", "cycle length", "visit-to-close ratio"]


def test_partial_credit_on_a_wrong_answer_of_a_single_choice_is_noted_and_dropped():
    question = one("::Hometown::The case company is from {\n ~Shanghai#no\n ~%25%Nanjing#close\n"
                   " ~%50%Suzhou#closer\n =Jiangsu#yes}.")
    assert question.type == "single" and rights(question) == [False, False, False, True]
    assert question.notes == ["partial-credit weights on wrong answers dropped (single choice scores 0 or 1)"]
    assert question.text == "The case company is from _____."


def test_general_feedback_after_four_hashes():
    question = one("Which stage nurtures leads?{~top =middle ~bottom\n####Nurturing is needs discovery and solutions.}")
    assert question.explanation == "Nurturing is needs discovery and solutions." and texts(question) == ["top", "middle", "bottom"]


# Multiple answers: weights and no `=`.

def test_multiple_answers_by_positive_weights():
    question = one("Which two are customer KPIs? {\n ~churn is no\n ~%50%retention\n ~%50%lifetime value\n ~order count }")
    assert question.type == "multiple" and rights(question) == [False, True, True, False]
    assert question.notes == ["weights replaced by our rule: right picked / all right - wrong picked / all wrong"]


def test_multiple_answers_with_negative_weights_and_a_format_after_the_weight():
    question = one("Which lie between lead and close? {\n ~%-50%after-sales\n ~%50%needs discovery # yes\n"
                   " ~%50%solution presentation\n ~%-100%[plain]lead purchase # no\n}")
    assert rights(question) == [False, True, True, False]
    assert texts(question)[3] == "lead purchase" and question.fields["choices"][3]["feedback"] == "no"


def test_multiple_answers_with_fractional_weights():
    question = one("Which three are evaluation levels\\:{\n ~%33.33333%reaction\n ~%33.33333%learning\n"
                   " ~%-100%attendance\n ~%33.33333%behavior\n ~%-100%mood\n}")
    assert question.text == "Which three are evaluation levels:"
    assert rights(question) == [True, True, False, True, False]


# Missing word: text after the braces.

def test_text_after_the_braces_makes_a_blank():
    question = one("The {~first =second ~third} stage nurtures leads.")
    assert question.text == "The _____ stage nurtures leads." and rights(question) == [False, True, False]
    spread = one("Leads are nurtured in the {\n    ~first\n    =second\n} stage of three.")
    assert spread.text == "Leads are nurtured in the _____ stage of three."


def test_a_stray_character_after_the_braces_also_makes_a_blank():
    assert one("Pick a number from 1 to 5. {#1..5}.").text == "Pick a number from 1 to 5. _____."
    assert one('How many stages? {#3:0~#No}";').text == 'How many stages? _____";'


# True/false.

@pytest.mark.parametrize(("key", "answer"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False),
                                             ("true", True), ("f", False)])
def test_true_false_keys(key, answer):
    question = one(f"A funnel has three stages.{{{key}}}")
    assert question.type == "truefalse" and question.fields == {"answer": answer}


def test_true_false_with_one_feedback_goes_to_who_answered_wrong():
    question = one("Revenue is the only KPI that matters.{FALSE#Customer and efficiency KPIs matter too.}")
    assert question.fields == {"answer": False, "feedback_true": "Customer and efficiency KPIs matter too."}


def test_true_false_with_both_feedbacks_and_general_feedback():
    false_key = one("::TF::Base pay is 80% of pay.{\nFALSE#It is 30-50%.#Right, it is 30-50%.\n####From module 2, item 7.}")
    assert false_key.fields == {"answer": False, "feedback_true": "It is 30-50%.", "feedback_false": "Right, it is 30-50%."}
    assert false_key.explanation == "From module 2, item 7."
    true_key = one("Bonus is 50-70% of pay.{TRUE#It is.#Yes.}")
    assert true_key.fields == {"answer": True, "feedback_false": "It is.", "feedback_true": "Yes."}


# Short answer.

def test_short_answer_accepts_every_full_answer():
    question = one("Which stage follows nurturing?{=bottom =closing}")
    assert question.type == "short" and question.fields == {"accept": ["bottom", "closing"]} and question.notes == []


def test_short_answer_as_a_missing_word():
    question = one("Three plus four equals {=seven =7}.")
    assert question.type == "short" and question.text == "Three plus four equals _____." and question.fields["accept"] == ["seven", "7"]


def test_short_answer_partial_weights_and_wildcards_are_noted_and_dropped():
    question = one("::Best tool::Which tool holds customer data?{\n =CRM#Good!\n =%75%CMR#Misspelled.\n"
                   " =%0%*#Anything else is wrong.\n =%100%customer relationship management#\n}")
    assert question.fields["accept"] == ["CRM", "customer relationship management"]
    assert question.notes == ["answer 'CMR' worth 75% dropped (short answers score 0 or 1)",
                              "answer '*' worth 0% dropped (short answers score 0 or 1)"]
    wildcard = one("Name any KPI.{=revenue =*}")
    assert wildcard.fields["accept"] == ["revenue"] and wildcard.notes == ["wildcard answer '*' dropped"]


# Matching.

def test_matching_with_spaces_without_spaces_and_a_distractor():
    question = one("Match each structure to its trait. {\n    =line -> short decision chain\n"
                   "    =matrix  -> dual reporting\n    =regional->local service\n    = -> no reporting at all\n    }")
    assert question.type == "matching"
    assert [(p["prompt"], p["match"]) for p in question.fields["pairs"]] == [
        ("line", "short decision chain"), ("matrix", "dual reporting"), ("regional", "local service")]
    assert question.fields["distractors"] == [{"id": "d1", "text": "no reporting at all"}]


def test_matching_on_one_line_with_formats_on_the_prompts():
    question = one("[html]Match the <b>level</b>.{=[html]<i>reaction</i> -> satisfaction =[plain]results -> KPIs "
                   "=[markdown]learning -> knowledge}")
    assert question.text == "Match the level."
    assert [(p["prompt"], p["match"]) for p in question.fields["pairs"]] == [
        ("reaction", "satisfaction"), ("results", "KPIs"), ("learning", "knowledge")]
    assert "distractors" not in question.fields


# Numerical.

@pytest.mark.parametrize(("answer", "value", "tolerance"), [
    ("#1822", 1822, 0),
    ("#1822:1", 1822, 1),
    ("#3.1415:0.0005", 3.1415, 0.0005),
    ("#-1", -1, 0),
    ("#-3.142:0.001", -3.142, 0.001),
    ("#3.141..3.142", 3.1415, 0.0005),
    ("#-3.142..-3.141", -3.1415, 0.0005),
    ("#1..5", 3, 2),
    ("#-5..5", 0, 5),
    ("#3:2~#Completely wrong", 3, 2),
])
def test_numeric_value_tolerance_and_range(answer, value, tolerance):
    question = one(f"Give the number. {{{answer}}}")
    assert question.type == "numeric"
    assert question.fields["answer"] == pytest.approx(value) and question.fields["tolerance"] == pytest.approx(tolerance)


def test_numeric_with_several_weighted_answers_keeps_the_one_worth_100():
    question = one("How many salespeople? {#\n    =30:0\n    =%50%30:2}")
    assert question.fields == {"answer": 30.0, "tolerance": 0.0}
    assert question.notes == ["answer 30:2 worth 50% dropped (numeric answers score 0 or 1)"]
    wrong_first = one("::Principles::\n[html]<p>How many principles?</p>{#\n    =%0%5:0#<p>No.</p>\n"
                      "\t=%100%9:0#<p>Yes, nine (9).</p>\n\t=%0%23:0#<p>No, see <a href\\=\"http\\://example.test\">this</a>.</p>\n}")
    assert wrong_first.text == "How many principles?" and wrong_first.fields == {"answer": 9.0, "tolerance": 0.0}
    assert wrong_first.notes == []


def test_numeric_answer_feedback_may_continue_on_the_next_line():
    question = one("::Cycle::\nBy how much did the sales cycle shrink, in percent? {#\n     =25:0      #Right, full credit\n"
                   "     =%50%25:5  #It was 25.\n                  Half credit for being close.\n}")
    assert question.fields == {"answer": 25.0, "tolerance": 0.0} and question.title == "Cycle"


# What our types cannot hold: reported with the line and why.

def test_essay_and_description_are_reported_with_their_line():
    questions, skipped = parse("// [id:1]\n// [tag:a]\nWhy do you sell?{}\n\n::Essay:: Another one? { }\n\nJust a paragraph of text.\n")
    assert questions == []
    assert [(s.line, s.kind, s.reason) for s in skipped] == [
        (3, "essay", "an essay has no key to score automatically"),
        (5, "essay", "an essay has no key to score automatically"),
        (7, "description", "a description has no answer to score")]
