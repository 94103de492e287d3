"""Start-up of `manage.py import_schedule`: CPU and wall time of whole processes, next to floors.

    DJANGO_DEBUG=1 .venv/bin/python bench/startup_bench.py [--rounds 9] [--no-compile]

First byte-compiles the project's packages (`python -m compileall`, into their
`__pycache__`, git-ignored), as a deployment has them: pip compiles what it installs, and
Python writes the cache on a first start, unless PYTHONDONTWRITEBYTECODE is set (as on this
machine, and in many container images) — then every start compiles Regie's modules from
source again (about 0.1 s more). `--no-compile` measures whatever is there.

Migrates a temporary SQLite database, writes a two-row CSV schedule, then runs, in
interleaved rounds, each as a fresh process:

* `python -c pass`: the interpreter alone;
* floor, contrib apps: `manage.py version` with Django's own contrib apps only
  (`bench/floor_settings.py`);
* floor, libraries: `manage.py version` with every installed app but Regie's own;
* `manage.py version`: Django set up with every installed app (what any command pays);
* `manage.py import_schedule --help`: the command loaded, its arguments parsed;
* `manage.py import_schedule plan.csv --programme x --dry-run`: the whole command on a
  file that takes no time to read (start-up is nearly all of it).

Prints the median CPU time (user + system, from the children's rusage) and wall time of
each, their ratio to `manage.py version`, and the machine's load. Heavy libraries the
command does not need (openpyxl, python-docx, icalendar, holidays, requests) should not be
loaded: `python -X importtime manage.py import_schedule --help` shows what is.

Target (issue 14): the command's start-up at most 0.3 s CPU.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The project's packages (pyproject.toml, [tool.setuptools.packages.find]).
PACKAGES = ("config", "stakeholders", "phases", "milestones", "cycle", "accounts")
FLOORS = {
    "floor: version, Django's contrib apps": "contrib",
    "floor: version, all apps but Regie's": "libraries",
}


def run(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="another checkout (e.g. the commit before): its command runs in the same rounds",
    )
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not byte-compile the project first (measure the bytecode as found)",
    )
    args = parser.parse_args()
    python = sys.executable
    checkouts = {"": ROOT} | ({f" ({args.compare.name})": args.compare} if args.compare else {})
    if not args.no_compile:
        for root in checkouts.values():
            compileall = [python, "-m", "compileall", "-q", *PACKAGES]
            subprocess.run(compileall, cwd=root, check=True)
    with tempfile.TemporaryDirectory(prefix="regie-startup-") as directory:
        env = {
            **os.environ,
            "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
        }
        migrate = [python, str(ROOT / "manage.py"), "migrate", "-v", "0"]
        subprocess.run(migrate, cwd=ROOT, env=env, check=True)
        schedule = Path(directory) / "plan.csv"
        schedule.write_text("Datum;Mijlpaal\n1 mrt;Kick-off\n2 apr;Besluit\n", encoding="utf-8")
        version = [python, str(ROOT / "manage.py"), "version"]
        commands: dict[str, tuple[list[str], Path, dict[str, str]]] = {
            "python -c pass": ([python, "-c", "pass"], ROOT, env),
        }
        for name, floor in FLOORS.items():
            floor_env = env | {
                "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
                "REGIE_FLOOR": floor,
            }
            commands[name] = (version, ROOT, floor_env)
        for suffix, root in checkouts.items():
            manage = str(root / "manage.py")
            commands |= {
                f"manage.py version{suffix}": ([python, manage, "version"], root, env),
                f"import_schedule --help{suffix}": (
                    [python, manage, "import_schedule", "--help"],
                    root,
                    env,
                ),
                f"import_schedule CSV --dry-run{suffix}": (
                    [
                        *(python, manage, "import_schedule", str(schedule)),
                        *("--programme", "bench", "--year", "2025", "--dry-run"),
                    ],
                    root,
                    env,
                ),
            }
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        load_before = os.getloadavg()[0]
        for command, cwd, command_env in commands.values():  # warm the file cache
            run(command, command_env, cwd)
        for _round in range(args.rounds):
            for name, (command, cwd, command_env) in commands.items():
                cpu, wall = run(command, command_env, cwd)
                cpus[name].append(cpu)
                walls[name].append(wall)
        load_after = os.getloadavg()[0]
    report(cpus, walls, load=(load_before, load_after), compiled=not args.no_compile)


def report(
    cpus: dict[str, list[float]],
    walls: dict[str, list[float]],
    *,
    load: tuple[float, float],
    compiled: bool,
) -> None:
    version = statistics.median(cpus["manage.py version"])
    print(f"load average (1 min): {load[0]:.2f} before, {load[1]:.2f} after")
    print(
        "bytecode: the project's packages compiled first (compileall), as deployed"
        if compiled
        else "bytecode: as found (--no-compile)"
    )
    print(f"{'process':44} {'cpu median':>10} {'wall median':>11} {'cpu / version':>13}")
    for name, times in cpus.items():
        cpu = statistics.median(times)
        print(
            f"{name:44} {cpu * 1000:8.0f}ms {statistics.median(walls[name]) * 1000:9.0f}ms "
            f"{cpu / version:12.2f}x"
        )
    libraries = statistics.median(cpus["floor: version, all apps but Regie's"])
    print(f"Regie's own apps add {(version - libraries) * 1000:.0f} ms CPU to that floor")
    command = statistics.median(cpus["import_schedule CSV --dry-run"])
    print(f"target: the command at most 0.3 s CPU {'met' if command <= 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
