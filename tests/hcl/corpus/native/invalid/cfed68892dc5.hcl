a = "%{ for x in [1] }%{ else }%{ endfor }"
