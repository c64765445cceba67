"""Refuses a test, benchmark or demo record that depends on the day it runs.

A literal date (``"2026-12-01"``, ``date(2026, 12, 1)``, ``datetime(...)``,
``"27 Nov 2026"``) is allowed in tests and benchmarks only where the clock is
fixed:
- in a class whose ``freeze_time`` attribute is set (Odoo's TransactionCase
  freezes the whole class, setUpClass included), or that inherits from one,
  or that is decorated with ``@freeze_time``;
- inside a ``with freeze_time(...)`` block or a function decorated with
  ``@freeze_time(...)`` (the moment given to freeze_time included).
Anywhere else (browser tests, module-level constants, benchmarks) a date must
be computed from today. Demo data must be relative to the install date, so a
literal date in ``demo/*.xml`` is refused too.

Usage: python3 date_check.py REPO   (exit 1 and one line per offence)
"""
# A check prints its verdict.
# pylint: disable=print-used
import ast
import pathlib
import re
import sys

ISO = re.compile(r"(?<!\d)(19|20)\d\d[-/](0[1-9]|1[0-2])[-/](0[1-9]|[12]\d|3[01])(?!\d)")
RFC = re.compile(r"(?<!\d)\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (19|20)\d\d(?!\d)")
DATE_CALLS = {"date", "datetime"}


def _name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _is_freeze(node):
    """A `freeze_time(...)` call (or the bare name used as a decorator)."""
    target = node.func if isinstance(node, ast.Call) else node
    return _name(target) == "freeze_time"


def _frozen_class_names(trees):
    """Names of the test classes that run frozen, across every file (bases
    are matched by name: the suite's base classes live in tests/common.py)."""
    classes = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                own = any(_is_freeze(d) for d in node.decorator_list) or any(
                    isinstance(stmt, ast.Assign)
                    and any(_name(t) == "freeze_time" for t in stmt.targets)
                    and not (isinstance(stmt.value, ast.Constant) and stmt.value.value in (None, False))
                    for stmt in node.body)
                classes.setdefault(node.name, [False, set()])
                classes[node.name][0] |= own
                classes[node.name][1] |= {_name(b) for b in node.bases if _name(b)}
    frozen = {name for name, (own, _bases) in classes.items() if own}
    changed = True
    while changed:
        changed = False
        for name, (_own, bases) in classes.items():
            if name not in frozen and bases & frozen:
                frozen.add(name)
                changed = True
    return frozen


class _Finder(ast.NodeVisitor):
    def __init__(self, frozen_classes):
        self.frozen_classes = frozen_classes
        self.depth = 0  # how many frozen scopes enclose the current node
        self.offences = []

    def _scoped(self, node, frozen):
        self.depth += frozen
        self.generic_visit(node)
        self.depth -= frozen

    def visit_ClassDef(self, node):
        self._scoped(node, node.name in self.frozen_classes)

    def visit_FunctionDef(self, node):
        self._scoped(node, any(_is_freeze(d) for d in node.decorator_list))

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_With(self, node):
        frozen = any(_is_freeze(item.context_expr) for item in node.items
                     if isinstance(item.context_expr, ast.Call))
        if not frozen:
            return self.generic_visit(node)
        # the moment given to freeze_time is itself a literal date
        for item in node.items:
            self._scoped(item, True)
        self.depth += 1
        for stmt in node.body:
            self.visit(stmt)
        self.depth -= 1
        return None

    def visit_Call(self, node):
        if self.depth == 0:
            if _name(node.func) in DATE_CALLS and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, int) and 1900 <= node.args[0].value <= 2999:
                self.offences.append((node.lineno, ast.unparse(node)))
        if _is_freeze(node):
            return self._scoped(node, True)
        return self.generic_visit(node)

    def visit_Constant(self, node):
        if self.depth == 0 and isinstance(node.value, str):
            match = ISO.search(node.value) or RFC.search(node.value)
            if match:
                self.offences.append((node.lineno, repr(match.group(0))))


def main(repo):
    repo = pathlib.Path(repo)
    files = sorted(p for folder in ("tests", "bench") for p in (repo / folder).glob("*.py"))
    trees = {path: ast.parse(path.read_text(), str(path)) for path in files}
    frozen = _frozen_class_names(trees.values())
    offences = []
    for path, tree in trees.items():
        finder = _Finder(frozen)
        finder.visit(tree)
        offences += [(path, line, text) for line, text in finder.offences]
    for path in sorted((repo / "demo").glob("*.xml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = ISO.search(line) or RFC.search(line)
            if match:
                offences.append((path, number, repr(match.group(0))))
    for path, line, text in offences:
        print(f"{path.relative_to(repo)}:{line}: literal date {text} outside a frozen clock: "
              "freeze the class or block (freeze_time), or compute it from today")
    if offences:
        return 1
    print(f"ok: no literal date outside a frozen clock ({len(files)} test and benchmark files, "
          f"{len(frozen)} frozen test classes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
