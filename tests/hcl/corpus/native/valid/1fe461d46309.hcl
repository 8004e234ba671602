blk = {}
