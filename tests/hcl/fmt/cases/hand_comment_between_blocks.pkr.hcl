a {
}
# between
b {
} # trailing

// end
