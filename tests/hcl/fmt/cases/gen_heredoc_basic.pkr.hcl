a = <<EOF
   line one
 line two    
	tabbed
EOF
b = 2
