b l {
}
