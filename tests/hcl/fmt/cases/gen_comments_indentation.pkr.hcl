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
