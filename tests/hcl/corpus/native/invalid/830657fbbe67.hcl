v = "%{if true}%%{"
