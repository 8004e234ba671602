"""Every evaluation diagnostic: summary, detail and the exact source range.

Ranges are written as Go HCL prints them (`file:line,startcol-endcol`); the
expected positions follow Go's rules for which sub-expression a diagnostic
is about (e.g. an index error points at the brackets, an argument error at
the argument's start range).
"""

from __future__ import annotations

import pytest

from kiln.hcl.eval import EvalContext
from kiln.hcl.values import Value
from tests.hcl.eval._helpers import only_error, run, scope

CASES = [
    # --- traversals
    (
        "nope",
        "Unknown variable",
        'There is no variable named "nope".',
        "t.hcl:1,1-5",
    ),
    (
        "locla.s",
        "Unknown variable",
        'There is no variable named "locla". Did you mean "local"?',
        "t.hcl:1,1-6",
    ),
    (
        "local.nope",
        "Unsupported attribute",
        'This object does not have an attribute named "nope".',
        "t.hcl:1,6-11",
    ),
    (
        "local.o.tags.nope",
        "Missing map element",
        'This map does not have an element with the key "nope".',
        "t.hcl:1,13-18",
    ),
    (
        "local.s.x",
        "Unsupported attribute",
        "This value does not have any attributes.",
        "t.hcl:1,8-10",
    ),
    (
        "local.nul.x",
        "Attempt to get attribute from null value",
        "This value is null, so it does not have any attributes.",
        "t.hcl:1,10-12",
    ),
    (
        "local.nul[0]",
        "Attempt to index null value",
        "This value is null, so it does not have any indices.",
        "t.hcl:1,10-13",
    ),
    (
        "local.t[5]",
        "Invalid index",
        "The given key does not identify an element in this collection value.",
        "t.hcl:1,8-11",
    ),
    (
        "local.t.7",
        "Invalid index",
        "The given key does not identify an element in this collection value.",
        "t.hcl:1,8-10",
    ),
    (
        "local.l[-1]",
        "Invalid index",
        "The given key does not identify an element in this collection value.",
        "t.hcl:1,8-12",
    ),
    (
        "local.l[1.5]",
        "Invalid index",
        "The given key does not identify an element in this collection value: indexing a "
        "sequence requires a whole number, but the given index (1.5) has a fractional part.",
        "t.hcl:1,8-13",
    ),
    (
        "local.l[null]",
        "Invalid index",
        "Can't use a null value as an indexing key.",
        "t.hcl:1,8-14",
    ),
    (
        'local.l["x"]',
        "Invalid index",
        "The given key does not identify an element in this collection value: a number is "
        "required.",
        "t.hcl:1,8-13",
    ),
    (
        "local.set[0]",
        "Invalid index",
        "This value does not have any indices.",
        "t.hcl:1,10-13",
    ),
    (
        "local.o[local.n]",
        "Invalid index",
        "The given key does not identify an element in this collection value.",
        "t.hcl:1,8-17",
    ),
    (
        "local.m[[]]",
        "Invalid index",
        "The given key does not identify an element in this collection value: string required.",
        "t.hcl:1,8-12",
    ),
    # --- splats
    (
        "local.null_list[*]",
        "Splat of null value",
        "Splat expressions (with the * symbol) cannot be applied to null sequences.",
        "t.hcl:1,1-16",
    ),
    (
        "local.o[*].nope",
        "Unsupported attribute",
        'This object does not have an attribute named "nope".',
        "t.hcl:1,11-16",
    ),
    # --- function calls
    (
        "upper()",
        "Not enough function arguments",
        'Function "upper" expects 1 argument(s). Missing value for "str".',
        "t.hcl:1,7-8",
    ),
    (
        "count()",
        "Not enough function arguments",
        'Function "count" expects at least 1 argument(s). Missing value for "first".',
        "t.hcl:1,7-8",
    ),
    (
        'upper("a", "b")',
        "Too many function arguments",
        'Function "upper" expects only 1 argument(s).',
        "t.hcl:1,13-14",
    ),
    (
        "upper(1, [2])",
        "Too many function arguments",
        'Function "upper" expects only 1 argument(s).',
        "t.hcl:1,10-11",
    ),
    (
        "upper([])",
        "Invalid function argument",
        'Invalid value for "str" parameter: string required.',
        "t.hcl:1,7-8",
    ),
    (
        "upper(local.o)",
        "Invalid function argument",
        'Invalid value for "str" parameter: string required.',
        "t.hcl:1,7-14",
    ),
    (
        'pair("a", 1)',
        "Invalid function argument",
        'Invalid value for "b" parameter: second argument is wrong.',
        "t.hcl:1,11-12",
    ),
    (
        "oops()",
        "Error in function call",
        'Call to function "oops" failed: it went wrong.',
        "t.hcl:1,1-6",
    ),
    (
        "nosuch(1)",
        "Call to unknown function",
        'There is no function named "nosuch".',
        "t.hcl:1,1-7",
    ),
    (
        'uper("a")',
        "Call to unknown function",
        'There is no function named "uper". Did you mean "upper"?',
        "t.hcl:1,1-5",
    ),
    (
        "count(local.s...)",
        "Invalid expanding argument value",
        "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
        "t.hcl:1,7-14",
    ),
    (
        "count(local.null_list...)",
        "Invalid expanding argument value",
        "The expanding argument (indicated by ...) must not be null.",
        "t.hcl:1,7-22",
    ),
    (
        'upper(["a", "b"]...)',
        "Too many function arguments",
        'Function "upper" expects only 1 argument(s).',
        "t.hcl:1,7-17",
    ),
    (
        'pair(["a", "x"]...)',
        "Invalid function argument",
        'Invalid value for "b" parameter: a number is required.',
        "t.hcl:1,6-16",
    ),
    # --- conditionals
    (
        "true ? 1 : [1]",
        "Inconsistent conditional result types",
        "The true and false result expressions must have consistent types. The given "
        "expressions are number and tuple, respectively.",
        "t.hcl:1,8-15",
    ),
    (
        "local.nul ? 1 : 2",
        "Null condition",
        "The condition value is null. Conditions must either be true or false.",
        "t.hcl:1,1-10",
    ),
    (
        '"maybe" ? 1 : 2',
        "Incorrect condition type",
        "The condition expression must be of type bool.",
        "t.hcl:1,1-8",
    ),
    # --- operators
    (
        "[] + 1",
        "Invalid operand",
        "Unsuitable value for left operand: number required.",
        "t.hcl:1,1-3",
    ),
    (
        "1 + {}",
        "Invalid operand",
        "Unsuitable value for right operand: number required.",
        "t.hcl:1,5-7",
    ),
    (
        "!1",
        "Invalid operand",
        "Unsuitable value for unary operand: bool required.",
        "t.hcl:1,2-3",
    ),
    (
        "1 + local.nope",
        "Unsupported attribute",
        'This object does not have an attribute named "nope".',
        "t.hcl:1,10-15",
    ),
    # --- templates
    (
        '"x${local.t}"',
        "Invalid template interpolation value",
        "Cannot include the given value in a string template: string required.",
        "t.hcl:1,5-12",
    ),
    (
        '"x${local.nul}"',
        "Invalid template interpolation value",
        "The expression result is null. Cannot include a null value in a string template.",
        "t.hcl:1,5-14",
    ),
    (
        '"%{if local.nul}x%{endif}"',
        "Null condition",
        "The condition value is null. Conditions must either be true or false.",
        "t.hcl:1,7-16",
    ),
    # --- for expressions
    (
        "[for x in local.nul: x]",
        "Iteration over null value",
        "A null value cannot be used as the collection in a 'for' expression.",
        "t.hcl:1,11-20",
    ),
    (
        "[for x in local.s: x]",
        "Iteration over non-iterable value",
        "A value of type string cannot be used as the collection in a 'for' expression.",
        "t.hcl:1,11-18",
    ),
    (
        '{for x in [1, 2]: "k" => x}',
        "Duplicate object key",
        "Two different items produced the key \"k\" in this 'for' expression. If duplicates "
        "are expected, use the ellipsis (...) after the value expression to enable grouping "
        "by key.",
        "t.hcl:1,19-22",
    ),
    (
        "[for x in local.l: x if null]",
        "Condition is null",
        "The value of the 'if' clause must not be null.",
        "t.hcl:1,25-29",
    ),
    (
        '[for x in local.l: x if "maybe"]',
        "Invalid 'for' condition",
        "The 'if' clause value is invalid: a bool is required.",
        "t.hcl:1,25-32",
    ),
    (
        '[for x in local.l: x if x == "a" ? null : true]',
        "Invalid 'for' condition",
        "The value of the 'if' clause must not be null.",
        "t.hcl:1,25-47",
    ),
    (
        "{for x in local.l: null => x}",
        "Invalid object key",
        "Key expression in 'for' expression must not produce a null value.",
        "t.hcl:1,20-24",
    ),
    (
        "{for x in local.l: [x] => x}",
        "Invalid object key",
        "The key expression produced an invalid result: string required.",
        "t.hcl:1,20-23",
    ),
    # --- object constructors
    (
        "{(local.nul) = 1}",
        "Null value as key",
        "Can't use a null value as a key.",
        "t.hcl:1,16-17",
    ),
    (
        "{(local.t) = 1}",
        "Incorrect key type",
        "Can't use this value as a key: string required.",
        "t.hcl:1,2-11",
    ),
    (
        "{local.s = 1}",
        "Ambiguous attribute key",
        "If this expression is intended to be a reference, wrap it in parentheses. If it's "
        "instead intended as a literal name containing periods, wrap it in quotes to create "
        "a string literal.",
        "t.hcl:1,2-9",
    ),
]


@pytest.mark.parametrize(("text", "summary", "detail", "where"), CASES, ids=[c[0] for c in CASES])
def test_diagnostic(text: str, summary: str, detail: str, where: str) -> None:
    diag = only_error(text)
    assert (diag.summary, diag.detail, str(diag.subject)) == (summary, detail, where)


def test_variables_not_allowed_without_context() -> None:
    diag = only_error("a.b", ctx=None)
    assert diag.summary == "Variables not allowed"
    assert diag.detail == "Variables may not be used here."
    assert str(diag.subject) == "t.hcl:1,1-2"


def test_variables_not_allowed_when_no_context_has_variables() -> None:
    diag = only_error("a", ctx=EvalContext(None, {}))
    assert diag.summary == "Variables not allowed"


def test_function_calls_not_allowed() -> None:
    diag = only_error('upper("a")', ctx=EvalContext(scope(), None))
    assert (diag.summary, diag.detail) == (
        "Function calls not allowed",
        "Functions may not be called here.",
    )
    assert str(diag.subject) == "t.hcl:1,1-11"


def test_function_library_bug_becomes_a_diagnostic() -> None:
    diag = only_error("boom()")
    assert diag.summary == "Error in function call"
    assert "RuntimeError: library bug" in diag.detail


def test_context_range_is_the_whole_call() -> None:
    diag = only_error("upper([])")
    assert str(diag.context) == "t.hcl:1,1-10"


def test_both_operands_reported() -> None:
    _, diags = run("[] + {}")
    assert [d.detail for d in diags] == [
        "Unsuitable value for left operand: number required.",
        "Unsuitable value for right operand: number required.",
    ]


def test_every_failing_argument_reported() -> None:
    _, diags = run("count(local.nope, local.nope2)")
    assert [str(d.subject) for d in diags] == ["t.hcl:1,12-17", "t.hcl:1,24-30"]


def test_tuple_collects_all_element_errors() -> None:
    val, diags = run("[local.nope1, 1, local.nope2]")
    assert len(diags) == 2
    assert val.type.is_tuple()


def test_conditional_reports_only_the_chosen_branch() -> None:
    val, diags = run("true ? 1 : local.nope")
    assert not diags
    assert val == Value.number(1)
    _, diags = run("false ? 1 : local.nope")
    assert [d.summary for d in diags] == ["Unsupported attribute"]


def test_multiline_ranges() -> None:
    _, diags = run("[\n  1,\n  local.nope,\n]")
    assert str(diags[0].subject) == "t.hcl:3,8-13"
