"""The local web app (``chainkg serve``): the matcher, batch matching, district profiles, the planning
pictures and tables, the interactive graph and the report in a browser, plus a JSON API whose answers
are the CLI's ``--json`` shapes.

Beside :mod:`chainkg.cli` at the top of the layers: it calls the public functions of ``queries``,
``graph`` and ``loaders`` and renders. FastAPI, uvicorn and Jinja2 are imported only here, so the
CLI's start-up stays light. Every asset is served by the app itself (no CDN, no outside font or
script); see :mod:`chainkg.web.app`.
"""
