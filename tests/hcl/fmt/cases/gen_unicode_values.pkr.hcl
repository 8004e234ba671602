a = "héllo wörld"
bb = "日本語"
ccc = "emoji 👍🏽 here"
