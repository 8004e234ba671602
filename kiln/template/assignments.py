"""Assigning values to input variables from outside the template.

Lowest precedence first: `PKR_VAR_name` environment variables, the
template directory's `*.auto.pkrvars.hcl`/`.json` files (lexical order),
each `-var-file` in order, each `-var name=value` in order. A later
assignment replaces an earlier one.

As in Packer, the text of a `-var` or `PKR_VAR_` value is taken literally for
variables of type string, number or no type, and parsed as an HCL expression
for other types (`-var 'zones=["a","b"]'`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiln.hcl.body import ContentAttribute
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.eval import evaluate
from kiln.hcl.source import Pos, Range
from kiln.hcl.types import DYNAMIC, NUMBER, STRING
from kiln.hcl.values import Value
from kiln.template.files import Sources
from kiln.template.variables import Variable

ENV_PREFIX = "PKR_VAR_"


@dataclass(frozen=True)
class Assignment:
    """One value given for a variable, and where it was written."""

    name: str
    value: Value
    range: Range
    origin: str


def from_environment(
    environ: Mapping[str, str], variables: Mapping[str, Variable], diags: Diagnostics
) -> list[Assignment]:
    """Values from `PKR_VAR_name`; undeclared names are ignored, as Packer does."""
    found = []
    for key in sorted(environ):
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :]
        variable = variables.get(name)
        if variable is None:
            continue
        value = _raw_value(variable, environ[key], f"<value for var.{name} from env>", diags)
        if value is not None:
            found.append(Assignment(name, value[0], value[1], "env"))
    return found


def from_var_file(
    path: str,
    sources: Sources,
    variables: Mapping[str, Variable],
    diags: Diagnostics,
    *,
    warn_undeclared: bool,
) -> list[Assignment]:
    """Values from one variables file (`*.pkrvars.hcl`, or JSON for `*.json`)."""
    parsed = sources.parse(path, diags)
    if parsed.body is None:
        return []
    attributes, found = parsed.body.just_attributes()
    diags.extend(found)
    result = []
    for name, attribute in sorted(attributes.items(), key=lambda item: _start(item[1])):
        if name not in variables:
            if warn_undeclared:
                diags.append(_undeclared_in_file(name, attribute))
            continue
        value, found = evaluate(attribute.expr, None)
        diags.extend(found)
        if not found.has_errors:
            result.append(Assignment(name, value, attribute.expr.range, "var-file"))
    return result


def _start(attribute: ContentAttribute) -> tuple[int, int]:
    return attribute.range.start.line, attribute.range.start.column


def _undeclared_in_file(name: str, attribute: ContentAttribute) -> Diagnostic:
    return Diagnostic.warning(
        "Undefined variable",
        f'A "{name}" variable was set but was not declared in an input variable block. '
        "Declare it with a variable block in one of your .pkr.hcl files, or remove "
        "the assignment.",
        attribute.name_range,
    )


def from_command_line(
    options: Sequence[str],
    variables: Mapping[str, Variable],
    sources: Sources,
    diags: Diagnostics,
) -> list[Assignment]:
    """Values from `-var name=value` options."""
    found = []
    for option in options:
        name, equals, text = option.partition("=")
        if not equals or not name:
            diags.add_error(
                'Invalid "-var" option',
                f'The given -var option "{option}" is not correctly specified. It must be a '
                'variable name and value separated by an equals sign, like -var="key=value".',
            )
            continue
        variable = variables.get(name)
        if variable is None:
            diags.add_error(
                "Undefined -var variable",
                f'A "{name}" variable was passed in the command line but was not found in '
                f'known variables. To declare variable "{name}", place this block in one of '
                f'your .pkr.hcl files, such as variables.pkr.hcl:\n\nvariable "{name}" {{\n'
                "  type = string\n}",
            )
            continue
        filename = f"<value for var.{name}>"
        sources.files[filename] = text.encode("utf-8")
        value = _raw_value(variable, text, filename, diags)
        if value is not None:
            found.append(Assignment(name, value[0], value[1], "var"))
    return found


def _raw_value(
    variable: Variable, text: str, filename: str, diags: Diagnostics
) -> tuple[Value, Range] | None:
    start = Pos(1, 1, 0)
    if variable.type in (STRING, NUMBER, DYNAMIC):
        encoded = text.encode("utf-8")
        end = Pos(1 + encoded.count(b"\n"), 1, len(encoded))
        return Value.string(text), Range(filename, start, end)
    from kiln.hcl.parser import parse_expression  # noqa: PLC0415 - the parser is heavy

    expr, found = parse_expression(text.encode("utf-8"), filename, start)
    diags.extend(found)
    if found.has_errors or expr is None:
        return None
    value, found = evaluate(expr, None)
    diags.extend(found)
    return None if found.has_errors else (value, expr.range)


def assign(variable: Variable, assignment: Assignment, diags: Diagnostics) -> None:
    """Give `variable` the assigned value, converted to its type."""
    value = assignment.value
    try:
        value = convert(value, variable.type)
    except ConversionError as error:
        diags.add_error(
            "Invalid value for variable",
            f"The value for {variable.name} is not compatible with the variable's type "
            f"constraint: {error.message}.",
            assignment.range,
        )
        return
    if value.is_null and not variable.nullable:
        if variable.default is None:
            diags.add_error(
                "Invalid value for variable",
                f"The variable {variable.name} does not accept null: it is declared "
                "with nullable = false.",
                assignment.range,
            )
            return
        value = variable.default
    variable.value = value
    variable.value_source = assignment.origin
    variable.value_range = assignment.range
