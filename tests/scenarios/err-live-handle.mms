# A live handle cannot be redefined; a freed one can.
boot mem=64M printk.time=0 pcp=off
alloc A 0
free A
alloc A 1
alloc A 2
