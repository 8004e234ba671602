blk a {}
