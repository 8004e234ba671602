b "l" l2 {
}
