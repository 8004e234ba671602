"""Input variables: `variable "name" {...}` and `variables {...}` blocks.

```hcl
variable "disk_size" {
  type        = number
  default     = 20
  description = "Disk size in GiB."
  sensitive   = false
  validation {
    condition     = var.disk_size >= 10
    error_message = "The disk must be at least 10 GiB."
  }
}
```

Defaults must be constant. A variable's value comes, lowest precedence
first, from its default, `PKR_VAR_name`, auto var files, `-var-file`s and
`-var`s (see `assignments`), and is then converted to its type and checked
by its validation rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kiln.hcl.attributes import attribute_value
from kiln.hcl.body import (
    AttributeSchema,
    BlockHeaderSchema,
    BodySchema,
    ContentAttribute,
    ContentBlock,
)
from kiln.hcl.convert import ConversionError, convert
from kiln.hcl.diagnostics import Diagnostic, Diagnostics
from kiln.hcl.eval import EvalContext, evaluate, variables_referenced
from kiln.hcl.functions import lookup as lookup_function
from kiln.hcl.source import Range
from kiln.hcl.types import BOOL, DYNAMIC, STRING, Type
from kiln.hcl.values import Value

_VARIABLE_SCHEMA = BodySchema(
    (
        AttributeSchema("description"),
        AttributeSchema("default"),
        AttributeSchema("type"),
        AttributeSchema("sensitive"),
        AttributeSchema("nullable"),
    ),
    (BlockHeaderSchema("validation"),),
)

_VALIDATION_SCHEMA = BodySchema(
    (AttributeSchema("condition", required=True), AttributeSchema("error_message", required=True))
)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")

#: Defaults may call functions (`env("HOME")`, as Packer documents) but
#: refer to nothing.
_DEFAULTS_CONTEXT = EvalContext(None, lookup_function)

#: The "sensitive" mark: carried by values derived from sensitive variables.
SENSITIVE = "sensitive"


@dataclass
class Validation:
    """One `validation` block of a variable."""

    condition: Any
    error_message: str
    range: Range


@dataclass
class Variable:
    """A declared input variable and, once assigned, its value."""

    name: str
    range: Range
    type: Type = DYNAMIC
    default: Value | None = None
    description: str = ""
    sensitive: bool = False
    nullable: bool = True
    validations: list[Validation] = field(default_factory=list)
    #: The value in use (default or assigned); None while unset.
    value: Value | None = None
    #: Where the value came from: default, env, var-file, var (for debugging).
    value_source: str = ""
    #: The expression range the value came from, for diagnostics.
    value_range: Range | None = None

    def current(self) -> Value:
        """The value to evaluate with: unknown while unset."""
        value = self.value if self.value is not None else Value.unknown(self.type)
        return value.mark(SENSITIVE) if self.sensitive else value


def declare_variable(
    block: ContentBlock, variables: dict[str, Variable], diags: Diagnostics
) -> None:
    """Read one `variable "name" {...}` block into `variables`."""
    name = block.labels[0]
    if not _check_name(name, block.label_ranges[0], variables, diags):
        return
    content, found = block.body.content(_VARIABLE_SCHEMA)
    diags.extend(found)
    variable = Variable(name, block.def_range)
    attributes = content.attributes
    if "type" in attributes:
        variable.type = _type_of(attributes["type"].expr, diags)
    variable.description = _constant_string(attributes.get("description"), diags)
    variable.sensitive = _constant_bool(attributes.get("sensitive"), False, diags)
    variable.nullable = _constant_bool(attributes.get("nullable"), True, diags)
    if "default" in attributes:
        _set_default(variable, attributes["default"], diags)
    for nested in content.blocks:
        validation = _validation(variable, nested, diags)
        if validation is not None:
            variable.validations.append(validation)
    variables[name] = variable


def declare_variables_block(
    block: ContentBlock, variables: dict[str, Variable], diags: Diagnostics
) -> None:
    """Read a `variables { name = default ... }` block: one variable per argument."""
    attributes, found = block.body.just_attributes()
    diags.extend(found)
    for name, attribute in attributes.items():
        if not _check_name(name, attribute.name_range, variables, diags):
            continue
        variable = Variable(name, attribute.range)
        value, found = evaluate(attribute.expr, _DEFAULTS_CONTEXT)
        diags.extend(found)
        if not found.has_errors:
            variable.default = variable.value = value
            variable.type = value.type
            variable.value_source = "default"
        variables[name] = variable


def _check_name(
    name: str, where: Range, variables: dict[str, Variable], diags: Diagnostics
) -> bool:
    if not _IDENTIFIER.match(name):
        diags.add_error(
            "Invalid variable name",
            "A name must start with a letter or underscore and may contain only letters, "
            "digits, underscores, and dashes.",
            where,
        )
        return False
    existing = variables.get(name)
    if existing is not None:
        diags.add_error(
            "Duplicate variable",
            f'Duplicate "{name}" variable definition found; the first was at {existing.range}.',
            where,
        )
        return False
    return True


def _type_of(expr: object, diags: Diagnostics) -> Type:
    from kiln.hcl.typeexpr import type_constraint  # noqa: PLC0415 - only with a type

    result = type_constraint(expr)  # type: ignore[arg-type]
    kind, found = result[0], result[-1]
    diags.extend(found)
    return DYNAMIC if found.has_errors else kind


def _constant(attribute: ContentAttribute | None, kind: Type, diags: Diagnostics) -> Value | None:
    if attribute is None:
        return None
    value = attribute_value(attribute, kind, None, diags)
    return None if value is None or value.is_null or not value.is_known else value


def _constant_string(attribute: ContentAttribute | None, diags: Diagnostics) -> str:
    value = _constant(attribute, STRING, diags)
    return value.as_str() if value is not None else ""


def _constant_bool(attribute: ContentAttribute | None, default: bool, diags: Diagnostics) -> bool:
    value = _constant(attribute, BOOL, diags)
    return bool(value.as_bool()) if value is not None else default


def _set_default(variable: Variable, attribute: ContentAttribute, diags: Diagnostics) -> None:
    expr = attribute.expr
    value, found = evaluate(expr, _DEFAULTS_CONTEXT)
    diags.extend(found)
    if found.has_errors:
        return
    try:
        value = convert(value, variable.type)
    except ConversionError as error:
        diags.add_error(
            "Invalid default value for variable",
            f"This default value is not compatible with the variable's type constraint: "
            f"{error.message}.",
            expr.range,
        )
        return
    variable.default = variable.value = value
    variable.value_source = "default"
    variable.value_range = expr.range


def _validation(variable: Variable, block: ContentBlock, diags: Diagnostics) -> Validation | None:
    content, found = block.body.content(_VALIDATION_SCHEMA)
    diags.extend(found)
    if found.has_errors:
        return None
    condition = content.attributes["condition"]
    if not any(_refers_to(t, variable.name) for t in variables_referenced(condition.expr)):
        diags.add_error(
            "Invalid variable validation condition",
            f'The condition for variable "{variable.name}" must refer to var.{variable.name} '
            "in order to test incoming values.",
            condition.expr.range,
        )
        return None
    message = content.attributes["error_message"]
    text = _constant_string(message, diags)
    if not _looks_like_sentence(text):
        diags.add_error(
            "Invalid validation error message",
            "Validation error message must be at least one full English sentence starting "
            "with an uppercase letter and ending with a period or question mark.",
            message.expr.range,
        )
        return None
    return Validation(condition.expr, text, block.def_range)


def _refers_to(traversal: tuple[object, ...], name: str) -> bool:
    if len(traversal) < 2:
        return False
    root, step = traversal[0], traversal[1]
    return getattr(root, "name", None) == "var" and getattr(step, "name", None) == name


def _looks_like_sentence(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[0].isupper() and text[-1] in ".?"


def check_validations(variable: Variable, ctx: EvalContext | None, diags: Diagnostics) -> None:
    """Run the variable's validation rules against its (known) value."""
    if variable.value is None or not variable.value.is_wholly_known():
        return
    # Conditions may call functions even where no template context is given.
    scope = EvalContext(
        {"var": Value.object({variable.name: variable.value})}, parent=ctx or _DEFAULTS_CONTEXT
    )
    for validation in variable.validations:
        result, found = evaluate(validation.condition, scope)
        diags.extend(found)
        if found.has_errors:
            continue
        try:
            result = convert(result, BOOL)
        except ConversionError as error:
            diags.add_error(
                "Invalid validation result",
                f"The condition expression must return a boolean: {error.message}.",
                validation.condition.range,
            )
            continue
        if result.is_known and not result.is_null and not result.unmark_deep()[0].as_bool():
            diags.append(
                Diagnostic.error(
                    "Invalid value for variable",
                    f"{validation.error_message}\n\nThis was checked by the validation rule "
                    f"at {validation.range}.",
                    variable.value_range or variable.range,
                )
            )
