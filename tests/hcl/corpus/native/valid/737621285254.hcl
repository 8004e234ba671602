v = "\na"
