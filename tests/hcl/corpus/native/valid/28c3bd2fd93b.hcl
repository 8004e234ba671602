a = true && false || true
