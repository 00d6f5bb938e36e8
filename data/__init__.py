"""chainkg's reference data, installed as the package ``chainkg.data`` (see pyproject.toml)."""
