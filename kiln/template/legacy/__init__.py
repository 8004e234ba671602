"""Packer's legacy JSON templates: the `{{ }}` engine, the template, the HCL2 upgrader.

- `gotemplate`: Go text/template syntax into an AST with positions.
- `render`, `functions`: rendering with Packer's function set (`user`, `env`...).
- `template`: `load_legacy_template`, the typed template with source positions.
- `variables`: `-var`/`-var-file` values and the resolution of user variables.
- `upgrade`: `upgrade_template`, the `hcl2_upgrade` translation to HCL2.
"""
