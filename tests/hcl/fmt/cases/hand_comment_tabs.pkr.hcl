a = 1	# tab before
bb = 2		// tabs
#	tab inside
