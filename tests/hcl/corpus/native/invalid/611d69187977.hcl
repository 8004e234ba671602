b {
 c = 1
