"""Playing role plays: server-held state, repeated posts, debrief, replay; role cards; observations; profiles."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Assignment, BehaviorObservation, ScenarioRun
from tests.scenariopaths import paths_to_every_ending


@pytest.fixture
def learner(users, auth):
    user = users("learner", username="mei")
    auth.login("mei")
    return user


def start(client, scenario_id="practice-call", restart=False):
    response = client.post(f"/roleplays/{scenario_id}/start", data={"restart": "y"} if restart else {})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def choose(client, run_id, choice):
    run = db.session.get(ScenarioRun, run_id)
    db.session.refresh(run)
    return client.post(f"/runs/{run_id}/choose", data={"step": run.step, "node": run.current_node, "choice": choice})


def test_list_and_scenario_page(client, learner):
    assert "practice-call" in client.get("/roleplays").get_data(as_text=True)
    page = client.get("/roleplays/practice-call").get_data(as_text=True)
    assert "周经理" in page and "先问需求" in page
    assert "预算已批" not in page  # what the customer knows is on the customer's role card only


def test_play_to_success_with_feedback_and_debrief(client, learner):
    run_id = start(client)
    page = client.get(f"/runs/{run_id}").get_data(as_text=True)
    assert "你好，有什么事？" in page and "FEEDBACK-OPEN-A" not in page  # feedback comes after the choice
    for choice in ("a", "a", "a"):
        choose(client, run_id, choice)
    run = db.session.get(ScenarioRun, run_id)
    db.session.refresh(run)
    assert run.state == "finished" and run.outcome == "success"
    assert run.scores == {"communication": 4, "learning": 1, "action": 2}
    assert client.get(f"/runs/{run_id}").headers["Location"].endswith(f"/runs/{run_id}/debrief")
    debrief = client.get(f"/runs/{run_id}/debrief").get_data(as_text=True)
    assert "你先问了需求" in debrief and "量化损失" in debrief and "FEEDBACK-OPEN-A" in debrief
    assert re.search(r"<td>4</td><td>4</td>", debrief) and re.search(r"<td>1</td><td>2</td>", debrief)


def test_state_is_held_on_the_server_across_reloads_and_repeated_posts(client, learner):
    run_id = start(client)
    run = db.session.get(ScenarioRun, run_id)
    stale = {"step": 0, "node": "open", "choice": "a"}
    assert client.post(f"/runs/{run_id}/choose", data=stale).status_code == 302
    assert client.post(f"/runs/{run_id}/choose", data=stale).status_code == 302  # double click / reload of the POST
    assert client.post(f"/runs/{run_id}/choose", data={**stale, "choice": "b"}).status_code == 302  # back button, other choice
    db.session.refresh(run)
    assert run.step == 1 and run.current_node == "probe" and run.scores["communication"] == 2 and len(run.path) == 1
    client.get(f"/runs/{run_id}")  # reload
    assert start(client) == run_id  # opening the scenario again continues the same run


def test_two_tabs_cannot_both_move(app, client, learner):
    run_id = start(client)
    other = app.test_client()
    other.post("/login", data={"username": "mei", "password": "correct-horse"})
    page = other.get(f"/runs/{run_id}").get_data(as_text=True)
    step = re.search(r'name="step" type="hidden" value="(\d+)"', page).group(1)
    choose(client, run_id, "a")  # first tab moves on
    other.post(f"/runs/{run_id}/choose", data={"step": step, "node": "open", "choice": "b"})
    run = db.session.get(ScenarioRun, run_id)
    db.session.refresh(run)
    assert run.step == 1 and run.path[0]["choice"] == "a"


def test_loops_are_scored_once(client, learner):
    run_id = start(client)
    for choice in ("a", "b", "a", "b", "a"):  # open -> probe -> open -> probe -> open -> probe
        choose(client, run_id, choice)
    run = db.session.get(ScenarioRun, run_id)
    db.session.refresh(run)
    assert run.scores["communication"] == 3 and [s["counted"] for s in run.path] == [True, True, False, False, False]


def test_unknown_choice_is_rejected(client, learner):
    run_id = start(client)
    assert client.post(f"/runs/{run_id}/choose", data={"step": 0, "node": "open", "choice": "z"}).status_code == 400


def test_replay_keeps_every_run(client, learner):
    first = start(client)
    choose(client, first, "b")
    choose(client, first, "a")  # lost: failure
    second = start(client, restart=True)
    assert second != first
    third = start(client, restart=True)  # restarting an unfinished run abandons it
    states = dict(db.session.execute(select(ScenarioRun.id, ScenarioRun.state)).all())
    assert states == {first: "finished", second: "abandoned", third: "in_progress"}
    page = client.get("/roleplays/practice-call").get_data(as_text=True)
    assert page.count("<tr>") >= 4


def test_runs_are_private(client, learner, users, auth):
    run_id = start(client)
    choose(client, run_id, "b")
    choose(client, run_id, "a")
    users("learner", username="lei")
    auth.logout()
    auth.login("lei")
    assert client.get(f"/runs/{run_id}").status_code == 404
    assert client.get(f"/runs/{run_id}/debrief").status_code == 404
    assert client.post(f"/runs/{run_id}/choose", data={"step": 0, "node": "open", "choice": "a"}).status_code == 404


def test_role_cards_for_trainers(client, users, auth):
    users("trainer", username="wang")
    auth.login("wang")
    page = client.get("/roleplays/practice-call/cards").get_data(as_text=True)
    assert page.count('class="role-card"') == 3 and "预算已批" in page and "自说自话" in page  # knows + rubric anchors
    auth.logout()
    users("learner", username="mei")
    auth.login("mei")
    assert client.get("/roleplays/practice-call/cards").status_code == 403


@pytest.fixture
def classroom(users):
    trainer = users("trainer", username="wang")
    outsider = users("trainer", username="zhao")
    cohort = users.cohort("A", trainers=[trainer])
    users.cohort("B", trainers=[outsider])
    learner = users("learner", username="mei", cohort=cohort)
    return trainer, outsider, learner


OBSERVATION = {"scenario": "practice-call", "observed_on": "2026-11-20", "rating-communication": "4",
               "rating-learning": "3", "rating-action": "5", "comments": "Good questions <script>x</script>"}


def test_observation_by_the_cohorts_trainer_is_stored(client, auth, classroom):
    trainer, _, learner = classroom
    auth.login("wang")
    assert "自说自话" in client.get(f"/teach/observations/new?learner={learner.id}").get_data(as_text=True)
    response = client.post("/teach/observations/new", data={**OBSERVATION, "learner": learner.id})
    assert response.headers["Location"].endswith(f"/learners/{learner.id}/competencies")
    observation = db.session.scalar(select(BehaviorObservation))
    assert observation.ratings == {"communication": 4, "learning": 3, "action": 5}
    assert observation.observer_id == trainer.id and observation.kind == "roleplay" and str(observation.observed_on) == "2026-11-20"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;script&gt;" in page and "<script>x" not in page


def test_observation_needs_every_rating_of_the_scenario(client, auth, classroom):
    _, _, learner = classroom
    auth.login("wang")
    data = {**OBSERVATION, "learner": learner.id}
    del data["rating-action"]
    assert client.post("/teach/observations/new", data=data).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(BehaviorObservation)) == 0


@pytest.mark.parametrize("who,status", [("zhao", 200), ("mei", 403), ("hr1", 403)])
def test_only_the_cohorts_trainers_and_admins_observe(client, auth, users, classroom, who, status):
    _, _, learner = classroom
    users("hr", username="hr1")
    auth.login(who)
    response = client.post("/teach/observations/new", data={**OBSERVATION, "learner": learner.id})
    assert response.status_code == status  # zhao gets the form back: mei is not among his learners
    assert db.session.scalar(select(func.count()).select_from(BehaviorObservation)) == 0


def test_admin_may_observe(client, auth, users, classroom):
    _, _, learner = classroom
    users("admin", username="boss")
    auth.login("boss")
    client.post("/teach/observations/new", data={**OBSERVATION, "learner": learner.id})
    assert db.session.scalar(select(func.count()).select_from(BehaviorObservation)) == 1


def test_competency_profile_combines_runs_and_observations(client, auth, classroom):
    trainer, _, learner = classroom
    auth.login("wang")
    client.post("/teach/observations/new", data={**OBSERVATION, "learner": learner.id})
    auth.logout()
    auth.login("mei")
    run_id = start(client)
    for choice in ("a", "a", "a"):
        choose(client, run_id, choice)
    page = client.get(f"/learners/{learner.id}/competencies").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page and "<desc" in page
    desc = re.search(r'<desc id="radar-desc">(.*?)</desc>', page, re.S).group(1)
    assert "：模拟 100.0，观察 80.0。" in desc and ":" not in desc and ", " not in desc  # Chinese punctuation
    assert page.count('class="radar__series') == 2
    assert "<td>100.0</td><td>80.0</td>" in page  # communication: 4 of 4 simulated, rating 4 observed
    assert "<td>50.0</td><td>60.0</td>" in page  # learning: 1 of 2, rating 3
    observed = re.search(r'<g class="radar__series radar__series--obs[^"]*" data-missing="([^"]*)">(.*?)</g>', page, re.S)
    assert observed.group(1) == "stress-resistance" and "radar__series--gaps" in observed.group(0)  # not rated
    vertices = re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', observed.group(2))
    assert len(vertices) == 3 and ("0.0", "0.0") not in vertices and "暂无评分" in page  # no point at 0


@pytest.mark.parametrize("who,status", [("mei", 200), ("wang", 200), ("zhao", 404), ("lei", 404)])
def test_profile_is_visible_to_the_learner_their_trainers_hr_and_admin(client, auth, users, classroom, who, status):
    _, _, learner = classroom
    users("learner", username="lei")
    auth.login(who)
    assert client.get(f"/learners/{learner.id}/competencies").status_code == status


def test_scenario_assignment_is_done_after_a_finished_run(client, auth, classroom):
    trainer, _, learner = classroom
    db.session.add(Assignment(kind="scenario", target_id="practice-call", cohort_id=learner.cohort_id))
    db.session.commit()
    auth.login("mei")
    assert 'href="/roleplays/practice-call"' in client.get("/").get_data(as_text=True)
    run_id = start(client)
    for choice in ("b", "a"):
        choose(client, run_id, choice)
    page = client.get("/").get_data(as_text=True)
    assert "badge badge--success" in page


def test_every_shipped_scenario_plays_to_each_ending(real_app, users):
    """Generated from the graphs: a new scenario is covered without a new test."""
    users("learner", username="player")
    client = real_app.test_client()
    client.post("/login", data={"username": "player", "password": "correct-horse"})
    catalog = real_app.extensions["catalog"]
    assert len(catalog.scenarios) >= 10
    played = 0
    for scenario in catalog.scenarios.values():
        routes = paths_to_every_ending(scenario)
        for ending in scenario.endings:
            run_id = int(client.post(f"/roleplays/{scenario.id}/start", data={"restart": "y"}).headers["Location"].rsplit("/", 1)[1])
            for _, choice in routes[ending.id]:
                page = client.get(f"/runs/{run_id}").get_data(as_text=True)
                step = re.search(r'name="step" type="hidden" value="(\d+)"', page).group(1)
                node = re.search(r'name="node" type="hidden" value="([^"]+)"', page).group(1)
                client.post(f"/runs/{run_id}/choose", data={"step": step, "node": node, "choice": choice})
            run = db.session.get(ScenarioRun, run_id)
            db.session.refresh(run)
            assert run.state == "finished" and run.outcome == ending.ending, (scenario.id, ending.id)
            debrief = client.get(f"/runs/{run_id}/debrief")
            assert debrief.status_code == 200 and ending.debrief["zh-Hans"][:10] in debrief.get_data(as_text=True)
            played += 1
    assert played >= 50


def _play(client, scenario_id, steps):
    """Play (node, choice) steps through the web pages, as a learner clicks them; returns the run id."""
    run_id = int(client.post(f"/roleplays/{scenario_id}/start", data={"restart": "y"}).headers["Location"].rsplit("/", 1)[1])
    for expected_node, choice in steps:
        page = client.get(f"/runs/{run_id}").get_data(as_text=True)
        step = re.search(r'name="step" type="hidden" value="(\d+)"', page).group(1)
        node = re.search(r'name="node" type="hidden" value="([^"]+)"', page).group(1)
        assert node == expected_node
        client.post(f"/runs/{run_id}/choose", data={"step": step, "node": node, "choice": choice})
    return run_id


def test_the_best_path_shown_scores_full_marks_in_every_figure_shown(real_app, users):
    """For every shipped scenario: play the steps the debrief shows as the best path; every figure is 100%."""
    learner = users("learner", username="player")
    client = real_app.test_client()
    client.post("/login", data={"username": "player", "password": "correct-horse"})
    catalog = real_app.extensions["catalog"]
    scored = set()
    for scenario in catalog.scenarios.values():
        run_id = _play(client, scenario.id, scenario.best.path)
        run = db.session.get(ScenarioRun, run_id)
        db.session.refresh(run)
        assert run.outcome == "success" and run.scores == run.best == scenario.best.scores, scenario.id
        debrief = client.get(f"/runs/{run_id}/debrief").get_data(as_text=True)
        percents = re.findall(r'<progress class="progress" max="100" value="(\d+)"', debrief)
        assert percents == ["100"] * len(scenario.competencies), (scenario.id, percents)
        shown = re.search(r'<ol class="best-path">(.*?)</ol>', debrief, re.S).group(1)
        for node_id, choice_id in scenario.best.path:  # the best path shown is the one just played
            assert scenario.nodes[node_id].choice(choice_id).text["zh-Hans"] in shown
        assert "cost you" not in debrief and "让您失分的选择" not in debrief
        scored |= set(scenario.competencies)
    profile = client.get(f"/learners/{learner.id}/competencies").get_data(as_text=True)
    simulated = re.findall(r'<tr><th scope="row">[^<]+</th><td>([^<]+)</td><td>', profile)
    assert simulated == ["100.0"] * 4 and scored == {"communication", "stress-resistance", "learning", "action"}
    tracker = client.get(f"/learners/{learner.id}/tracker").get_data(as_text=True)
    line = re.search(r"Role plays \(share of the best possible\):(.*?)</p>|角色扮演[^<]*?：(.*?)</p>", tracker, re.S)
    assert line and re.findall(r"\d+", line.group(0).split("：")[-1].split(":")[-1]) == ["100"] * 4


def test_debrief_speaks_of_the_choices_made(client, learner):
    """The debrief lists the learner's own scoring choices with their feedback, and none they did not make."""
    run_id = start(client)
    for choice in ("b", "b", "a", "a"):  # open b (net 0), pitch b (+1), probe a (+3), need-found a (+2): won
        choose(client, run_id, choice)
    page = client.get(f"/runs/{run_id}/debrief").get_data(as_text=True)
    helped = re.search(r'<ul class="moves moves--helped">(.*?)</ul>', page, re.S).group(1)
    assert "您现在最头疼什么？" in helped and "停机多少小时？" in helped and "下周带工程师来现场看看？" in helped
    assert "我们的新产品很好。" not in helped  # net zero: neither helped nor cost
    mine = re.sub(r'<ol class="best-path">.*?</ol>', "", page, flags=re.S)  # all but the best path shown beside
    assert "想了解您的设备情况。" not in mine and "FEEDBACK-OPEN-A" not in page  # a move this run never made
    assert "moves--cost" not in page
    lost = start(client, restart=True)
    choose(client, lost, "a")
    choose(client, lost, "b")  # probe b: back to open (+1)
    choose(client, lost, "b")  # open b: pitch (net 0)
    choose(client, lost, "a")  # pitch a: lost
    page = client.get(f"/runs/{lost}/debrief").get_data(as_text=True)
    assert "你放弃了。" in page and "FEEDBACK-OPEN-A" in page


def test_an_old_run_keeps_the_best_it_was_played_against(client, learner):
    """Runs stored before the one-run best keep their per-competency maxima; the debrief says so."""
    run_id = start(client)
    for choice in ("a", "a", "a"):
        choose(client, run_id, choice)
    run = db.session.get(ScenarioRun, run_id)
    run.best = {"communication": 5, "learning": 2, "action": 3}  # as an earlier scoring stored it
    db.session.commit()
    page = client.get(f"/runs/{run_id}/debrief").get_data(as_text=True)
    assert "<td>4</td><td>5</td>" in page and "早期版本" in page
    fresh = start(client, restart=True)
    assert db.session.get(ScenarioRun, fresh).best == {"communication": 4, "learning": 2, "action": 3}


def test_scenario_page_and_list_show_the_items_practiced(client, learner):
    page = client.get("/roleplays/practice-call").get_data(as_text=True)
    assert "练习的课程要点：" in page and 'href="/learn/basics/funnel"' in page and "1.2" in page
    assert "1.2" in client.get("/roleplays").get_data(as_text=True)
