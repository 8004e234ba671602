"""How a component declares its options: one typed config class per component.

A config class is a dataclass deriving from `Config` whose fields are made
with `option()` (an HCL argument) or `block()` (nested blocks). That one
declaration gives decoding with positioned diagnostics (`kiln.components.decode`),
validation (`Config.check`), and the source for help and documentation
(`Config.options()` lists every option with its type, default and doc).

```python
@dataclass(kw_only=True)
class FileConfig(Config):
    target: str = option(required=True, doc="Where the file is written.")
    content: str = option("", doc="The file's contents.")
    source: str = option("", doc="A file to copy instead.")

    def check(self, problems: Problems) -> None:
        if self.content and self.source:
            problems.add("only one of content or source may be set", "content")
```

The HCL type of an option follows its annotation: `str` → string, `int` and
`float` → number, `bool` → bool, `list[T]` or `tuple[T, ...]` → list,
`dict[str, T]` or `Mapping[str, T]` → map, `Any` → any value. The immutable
spellings take plain defaults (`option(())`) and keep configs unchanged once
decoded. `duration=True` marks a string read as a Go duration
("1m30s"), validated when decoded.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from kiln.hcl.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    Type,
)

_KEY = "kiln"


@dataclass(frozen=True)
class OptionSpec:
    """What `option()` and `block()` record about a field."""

    doc: str = ""
    required: bool = False
    sensitive: bool = False
    duration: bool = False
    #: The name in templates when it is not the field's name (`post-processor`...).
    name: str | None = None
    #: Overrides the HCL type the annotation gives.
    hcl_type: Type | None = None
    is_block: bool = False


def option(
    default: Any = dataclasses.MISSING,
    *,
    default_factory: Any = dataclasses.MISSING,
    required: bool = False,
    doc: str = "",
    sensitive: bool = False,
    duration: bool = False,
    name: str | None = None,
    hcl_type: Type | None = None,
) -> Any:
    """Declare one option (an HCL argument) of a config class."""
    spec = OptionSpec(doc, required, sensitive, duration, name, hcl_type)
    return field(default=default, default_factory=default_factory, metadata={_KEY: spec})


def block(*, doc: str = "", name: str | None = None, required: bool = False) -> Any:
    """Declare nested blocks: a `Config` subclass (one block) or a list of them
    (`list[C]`, or `tuple[C, ...]` for an immutable sequence).

    The field's value is None (or an empty list or tuple) when the template has none.
    """
    spec = OptionSpec(doc, required, name=name, is_block=True)
    return field(default=None, metadata={_KEY: spec})


@dataclass(frozen=True)
class OptionInfo:
    """One option of a config class, as decoding and documentation see it."""

    name: str
    attribute: str
    hcl_type: Type
    spec: OptionSpec
    #: For blocks: the nested config class, and whether it repeats.
    block_class: type[Config] | None = None
    repeated: bool = False
    #: The Python kind the decoded value is turned into.
    python_type: Any = None

    @property
    def is_block(self) -> bool:
        """Whether the option is written as nested blocks."""
        return self.block_class is not None


@dataclass(frozen=True)
class Problem:
    """One finding of `Config.check`: about one option, or the whole block."""

    message: str
    option_name: str | None = None
    is_warning: bool = False


class Problems:
    """What `Config.check` finds: errors stop the build, warnings are shown."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, message: str, option_name: str | None = None) -> None:
        """Record an error; name the option when it is about one."""
        self.found.append(Problem(message, option_name))

    def warn(self, message: str, option_name: str | None = None) -> None:
        """Record a warning."""
        self.found.append(Problem(message, option_name, is_warning=True))

    def __bool__(self) -> bool:
        return any(not problem.is_warning for problem in self.found)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.found)


@dataclass(kw_only=True)
class Config:
    """Base of every component's config class."""

    #: Options whose value is not known yet (validate time, `build.*`): they
    #: hold their default, and checks should not judge them.
    unknown_options: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    #: One line on what the component does, for help and documentation.
    summary: ClassVar[str] = ""

    def check(self, problems: Problems) -> None:
        """Validate option combinations; record each problem (override as needed)."""

    def is_known(self, *names: str) -> bool:
        """Whether every named option has a known value (so it can be checked)."""
        return not self.unknown_options.intersection(names)

    def check_exactly_one(
        self, problems: Problems, names: tuple[str, ...], *, too_many: str, missing: str
    ) -> None:
        """Exactly one of the options `names` may be set: a second one set is
        reported as `too_many` (on that option), none set as `missing` (unless
        some are not known yet)."""
        given = [name for name in names if getattr(self, name)]
        if len(given) > 1:
            problems.add(too_many, given[1])
        elif not given and self.is_known(*names):
            problems.add(missing)

    def check_one_of(self, problems: Problems, name: str, allowed: tuple[str, ...]) -> None:
        """The option `name` must be one of `allowed` (once its value is known)."""
        value = getattr(self, name)
        if self.is_known(name) and value not in allowed:
            choices = ", ".join(f'"{choice}"' for choice in allowed)
            problems.add(f'{name} "{value}" is not supported; use one of {choices}', name)

    @classmethod
    def options(cls) -> tuple[OptionInfo, ...]:
        """Every declared option, in declaration order."""
        found = _OPTIONS.get(cls)
        if found is None:
            found = _OPTIONS[cls] = _options_of(cls)
        return found

    @classmethod
    def option_named(cls, name: str) -> OptionInfo | None:
        """The option templates call `name`, if any."""
        return next((info for info in cls.options() if info.name == name), None)


_OPTIONS: dict[type[Config], tuple[OptionInfo, ...]] = {}


def _options_of(cls: type[Config]) -> tuple[OptionInfo, ...]:
    hints = typing.get_type_hints(cls)
    found = []
    for item in dataclasses.fields(cls):
        spec = item.metadata.get(_KEY)
        if spec is None:
            continue
        annotation = _strip_optional(hints[item.name])
        name = spec.name or item.name
        if spec.is_block:
            block_class, repeated = _block_class(annotation, cls, item.name)
            found.append(
                OptionInfo(name, item.name, DYNAMIC, spec, block_class, repeated, annotation)
            )
        else:
            hcl_type = spec.hcl_type or hcl_type_of(annotation, f"{cls.__name__}.{item.name}")
            found.append(OptionInfo(name, item.name, hcl_type, spec, python_type=annotation))
    return tuple(found)


def _strip_optional(annotation: Any) -> Any:
    """`T | None` → `T`: options are optional by nature; None means unset."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def _block_class(annotation: Any, owner: type, attribute: str) -> tuple[type[Config], bool]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        origin, args = list, args[:1]
    if origin is list:
        (inner,) = args
        if isinstance(inner, type) and issubclass(inner, Config):
            return inner, True
    if isinstance(annotation, type) and issubclass(annotation, Config):
        return annotation, False
    raise TypeError(
        f"{owner.__name__}.{attribute}: a block must be a Config, or a list or tuple of them"
    )


def hcl_type_of(annotation: Any, where: str) -> Type:
    """The HCL type matching a Python annotation."""
    annotation = _strip_optional(annotation)
    simple = {str: STRING, int: NUMBER, float: NUMBER, bool: BOOL}
    if annotation in simple:
        return simple[annotation]
    if annotation is Any:
        return DYNAMIC
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return ListType(hcl_type_of(args[0], where))
    if origin in (dict, Mapping) and args[0] is str:
        return MapType(hcl_type_of(args[1], where))
    raise TypeError(f"{where}: no HCL type for {annotation!r}")
