"""`hcl2_upgrade`: a legacy JSON template rewritten as an HCL2 `.pkr.hcl` file.

Follows current Packer's upgrader: a `packer` block (`required_version`
from `min_packer_version`, `required_plugins` for HashiCorp's plugins the
template uses), `variable` blocks (string typed; defaults that call more
than `env` become `locals`), `data "amazon-ami"` blocks from amazon
builders' `source_ami_filter`, the `timestamp` local, one `source` per
builder and a `build` block with the provisioners and post-processor
chains. Strings' `{{ }}` calls become HCL2 interpolations (see
`_transpose`). The result is formatted as `kiln fmt` formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kiln.hcl._goquote import go_quote
from kiln.hcl.formatter import format_source
from kiln.template.legacy._hclwrite import block_lines, escape_text, value_literal
from kiln.template.legacy._transpose import Transposer
from kiln.template.legacy._values import format_duration
from kiln.template.legacy.template import Builder, LegacyTemplate, PostProcessor, Provisioner

__all__ = ["KNOWN_PLUGINS", "Upgrade", "upgrade_template"]

#: HashiCorp's plugins the upgrader can name in `required_plugins`, by type prefix.
KNOWN_PLUGINS = {
    "amazon": "github.com/hashicorp/amazon",
    "ansible": "github.com/hashicorp/ansible",
    "azure": "github.com/hashicorp/azure",
    "docker": "github.com/hashicorp/docker",
    "googlecompute": "github.com/hashicorp/googlecompute",
    "qemu": "github.com/hashicorp/qemu",
    "vagrant": "github.com/hashicorp/vagrant",
    "virtualbox": "github.com/hashicorp/virtualbox",
    "vmware": "github.com/hashicorp/vmware",
    "vsphere": "github.com/hashicorp/vsphere",
}

#: Builders that ship with Packer itself.
BUNDLED_BUILDERS = frozenset({"file", "null"})

#: Builder settings copied into the amazon-ami data source (AWS access settings).
AWS_ACCESS_KEYS = (
    "access_key",
    "assume_role",
    "aws_polling",
    "custom_endpoint_ec2",
    "decode_authorization_messages",
    "insecure_skip_tls_verify",
    "max_retries",
    "mfa_code",
    "profile",
    "region",
    "secret_key",
    "shared_credentials_file",
    "skip_credential_validation",
    "skip_metadata_api_check",
    "token",
    "vault_aws_engine",
)

TIMESTAMP_LOCAL = 'locals { timestamp = regex_replace(timestamp(), "[- TZ:]", "") }'
LEGACY_TIME_NOTE = (
    '# The "legacy_{name}" function has been provided for backwards compatability, '
    "but we recommend switching to the timestamp and formatdate functions."
)

# Annotations written with -with-annotations (Kiln's own wording).
HEADER = """\
# Generated from a legacy JSON template by 'hcl2_upgrade'. Review it before use:
# the conversion is mechanical. Blocks may be split across several files of one
# directory (for example the variables into 'variables.pkr.hcl'); every file must
# end in '.pkr.hcl' to be read, and 'packer inspect DIRECTORY' lists what a
# directory holds.

# Go template calls such as {{ upper `text` }} and HCL2 interpolations such as
# ${var.text} are evaluated separately: do not combine them in one value.
"""
NOTES = {
    "packer": "# The packer block: which Packer version and plugins this configuration needs.",
    "variables": (
        "# Input variables. JSON templates only know strings, so each one is typed\n"
        "# 'string'; change the type constraints where another type fits better."
    ),
    "locals": (
        "# Local values, made from variables whose defaults call functions: HCL2\n"
        "# variables' defaults must be known before evaluation starts."
    ),
    "ami": (
        "# amazon-ami data sources, made from the builders' source_ami_filter; the\n"
        "# sources refer to the image they find."
    ),
    "secrets": ("# amazon-secretsmanager data sources, made from aws_secretsmanager calls."),
    "sources": (
        "# One source block per builder of the JSON template; the build block below\n"
        "# runs provisioners and post-processors on them."
    ),
    "build": "# The build block: the sources to build, then provisioners and post-processors.",
    "timestamp": '# Replaces the "timestamp" template function.',
}

_USER_CALL = re.compile(r"{{\s*user\s*[`\"]([^`\"]*)[`\"]\s*}}")


@dataclass
class Upgrade:
    """The result: the HCL2 text and the problems to report (the file is written anyway)."""

    text: bytes
    problems: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, template: LegacyTemplate, annotations: bool) -> None:
        self.template = template
        self.annotations = annotations
        self.transposer = Transposer()
        self.problems: list[str] = []

    def note(self, key: str) -> list[str]:
        return ["", NOTES[key]] if self.annotations else []

    def block(
        self, kind: str, labels: list[str], config: dict[str, Any], head: list[str] | None = None
    ) -> list[str]:
        """A block whose strings are transposed, preceded by notes about them."""
        transposer = self.transposer
        transposer.notes, transposer.failures = [], []
        lines = block_lines(kind, labels, config, transposer.transpose, head=head)
        return [*self._comments(transposer.notes, transposer.failures), *lines]

    @staticmethod
    def _comments(notes: list[str], failures: list[str]) -> list[str]:
        out = [f"# could not parse template for following block: {go_quote(f)}" for f in failures]
        if len(notes) == 1:
            out.extend(["# 1 error occurred upgrading the following block:", f"# {notes[0]}"])
        elif notes:
            out.append(f"# {len(notes)} errors occurred upgrading the following block:")
            out.extend(f"# {note}" for note in notes)
        return out


def _plugins(template: LegacyTemplate) -> list[str]:
    types = [b.type for b in template.builders] + [p.type for p in template.provisioners]
    types += [p.type for chain in template.post_processors for p in chain]
    found = {
        KNOWN_PLUGINS[prefix]
        for kind in types
        for prefix in KNOWN_PLUGINS
        if kind.startswith(prefix)
    }
    return sorted(found)


def _packer_block(writer: _Writer) -> list[str]:
    template = writer.template
    plugins = _plugins(template)
    if not template.min_packer_version and not plugins:
        return []
    lines = [*writer.note("packer"), "packer {"]
    if template.min_packer_version:
        lines.append(f'  required_version = ">= {escape_text(template.min_packer_version)}"')
    if plugins:
        lines.append("  required_plugins {")
        for source in plugins:
            name = source.removeprefix("github.com/hashicorp/")
            lines += [
                f"    {name} = {{",
                f'      source  = "{source}"',
                '      version = "~> 1"',
                "    }",
            ]
        lines.append("  }")
    return [*lines, "}"]


def _variables(writer: _Writer) -> tuple[list[str], list[str]]:
    """The variable blocks, and the locals made from variables."""
    template = writer.template
    defaults: dict[str, str | None] = {n: v.default for n, v in template.variables.items()}
    for name in _USER_CALL.findall(template.source.decode("utf-8", "replace")):
        defaults.setdefault(name, None)
    transposer = writer.transposer
    transposer.locals = {n for n, d in defaults.items() if d and transposer.is_local(d)}
    variables: list[str] = []
    local_values: dict[str, Any] = {}
    sensitive_locals: list[str] = []
    for name in sorted(defaults):
        default = defaults[name]
        sensitive = name in template.sensitive_variables
        if name in transposer.locals:
            if sensitive:
                body = {"expression": default, "sensitive": True}
                sensitive_locals += ["", *writer.block("local", [name], body)]
            else:
                local_values[name] = default
            continue
        head = ["  type = string"]
        if default is not None:
            head.append(f"  default = {value_literal(default, transposer.transpose)}")
        if sensitive:
            head.append("  sensitive = true")
        variables += ["", *block_lines("variable", [name], {}, transposer.transpose, head=head)]
    locals_lines = sensitive_locals
    if local_values:
        locals_lines = ["", *writer.block("locals", [], local_values), *sensitive_locals]
    return variables, locals_lines


def _ami_data_sources(
    writer: _Writer, builders: list[Builder]
) -> tuple[list[str], list[dict[str, Any]]]:
    """amazon-ami data blocks; and each builder's config with `source_ami` pointing at them."""
    lines: list[str] = []
    filters: list[dict[str, Any]] = []
    configs: list[dict[str, Any]] = []
    for builder in builders:
        config = dict(builder.config)
        configs.append(config)
        found = config.get("source_ami_filter")
        if not builder.type.startswith("amazon-") or not isinstance(found, dict):
            continue
        data = dict(found) | {k: config[k] for k in AWS_ACCESS_KEYS if k in config}
        if data in filters:
            number = filters.index(data) + 1
        else:
            filters.append(data)
            number = len(filters)
            lines += ["", *writer.block("data", ["amazon-ami", f"autogenerated_{number}"], data)]
        del config["source_ami_filter"]
        config["source_ami"] = f"{{{{ data `amazon-ami.autogenerated_{number}.id` }}}}"
    return lines, configs


def _source_name(builder: Builder, index: int) -> str:
    name = builder.name
    if not name or name == builder.type:
        name = f"autogenerated_{index}"
    return name.strip().replace(" ", "_")


def _provisioner(
    writer: _Writer, kind: str, provisioner: Provisioner, names: dict[str, str]
) -> list[str]:
    config = dict(provisioner.config)
    if provisioner.except_:
        config["except"] = list(provisioner.except_)
    if provisioner.only:
        config["only"] = list(provisioner.only)
    if provisioner.max_retries:
        config["max_retries"] = provisioner.max_retries
    if provisioner.timeout:
        config["timeout"] = format_duration(provisioner.timeout)
    if provisioner.pause_before:
        config["pause_before"] = format_duration(provisioner.pause_before)
    head: list[str] = []
    if provisioner.override:
        # Kiln keeps `override`, keyed by the source names HCL2 matches it against.
        override = {names.get(k, k): v for k, v in provisioner.override.items()}
        head.append(f"  override = {value_literal(override, writer.transposer.transpose, 1)}")
    return writer.block(kind, [provisioner.type], config, head=head)


def _post_processor(writer: _Writer, post: PostProcessor) -> list[str]:
    config = dict(post.config)
    if post.except_:
        config["except"] = list(post.except_)
    if post.only:
        config["only"] = list(post.only)
    if post.name and post.name != post.type:
        config["name"] = post.name
    head = []
    if post.keep_input_artifact is not None:
        head.append(f"  keep_input_artifact = {'true' if post.keep_input_artifact else 'false'}")
    return writer.block("post-processor", [post.type], config, head=head)


def _build_block(writer: _Writer, sources: list[str], names: dict[str, str]) -> list[str]:
    template = writer.template
    lines = ["build {"]
    if template.description:
        lines += [f'  description = "{escape_text(template.description)}"', ""]
    lines += [f"  sources = {value_literal(sources, escape_text)}", ""]
    for provisioner in template.provisioners:
        lines += [*_provisioner(writer, "provisioner", provisioner, names), ""]
    if template.error_cleanup_provisioner is not None:
        cleanup = template.error_cleanup_provisioner
        lines += [*_provisioner(writer, "error-cleanup-provisioner", cleanup, names), ""]
    for chain in template.post_processors:
        blocks = [line for post in chain for line in _post_processor(writer, post)]
        if len(chain) > 1:
            blocks = ["post-processors {", *blocks, "}"]
        lines += blocks
    return [*writer.note("build"), *lines, "}"]


def upgrade_template(template: LegacyTemplate, *, annotations: bool = False) -> Upgrade:
    """The HCL2 equivalent of a parsed legacy template, formatted as `kiln fmt` does."""
    writer = _Writer(template, annotations)
    builders = sorted(template.builders, key=lambda b: b.type + b.name)
    variables, locals_lines = _variables(writer)
    ami_lines, configs = _ami_data_sources(writer, builders)
    source_lines: list[str] = []
    sources: list[str] = []
    names: dict[str, str] = {}
    unknown: list[str] = []
    for index, (builder, config) in enumerate(zip(builders, configs, strict=True), start=1):
        name = _source_name(builder, index)
        names[builder.name] = name
        sources.append(f"source.{builder.type}.{name}")
        if builder.type not in BUNDLED_BUILDERS and not any(
            builder.type.startswith(p) for p in KNOWN_PLUGINS
        ):
            unknown.append(builder.type)
        source_lines += ["", *writer.block("source", [builder.type, name], config)]
    build_lines = _build_block(writer, sources, names)
    if unknown:
        writer.problems.append(f"unknown builder type(s): [{' '.join(unknown)}]")
    out: list[str] = [HEADER] if annotations else []
    out += _packer_block(writer)
    if variables:
        out += [*writer.note("variables"), *variables]
    out += _secrets(writer)
    if ami_lines:
        out += [*writer.note("ami"), *ami_lines]
    out += _time_helpers(writer)
    if locals_lines:
        out += [*writer.note("locals"), *locals_lines]
    if source_lines:
        out += [*writer.note("sources"), *source_lines]
    out += ["", *build_lines] if template.builders else []
    text = "\n".join(out).lstrip("\n") + "\n"
    return Upgrade(format_source(text.encode()), writer.problems)


def _secrets(writer: _Writer) -> list[str]:
    secrets = writer.transposer.secrets
    if not secrets:
        return []
    lines = writer.note("secrets")
    for name in sorted(secrets):
        lines += [
            "",
            *block_lines("data", ["amazon-secretsmanager", name], secrets[name], escape_text),
        ]
    return lines


def _time_helpers(writer: _Writer) -> list[str]:
    transposer = writer.transposer
    lines: list[str] = []
    if transposer.timestamp:
        lines += ["", *([NOTES["timestamp"]] if writer.annotations else []), TIMESTAMP_LOCAL]
    if transposer.isotime:
        lines.append(LEGACY_TIME_NOTE.format(name="isotime"))
    if transposer.strftime:
        lines.append(LEGACY_TIME_NOTE.format(name="strftime"))
    return lines
