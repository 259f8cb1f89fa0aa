# A tiny machine runs out of order-10 blocks.  20M is pfns 0x40000-0x413ff;
# with the FDT, the kernel image and the 2M sparse buffer at the top
# reserved (see alloc-free.mms), two order-10 blocks are free after
# memblock_free_all(), 0x40800 and 0x40c00.  Boot's slab caches
# (kmem_cache_init(), GFP_KERNEL: 4 kmem_cache slabs + 1 kmem_cache_node
# slab) claim the first one for their unmovable slabs, pages
# 0x40800-0x40804, which leaves 0x40805 (order 0), 0x40806 (order 1) and
# 0x40808 .. 0x40a00 (orders 3..9) free on the Unmovable lists: buddyinfo
# line 11.  One order-10 block is left, 0x40c00.
# The first alloc takes it, every later one fails (nothing is larger to
# split, and GFP_NOWAIT neither reclaims nor compacts, nor warns).
# Freeing the block makes it available again.
boot mem=20M printk.time=0
show buddyinfo
alloc B0 10 GFP_NOWAIT
alloc B1 10 GFP_NOWAIT
alloc B2 10 GFP_NOWAIT
alloc B3 10 GFP_NOWAIT
show buddyinfo
free B0
alloc B0 10 GFP_NOWAIT
