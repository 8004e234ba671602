    x1  =<<-EOF
  EOF

      ü	= (
      {
"q" =	a[*].b ? a.*.b  : data ||	x[ in ],
}	)
