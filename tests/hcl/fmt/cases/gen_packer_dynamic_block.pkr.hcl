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
