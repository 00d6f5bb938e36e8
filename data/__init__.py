"""chainkg's reference data, installed as the package ``chainkg_data`` (see pyproject.toml)."""
