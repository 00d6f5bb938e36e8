"""Parsing a published notice: its metadata and its annex table of districts.

The annex table is a run of tab-led lines, one per cell; a cell may continue over several lines
with blank lines inside it (西部科学城 / 重庆高新区 is one cell); a row starts at its 序号 cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chainkg.errors import InputError
from chainkg.loaders.canon import canonical_direction, canonical_district, canonical_type, clean, expand_parks, split_directions
from chainkg.loaders.model import Document, DistrictRow, LoadedSource, LoadEvent
from chainkg.loaders.rows import merge_duplicate_rows
from chainkg.loaders.textnorm import compact
from chainkg.loaders.vocab import known_directions, loader_vocab, regions

_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_BASIS = re.compile(r"根据《([^》]{2,80})》[（(]([^）)]{2,40}号)[）)]")
_DECLARED = re.compile(r"等\s*(\d{1,4})\s*个区县")
_TITLE_END = ("通知", "决定", "意见", "公告", "通告", "批复", "函")


@dataclass
class _Cell:
    text: str
    line: int  # 1-based line where the cell starts


def _cells(lines: list[str], start: int) -> list[_Cell]:
    """Cells of the annex table from line index ``start`` on (tab-led lines start cells)."""
    cells: list[_Cell] = []
    blanks = 0
    for idx in range(start, len(lines)):
        line = lines[idx]
        if line.startswith("\t"):
            cells.append(_Cell(line.strip(), idx + 1))
            blanks = 0
        elif not line.strip():
            blanks += 1
        elif cells:
            # a continuation line of the cell above; blank lines between are kept in the raw text
            cells[-1].text += "\n" * (blanks + 1) + line.strip()
            blanks = 0
    return cells


def _find_header(lines: list[str], path: str) -> int:
    """Index of the line after the header cells (序号, 区县（开发区）, …)."""
    headers = [compact(h) for h in loader_vocab()["notice"]["table_headers"]]
    for idx, line in enumerate(lines):
        if line.startswith("\t") and compact(line) == headers[0]:
            got = [compact(lines[j]) for j in range(idx, min(idx + len(headers), len(lines)))]
            if got == headers:
                return idx + len(headers)
            raise InputError(path, f"annex header should be {' | '.join(loader_vocab()['notice']['table_headers'])}",
                             line=idx + 1)
    raise InputError(path, "not a creation-list notice: no annex table starting with a 序号 header cell")


def _addressees(lines: list[str]) -> tuple[tuple[str, ...], int | None]:
    """Names on the addressee line (…区经济信息委，…经信部门，相关产业园区：)."""
    vocab = loader_vocab()["notice"]
    for idx, line in enumerate(lines[:40]):
        text = line.strip()
        if not text.endswith(("：", ":")) or "、" not in text:
            continue
        names: list[str] = []
        for group in re.split(r"[，,；;]", text.rstrip("：:")):
            group = group.strip()
            for suffix in sorted(vocab["department_suffixes"], key=len, reverse=True):
                if group.endswith(suffix):
                    group = group[: -len(suffix)]
                    break
            for name in group.split("、"):
                name = clean(name)
                if name and name not in vocab["not_districts"]:
                    names.append(name)
        return tuple(names), idx + 1
    return (), None


def parse_notice(text: str, *, path: str = "<notice>", sha256: str = "") -> LoadedSource:
    """Parse the text of a creation-list notice.

    >>> from chainkg.loaders.vocab import SHIPPED_NOTICE
    >>> src = parse_notice(SHIPPED_NOTICE.read_text(encoding="utf-8"))
    >>> src.document.number, src.document.date, len(src.rows)
    ('渝经信园区〔2022〕26号', '2022-12-14', 13)
    """
    lines = text.replace("\ufeff", "").split("\n")
    head = [ln.strip() for ln in lines[:15] if ln.strip()]
    number = next((m.group(0) for ln in head[:5] if (m := _NUMBER.search(ln))), "")
    if not number:
        raise InputError(path, "not a notice: no document number (such as 渝经信园区〔2022〕26号) in its first lines")
    after_number = head[head.index(next(ln for ln in head if number in ln)) + 1:]
    issuer = after_number[0] if after_number and not after_number[0].startswith("关于") else ""
    title_lines: list[str] = []
    for ln in after_number:
        if title_lines or ln.startswith("关于"):
            title_lines.append(ln)
            if ln.endswith(_TITLE_END):
                break
    region = next((r for r in regions() if issuer.startswith(r)), "")
    addressees, _ = _addressees(lines)
    table_start = _find_header(lines, path)
    body = "\n".join(lines[:table_start])
    basis = m.group(2) if (m := _BASIS.search(body)) else ""
    dates = [m for m in _DATE.finditer(body)]
    date = f"{dates[-1].group(1)}-{int(dates[-1].group(2)):02d}-{int(dates[-1].group(3)):02d}" if dates else ""
    declared = int(m.group(1)) if (m := _DECLARED.search(body)) else None

    document = Document(
        id=number, kind="notice", name=number, path=path, sha256=sha256, region=region, number=number,
        title="".join(title_lines), issuer=issuer, date=date, basis=basis, addressees=addressees,
        declared_rows=declared,
    )
    events: list[LoadEvent] = []
    rows = _rows(_cells(lines, table_start), document, path, events, ends_cleanly=text.endswith("\n"))
    if declared is not None and declared != len(rows):
        raise InputError(path, f"the notice names {declared} districts but its table has {len(rows)} rows; truncated?")
    return LoadedSource(document, merge_duplicate_rows(rows, events), events)


def _rows(cells: list[_Cell], doc: Document, path: str, events: list[LoadEvent], *,
          ends_cleanly: bool) -> list[DistrictRow]:
    width = len(loader_vocab()["notice"]["table_headers"])
    headers = loader_vocab()["notice"]["table_headers"]
    groups: list[list[_Cell]] = []
    for cell in cells:
        starts_row = cell.text.isdigit() and (not groups or len(groups[-1]) >= width)
        if starts_row:
            groups.append([cell])
        elif not groups:
            raise InputError(path, f"annex table should start with a 序号 cell, found {cell.text[:20]!r}", line=cell.line)
        elif len(groups[-1]) >= width:
            raise InputError(path, f"row {groups[-1][0].text} has more than {width} cells", line=cell.line)
        else:
            groups[-1].append(cell)
    if not groups:
        raise InputError(path, "the annex table has no rows")
    rows: list[DistrictRow] = []
    for n, group in enumerate(groups, 1):
        seq_cell = group[0]
        if len(group) < width:
            missing = ", ".join(headers[len(group):])
            raise InputError(path, f"row {seq_cell.text} is cut short: {len(group)} of {width} cells, missing {missing}",
                             line=seq_cell.line)
        if int(seq_cell.text) != n:
            raise InputError(path, f"序号 {seq_cell.text} out of order; expected {n}", line=seq_cell.line)
        _, district_cell, parks_cell, type_cell, dir_cell = group
        raws = split_directions(dir_cell.text)
        if not raws:
            raise InputError(path, f"row {n} has no directions", line=dir_cell.line)
        directions = tuple(canonical_direction(r, source=doc.id, line=dir_cell.line, events=events) for r in raws)
        if n == len(groups) and not ends_cleanly and directions[-1].how == "new" and known_directions():
            raise InputError(path, f"the file ends inside row {n}'s 创建方向 cell ({raws[-1]!r}); truncated notice?",
                             line=dir_cell.line)
        parks = tuple(expand_parks(parks_cell.text, source=doc.id, line=parks_cell.line, events=events))
        if not parks:
            raise InputError(path, f"row {n} has no host park", line=parks_cell.line)
        rows.append(DistrictRow(
            source=doc.id, seq=n, line=seq_cell.line, raw_district=district_cell.text,
            district=canonical_district(district_cell.text, addressees=doc.addressees, region=doc.region,
                                        source=doc.id, line=district_cell.line, events=events),
            region=doc.region, parks=parks, type_raw=type_cell.text,
            type=canonical_type(type_cell.text, path=path, line=type_cell.line), directions=directions,
        ))
    return rows
