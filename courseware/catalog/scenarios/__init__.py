"""Role-play scenarios: the model, reading the files, the graph checks and the observers' rubric."""
from __future__ import annotations

from courseware.catalog.scenarios.loading import load_scenario, load_scenarios
from courseware.catalog.scenarios.model import COMPETENCIES, OUTCOMES, Choice, Node, Scenario
from courseware.catalog.scenarios.rubric import RubricEntry, load_rubric

__all__ = ["COMPETENCIES", "OUTCOMES", "Choice", "Node", "RubricEntry", "Scenario", "load_rubric", "load_scenario",
           "load_scenarios"]
