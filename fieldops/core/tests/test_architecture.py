"""The shape of the code: the import contract in pyproject.toml holds and catches a
wrong-way import even inside a function; no application module is over 400 lines
and no function over 60, but for those listed below while they are being split."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "fieldops"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG_MARK = "# long:"

# Today's offenders, being split. Remove an entry when its module or function
# gets under the limit: a stale entry fails the test.
LONG_MODULES: set[str] = set()
LONG_FUNCTIONS: set[str] = set()


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_sources(target: Path) -> None:
    """The Python files of the package and the configuration, under `target`."""
    shutil.copy(ROOT / "pyproject.toml", target)

    def not_python(directory, names):
        return [
            name
            for name in names
            if name == "__pycache__"
            or not (name.endswith(".py") or Path(directory, name).is_dir())
        ]

    shutil.copytree(PACKAGE, target / "fieldops", ignore=not_python)


class TestImportContract:
    def test_the_tree_keeps_the_contract(self):
        result = lint_imports(ROOT)
        assert result.returncode == 0, result.stdout + result.stderr

    def test_a_wrong_way_import_inside_a_function_breaks_it(self, tmp_path):
        copy_sources(tmp_path)
        module = tmp_path / "fieldops" / "core" / "dates.py"
        with module.open("a") as file:
            file.write("\n\ndef f():\n    from fieldops.recruitment import models\n")
        result = lint_imports(tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "fieldops.core is not allowed to import fieldops.recruitment" in (
            result.stdout
        )
        assert "fieldops.core.dates -> fieldops.recruitment.models" in result.stdout


def application_modules():
    """Each application module's path (from the repository root) and source; tests
    and migrations aside."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if {"tests", "migrations"} & set(relative.parts) or path.name.startswith(
            "test_"
        ):
            continue
        yield relative.as_posix(), path.read_text()


def line_count(source: str) -> int:
    # The newlines plus one, as the project's structure figures count.
    return source.count("\n") + 1


def functions(tree, prefix=""):
    """(qualified name, node) of every function and method in `tree`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from functions(node, f"{name}.")
        else:
            yield from functions(node, prefix)


def marked_long(lines: list[str], node) -> bool:
    """Whether the def line, or the line before it, says why the function is long."""
    around = lines[max(node.lineno - 2, 0) : node.lineno]
    return any(LONG_MARK in line for line in around)


def long_modules() -> set[str]:
    return {
        path
        for path, source in application_modules()
        if line_count(source) > MAX_MODULE_LINES
    }


def long_functions() -> set[str]:
    found = set()
    for path, source in application_modules():
        lines = source.splitlines()
        for name, node in functions(ast.parse(source)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES and not marked_long(lines, node):
                found.add(f"{path}:{name}")
    return found


class TestSizes:
    def test_no_new_module_over_400_lines(self):
        assert long_modules() - LONG_MODULES == set()

    def test_no_stale_module_in_the_list(self):
        assert LONG_MODULES - long_modules() == set(), "now short: remove the entry"

    def test_no_new_function_over_60_lines(self):
        assert long_functions() - LONG_FUNCTIONS == set(), (
            "split it, or say why above its def with “# long: <reason>”"
        )

    def test_no_stale_function_in_the_list(self):
        assert LONG_FUNCTIONS - long_functions() == set(), "now short: remove the entry"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("def f():\n" + "    x = 1\n" * 60, {"m.py:f"}),
        ("class A:\n    def f(self):\n" + "        x = 1\n" * 60, {"m.py:A.f"}),
        ("def f():\n" + "    x = 1\n" * 59, set()),
        ("# long: one table\ndef f():\n" + "    x = 1\n" * 60, set()),
        ("def f():  # long: one table\n" + "    x = 1\n" * 60, set()),
    ],
)
def test_what_counts_as_a_long_function(monkeypatch, source, found):
    monkeypatch.setattr(
        sys.modules[__name__], "application_modules", lambda: [("m.py", source)]
    )
    assert long_functions() == found
