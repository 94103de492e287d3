"""Rules about the shape of the code that a reviewer should not have to remember.

Imports between the apps are checked by import-linter (`lint-imports`, contracts in
pyproject.toml); what it cannot see lives here: URL names in templates and the size of modules
and functions (docs/conventions.md, "Code layout").
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("stakeholders", "phases", "milestones", "cycle", "config")
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80


def app_modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def test_the_app_modules_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in app_modules()}
    assert {"phases/models.py", "milestones/models.py", "config/settings.py"} <= names
    assert not any("/migrations/" in name for name in names)


def test_phases_links_to_no_milestones_url():
    """phases sits below milestones: its code and templates name no `milestones:` URL."""
    files = sorted((ROOT / "phases").rglob("*.py")) + sorted(
        path for path in (ROOT / "phases" / "templates").rglob("*") if path.is_file()
    )
    assert files
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""["' ]milestones:""", line)
    ]
    assert offenders == []


def oversized(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(ROOT).as_posix()
    found = []
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines (module limit {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(
                    f"{name}:{node.lineno} {node.name}(): {length} lines "
                    f"(function limit {MAX_FUNCTION_LINES})"
                )
    return found


def test_oversized_finds_long_modules_and_functions(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    short = "def short():\n    return 1\n"
    long = f"def long():\n{body}\n"  # def line + 80 body lines = 81
    path = tmp_path / "module.py"
    too_long = f"module.py:3 long(): 81 lines (function limit {MAX_FUNCTION_LINES})"
    path.write_text(short + long + "\n" * (MAX_MODULE_LINES - 83))  # 800 lines
    assert oversized(path) == [too_long]
    path.write_text(short + long + "\n" * (MAX_MODULE_LINES - 82))  # 801 lines
    assert oversized(path) == [f"module.py: 801 lines (module limit {MAX_MODULE_LINES})", too_long]
    path.write_text(short)
    assert oversized(path) == []


def test_every_module_and_function_reads_in_one_sitting():
    """A module stays under 800 lines and a function under 80 (migrations excepted)."""
    offenders = [finding for path in app_modules() for finding in oversized(path)]
    assert offenders == [], "too long to read in one sitting:\n" + "\n".join(offenders)


def sums_of_keys(path: Path) -> list[str]:
    """Where `path` sums primary keys (`Sum("pk")`): the aggregate that versions and ETags use."""
    name = path.relative_to(ROOT).as_posix()
    return [
        f"{name}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=name))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Sum"
        and [getattr(arg, "value", None) for arg in node.args] == ["pk"]
    ]


def test_the_aggregate_of_versions_and_etags_is_written_once():
    """Count, sum of keys and sum of versions: `milestones.versions.total_row` and nowhere else.

    The programme version and the calendar feed's ETag both weigh items by it; two copies
    would drift (one rule, one place).
    """
    found = [where for path in app_modules() for where in sums_of_keys(path)]
    assert len(found) == 1 and found[0].startswith("milestones/versions.py:"), found
