"""Start-up of `manage.py import_schedule`: CPU and wall time of whole processes, next to floors.

    DJANGO_DEBUG=1 .venv/bin/python bench/startup_bench.py [--rounds 9]

Migrates a temporary SQLite database, writes a two-row CSV schedule, then runs, in
interleaved rounds, each as a fresh process:

* `python -c pass`: the interpreter alone;
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="regie-startup-") as directory:
        env = {
            **os.environ,
            "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
        }
        python = sys.executable
        migrate = [python, str(ROOT / "manage.py"), "migrate", "-v", "0"]
        subprocess.run(migrate, cwd=ROOT, env=env, check=True)
        schedule = Path(directory) / "plan.csv"
        schedule.write_text("Datum;Mijlpaal\n1 mrt;Kick-off\n2 apr;Besluit\n", encoding="utf-8")
        commands: dict[str, tuple[list[str], Path]] = {
            "python -c pass": ([python, "-c", "pass"], ROOT),
        }
        checkouts = {"": ROOT} | ({f" ({args.compare.name})": args.compare} if args.compare else {})
        for suffix, root in checkouts.items():
            manage = str(root / "manage.py")
            commands |= {
                f"manage.py version{suffix}": ([python, manage, "version"], root),
                f"import_schedule --help{suffix}": (
                    [python, manage, "import_schedule", "--help"],
                    root,
                ),
                f"import_schedule CSV --dry-run{suffix}": (
                    [
                        *(python, manage, "import_schedule", str(schedule)),
                        *("--programme", "bench", "--year", "2025", "--dry-run"),
                    ],
                    root,
                ),
            }
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        load_before = os.getloadavg()[0]
        for command, cwd in commands.values():  # warm the file cache
            run(command, env, cwd)
        for _round in range(args.rounds):
            for name, (command, cwd) in commands.items():
                cpu, wall = run(command, env, cwd)
                cpus[name].append(cpu)
                walls[name].append(wall)
        load_after = os.getloadavg()[0]
    floor = statistics.median(cpus["manage.py version"])
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
    print(f"{'process':44} {'cpu median':>10} {'wall median':>11} {'cpu / version':>13}")
    for name in commands:
        cpu = statistics.median(cpus[name])
        print(
            f"{name:44} {cpu * 1000:8.0f}ms {statistics.median(walls[name]) * 1000:9.0f}ms "
            f"{cpu / floor:12.2f}x"
        )
    command = statistics.median(cpus["import_schedule CSV --dry-run"])
    print(f"target: the command at most 0.3 s CPU {'met' if command <= 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
