a = /* x
y */ 1
bb = 2
/* one
  two */
c {
/* in
  block */ d = 1
}
