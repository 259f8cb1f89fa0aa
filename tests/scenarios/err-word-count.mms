# alloc takes a handle, an order and an optional GFP.
boot mem=64M printk.time=0
alloc A
