a = "🏳️‍🌈" # rainbow flag
bb = "x" # x
cc = "🏴󠁧󠁢󠁳󠁣󠁴󠁿" # tag seq
