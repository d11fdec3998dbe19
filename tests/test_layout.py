"""The layout holds: each package depends only on the ones below it, nothing in `bot/` imports
`handlers` (but the entry point, inside its functions), no import circles, no loading by name."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "demo", "keitaro_sandbox", "telegram_fake")
# what each package may import of the others (at any level of a module)
ALLOWED = {
    "bot": set(),
    "handlers": {"bot"},
    "demo": {"bot", "handlers", "keitaro_sandbox", "telegram_fake"},  # its rich-message reading
    "keitaro_sandbox": set(),
    "telegram_fake": set(),
}
# the composition root joins the product with its routers and tools, inside its functions
ROOT_MODULE, ROOT_MAY = "bot.cli", {"handlers", "demo", "keitaro_sandbox"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imports(path: Path) -> Iterator[tuple[str, bool]]:
    """(module imported, whether the import is inside a function) for our own modules."""
    tree = ast.parse(path.read_text(), str(path))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES
                     else node.module for alias in node.names]
        for name in names:
            if name.split(".")[0] in PACKAGES:
                yield name, id(node) in in_function


def test_packages_import_only_what_is_below_them() -> None:
    wrong = []
    for name, path in MODULES.items():
        package = name.split(".")[0]
        for target, lazy in imports(path):
            other = target.split(".")[0]
            if other == package or other in ALLOWED[package]:
                continue
            if name == ROOT_MODULE and lazy and other in ROOT_MAY:
                continue
            wrong.append(f"{name} imports {target}{' (in a function)' if lazy else ''}")
    assert wrong == []


def test_no_module_of_bot_imports_handlers_but_the_entry_point_in_a_function() -> None:
    found = [(name, lazy) for name, path in MODULES.items() if name.split(".")[0] == "bot"
             for target, lazy in imports(path) if target.split(".")[0] == "handlers"]
    assert found == [(ROOT_MODULE, True)]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node, or a node importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_modules_or_packages() -> None:
    modules: dict[str, set[str]] = {}
    packages: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for name, path in MODULES.items():
        for target, lazy in imports(path):
            if name == ROOT_MODULE and lazy:
                continue  # the composition root's joins are not dependencies of `bot`
            if target != name:
                modules.setdefault(name, set()).add(target)
            if target.split(".")[0] != name.split(".")[0]:
                packages[name.split(".")[0]].add(target.split(".")[0])
    assert _cycles(modules) == []
    assert _cycles(packages) == []
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]  # the check works


def test_nothing_is_imported_by_name() -> None:
    loaders = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in ("import_module", "__import__"):
                    loaders.append(name)
    assert loaders == []
