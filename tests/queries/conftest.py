"""Fixtures of the planning tests (graphs built in plan_graphs.py)."""

from plan_graphs import notice_graph, toy_graph  # noqa: F401
