"""Write the generated part of the formatter corpus into tests/hcl/fmt/cases/.

Each snippet below is one formatting situation; every snippet is written as
`gen_NAME.pkr.hcl` and, for a subset, in mangled variants (badly indented,
squashed, spread out, tab-indented, CRLF) so the same rule is exercised from
several messy starting points.  Real-world templates from /work/shared/realworld
are copied in as `rw_*.pkr.hcl`, and `rand_*.pkr.hcl` are random messy
templates from random_hcl.py (fixed seed; those Packer rejects end up as
"must not crash" inputs).  Hand-written cases (`hand_*.pkr.hcl`) live in
the directory directly and are not touched here.

Run: .venv/bin/python tests/hcl/fmt/make_cases.py   (then make_goldens.py)
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

# Runnable as a plain script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.hcl.fmt.random_hcl import RandomHCL

RANDOM_CASES = 120
RANDOM_SEED = 20201216  # Packer 1.6.6's release date: any fixed seed will do

CASES = Path(__file__).resolve().parent / "cases"
REALWORLD = Path("/work/shared/realworld")

SNIPPETS: dict[str, str] = {
    # --- alignment of "=" in runs of attributes -------------------------------
    "align_simple": """\
a = 1
bbb = 2
cc = 3
""",
    "align_blank_line_breaks_run": """\
a = 1
bbbbbb = 2

c = 3
dd = 4
""",
    "align_comment_line_breaks_run": """\
a = 1
bbbbbb = 2
# a comment
c = 3
dd = 4
""",
    "align_block_breaks_run": """\
a = 1
bbbbbb = 2
inner {
x = 1
yyyyy = 2
}
c = 3
dd = 4
""",
    "align_multiline_value_breaks_run": """\
a = 1
bbbbbb = [
1,
2,
]
c = 3
dd = {
k = "v"
longer_key = "w"
}
eee = 5
""",
    "align_heredoc_in_run": """\
a = 1
bbbbbb = <<EOF
text
EOF
c = 3
dd = 4
""",
    "align_oneline_object_in_run": """\
a = { x = 1 }
bbbbbb = [1, 2]
c = f(1, 2)
""",
    "align_nested_object_keys": """\
tags = {
Name = "x"
Environment = "prod"
"quoted key" = 1
a.b = 2
}
""",
    "align_colon_object": """\
m = {
a: 1,
bbbb: 2,
}
""",
    "align_already_over_aligned": """\
a          = 1
bb         = 2
ccc        = 3
""",
    # --- indentation ---------------------------------------------------------
    "indent_nested_blocks": """\
source "amazon-ebs" "x" {
ami_name = "a"
launch_block_device_mappings {
device_name = "/dev/sda1"
volume_size = 40
nested {
deep = true
}
}
}
""",
    "indent_over_indented": """\
        build {
                    sources = ["a"]
              provisioner "shell" {
   inline = ["echo hi"]
                            }
    }
""",
    "indent_brackets_same_line": """\
a = [[
1, 2
], [
3, 4
]]
b = {x = [
1
]}
""",
    "indent_unbalanced_close_first": """\
x = [
1,
2]
y = f(
1,
2)
z = 3
""",
    "indent_parens_multiline_call": """\
a = concat(
[1],
[
2,
3
],
)
b = format("%s-%s",
var.a,
var.b
)
""",
    "indent_conditional_multiline": """\
a = (
var.x ? 1 : 2
)
b = var.x ? [
1
] : [
2
]
""",
    "indent_empty_blocks": """\
a {
}
b {}
c "l" {
  }
d   "l1"    "l2"   {   }
""",
    "indent_oneline_block": """\
a { b = 1 }
c "x" {d = 2}
""",
    # --- spacing -------------------------------------------------------------
    "space_binary_ops": """\
a = 1+2
b = 3-4
c = 5*6
d = 7/8
e = 9%10
f = a==b
g = a!=b
h = a<b
i = a<=b
j = a>b
k = a>=b
l = a&&b
m = a||b
""",
    "space_unary_minus": """\
a = -1
b = [-1, -2]
c = f(-1)
d = 1 - -1
e = 1*-1
f = a ? -1 : -2
g = {k = -1}
h = (-1)
i = a== -1
j = a&&-1
k = x[-1]
l = - 1
m = a-1
n = "${-1}"
o = a.b-1
p = f(1)-1
q = [1]-1
""",
    "space_unary_not": """\
a = !var.x
b = !(a && b)
c = a && !b
d = !!x
""",
    "space_splat": """\
a = foo[*].id
b = foo.*.id
c = foo[*]
d = foo [ * ] . id
e = length(foo[*].bar)
f = a*b
g = foo[*].bar[0]
""",
    "space_function_calls": """\
a = f()
b = f(1,2,3)
c = f( 1 , 2 )
d = f (1)
e = f(x...)
f = f(x ...)
g = f(g(h(1)))
h = upper ( "x" )
""",
    "space_index_and_attr": """\
a = foo[0]
b = foo [0]
c = foo . bar
d = foo["k"]
e = foo[0][1]
f = foo.0.bar
g = [1,2][0]
h = (foo)[0]
i = {a=1}["a"]
""",
    "space_commas": """\
a = [1,2,3]
b = [1 ,2 , 3]
c = [ 1, 2, 3, ]
d = {a=1,b=2}
""",
    "space_braces_object": """\
a = {}
b = { }
c = {a=1}
d = {   a   =   1   }
e = {a={b={}}}
""",
    "space_conditional": """\
a = x?1:2
b = x ? 1 : 2
c = x?"a":"b"
d = (x)?[1]:[2]
""",
    "space_for_expressions": """\
a = [for x in var.list: upper(x)]
b = {for k, v in var.map: k => v}
c = [for x in [1,2]: x if x>1]
d = {for k,v in m : k=>v...}
e = [for i, x in ["a"] : "${i}-${x}"]
f = [ for x in y : x ]
g = {for x in y: x.name => x if x.enabled}
""",
    "space_for_multiline": """\
a = [
for x in var.list :
upper(x)
if x != ""
]
b = {
for k, v in var.map:
k => v
}
""",
    "space_arrow_and_colon": """\
m = {a:1, b : 2}
n = {"a"=1, "b" : 2}
""",
    "space_parens": """\
a = ( 1 + 2 ) * 3
b = ((1))
c = (a)
""",
    "space_numbers": """\
a = 1.5
b = 1e10
c = 1.5e-3
d = 0.1+0.2
""",
    # --- templates / strings ------------------------------------------------
    "template_interp_spacing": """\
a = "${var.x}"
b = "${ var.x }"
c = "${var.x+1}"
d = "pre-${var.a}-mid-${var.b}-post"
e = "${var.a}${var.b}"
f = "${f(1,2)}"
g = "${ {a=1} }"
h = "${ [1,2] }"
i = "$${notinterp}"
j = "%%{notdirective}"
""",
    "template_directives": """\
a = "%{if var.x}yes%{else}no%{endif}"
b = "%{ if var.x }yes%{ else }no%{ endif }"
c = "%{for x in var.l}${x},%{endfor}"
d = "%{~ if true ~}x%{~ endif ~}"
e = "${~ var.x ~}"
""",
    "template_escapes": """\
a = "tab\\there"
b = "quote\\"inside"
c = "back\\\\slash"
d = "unicode \\u00e9 \\U0001F600"
e = "  spaces   inside  "
f = "a = b"
g = "# not a comment"
h = "// not a comment"
""",
    "template_nested_quotes": """\
a = "${"inner"}"
b = "${format("%s", "x")}"
c = "${var.m["key"]}"
d = "${ lookup(var.m, "k", "d") }"
""",
    # --- heredocs ------------------------------------------------------------
    "heredoc_basic": """\
a = <<EOF
   line one
 line two\x20\x20\x20\x20
	tabbed
EOF
b = 2
""",
    "heredoc_indented": """\
build {
provisioner "shell" {
inline = [<<-EOT
      echo "hi"
        if true; then x; fi
      EOT
    ]
}
}
""",
    "heredoc_with_interp": """\
a = <<EOF
value: ${ var.x+1 }
list: %{ for x in var.l }${x} %{ endfor }
EOF
""",
    "heredoc_in_list": """\
a = [
<<EOF
one
EOF
,
<<EOF
two
EOF
]
""",
    "heredoc_in_call": """\
a = jsonencode(<<EOF
{"k": "v"}
EOF
)
b = 1
""",
    "heredoc_marker_names": """\
a = <<END_OF_TEXT
x
END_OF_TEXT
b = <<-X
    y
    X
cc = <<EOT
EOT
""",
    "heredoc_brackets_inside": """\
a = <<EOF
{ [ (\x20
EOF
b = {
c = 1
}
""",
    "heredoc_in_object": """\
a = {
user_data = <<EOF
#!/bin/bash
echo hi
EOF
other = 1
}
""",
    # --- comments ------------------------------------------------------------
    "comments_line_styles": """\
# hash
// slashes
/* block */
/* multi
   line
 block */
a = 1
""",
    "comments_trailing_aligned": """\
a = 1 # one
bbbbbb = 2 # two
c = 3 // three
""",
    "comments_trailing_in_block": """\
x {
a = 1 # one
bbb = "long value here" # two
# standalone
c = 3 # three
}
""",
    "comments_after_brace": """\
a { # trailing on open
b = 1
} # trailing on close
c = [ # list open
1, # one
22, # twenty-two
] # list close
""",
    "comments_inline_block": """\
a = /* inline */ 1
b = 1 /* after */
c = f(/* arg */ 1)
/* before */ d = 1
""",
    "comments_indentation": """\
block {
# top comment
     # misaligned comment
a = 1
    // another
nested {
      # deep comment
b = 2
}
}
""",
    "comments_hash_no_space": """\
#no space
//no space
a = 1#tight
b = 2//tight
""",
    "comments_only": """\
# just a comment
""",
    "comments_block_multiline_in_body": """\
a {
/*
 * doc style
 */
b = 1
}
""",
    "comments_eof_no_newline": "a = 1 # end",
    "comments_trailing_on_multiline_value": """\
a = [ # start
1,
] # end
bb = 1 # x
""",
    # --- whitespace, line endings, files --------------------------------------
    "ws_trailing_spaces": "a = 1   \nb = 2\t\n\n   \nc {   \n  d = 1  \n}  \n",
    "ws_no_final_newline": "a = 1\nb = 2",
    "ws_trailing_spaces_at_eof": "a = 1\nb = 2   ",
    "ws_many_blank_lines": "\n\n\na = 1\n\n\n\nb = 2\n\n\n",
    "ws_empty": "",
    "ws_only_newlines": "\n\n\n",
    "ws_only_spaces": "   \n  \n",
    "ws_leading_blank": "\n\na = 1\n",
    "ws_tabs_everywhere": 'block\t"x"\t{\n\ta\t=\t1\n\t\tbb\t= [\n\t\t\t1,\n\t\t]\n}\n',
    # --- unicode -------------------------------------------------------------
    "unicode_values": """\
a = "héllo wörld"
bb = "日本語"
ccc = "emoji 👍🏽 here"
""",
    "unicode_comments_aligned": """\
a = "日本" # c1
bbb = "x" # c2
cc = "e\u0301e" # c3
d = "👨‍👩‍👧" # c4
""",
    "unicode_object_keys": """\
m = {
"ключ" = 1
"k" = 2
"日本語キー" = 3
"é" = 4
"e\u0301" = 5
}
""",
    "unicode_identifiers": """\
variable "région" {
default = "x"
}
ß = 1
abc = 2
""",
    "unicode_heredoc": """\
a = <<EOF
  ünïcödé\x20\x20
EOF
""",
    # --- odd / degenerate ----------------------------------------------------
    "odd_attribute_equals_in_block_label": """\
a "b=c" {
d = 1
}
""",
    "odd_long_chains": """\
a = var.one.two.three[0].four["five"].six
b = data.aws_ami.ubuntu.id
c = local.x == "y" ? local.a : local.b
""",
    "odd_multiple_equals_line": """\
a = { b = 1 }
c = { d = { e = 2 } }
""",
    "odd_close_and_open_same_line": """\
a = {
b = 1
} c = 1
""",
    "odd_deep_nesting": """\
a = {
b = {
c = {
d = [
[
{
e = 1
}
]
]
}
}
}
""",
    "odd_block_with_equals_after_bracket": """\
a = [
{ b = 1 },
{ c = 2, dd = 3 },
]
""",
    "odd_nested_functions_multiline": """\
locals {
x = merge(
local.a,
{
b = 1
cc = 2
},
)
}
""",
    "odd_bool_null": """\
a = true
b = false
c = null
d = !true
""",
    # --- realistic Packer ----------------------------------------------------
    "packer_full_template": """\
packer {
required_plugins {
amazon = {
version = ">= 0.0.2"
source = "github.com/hashicorp/amazon"
}
}
}

variable "region" {
type = string
default = "us-east-1"
description = "AWS region"
}

variable "instance_count" {
type = number
default = 1
validation {
condition = var.instance_count>0 && var.instance_count<=10
error_message = "Must be between 1 and 10."
}
}

locals {
timestamp = regex_replace(timestamp(), "[- TZ:]", "")
names = [for n in ["a","b"]: "${n}-${local.timestamp}"]
tags = {
Name = "packer-${local.timestamp}"
Owner = "team"
}
}

source "amazon-ebs" "ubuntu" {
ami_name = "learn-packer-${local.timestamp}"
instance_type = "t2.micro"
region = var.region
source_ami_filter {
filters = {
name = "ubuntu/images/*ubuntu-xenial-16.04-amd64-server-*"
root-device-type = "ebs"
virtualization-type = "hvm"
}
most_recent = true
owners = ["099720109477"]
}
ssh_username = "ubuntu"
tags = local.tags
}

build {
name = "learn-packer"
sources = [
"source.amazon-ebs.ubuntu"
]

provisioner "shell" {
environment_vars = [
"FOO=hello world",
]
inline = [
"echo Installing Redis",
"sleep 30",
"sudo apt-get update",
]
}

provisioner "shell" {
inline = ["echo This provisioner runs last"]
}

post-processor "manifest" {}
}
""",
    "packer_variables_file": """\
variable "a" {
  type    = list(string)
  default = []
}
variable "b" {
  type = map(string)
  default = {
    k = "v"
  }
}
variable "c" {
  type      = object({ name = string, size = number })
  sensitive = true
  default   = { name = "x", size = 1 }
}
variable "d" {
type = string
validation {
condition     = length(var.d) > 4 && substr(var.d, 0, 4) == "ami-"
error_message = "The image_id value must be a valid AMI id, starting with \\"ami-\\"."
}
}
""",
    "packer_dynamic_block": """\
source "null" "x" {
communicator = "none"
dynamic "tag" {
for_each = local.tags
content {
key = tag.key
value = tag.value
}
}
}
""",
    "packer_build_heredoc_script": """\
build {
sources = ["source.null.x"]
provisioner "shell-local" {
inline = [
<<-EOF
set -e
echo "${var.x}"
  echo indented
EOF
]
}
provisioner "file" {
content = <<EOF
[section]
key = value
EOF
destination = "/tmp/x.ini"
}
}
""",
    "packer_post_processors": """\
build {
sources = ["source.null.x"]
post-processors {
post-processor "shell-local" {
inline = ["echo 1"]
}
post-processor "manifest" {
output = "manifest.json"
strip_path = true
}
}
}
""",
    "packer_only_except": """\
build {
source "source.null.first" {
name = "renamed"
}
provisioner "shell-local" {
only = ["null.renamed"]
inline = ["echo only"]
}
provisioner "shell-local" {
except = ["null.renamed"]
inline = ["echo except"]
pause_before = "10s"
max_retries = 5
}
}
""",
    "packer_data_source": """\
data "amazon-ami" "ubuntu" {
filters = {
virtualization-type = "hvm"
name = "ubuntu/images/*"
}
owners = ["099720109477"]
most_recent = true
}
locals {
ami = data.amazon-ami.ubuntu.id
}
""",
    "packer_boot_command": """\
source "qemu" "x" {
boot_command = [
"<esc><wait>",
"linux text biosdevname=0 ks=http://{{ .HTTPIP }}:{{ .HTTPPort }}/ks.cfg<enter><enter>"
]
boot_wait = "10s"
disk_size = 40960
http_directory = "http"
qemuargs = [
["-m", "2048M"],
["-smp", "2"]
]
}
""",
}

# Snippets that get every mangled variant as well (chosen to cover rules
# where the starting whitespace matters most).
VARIANT_BASES = [
    "align_simple",
    "align_block_breaks_run",
    "align_multiline_value_breaks_run",
    "indent_nested_blocks",
    "indent_parens_multiline_call",
    "space_binary_ops",
    "space_unary_minus",
    "space_for_expressions",
    "comments_trailing_aligned",
    "comments_after_brace",
    "template_interp_spacing",
    "heredoc_indented",
    "packer_full_template",
    "packer_variables_file",
    "odd_deep_nesting",
    "unicode_comments_aligned",
]


def squash(text: str) -> str:
    """Remove all optional spaces around punctuation (outside quotes/heredocs
    is not tracked, so only safe-looking cases are squashed)."""
    out: list[str] = []
    for line in text.split("\n"):
        if '"' in line or "<<" in line or "#" in line or "//" in line:
            out.append(line.strip())
            continue
        out.append(re.sub(r"\s*([=,\[\]\(\)\{\}:?+*/%<>!&|])\s*", r"\1", line.strip()))
    return "\n".join(out)


def spread(text: str) -> str:
    """Add extra spaces after every run of spaces and at line starts."""
    lines: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if not line:
            lines.append(line)
            continue
        lines.append(" " * (i % 7) + line.replace(" = ", "    =   ").replace(", ", " ,  "))
    return "\n".join(lines)


def tabs(text: str) -> str:
    """Indent with tabs instead of spaces."""
    return "\n".join("\t" * (i % 3) + line.lstrip(" ") for i, line in enumerate(text.split("\n")))


def crlf(text: str) -> str:
    """Windows line endings."""
    return text.replace("\n", "\r\n")


def staircase(text: str) -> str:
    """Indent every line more than the last, ignoring structure."""
    return "\n".join(("  " * (i % 9)) + line.lstrip() for i, line in enumerate(text.split("\n")))


VARIANTS = {"squash": squash, "spread": spread, "tabs": tabs, "crlf": crlf, "stair": staircase}


def heredoc_sensitive(text: str) -> bool:
    """Mangling lines inside a heredoc changes its content (or its marker)."""
    return "<<" in text


def write(name: str, text: str) -> None:
    """Write one case file."""
    (CASES / f"{name}.pkr.hcl").write_bytes(text.encode("utf-8"))


def copy_realworld() -> int:
    """Copy the public real-world templates (and a few var files) as inputs."""
    count = 0
    if not REALWORLD.is_dir():
        return count
    paths = sorted(REALWORLD.rglob("*.pkr.hcl"))
    paths += sorted(REALWORLD.rglob("*.pkrvars.hcl"))[:6]
    for path in paths:
        rel = path.relative_to(REALWORLD)
        stem = re.sub(r"[^A-Za-z0-9]+", "_", str(rel).removesuffix(".hcl"))
        (CASES / f"rw_{stem}.pkr.hcl").write_bytes(path.read_bytes())
        count += 1
    return count


def main() -> int:
    """Regenerate gen_* and rw_* cases."""
    CASES.mkdir(parents=True, exist_ok=True)
    # Inputs only: make_goldens.py drops the goldens of cases that are gone.
    for old in CASES.glob("gen_*.pkr.hcl"):
        old.unlink()
    for old in CASES.glob("rw_*.pkr.hcl"):
        old.unlink()
    for old in CASES.glob("rand_*.pkr.hcl"):
        old.unlink()
    count = 0
    for name, text in SNIPPETS.items():
        write(f"gen_{name}", text)
        count += 1
    for name in VARIANT_BASES:
        text = SNIPPETS[name]
        for vname, fn in VARIANTS.items():
            if heredoc_sensitive(text) and vname in ("squash", "spread", "tabs", "stair"):
                continue
            write(f"gen_{name}__{vname}", fn(text))
            count += 1
    count += copy_realworld()
    gen = RandomHCL(random.Random(RANDOM_SEED))
    for i in range(RANDOM_CASES):
        write(f"rand_{i:03d}", gen.template())
        count += 1
    print(f"wrote {count} cases to {CASES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
