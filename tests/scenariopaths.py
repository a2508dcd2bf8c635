"""Routes through a role-play graph, for the tests that play every ending."""
from __future__ import annotations

from collections import deque


def paths_to_every_ending(scenario) -> dict[str, list[tuple[str, str]]]:
    """Shortest (node, choice) sequence from the start to each ending (breadth-first over the graph)."""
    routes = {scenario.start: []}
    queue = deque([scenario.start])
    while queue:
        node = scenario.nodes[queue.popleft()]
        for choice in node.choices:
            if choice.next not in routes:
                routes[choice.next] = routes[node.id] + [(node.id, choice.id)]
                queue.append(choice.next)
    return {n.id: routes[n.id] for n in scenario.endings if n.id in routes}
