# A tiny machine runs out of order-10 blocks.  16M is pfns 0x40000-0x40fff;
# with the FDT, the kernel image and the 2M sparse buffer at the top
# reserved (see alloc-free.mms), one order-10 block is left, 0x40800.
# The first alloc takes it, every later one fails (nothing is larger to
# split, and GFP_NOWAIT neither reclaims nor compacts, nor warns).
# Freeing the block makes it available again.
boot mem=16M printk.time=0
show buddyinfo
alloc B0 10 GFP_NOWAIT
alloc B1 10 GFP_NOWAIT
alloc B2 10 GFP_NOWAIT
alloc B3 10 GFP_NOWAIT
show buddyinfo
free B0
alloc B0 10 GFP_NOWAIT
