a = "${"nested ${"x"}"}"
