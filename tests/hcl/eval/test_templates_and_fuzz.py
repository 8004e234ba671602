"""Standalone templates, robustness under arbitrary input, and a large template."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiln.hcl import functions
from kiln.hcl.ast import Body
from kiln.hcl.eval import EvalContext, evaluate, evaluate_template_text
from kiln.hcl.parser import parse_config, parse_expression
from kiln.hcl.values import Value
from tests.hcl.eval._helpers import N, S, scope


def render(text: str, **names: Value) -> Value:
    val, diags = evaluate_template_text(text, EvalContext(names, functions.lookup))
    assert not diags, [str(d) for d in diags]
    return val


def test_template_text() -> None:
    assert render("Hello, ${name}!\n", name=S("world")) == S("Hello, world!\n")


def test_template_text_directives() -> None:
    text = "%{ for x in xs ~}\n- ${x}\n%{ endfor ~}\n%{ if n > 1 }many%{ else }few%{ endif }"
    assert render(text, xs=Value.tuple([S("a"), S("b")]), n=N(2)) == S("- a\n- b\nmany")


def test_template_text_single_interpolation_is_unconverted() -> None:
    assert render("${n}", n=N(3)) == N(3)


def test_template_text_quotes_are_literal() -> None:
    assert render('say "${x}"', x=S("hi")) == S('say "hi"')


def test_template_text_errors_are_positioned() -> None:
    _, diags = evaluate_template_text("line1\n${nope}", EvalContext({}, None), "tpl")
    assert [str(d.subject) for d in diags] == ["tpl:2,3-7"]


# --------------------------------------------------------------- fuzzing

_ATOMS = [
    "1",
    "0",
    "-1.5",
    '"s"',
    '""',
    "true",
    "null",
    "[]",
    "{}",
    "local.s",
    "local.t",
    "local.o",
    "local.nul",
    "local.l",
    "local.m",
    "local.set",
    "local.objs",
    "u.any",
    "u.str",
    "u.list",
    "u.obj",
    "secret",
    "nope",
    "x",
]
_UNARY = [
    "-{}",
    "!{}",
    "({})",
    "[{}]",
    "{{a = {}}}",
    "{}[0]",
    '{}["a"]',
    "{}.name",
    "{}[*]",
    "{}[*].name",
    "{}.*.v",
    "upper({})",
    "count({}...)",
    '"${{{}}}"',
    '"x${{{}}}"',
    "[for x in {}: x]",
    "{{for k, v in {}: k => v}}",
    "{{for x in {}: x => x...}}",
    '"%{{for x in {}}}${{x}}%{{endfor}}"',
    "[for i, x in {}: i if x]",
    "{}.0",
    "{{({}) = 1}}",
]
_BINARY = [
    "{} + {}",
    "{} == {}",
    "{} && {}",
    "{} < {}",
    "{0} ? {1} : {0}",
    "{} % {}",
    "[{}, {}]",
    "{}[{}]",
    '"%{{if {}}}a%{{else}}${{{}}}%{{endif}}"',
    "{} || {}",
    "{{a = {}, b = {}}}",
    "pair({}, {})",
]


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        unary = st.tuples(st.sampled_from(_UNARY), inner).map(lambda p: p[0].format(p[1]))
        binary = st.tuples(st.sampled_from(_BINARY), inner, inner).map(
            lambda p: p[0].format(p[1], p[2])
        )
        return unary | binary

    return st.recursive(st.sampled_from(_ATOMS), extend, max_leaves=8)


_CTX = EvalContext(scope(), functions.lookup)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(_expressions())
def test_evaluation_never_raises(text: str) -> None:
    expr, _ = parse_expression(text.encode(), "fuzz.hcl")
    if expr is None:
        return
    val, eval_diags = evaluate(expr, _CTX)
    assert isinstance(val, Value)
    for d in eval_diags:
        assert d.summary


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list('ab1 .[]{}()"$%~*?:!=<>+-,=>\n')), max_size=30))
def test_arbitrary_text_never_raises(text: str) -> None:
    expr, _ = parse_expression(text.encode(), "fuzz.hcl")
    if expr is not None:
        val, _ = evaluate(expr, _CTX)
        assert isinstance(val, Value)


# ------------------------------------------------------------ performance


def _big_template(lines: int) -> str:
    """A Packer-like file: many blocks of everyday attributes."""
    out: list[str] = []
    n = 0
    while len(out) < lines:
        out.extend(
            [
                f'source "amazon-ebs" "s{n}" {{',
                f'  ami_name      = "${{var.prefix}}-{n}-${{local.stamp}}"',
                "  instance_type = var.instance_type",
                f"  region        = local.regions[{n % 3}]",
                '  ssh_username  = "ubuntu"',
                f"  volume_size   = var.size * 2 + {n}",
                "  encrypted     = !var.debug",
                '  subnet        = var.debug ? "dev" : local.subnets["prod"]',
                "  ami_users     = [local.account, var.extra_account]",
                "  tags = {",
                '    Name    = "image-${var.prefix}"',
                "    Owner   = local.owner",
                f'    Build   = upper("b{n}")',
                "  }",
                '  names  = [for r in local.regions : "${r}-x"]',
                "  ids    = local.objs[*].id",
                "}",
            ]
        )
        n += 1
    return "\n".join(out) + "\n"


def _scope() -> EvalContext:
    objs = Value.tuple([Value.object({"id": N(i), "name": S(f"n{i}")}) for i in range(3)])
    regions = Value.tuple([S("eu-west-1"), S("us-east-1"), S("ap-south-1")])
    local = Value.object(
        {
            "stamp": S("20240101"),
            "regions": regions,
            "subnets": Value.object({"prod": S("subnet-1")}),
            "account": S("123"),
            "owner": S("me"),
            "objs": objs,
        }
    )
    var = Value.object(
        {
            "prefix": S("base"),
            "instance_type": S("t3.micro"),
            "size": N(8),
            "debug": Value.bool(False),
            "extra_account": S("456"),
        }
    )
    return EvalContext({"local": local, "var": var}, functions.lookup)


def _evaluate_all(body: Body, ctx: EvalContext) -> None:
    for block in body.blocks:
        for attr in block.body.attributes.values():
            _, diags = evaluate(attr.expr, ctx)
            assert not diags, [str(d) for d in diags]


def test_five_thousand_lines_evaluate_without_errors() -> None:
    """A large realistic template evaluates cleanly (its speed is measured in bench/)."""
    body, diags = parse_config(_big_template(5000).encode(), "big.pkr.hcl")
    assert body is not None and not diags.has_errors
    _evaluate_all(body, _scope())
