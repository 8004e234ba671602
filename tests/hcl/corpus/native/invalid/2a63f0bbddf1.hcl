v = "%{if true}$${"
