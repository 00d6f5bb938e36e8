"""Session-wide fixtures: the graph-server ones live in tests/fixtures_db.py."""

pytest_plugins = ["tests.fixtures_db"]
