"""Arrows point down: an app imports only the apps on the layers below it (docs/architecture.md).

Read from the source with ast, so an import inside a function counts as much as one at the top."""

import ast
import sys
from pathlib import Path

import jianzheng

PACKAGE = Path(jianzheng.__file__).parent

# Lowest first. Apps on one layer are siblings: neither imports the other.
LAYERS = [
    {"core"},
    {"regions"},
    {"accounts"},
    {"documents", "catalogue"},
    {"certificates", "sharing", "commitments", "workitems", "signage", "campaign"},
    {"complaints"},
    {"evaluation"},
    {"reporting"},
    {"api", "web"},
    {"operations"},
]
LAYER_OF = {app: height for height, apps in enumerate(LAYERS) for app in apps}


def app_modules(app: str):
    """The app's own code: its tests may reach higher to set a scene."""
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "tests" not in path.relative_to(PACKAGE).parts:
            yield path


def imported_modules(path: Path):
    """(line, dotted name) of every module the file imports, relative imports resolved."""
    package = ".".join(("jianzheng", *path.relative_to(PACKAGE).parent.parts))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base == "jianzheng":  # `from jianzheng import catalogue` imports that app
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
            else:
                yield node.lineno, base


def upward_imports(app: str) -> list[str]:
    found = []
    for path in app_modules(app):
        for line, name in sorted(imported_modules(path)):
            parts = name.split(".")
            if parts[0] != "jianzheng" or len(parts) < 2 or parts[1] == app:
                continue
            other = parts[1]
            if other in LAYER_OF and LAYER_OF[other] >= LAYER_OF[app]:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return found


def test_no_app_imports_an_app_above_it_or_beside_it():
    found = [problem for app in LAYER_OF for problem in upward_imports(app)]
    assert found == []


def names_loaded_at_run_time(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = getattr(node, "id", None) or getattr(node, "attr", None)
        if name in {"import_module", "__import__"}:
            yield node.lineno


def test_the_low_apps_load_no_module_by_name_at_run_time():
    """importlib hides an upward import from the check above: the low apps register instead."""
    low = [app for app in LAYER_OF if LAYER_OF[app] <= LAYER_OF["catalogue"]]
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for app in low
        for path in app_modules(app)
        for line in names_loaded_at_run_time(path)
    ]
    assert found == []


def test_every_app_has_a_place_in_the_layer_order():
    apps = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert apps == set(LAYER_OF)


def test_the_check_sees_an_import_of_a_higher_app(tmp_path, monkeypatch):
    """The check above must be able to fail: a core module that imports certificates."""
    fake = tmp_path / "jianzheng"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "late.py").write_text(
        "def f():\n    from jianzheng.certificates.models import Certificate\nfrom .. import web\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert upward_imports("core") == [
        "jianzheng/core/late.py:2 imports jianzheng.certificates.models",
        "jianzheng/core/late.py:3 imports jianzheng.web",
    ]
