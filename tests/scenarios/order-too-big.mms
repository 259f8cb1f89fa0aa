# alloc_pages() with order > MAX_PAGE_ORDER (10) fails: the kernel
# returns NULL, and warns unless __GFP_NOWARN.  No handle is made, so
# the name is free for the next alloc.
boot mem=64M printk.time=0
alloc A 11 GFP_KERNEL|__GFP_NOWARN
alloc A 4294967295 GFP_KERNEL|__GFP_NOWARN
alloc A 10
free A
