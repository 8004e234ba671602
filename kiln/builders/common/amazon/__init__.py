"""Option groups of HashiCorp's Amazon plugin, shared by its components
(the `amazon-ebs` builder, the `amazon-ami` data source):

- `access`: credentials, region, assumed roles, retries (`AccessConfig`);
- `ami`: the image made and who may use it (`AMIConfig`);
- `run`: the instance launched to build it (`RunConfig`);
- `block_device`: `launch_block_device_mappings` / `ami_block_device_mappings`;
- `filters`: `source_ami_filter` and the other resource filters.
"""
