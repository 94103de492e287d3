"""Benchmark: peak memory of the worst uploads the import's limits admit (issue 16, item 4).

    DJANGO_DEBUG=1 .venv/bin/python bench/import_memory_bench.py [--case NAME]

Makes each file in a temporary folder, then reads it in a fresh interpreter as the upload
step does (``plan_import`` into a new programme: the preview's work) and reports the
process's peak resident memory (Linux's VmHWM) before and after, and the
time. Budget: the worker stays under 300 MB for any file the limits admit.

Cases (each just inside a limit):

* ``csv-short-lines``: 20 MB CSV, 100,000 rows (the row limit) of ordinary cells;
* ``csv-wide``: 20 MB CSV, 100,000 rows, 95 target-group columns holding X marks;
* ``csv-long-cells``: 20 MB CSV of 160 cells of 128 K characters (csv's field limit);
* ``xlsx-rows``: .xlsx with 100,000 rows of distinct texts (written by openpyxl);
* ``xlsx-strings``: .xlsx whose shared strings fill their 16 MB part with tiny texts;
* ``xlsx-long-cells``: .xlsx whose sheet holds cells of 32,767 characters up to 20 MB.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
LIMIT = 20 * MB - 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
GROUPS = ["Stuurgroep", "BOR", "Klankbordgroep", "Colleges, raden en staten"]


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > LIMIT:
            break
    return buffer.getvalue().encode()[:LIMIT].rsplit(b"\n", 1)[0] + b"\n"


def csv_short_lines() -> bytes:
    rng = random.Random(1)
    rows = [["Einddatum", "Mijlpaal", "Doelgroep", "Wie", "Omschrijving"]]
    for n in range(99_999):
        text = " ".join(rng.choice(["overleg", "besluit", "notitie", "raad"]) for _ in range(16))
        rows.append([f"{n % 28 + 1}-mrt", f"Activiteit {n} {text}", rng.choice(GROUPS), "PL", text])
    return csv_bytes(rows)


def csv_wide() -> bytes:
    header = ["Einddatum", "Mijlpaal", *[f"Groep {n}" for n in range(95)]]
    rows = [header]
    for n in range(99_999):
        rows.append([f"{n % 28 + 1}-mrt", f"A{n}", *(["X"] * 95)])
    return csv_bytes(rows)


def csv_long_cells() -> bytes:
    rows = [["Einddatum", "Mijlpaal", "Omschrijving"]]
    rows += [["1-mrt", f"A{n}", "x" * 131_000] for n in range(200)]
    return csv_bytes(rows)


def xlsx_rows() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Planning")
    sheet.append(["Einddatum", "Mijlpaal", "Doelgroep", "Wie", "Omschrijving"])
    rng = random.Random(2)
    for n in range(99_999):
        words = " ".join(rng.choice(["overleg", "besluit", "notitie", "raad"]) for _ in range(12))
        sheet.append([f"{n % 28 + 1}-mrt", f"Activiteit {n}", rng.choice(GROUPS), "PL", words])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def package(sheet: bytes, strings: bytes) -> bytes:
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets>'
            '<sheet name="Planning" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def xlsx_strings() -> bytes:
    """Shared strings up to 16 MB of tiny distinct texts; rows use them as titles."""
    pieces, size, n = [f'<sst xmlns="{MAIN}">'.encode()], 0, 0
    while size < 16 * MB - 1024:
        piece = f"<si><t>{n:x}</t></si>".encode()
        pieces.append(piece)
        size += len(piece)
        n += 1
    pieces.append(b"</sst>")
    rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Einddatum</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Mijlpaal</t></is></c></row>'
    ]
    for r in range(2, 100_001):
        rows.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>1-mrt</t></is></c>'
            f'<c r="B{r}" t="s"><v>{r % n}</v></c></row>'
        )
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    return package(sheet.encode(), b"".join(pieces))


def xlsx_long_cells() -> bytes:
    """Cells of 32,767 random letters (they hardly compress) until the file is 20 MB."""
    rng = random.Random(3)
    rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Einddatum</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Mijlpaal</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Omschrijving</t></is></c></row>'
    ]
    letters = "abcdefghijklmnopqrstuvwxyz"
    for r in range(2, 1000):
        text = "".join(rng.choices(letters, k=32_767))
        rows.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>1-mrt</t></is></c>'
            f'<c r="B{r}" t="inlineStr"><is><t>A{r}</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>{text}</t></is></c></row>'
        )
        if r % 50 == 0 and len("".join(rows)) * 0.62 > 19 * MB:  # ~0.6 after deflate
            break
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    return package(sheet.encode(), f'<sst xmlns="{MAIN}"></sst>'.encode())


CASES = {
    "csv-short-lines": ("planning.csv", csv_short_lines),
    "csv-wide": ("breed.csv", csv_wide),
    "csv-long-cells": ("lang.csv", csv_long_cells),
    "xlsx-rows": ("rijen.xlsx", xlsx_rows),
    "xlsx-strings": ("teksten.xlsx", xlsx_strings),
    "xlsx-long-cells": ("cellen.xlsx", xlsx_long_cells),
}


def setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


def high_water_mark() -> float:
    """Peak resident memory of this process in MB: Linux's VmHWM, which starts anew at
    exec (``ru_maxrss`` would carry the parent's peak over into the child)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path, database: Path) -> None:
    """In the child: read the file as the upload step does; print JSON."""
    setup(database)
    from milestones.importing import UnreadableFile, plan_import

    data = path.read_bytes()
    before = high_water_mark()
    began = time.perf_counter()
    outcome = "planned"
    try:
        plan = plan_import(data=data, file_name=path.name, programme="bench", year=2025)
        outcome = f"{len(plan.creates)} rows, {len(plan.problems)} problems"
    except UnreadableFile as exc:
        outcome = f"refused: {exc}"[:90]
    seconds = time.perf_counter() - began
    peak = high_water_mark()
    print(json.dumps({"before": before, "peak": peak, "seconds": seconds, "outcome": outcome}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--child", nargs=2, metavar=("FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(Path(args.child[0]), Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        setup(database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"{'case':<17} {'file':>8} {'RSS before':>10} {'peak RSS':>9} {'time':>7}  outcome")
        for name in args.case or CASES:
            file_name, make = CASES[name]
            path = Path(directory) / file_name
            path.write_bytes(make())
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(path), str(database)],
                capture_output=True,
                text=True,
                env={**os.environ},
            )
            if result.returncode:
                print(name, "failed:", result.stderr[-800:])
                continue
            values = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{name:<17} {path.stat().st_size / MB:6.1f}MB {values['before']:8.0f}MB "
                f"{values['peak']:7.0f}MB {values['seconds']:6.1f}s  {values['outcome']}"
            )


if __name__ == "__main__":
    main()
