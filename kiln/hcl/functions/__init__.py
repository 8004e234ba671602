"""The HCL function library Packer registers for HCL2 templates.

`FUNCTIONS` maps every function name to its `Function`; `lookup(name)` finds
one. Functions live in submodules by category and a category is imported only
when one of its functions is first looked up, so importing this package stays
cheap (no re2, yaml, bcrypt, hashlib, ipaddress...).

File functions (`file`, `fileset`, `templatefile`...) resolve relative paths
against a base directory, as Packer's `Functions(basedir)`. `FUNCTIONS` uses
the current directory; `functions_for(base_dir)` gives a table for another.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from kiln.hcl.functions.spec import Function, FunctionError, LazyFunction, Parameter, Thunk

__all__ = [
    "FUNCTIONS",
    "Function",
    "FunctionError",
    "FunctionTable",
    "LazyFunction",
    "Parameter",
    "Thunk",
    "functions_for",
    "lookup",
]

from kiln.hcl.functions._names import CATEGORIES as _CATEGORIES

_NAME_TO_CATEGORY: dict[str, str] = {
    name: category for category, names in _CATEGORIES.items() for name in names
}


class FunctionTable(Mapping[str, Function]):
    """A read-only name -> `Function` mapping that loads categories lazily."""

    def __init__(self, base_dir: str = ".") -> None:
        self.base_dir = base_dir
        self._loaded: dict[str, Function] = {}
        self._categories_loaded: set[str] = set()

    def _load(self, category: str) -> None:
        module = importlib.import_module(f"kiln.hcl.functions.{category}")
        built: dict[str, Function] = module.build(self)
        for name in _CATEGORIES[category]:
            self._loaded[name] = built[name]
        self._categories_loaded.add(category)

    def __getitem__(self, name: str) -> Function:
        fn = self._loaded.get(name)
        if fn is not None:
            return fn
        category = _NAME_TO_CATEGORY.get(name)
        if category is None or category in self._categories_loaded:
            raise KeyError(name)
        self._load(category)
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in _NAME_TO_CATEGORY

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(_NAME_TO_CATEGORY))

    def __len__(self) -> int:
        return len(_NAME_TO_CATEGORY)


FUNCTIONS: Mapping[str, Function] = FunctionTable(".")

_TABLES: dict[str, FunctionTable] = {".": FUNCTIONS}  # type: ignore[dict-item]


def functions_for(base_dir: str) -> Mapping[str, Function]:
    """The function table whose file functions resolve paths from `base_dir`."""
    table = _TABLES.get(base_dir)
    if table is None:
        table = _TABLES[base_dir] = FunctionTable(base_dir)
    return table


def lookup(name: str) -> Function | None:
    """The function called `name`, or None if Packer has no such function."""
    try:
        return FUNCTIONS[name]
    except KeyError:
        return None
