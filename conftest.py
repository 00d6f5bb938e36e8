"""Root pytest configuration: keep entry-point modules out of doctest collection."""

collect_ignore = ["chainkg/__main__.py", "data/__init__.py"]
