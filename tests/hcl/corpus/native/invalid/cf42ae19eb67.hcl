a = "%{ for }%{ endfor }"
