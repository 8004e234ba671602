tags = {
Name = "x"
Environment = "prod"
"quoted key" = 1
a.b = 2
}
