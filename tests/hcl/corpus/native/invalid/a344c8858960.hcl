blk  { x }
