"""Diagnostics as Go HCL makes them: severity, summary, detail, subject range.

Every user-facing problem found while reading or evaluating HCL becomes a
`Diagnostic`. Functions that can find several problems collect them in a
`Diagnostics` list; code that must stop raises `HCLError` carrying the list.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiln.hcl.source import Range


class Severity(enum.Enum):
    """How bad a diagnostic is."""

    ERROR = "Error"
    WARNING = "Warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, positioned in the source when a position is known.

    `subject` is the range the problem is about (underlined when rendered);
    `context` an optional wider range around it, as in Go HCL.
    """

    severity: Severity
    summary: str
    detail: str = ""
    subject: Range | None = None
    context: Range | None = None

    @classmethod
    def error(cls, summary: str, detail: str = "", subject: Range | None = None) -> Diagnostic:
        """An error diagnostic."""
        return cls(Severity.ERROR, summary, detail, subject)

    @classmethod
    def warning(cls, summary: str, detail: str = "", subject: Range | None = None) -> Diagnostic:
        """A warning diagnostic."""
        return cls(Severity.WARNING, summary, detail, subject)

    def __str__(self) -> str:
        """The one-line form: `file.pkr.hcl:12,3-9: Summary; Detail`."""
        where = f"{self.subject}: " if self.subject else ""
        detail = f"; {self.detail}" if self.detail else ""
        return f"{where}{self.summary}{detail}"

    def render(self, sources: Mapping[str, bytes] | None = None) -> str:
        """The multi-line form Packer prints, quoting the source line.

        ```
        Error: Unsupported argument

          on template.pkr.hcl line 12:
          12:   foo = "bar"

        An argument named "foo" is not expected here.
        ```
        """
        lines = [f"{self.severity.value}: {self.summary}", ""]
        if self.subject is not None:
            lines.append(f"  on {self.subject.filename} line {self.subject.start.line}:")
            quoted = _source_line(sources, self.subject)
            if quoted is not None:
                lines.append(f"  {self.subject.start.line}: {quoted}")
            lines.append("")
        if self.detail:
            lines.append(self.detail)
            lines.append("")
        return "\n".join(lines)


def _source_line(sources: Mapping[str, bytes] | None, where: Range) -> str | None:
    if not sources or where.filename not in sources:
        return None
    all_lines = sources[where.filename].split(b"\n")
    index = where.start.line - 1
    if not 0 <= index < len(all_lines):
        return None
    return all_lines[index].rstrip(b"\r").decode("utf-8", errors="replace")


class Diagnostics(list[Diagnostic]):
    """An ordered collection of diagnostics from one operation."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        super().__init__(items)

    @property
    def has_errors(self) -> bool:
        """True when at least one diagnostic is an error."""
        return any(d.severity is Severity.ERROR for d in self)

    def errors(self) -> list[Diagnostic]:
        """Only the error diagnostics."""
        return [d for d in self if d.severity is Severity.ERROR]

    def add_error(self, summary: str, detail: str = "", subject: Range | None = None) -> None:
        """Append an error."""
        self.append(Diagnostic.error(summary, detail, subject))


class HCLError(Exception):
    """Raised when HCL input cannot be used; carries every diagnostic found."""

    def __init__(
        self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, bytes] | None = None
    ) -> None:
        self.diagnostics = Diagnostics(diagnostics)
        #: The files the diagnostics point into, so that rendering can quote them.
        self.sources = dict(sources or {})
        super().__init__("\n".join(str(d) for d in self.diagnostics))
