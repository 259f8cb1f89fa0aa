# free needs a live handle.
boot mem=64M printk.time=0
alloc A 0
free A
free A
