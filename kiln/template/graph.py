"""Evaluating locals and data sources in the order their references need.

Locals and data sources may refer to variables, to each other and to
themselves in any order across files; each is evaluated after everything it
refers to. A cycle is reported with its whole path
(`local.a -> data.http.b -> local.a`), and what depends on an error is left
unknown rather than reported again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kiln.hcl.diagnostics import Diagnostics
from kiln.hcl.eval import EvalContext, evaluate, variables_referenced
from kiln.hcl.source import Range
from kiln.hcl.types import DYNAMIC
from kiln.hcl.values import Value
from kiln.template.bodies import body_expressions
from kiln.template.datasources import DataBlock, DataRun, evaluate_data
from kiln.template.locals import Local
from kiln.template.redaction import register_sensitive
from kiln.template.variables import SENSITIVE


@dataclass
class _Node:
    address: str
    range: Range
    item: Local | DataBlock
    needs: list[str] = field(default_factory=list)


def evaluate_locals_and_data(
    local_values: dict[str, Local],
    data: dict[str, DataBlock],
    make_context: Callable[[], EvalContext],
    diags: Diagnostics,
    *,
    run_data: DataRun,
) -> None:
    """Give every local and data source its value (unknown where it failed)."""
    nodes = {n.address: n for n in _nodes(local_values, data)}
    for node in nodes.values():
        node.needs = [a for a in _references(node.item) if a in nodes]
    ctx: EvalContext | None = None
    changed = True
    for node in _in_order(nodes, diags):
        if node.item.value is not None:
            continue  # left unknown by a cycle
        if ctx is None or (changed and node.needs):
            ctx = make_context()
            changed = False
        _evaluate(node.item, ctx, diags, run_data)
        changed = True


def _nodes(local_values: dict[str, Local], data: dict[str, DataBlock]) -> Iterator[_Node]:
    for local in local_values.values():
        yield _Node(local.address, local.range, local)
    for block in data.values():
        yield _Node(block.address, block.range, block)


def _references(item: Local | DataBlock) -> Iterator[str]:
    expressions: Iterable[object] = (
        [item.expr] if isinstance(item, Local) else body_expressions(item.body)
    )
    for expr in expressions:
        for traversal in variables_referenced(expr):  # type: ignore[arg-type]
            names = [getattr(step, "name", None) for step in traversal[:3]]
            if names[0] == "local" and len(names) > 1 and names[1]:
                yield f"local.{names[1]}"
            elif names[0] == "data" and len(names) > 2 and names[1] and names[2]:
                yield f"data.{names[1]}.{names[2]}"


def _in_order(nodes: dict[str, _Node], diags: Diagnostics) -> list[_Node]:
    """Depth-first topological order; cycles reported and their members left unknown."""
    done: set[str] = set()
    order: list[_Node] = []
    path: list[str] = []

    def visit(address: str) -> None:
        if address in done:
            return
        if address in path:
            cycle = [*path[path.index(address) :], address]
            first = nodes[cycle[0]]
            diags.add_error(
                "Cycle in local and data source references",
                "These refer to each other in a loop, so none of them can be evaluated: "
                + " -> ".join(cycle)
                + ".",
                first.range,
            )
            for member in cycle:
                nodes[member].item.value = Value.unknown(DYNAMIC)
            return
        path.append(address)
        for needed in nodes[address].needs:
            visit(needed)
        path.pop()
        done.add(address)
        order.append(nodes[address])

    for address in nodes:
        visit(address)
    return order


def _evaluate(item: Local | DataBlock, ctx: EvalContext, diags: Diagnostics, run: DataRun) -> None:
    if isinstance(item, DataBlock):
        item.value = evaluate_data(item, ctx, diags, run=run)
        return
    value, found = evaluate(item.expr, ctx)  # type: ignore[arg-type]
    diags.extend(found)
    if found.has_errors:
        item.value = Value.unknown(DYNAMIC)
        return
    if item.sensitive:
        register_sensitive(value)
        value = value.mark(SENSITIVE)
    item.value = value
