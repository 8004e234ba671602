v = "%{if true}${1}"
