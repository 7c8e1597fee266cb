"""The docs name tests and code; these checks keep the names true as the code moves."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRACE = ROOT / "docs" / "policy-trace.md"


def test_policy_trace_has_one_row_per_clause():
    ids = re.findall(r"^\| (P\d\d) \|", TRACE.read_text(), flags=re.M)
    assert ids == [f"P{n:02d}" for n in range(1, 32)]


def test_every_test_the_policy_trace_names_exists():
    text = TRACE.read_text()
    missing = []
    for path, name in re.findall(r"`([\w/]*tests/[\w/]*\.py)::(\w+)`", text):
        source = ROOT / "jianzheng" / path if not path.startswith("tests/") else ROOT / path
        if not source.exists() or f"def {name}(" not in source.read_text():
            missing.append(f"{path}::{name}")
    for name in re.findall(r"`::(\w+)`", text):
        if not any(f"def {name}(" in p.read_text() for p in ROOT.glob("jianzheng/**/test_*.py")):
            missing.append(name)
    assert not missing


def test_every_module_the_policy_trace_names_exists():
    modules = re.findall(r"`([a-z_]+/[a-z_/]+\.py)", TRACE.read_text())
    assert modules
    assert [
        m for m in modules if not (ROOT / "jianzheng" / m).exists() and not (ROOT / m).exists()
    ] == []
