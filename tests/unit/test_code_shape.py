"""The code keeps a shape a newcomer can carry: short modules, small folders and thin views."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import LONG_FILES, ROOT, SERVER_TESTS

PACKAGE = ROOT / "courseware"
SIZED = (PACKAGE, ROOT / "tests", ROOT / "scripts")  # module and folder sizes hold here; view lengths in PACKAGE
MAX_MODULE_LINES = 350
MAX_FOLDER_MODULES = 16
MAX_VIEW_LINES = 25
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "route"}
README = ROOT / "README.md"
MAX_README_BYTES = 16_000  # issue 14: a user's manual; measurements, security notes and design live in docs/


def _modules(*roots: Path) -> list[Path]:
    """The Python modules under `roots` (the package if none is given)."""
    return sorted(path for root in roots or (PACKAGE,) for path in root.rglob("*.py") if "__pycache__" not in path.parts)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _is_route(decorator: ast.expr) -> bool:
    """A blueprint (or app) route decorator: `@bp.get(...)`, `@bp.post(...)`, `@bp.route(...)`."""
    return (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_DECORATORS)


def _views(path: Path) -> list[tuple[str, int, int]]:
    """(name, line, length) of each route function in a module, the length from `def` to its last line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [(node.name, node.lineno, node.end_lineno - node.lineno + 1) for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(map(_is_route, node.decorator_list))]


def test_no_module_is_over_350_lines():
    long = [f"{_name(path)}: {n} lines" for path in _modules(*SIZED)
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by idea):\n" + "\n".join(long)


def test_no_folder_holds_over_16_modules():
    folders: dict[Path, int] = {}
    for path in _modules(*SIZED):
        folders[path.parent] = folders.get(path.parent, 0) + 1
    crowded = [f"{_name(folder)}/: {n} modules" for folder, n in sorted(folders.items()) if n > MAX_FOLDER_MODULES]
    assert not crowded, f"folders over {MAX_FOLDER_MODULES} modules (group them into packages):\n" + "\n".join(crowded)


def test_no_view_is_over_25_lines():
    long = [f"{_name(path)}:{line}: {name} is {n} lines" for path in _modules()
            for name, line, n in _views(path) if n > MAX_VIEW_LINES]
    assert not long, (f"views over {MAX_VIEW_LINES} lines (move rules to services, form parsing to forms):\n"
                      + "\n".join(long))


def test_the_view_finder_sees_views():
    """The walk finds the route functions, so an empty list above means short views, not a blind test."""
    found = {name for path in _modules() for name, _, _ in _views(path)}
    assert {"login", "healthz"} <= found


def test_a_long_view_is_measured_from_def_to_its_last_line(tmp_path):
    """Decorators are not counted; the body is, to its last line."""
    body = "\n".join(f"    x{n} = {n}" for n in range(23))
    source = tmp_path / "views.py"
    source.write_text(f"@bp.route('/a', methods=['GET'])\n@any_role\ndef a():\n{body}\n    return x0\n\n\n"
                      "@bp.get('/b')\ndef b():\n    return 1\n\n\ndef helper():\n" + body + "\n", encoding="utf-8")
    assert _views(source) == [("a", 3, 25), ("b", 31, 2)]


def test_the_size_rules_see_the_tests_and_scripts():
    """Module and folder sizes are measured in tests/ and scripts/ too, so an empty list above covers them."""
    seen = {_name(path) for path in _modules(*SIZED)}
    assert {"courseware/__init__.py", "tests/unit/test_code_shape.py", "scripts/bench.py"} <= seen


def test_the_readme_is_under_16000_bytes():
    """The README stays a user's manual a newcomer reads through; the detail goes to docs/ (bytes, as `wc -c`)."""
    size = len(README.read_bytes())
    assert size < MAX_README_BYTES, (f"README.md is {size} bytes, over {MAX_README_BYTES}: move the detail to a "
                                     "file in docs/ and link to it from the README")


def test_the_scheduler_names_files_that_exist():
    """The xdist scheduler (tests/conftest.py) hands out these first: a renamed file would lose its place silently."""
    for path in (*SERVER_TESTS, *LONG_FILES):
        assert list(ROOT.glob(path + "*")), path
