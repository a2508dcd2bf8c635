"""A scenario's graph checks: every node reachable and finishing, and the best run's totals consistent with the
pass score."""
from __future__ import annotations

from courseware.catalog.problems import ProblemLog
from courseware.catalog.scenarios.graph import Best, GraphTooLarge, best_scores, can_finish, reachable
from courseware.catalog.scenarios.model import Node


def _describe(run) -> str:
    return " → ".join(f"{node} {choice}" for node, choice in run.path)


def check_totals(nodes: dict[str, Node], best: Best, pass_score: int, log: ProblemLog) -> None:
    """The same total means the same outcome: success endings at or above the pass score, failures below it;
    and the best run, whose scores are shown as the best possible, ends in success and earns in every competency."""
    if best.ending and nodes[best.ending].ending != "success":
        log.add(nodes[best.ending].line, f"the best run (total {best.total}: {_describe(best)}) ends in "
                                         f"'{best.ending}', which is not a success ending")
    for name, value in best.scores.items():
        if value <= 0:
            log.add(1, f"the best run (total {best.total}: {_describe(best)}) earns {value} in '{name}': "
                       "the best possible must be above 0 in every competency")
    if not isinstance(pass_score, int) or isinstance(pass_score, bool):
        return
    for ending_id, totals in best.endings.items():
        node = nodes[ending_id]
        if node.ending == "success" and totals.lowest.total < pass_score:
            log.add(node.line, f"success ending '{ending_id}' is reached with total {totals.lowest.total}, below the "
                               f"pass score {pass_score}: {_describe(totals.lowest)}")
        if node.ending == "failure" and totals.highest.total >= pass_score:
            log.add(node.line, f"failure ending '{ending_id}' is reached with total {totals.highest.total}, at or above "
                               f"the pass score {pass_score}: {_describe(totals.highest)}")


def check_graph(nodes: dict[str, Node], start: str, log: ProblemLog, competencies: list[str]) -> Best | None:
    """The best run, if every choice leads to a node and every node is reachable and can finish; else None."""
    ok = True
    edges = []
    for node in nodes.values():
        for choice in node.choices:
            if choice.next not in nodes:
                log.add(choice.line, f"node '{node.id}' choice '{choice.id}' leads to missing node '{choice.next}'")
                ok = False
            else:
                edges.append((node.id, choice.id, choice.next, choice.scores))
    if not ok:
        return None
    endings = {n.id for n in nodes.values() if n.ending}
    if not endings:
        log.add(1, "the scenario has no ending")
        return None
    seen = reachable(start, edges)
    finishing = can_finish(endings, edges)
    for node in nodes.values():
        if node.id not in seen:
            log.add(node.line, f"node '{node.id}' cannot be reached from the start")
            ok = False
        elif node.id not in finishing:
            log.add(node.line, f"node '{node.id}' can never reach an ending")
            ok = False
    if not ok:
        return None
    try:
        return best_scores(start, endings, edges, competencies)
    except GraphTooLarge:
        log.add(1, "the graph has too many ways through it to compute the best scores; simplify its loops")
        return None
