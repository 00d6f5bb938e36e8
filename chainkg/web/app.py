"""The FastAPI app of ``chainkg serve``: server-rendered pages (they work without JavaScript; the
script only enhances) and a JSON API whose answers are exactly the CLI's ``--json`` shapes.

Pages (Chinese; ``?lang=en`` puts English beside): ``/`` and ``/match?text=…``, ``/batch``,
``/districts``, ``/districts/{name}``, ``/planning``, ``/graph``, ``/report``, ``/api``.
API: ``POST /api/match``, ``POST /api/batch``, ``GET /api/districts[/{name}]``, ``/api/overlaps``,
``/api/gaps``, ``/api/collab``, ``/openapi.json``. Bad input is a 4xx with one line (``{"error": …}``
from the API, an error line in a page); templates autoescape every value.
"""

from __future__ import annotations

import asyncio
import shutil
import zipfile
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from chainkg.errors import ChainKGError, InputError, UnknownName
from chainkg.web.guard import COOKIE, Guard, TooLarge
from chainkg.web.state import BATCH_FORMATS, AppState, ServeConfig
from chainkg.web.text import bilingual, highlight, ui

MAX_TEXT = 20_000  # characters of one profile
Lang = Annotated[str, Query(pattern="^(zh|en)$", description="zh (default) or en: English beside the Chinese")]


class MatchRequest(BaseModel):
    """Body of ``POST /api/match``."""

    text: str = Field(description="Company profile: name, products or business scope (经营范围)")
    top: int = Field(5, ge=1, le=50, description="Parks to return")
    lang: str = Field("zh", pattern="^(zh|en)$", description="Language of the reasons: zh or en")


class WebError(Exception):
    """A request the app refuses: HTTP status and one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("chainkg.web").joinpath(name)))


def _status(err: Exception) -> int:
    if isinstance(err, WebError):
        return err.status
    return 404 if isinstance(err, UnknownName) else 400


def _one_line(text: str) -> str:
    return " ".join(str(text).split()) or "bad request"


def create_app(config: ServeConfig, state: AppState | None = None) -> Any:
    """The ASGI app (FastAPI inside :class:`chainkg.web.guard.Guard`). Loads the graph and the match
    index now, so a bad ``--source`` fails before the server listens."""
    state = state or AppState(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        yield
        state.close()

    app = FastAPI(title="chainkg", version=_version(), docs_url=None, redoc_url=None, lifespan=lifespan,
                  summary="Industrial-chain matching and planning: the JSON shapes of the chainkg CLI's --json.")
    app.state.chainkg = state
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    env = Environment(loader=FileSystemLoader(_package_dir("templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)

    def render(request: Request, name: str, lang: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        def href(path: str, **params: Any) -> str:
            params = {k: v for k, v in params.items() if v not in (None, "")}
            if lang == "en":
                params["lang"] = "en"
            return path + (f"?{urlencode(params)}" if params else "")

        other = dict(request.query_params)
        if lang == "en":
            other.pop("lang", None)
        else:
            other["lang"] = "en"
        page = env.get_template(name).render(
            lang=lang, t=lambda key, **f: ui(lang, key, **f), bi=lambda zh, en: bilingual(zh, en, lang), href=href,
            path=request.url.path, switch=request.url.path + (f"?{urlencode(other)}" if other else ""), **ctx)
        return HTMLResponse(page, status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def page_lang(request: Request) -> str:
        return "en" if request.query_params.get("lang") == "en" else "zh"

    def error_response(request: Request, status: int, message: str, suggestions: list[str] | None = None) -> Response:
        message = _one_line(message)
        if is_api(request):
            return JSONResponse({"error": message}, status_code=status)
        return render(request, "error.html", page_lang(request), status=status, message=message,
                      suggestions=suggestions or [])

    @app.exception_handler(ChainKGError)
    async def _chainkg_error(request: Request, err: ChainKGError) -> Response:
        return error_response(request, _status(err), str(err), getattr(err, "suggestions", None))

    @app.exception_handler(WebError)
    async def _web_error(request: Request, err: WebError) -> Response:
        return error_response(request, err.status, str(err))

    @app.exception_handler(TooLarge)
    async def _too_large(request: Request, err: TooLarge) -> Response:
        return error_response(request, 413, f"upload too large: the limit is {config.max_upload_bytes // (1024 * 1024)} MB")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, err: StarletteHTTPException) -> Response:
        message = str(err.detail) if err.status_code != 404 or is_api(request) else ui(page_lang(request), "not_found")
        return error_response(request, err.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> Response:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path"))
        return error_response(request, 422, f"{where or 'request'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> Response:  # the server keeps serving
        return error_response(request, 500, f"internal error ({type(err).__name__})")

    # ------------------------------------------------------------------------------------------
    # matching

    def match_result(text: str, top: int) -> Any:
        from chainkg.queries.match import match_text

        if not text.strip():
            raise WebError(400, "empty text: paste a company profile (name, products or business scope)")
        if len(text) > MAX_TEXT:
            raise WebError(413, f"text too long: {len(text):,} characters; the limit is {MAX_TEXT:,}")
        return match_text(state.index, text, top=top)

    def match_context(text: str, top: int, lang: str) -> dict[str, Any]:
        r = match_result(text, top)
        words = [w for c in r.categories for w in c.evidence]
        return {"r": r, "pieces": highlight(text, words), "note": r.note_en if lang == "en" else r.note}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/match", response_class=HTMLResponse, include_in_schema=False)
    def match_page(request: Request, text: str | None = None, top: Annotated[int, Query(ge=1, le=50)] = 5,
                   lang: Lang = "zh") -> Response:
        ctx: dict[str, Any] = {"text": text or "", "top": top, "error": "", "r": None}
        status = 200
        if text is not None:
            try:
                ctx.update(match_context(text, top, lang))
            except WebError as err:
                ctx["error"], status = str(err), err.status
        return render(request, "match.html", lang, status=status, **ctx)

    @app.get("/match/results", response_class=HTMLResponse, include_in_schema=False)
    def match_fragment(request: Request, text: str = "", top: Annotated[int, Query(ge=1, le=50)] = 5,
                       lang: Lang = "zh") -> Response:
        """The results part of the match page, for the page's type-ahead script."""
        try:
            return render(request, "_results.html", lang, **match_context(text, top, lang))
        except WebError as err:
            return render(request, "_results.html", lang, status=err.status, error=str(err), r=None)

    @app.post("/api/match", summary="Match one company profile: exactly `chainkg match --json`")
    def api_match(body: MatchRequest) -> JSONResponse:
        """``{"query", "categories": [{"id","name","score","evidence"}], "results": [{"rank","district",
        "park","score","directions","reason","kind"}]}``."""
        return JSONResponse(match_result(body.text, body.top).as_dict(body.lang))

    # ------------------------------------------------------------------------------------------
    # batch

    async def receive_upload(request: Request) -> tuple[Any, dict[str, str]]:
        try:
            form = await request.form(max_files=1, max_fields=20)
        except TooLarge:
            drain = request.scope.get("chainkg.drain")
            if drain is not None:
                await drain()  # the client is still sending: read it away, so it sees the 413
            raise
        except Exception as err:  # noqa: BLE001 - a broken multipart body is one line
            raise WebError(400, f"not a form upload ({type(err).__name__}); send multipart/form-data with a file") from err
        upload = form.get("file")
        fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise WebError(400, "no file: choose a .csv or .xlsx company list")
        folder = state.job_folder()
        target = folder / "upload"
        await asyncio.to_thread(_save, upload.file, target)
        await upload.close()
        try:
            job = await asyncio.to_thread(state.new_job, upload.filename, target)
        except Exception:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return job, fields

    def batch_options(fields: dict[str, str]) -> tuple[str, int]:
        fmt = (fields.get("format") or "xlsx").lower().lstrip(".")
        if fmt not in BATCH_FORMATS:
            raise WebError(400, f"format {fmt!r}: expected csv, xlsx or jsonl")
        try:
            top = int(fields.get("top") or 3)
        except ValueError:
            raise WebError(400, f"top {fields.get('top')!r}: expected a whole number") from None
        if not 1 <= top <= 20:
            raise WebError(400, "top: expected 1–20")
        return fmt, top

    @app.get("/batch", response_class=HTMLResponse, include_in_schema=False)
    def batch_page(request: Request, lang: Lang = "zh") -> Response:
        return render(request, "batch.html", lang, job=None, error="", limits=_limits(config))

    @app.post("/batch", response_class=HTMLResponse, include_in_schema=False)
    async def batch_upload(request: Request) -> Response:
        lang = page_lang(request)
        try:
            job, fields = await receive_upload(request)
        except (WebError, ChainKGError, TooLarge) as err:
            status = 413 if isinstance(err, TooLarge) else _status(err)
            message = (f"upload too large: the limit is {config.max_upload_bytes // (1024 * 1024)} MB"
                       if isinstance(err, TooLarge) else _one_line(str(err)))
            return render(request, "batch.html", lang, status=status, job=None, error=message, limits=_limits(config))
        if fields.get("column"):
            return await start_job(request, job, fields, lang)
        return RedirectResponse(_with_lang(f"/batch/{job.id}", lang), status_code=303)

    async def start_job(request: Request, job: Any, fields: dict[str, str], lang: str) -> Response:
        try:
            fmt, top = batch_options(fields)
            rows = await asyncio.to_thread(state.job_rows, job, fields.get("column", ""), fields.get("id_column") or None)
        except (WebError, ChainKGError) as err:
            return render(request, "batch.html", lang, status=_status(err), job=job, error=_one_line(str(err)),
                          limits=_limits(config))
        state.run_job(job, rows, fmt, top=top, lang=lang)
        return RedirectResponse(_with_lang(f"/batch/{job.id}", lang), status_code=303)

    def get_job(job_id: str) -> Any:
        job = state.job(job_id)
        if job is None:
            raise WebError(404, "no such batch (finished batches are removed once downloaded); upload the list again")
        return job

    @app.get("/batch/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def batch_job_page(request: Request, job_id: str, lang: Lang = "zh") -> Response:
        return render(request, "batch.html", lang, job=get_job(job_id), error="", limits=_limits(config))

    @app.post("/batch/{job_id}/start", response_class=HTMLResponse, include_in_schema=False)
    async def batch_start(request: Request, job_id: str) -> Response:
        job = get_job(job_id)
        form = await request.form(max_files=0, max_fields=20)
        return await start_job(request, job, {k: str(v) for k, v in form.items()}, page_lang(request))

    @app.get("/batch/{job_id}/download", include_in_schema=False)
    def batch_download(job_id: str) -> Response:
        job = get_job(job_id)
        if job.status != "done" or job.out is None:
            raise WebError(409, "the batch is not finished yet")
        return FileResponse(job.out, filename=job.out.name, media_type=_media(job.out.suffix),
                            background=BackgroundTask(state.drop_job, job))

    @app.get("/api/jobs/{job_id}", summary="Progress of a batch started on the /batch page")
    def api_job(job_id: str) -> JSONResponse:
        return JSONResponse(get_job(job_id).as_dict())

    @app.post("/api/batch", summary="Rank a company list: the file `chainkg match --file` writes",
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": ["file", "column"], "properties": {
                      "file": {"type": "string", "format": "binary", "description": ".csv or .xlsx, header in the first row"},
                      "column": {"type": "string", "description": "the column holding the profile text"},
                      "id_column": {"type": "string", "description": "the column holding an id (optional)"},
                      "format": {"type": "string", "enum": list(BATCH_FORMATS), "default": "xlsx"},
                      "top": {"type": "integer", "default": 3, "minimum": 1, "maximum": 20},
                      "lang": {"type": "string", "enum": ["zh", "en"], "default": "zh"}}}}}}})
    async def api_batch(request: Request) -> Response:
        """Every row kept, in order: CSV/XLSX get ``id, row, query, categories, note`` and per rank
        ``district_k, park_k, score_k, kind_k, reason_k``; JSONL the ``match --json`` object plus ``id`` and ``note``."""
        job, fields = await receive_upload(request)
        try:
            if not fields.get("column"):
                raise WebError(400, "no column: give the column holding the profile text (header: "
                                    + ", ".join(h for h in job.header if h)[:160] + ")")
            fmt, top = batch_options(fields)
            lang = fields.get("lang") or "zh"
            if lang not in ("zh", "en"):
                raise WebError(400, "lang: expected zh or en")
            rows = await asyncio.to_thread(state.job_rows, job, fields["column"], fields.get("id_column") or None)
            out = await asyncio.to_thread(state.run_now, job, rows, fmt, top=top, lang=lang)
        except Exception:
            state.drop_job(job)
            raise
        return FileResponse(out, filename=out.name, media_type=_media(out.suffix),
                            background=BackgroundTask(state.drop_job, job))

    # ------------------------------------------------------------------------------------------
    # districts

    @app.get("/districts", response_class=HTMLResponse, include_in_schema=False)
    def districts_page(request: Request, lang: Lang = "zh") -> Response:
        from chainkg.queries.profiles import districts_table

        rows = state.cached("districts", None, lambda: districts_table(state.G).to_dict(orient="records"))
        return render(request, "districts.html", lang, rows=rows)

    @app.get("/districts/{name}", response_class=HTMLResponse, include_in_schema=False)
    def district_page(request: Request, name: str, lang: Lang = "zh") -> Response:
        from chainkg.queries.profiles import district_profile

        return render(request, "district.html", lang, p=district_profile(state.G, name))

    @app.get("/api/districts", summary="All districts: exactly `chainkg districts --json`")
    def api_districts() -> JSONResponse:
        from chainkg.queries.shapes import districts_json

        return JSONResponse(state.cached("api", "districts", lambda: districts_json(state.G)))

    @app.get("/api/districts/{name}", summary="One district (forgiving names): exactly `chainkg district NAME --json`")
    def api_district(name: str) -> JSONResponse:
        from chainkg.queries.shapes import district_json

        return JSONResponse(district_json(state.G, name))

    @app.get("/api/overlaps", summary="Duplicated directions and similar pairs: exactly `chainkg overlaps --json`")
    def api_overlaps(level: Annotated[str, Query(pattern="^(direction|category)$")] = "direction",
                     top: Annotated[int, Query(ge=0)] = 20, lang: Lang = "zh") -> JSONResponse:
        from chainkg.queries.shapes import overlaps_json

        return JSONResponse(state.cached("api", ("overlaps", level, top, lang),
                                         lambda: overlaps_json(state.G, level=level, top=top or None, lang=lang)))  # type: ignore[arg-type]

    @app.get("/api/gaps", summary="Chain gaps: exactly `chainkg gaps --json`")
    def api_gaps(lang: Lang = "zh") -> JSONResponse:
        from chainkg.queries.shapes import gaps_json

        return JSONResponse(state.cached("api", ("gaps", lang), lambda: gaps_json(state.G, lang=lang)))

    @app.get("/api/collab", summary="Collaboration candidates: exactly `chainkg collab [DISTRICT] --json`")
    def api_collab(district: str | None = None, kind: Annotated[str | None, Query(pattern="^(supply|shared)$")] = None,
                   max_km: Annotated[float | None, Query(ge=0)] = None, top: Annotated[int, Query(ge=0)] = 20,
                   lang: Lang = "zh") -> JSONResponse:
        from chainkg.queries.shapes import collab_json

        return JSONResponse(state.cached("api", ("collab", district, kind, max_km, top, lang), lambda: collab_json(
            state.G, district=district or None, kind=kind, max_km=max_km, top=top or None, lang=lang), size=64))

    # ------------------------------------------------------------------------------------------
    # planning, graph, report

    def resolve(name: str | None, label: str) -> str | None:
        from chainkg.graph.lookup import resolve as lookup
        from chainkg.graph.schema import Label

        return lookup(state.G, name, Label(label)) if name else None

    @app.get("/planning", response_class=HTMLResponse, include_in_schema=False)
    def planning_page(request: Request, focus: str | None = None, direction: str | None = None,
                      lang: Lang = "zh") -> Response:
        from chainkg.cli.report import COLUMNS, SHOWN, TEXT, heatmap_svg
        from chainkg.graph.pictures import district_map_svg, panorama_svg
        from chainkg.queries.profiles import districts_table, directions_table
        from chainkg.queries.report import plan_report

        error = ""
        try:
            focus_id, direction_id = resolve(focus, "District"), resolve(direction, "Direction")
        except ChainKGError as err:
            error, focus_id, direction_id = str(err), None, None

        def build() -> dict[str, Any]:
            rep = plan_report(state.G, lang=lang, top=30, max_rows=500, focus=focus_id, direction=direction_id)
            return {"report": rep, "panorama": panorama_svg(rep.panorama, lang=lang) if rep.panorama else "",
                    "map": district_map_svg(rep.district_map, lang=lang) if rep.district_map else "",
                    "heatmap": heatmap_svg(rep.matrix)}

        drawn = state.cached("planning", (lang, focus_id, direction_id), build)
        choices = state.cached("choices", None, lambda: (
            list(districts_table(state.G)["district"]), list(directions_table(state.G)["direction"])))
        tables = [(key, SHOWN[key], limit) for key, limit in (
            ("duplicated_directions", 30), ("similar_pairs", 15), ("uncovered", 30),
            ("single_district_directions", 30), ("broken_links", 20), ("collab", 30))]
        titles = {k: TEXT["zh"][k] + (f" {TEXT['en'][k]}" if lang == "en" else "") for k, _, _ in tables}
        return render(request, "planning.html", lang, status=404 if error else 200, error=error, **drawn,
                      report_titles=titles,
                      tables=tables, headings=COLUMNS, cell=lambda v, c="": _cell(v, c, lang), focus=focus or "", direction=direction or "",
                      district_choices=choices[0], direction_choices=choices[1])

    def graph_html(focus: str | None, category: str | None, depth: int, lang: str) -> str:
        from chainkg.graph.viz import to_pyvis_html

        return state.cached("graph", (focus, category, depth, lang), lambda: to_pyvis_html(
            state.G, focus=focus, category=category, depth=depth, lang=lang), size=16)

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(request: Request, focus: str | None = None, category: str | None = None,
                   depth: Annotated[int, Query(ge=1, le=4)] = 1, lang: Lang = "zh") -> Response:
        error = ""
        try:
            graph_html(focus or None, category or None, depth, lang)
        except ChainKGError as err:
            error = str(err)
        params = {"focus": focus, "category": category, "depth": depth if focus else None}
        return render(request, "graph.html", lang, status=404 if error else 200, error=error, focus=focus or "",
                      category=category or "", depth=depth, params=params)

    @app.get("/graph/view", response_class=HTMLResponse, include_in_schema=False)
    def graph_view(focus: str | None = None, category: str | None = None,
                   depth: Annotated[int, Query(ge=1, le=4)] = 1, lang: Lang = "zh") -> Response:
        return HTMLResponse(graph_html(focus or None, category or None, depth, lang))

    def report_dir(lang: str) -> Path:
        from chainkg.cli.report import write_report

        return state.cached("report", lang, lambda: write_report(state.G, state.tmp / f"report-{lang}", lang=lang).parent)

    @app.get("/report", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, lang: Lang = "zh") -> Response:
        folder = report_dir(lang)
        files = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        return render(request, "report.html", lang, files=files, view=f"/report/view/{lang}/")

    @app.get("/report/view/{lang}/{name}", include_in_schema=False)
    def report_file(lang: str, name: str) -> Response:
        if lang not in ("zh", "en"):
            raise WebError(404, "no such report")
        folder = report_dir(lang)
        path = folder / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise WebError(404, f"no such report file: {name}")
        return FileResponse(path, media_type=_media(path.suffix))

    @app.get("/report/download", include_in_schema=False)
    def report_zip(lang: Lang = "zh") -> Response:
        def build() -> Path:
            folder = report_dir(lang)
            target = state.tmp / f"chainkg-report-{lang}.zip"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in sorted(folder.iterdir()):
                    if p.is_file() and not p.name.startswith("."):
                        zf.write(p, f"chainkg-report/{p.name}")
            return target

        zipped = state.cached("report-zip", lang, build)
        return FileResponse(zipped, filename="chainkg-report.zip", media_type="application/zip")

    # ------------------------------------------------------------------------------------------
    # the rest: API page, login, health

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request, lang: Lang = "zh") -> Response:
        spec = app.openapi()
        ops = [(method.upper(), path, op.get("summary", ""), op.get("description", ""))
               for path, item in spec["paths"].items() for method, op in item.items()]
        return render(request, "api.html", lang, ops=ops)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/", lang: Lang = "zh") -> Response:
        return render(request, "login.html", lang, next=_local(next), error="")

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        import hmac

        form = await request.form(max_files=0, max_fields=5)
        lang, target = page_lang(request), _local(str(form.get("next") or "/"))
        token = str(form.get("token") or "")
        if not config.token or not hmac.compare_digest(token.encode(), config.token.encode()):
            return render(request, "login.html", lang, status=401, next=target, error="wrong token")
        resp = RedirectResponse(target, status_code=303)
        resp.set_cookie(COOKIE, config.cookie_value(), httponly=True, samesite="strict", path="/")
        return resp

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        return JSONResponse({"ok": True})

    return Guard(app, config)


def _save(src: Any, target: Path) -> None:
    with target.open("wb") as out:
        shutil.copyfileobj(src, out, 1024 * 1024)


def _limits(config: ServeConfig) -> dict[str, str]:
    return {"mb": str(config.max_upload_bytes // (1024 * 1024)), "rows": f"{config.max_rows:,}"}


def _with_lang(path: str, lang: str) -> str:
    return path + ("?lang=en" if lang == "en" else "")


def _local(target: str) -> str:
    """Only a path on this server (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


_MEDIA = {".csv": "text/csv; charset=utf-8", ".jsonl": "application/x-ndjson; charset=utf-8",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}


def _media(suffix: str) -> str:
    return _MEDIA.get(suffix.lower(), "application/octet-stream")


def _cell(value: Any, column: str = "", lang: str = "zh") -> str:
    """A table value as text: lists joined by 、, numbers rounded, fixed values in Chinese."""
    import math

    from chainkg.cli.report import VALUES

    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else ""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        return f"{value:.1f}" if column == "distance_km" else f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    if lang == "zh" and column in ("kind", "position") and isinstance(value, str):
        return VALUES.get(value, value)
    return "" if value is None else str(value)


def _version() -> str:
    from chainkg import __version__

    return __version__
