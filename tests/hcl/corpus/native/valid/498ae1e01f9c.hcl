blk  {}
