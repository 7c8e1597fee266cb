"""Kill rate per module from mutmut's results (`make mutants` runs this after `mutmut run`).

Reads mutants/<path>.meta, the files mutmut writes per mutated module, and prints one line per
module: `module  killed/total  rate`, then every surviving mutant's name, so `mutmut show NAME`
shows its diff. Exits 1 when no results are found."""

import json
import sys
import tomllib
from pathlib import Path

# mutmut's exit codes (mutmut/stats.py): 1 and 3 are a failing test run, i.e. killed; 37 is
# "caught by type check", also a kill. Everything else (survived, no tests, timeout...) is not.
KILLED = {1, 3, 37}
SURVIVED = {0}
NO_TESTS = {5, 33}


def modules(root: Path) -> list[str]:
    config = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["mutmut"]["only_mutate"]


def main(root: Path = Path(".")) -> int:
    rows, survivors, found = [], [], False
    for module in modules(root):
        meta = root / "mutants" / (module + ".meta")
        if not meta.exists():
            rows.append((module, "no results", ""))
            continue
        found = True
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        killed = sum(1 for code in codes.values() if code in KILLED)
        total = len(codes)
        rows.append((module, f"{killed}/{total}", f"{killed / total:.0%}" if total else "-"))
        for name, code in sorted(codes.items()):
            if code not in KILLED:
                status = (
                    "survived"
                    if code in SURVIVED
                    else "no tests"
                    if code in NO_TESTS
                    else "not checked"
                    if code is None
                    else f"exit {code}"
                )
                survivors.append(f"  {name}  ({status})")
    width = max(len(module) for module, _, _ in rows)
    for module, count, rate in rows:
        print(f"{module:<{width}}  {count:>9}  {rate:>4}")
    if survivors:
        print(f"\nnot killed ({len(survivors)}; `mutmut show NAME` prints the diff):")
        print("\n".join(survivors))
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main())
