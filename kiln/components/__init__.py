"""kiln.components: the plugin contract.

- `config`: how a component declares its options (`Config`, `option`, `block`);
- `decode`: reading a template block into that config, with Packer's diagnostics;
- `registry`: components by kind and name, through entry points, loaded lazily;
- `base`: the base class of each kind.
"""
