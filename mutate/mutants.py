"""Small changes to a module's syntax tree, each one a bug the tests should catch.

A mutant is one change: a flipped or shifted comparison, `and` for `or`, `+`
for `-`, a number off by one, a changed string, `True` for `False`, a `not`
or a minus sign dropped, `min` for `max`, a condition negated, a return value
replaced by None, or one statement removed.  The tree is changed in memory and
compiled; no file is ever rewritten.

Each mutant has an id that stays valid as long as its line does:
`<module>.<function>.<hash of the line's text>.<change>`, with `.2`, `.3`...
when the same change can be made more than once on one line.  The list of
equivalent mutants in docs/MUTANTS.md is keyed by these ids, so line numbers
can move without invalidating it.

Left alone, because a change there is noise rather than a bug: imports,
docstrings, type annotations, decorators, `assert` (internal invariants) and
the text of raised errors (their one-line messages are tested by meaning, not
by letters).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

Undo = Callable[[], None]
Apply = Callable[[], Undo]

# Each operator's replacements: the boundary shift first, then the negation.
COMPARE: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
ARITHMETIC: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
SWAPPED_CALLS = {"max": "min", "min": "max", "any": "all", "all": "any"}
SHORT = 60  # longest text shown for one side of a change


@dataclass(frozen=True)
class Mutant:
    """One change to one module: where it is and what it does."""

    id: str
    path: str  # as given to `generate`, e.g. core/rules.py
    line: int
    before: str
    after: str
    scope: str  # module and function, e.g. rules.replay: its mutants share killers

    def describe(self) -> str:
        return f"{self.path}:{self.line}  {self.before} -> {self.after}"


@dataclass
class _Site:
    scope: str
    line: int
    tag: str
    display: ast.AST | None  # the node shown before and after; None: a removed statement
    apply: Apply
    texts: tuple[str, str] | None = None  # before and after, when no node shows both


def generate(path: Path, name: str) -> list[Mutant]:
    """Every mutant of the module at `path` (shown as `name`), in source order."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    return [mutant for mutant, _ in _mutants(tree, lines, name)]


def mutated_tree(path: Path, name: str, mutant_id: str) -> ast.Module:
    """The module's tree with the one change `mutant_id` applied."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    for mutant, apply in _mutants(tree, source.splitlines(), name):
        if mutant.id == mutant_id:
            apply()
            return ast.fix_missing_locations(tree)
    raise KeyError(f"no mutant {mutant_id} in {name}")


def _mutants(tree: ast.Module, lines: list[str], name: str) -> Iterator[tuple[Mutant, Apply]]:
    stem = Path(name).stem
    seen: dict[str, int] = {}
    for site in _Visitor(lines).sites(tree):
        text = lines[site.line - 1].strip()
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
        scope = f"{stem}.{site.scope}"
        key = f"{scope}.{digest}.{site.tag}"
        seen[key] = seen.get(key, 0) + 1
        mutant_id = key if seen[key] == 1 else f"{key}.{seen[key]}"
        if site.texts is not None:
            before, after = (_short(t) for t in site.texts)
        elif site.display is None:
            before, after = _short(text), "pass"
        else:
            before = _short(ast.unparse(site.display))
            undo = site.apply()
            after = _short(ast.unparse(site.display))
            undo()
        yield Mutant(mutant_id, name, site.line, before, after, scope), site.apply


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 3] + "..."


def _set(node: ast.AST, field: str, value: object) -> Undo:
    old = getattr(node, field)
    setattr(node, field, value)
    return lambda: setattr(node, field, old)


def _set_item(items: list[Any], index: int, value: ast.AST) -> Undo:
    old = items[index]
    items[index] = value
    return lambda: items.__setitem__(index, old)


class _Visitor:
    """Walks a module in source order and lists the places a change can be made."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines  # the source, for showing a change within its line
        self.out: list[_Site] = []
        self.scope: list[str] = []
        self.bound: list[set[str]] = []  # names bound so far in each enclosing function

    def sites(self, tree: ast.Module) -> list[_Site]:
        self._body(tree, "body")
        return self.out

    def _add(self, node: ast.AST, tag: str, display: ast.AST | None, apply: Apply,
             texts: tuple[str, str] | None = None) -> None:
        scope = ".".join(self.scope) or "module"
        line: int = node.lineno  # type: ignore[attr-defined]
        self.out.append(_Site(scope, line, tag, display, apply, texts))

    # Statements ------------------------------------------------------------

    def _body(self, owner: ast.AST, field: str) -> None:
        body: list[ast.stmt] = getattr(owner, field)
        for index, stmt in enumerate(body):
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue  # a docstring
            if self.bound and self._removable(stmt):
                pass_ = ast.copy_location(ast.Pass(), stmt)
                self._add(stmt, "removed", None,
                          partial(_set_item, body, index, pass_))
            self._stmt(stmt)

    def _removable(self, stmt: ast.stmt) -> bool:
        """Statements whose removal leaves a program that still runs and may be wrong."""
        if isinstance(stmt, (ast.Expr, ast.AugAssign, ast.Raise, ast.Continue, ast.Break)):
            return True
        if isinstance(stmt, ast.Assign):
            # Removing a name's first binding only raises NameError: not worth a run.
            names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            return all(n in self.bound[-1] for n in names)
        return False

    def _stmt(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Assert)):
            return
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(stmt)
            return
        if isinstance(stmt, ast.ClassDef):
            self.scope.append(stmt.name)
            self._body(stmt, "body")
            self.scope.pop()
            return
        if isinstance(stmt, ast.Raise):
            return  # its message is text for people; removing it is a mutant
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self._expr(stmt.value, stmt)
            self._bind(stmt.target)
            return
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            value = stmt.value
            if not (isinstance(value, ast.Constant) and value.value is None):
                none = ast.copy_location(ast.Constant(None), value)
                self._add(stmt, "return_None", stmt, partial(_set, stmt, "value", none))
        if isinstance(stmt, (ast.If, ast.While)):
            self._negate_test(stmt)
        if isinstance(stmt, ast.AugAssign):
            self._operator(stmt)
        for field, value in ast.iter_fields(stmt):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self._body(stmt, field)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.expr):
                        self._expr(item, stmt)
                    elif isinstance(item, ast.excepthandler):
                        self._body(item, "body")
            elif isinstance(value, ast.expr):
                self._expr(value, stmt)
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                self._bind(target)
        elif isinstance(stmt, (ast.AugAssign, ast.For)):
            self._bind(stmt.target)

    def _bind(self, target: ast.AST) -> None:
        if self.bound:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    self.bound[-1].add(node.id)

    def _function(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(fn.name)
        for default in [*fn.args.defaults, *fn.args.kw_defaults]:
            if default is not None:
                self._expr(default, fn)
        params = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        self.bound.append({a.arg for a in params})
        self._body(fn, "body")
        self.bound.pop()
        self.scope.pop()

    def _negate_test(self, node: ast.If | ast.While | ast.IfExp) -> None:
        test = node.test
        if isinstance(test, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            negated = ast.copy_location(ast.UnaryOp(ast.Not(), test), test)
            self._add(test, "negated", None, partial(_set, node, "test", negated),
                      (ast.unparse(test), ast.unparse(negated)))

    # Expressions -----------------------------------------------------------

    def _expr(self, node: ast.expr, parent: ast.AST) -> None:
        if isinstance(node, (ast.JoinedStr, ast.Lambda)):
            return
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                for new in COMPARE.get(type(op), ()):
                    tag = f"{type(op).__name__}_to_{new.__name__}"
                    self._add(node, tag, node,
                              partial(_set_item, node.ops, i, new()))
        elif isinstance(node, ast.BoolOp):
            new_op: ast.boolop = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            tag = f"{type(node.op).__name__}_to_{type(new_op).__name__}"
            self._add(node, tag, node, partial(_set, node, "op", new_op))
        elif isinstance(node, ast.BinOp):
            self._operator(node)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            tag = "not_removed" if isinstance(node.op, ast.Not) else "minus_removed"
            self._replace_in(parent, node, node.operand, tag)
        elif isinstance(node, ast.IfExp):
            self._negate_test(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in SWAPPED_CALLS:
            swapped = SWAPPED_CALLS[node.func.id]
            self._add(node, f"{node.func.id}_to_{swapped}", node,
                      partial(_set, node.func, "id", swapped))
        elif isinstance(node, ast.Constant):
            self._constant(node, parent)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self._expr(child, node)
            elif isinstance(child, ast.keyword):
                self._expr(child.value, child)
            elif isinstance(child, ast.comprehension):
                for part in (child.iter, *child.ifs):
                    self._expr(part, child)

    def _operator(self, node: ast.BinOp | ast.AugAssign) -> None:
        new = ARITHMETIC.get(type(node.op))
        if new is not None:
            tag = f"{type(node.op).__name__}_to_{new.__name__}"
            self._add(node, tag, node, partial(_set, node, "op", new()))

    def _constant(self, node: ast.Constant, parent: ast.AST) -> None:
        value = node.value
        changes: list[tuple[str, object]] = []
        if isinstance(value, bool):
            changes.append((f"{value}_to_{not value}", not value))
        elif isinstance(value, (int, float)):
            changes += [("plus_1", value + 1), ("minus_1", value - 1)]
        elif isinstance(value, str):
            changes.append(("text_changed", f"XX{value}XX"))
        for tag, new in changes:
            apply = partial(_set, node, "value", new)
            if isinstance(parent, ast.expr) and len(ast.unparse(parent)) <= SHORT:
                self._add(node, tag, parent, apply)
            else:
                self._add(node, tag, None, apply, self._in_line(node, repr(new)))

    def _in_line(self, node: ast.expr, new: str) -> tuple[str, str] | None:
        """The node's source line before and after `new` takes the node's place."""
        first, last = node.lineno, node.end_lineno
        if first != last or node.end_col_offset is None:
            return ast.unparse(node), new
        line = self.lines[first - 1].encode("utf-8")  # offsets count bytes
        start, end = node.col_offset, node.end_col_offset
        changed = line[:start] + new.encode("utf-8") + line[end:]
        return line.decode("utf-8").strip(), changed.decode("utf-8").strip()

    def _replace_in(self, parent: ast.AST, old: ast.expr, new: ast.expr, tag: str) -> None:
        """A mutant that puts `new` where `old` stands in `parent`."""
        shown = parent if isinstance(parent, ast.expr) else None
        texts = None if shown is not None else (ast.unparse(old), ast.unparse(new))
        for field, value in ast.iter_fields(parent):
            if value is old:
                self._add(old, tag, shown, partial(_set, parent, field, new), texts)
                return
            if isinstance(value, list) and any(item is old for item in value):
                index = next(i for i, item in enumerate(value) if item is old)
                self._add(old, tag, shown,
                          partial(_set_item, value, index, new), texts)
                return
