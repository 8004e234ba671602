name     = "from-hcl"
zones    = ["a", "b", "c"]
unknowns = "declared nowhere"
