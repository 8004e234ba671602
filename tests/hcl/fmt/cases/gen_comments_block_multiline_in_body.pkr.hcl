a {
/*
 * doc style
 */
b = 1
}
