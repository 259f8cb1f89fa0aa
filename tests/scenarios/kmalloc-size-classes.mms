# kmalloc size classes and ksize() (kmalloc_index(), kmalloc_info[] in
# mm/slab_common.c).  `kmalloc H SIZE` prints the object's physical
# address and ksize(): the size of the cache it came from.
#
#   SIZE     cache          ksize      SIZE      cache          ksize
#   1, 8     kmalloc-8          8      97        kmalloc-128      128
#   9        kmalloc-16        16      192       kmalloc-192      192
#   64       kmalloc-64        64      193       kmalloc-256      256
#   65, 96   kmalloc-96        96      4096      kmalloc-4k      4096
#                                      8192      kmalloc-8k      8192
#
# Above KMALLOC_MAX_CACHE_SIZE (8 KiB, KMALLOC_SHIFT_HIGH = PAGE_SHIFT + 1)
# kmalloc goes to the page allocator (__kmalloc_large_node()): 8193 bytes
# is an order-2 compound page, ksize 16384.  The largest is
# KMALLOC_MAX_SIZE = 4 MiB (order MAX_PAGE_ORDER); one byte more fails
# (alloc_pages() refuses order 11; __GFP_NOWARN keeps its WARNING quiet).
# kmalloc(0) returns ZERO_SIZE_PTR, ksize 0.
#
# Where the objects are (pcp=off: slab pages come straight from the buddy
# lists).  Slab pages are unmovable, and at boot every pageblock is
# movable: the first unmovable allocation claimed the lowest order-10
# block, 0x40800 (see alloc-free.mms), and kmem_cache_init() took its
# first five pages (0x40800-0x40804) for the caches' own structures.
# Every small class here gets an order-0 slab (calculate_order(): 2 CPUs
# give min_objects = 4 * (fls(2) + 1) = 12, and 12 objects of <= 256
# bytes fit in a page), cut one by one from what expand() left:
# 0x40805 kmalloc-8, 0x40806 -16, 0x40807 -64, 0x40808 -96, 0x40809 -128,
# 0x4080a -192, 0x4080b -256.  kmalloc-4k and kmalloc-8k need order 3
# (min_objects is capped at the 8 and 4 objects an order-3 slab holds,
# and get_order(8 * 4096) = get_order(4 * 8192) = 3): 0x40810 (splitting
# the order-4 block) and 0x40818.  The 8193-byte object takes the order-2
# block 0x4080c, the 4 MiB one the next order-10 block 0x40c00.
# Objects of one slab follow each other: A1 and A8 8 bytes apart, A65
# and A96 96 apart.
#
# The GFP flags choose the kind of cache: __GFP_RECLAIMABLE goes to
# kmalloc-rcl-128, whose reclaimable slab claimed the next order-10 block
# (0x41000); GFP_DMA goes to dma-kmalloc-128 (a new unmovable page,
# 0x40820).  A plain 100-byte kmalloc is the second object of kmalloc-128.
#
# kfree() pushes the object on the CPU's freelist and the next allocation
# of that class pops it: B1 gets A1's address back.  Freeing the two
# large objects gives their pages straight back to the buddy: buddyinfo
# gains one order-2 block (0x4080c, whose buddy 0x40808 is in use) and
# one order-10 block.
boot mem=64M printk.time=0 nr_cpus=2 pcp=off
kmalloc A1 1
kmalloc A8 8
kmalloc A9 9
kmalloc A64 64
kmalloc A65 65
kmalloc A96 96
kmalloc A97 97
kmalloc A192 192
kmalloc A193 193
kmalloc A4096 4096
kmalloc A8192 8192
kmalloc A8193 8193
kmalloc Z 0
kmalloc MAX 4M
kmalloc BIG 0x400001 GFP_KERNEL|__GFP_NOWARN
kmalloc R 100 GFP_KERNEL|__GFP_RECLAIMABLE
kmalloc D 100 GFP_DMA
kmalloc N 100
kfree A1
kmalloc B1 3
show buddyinfo
kfree MAX
kfree A8193
kfree Z
show buddyinfo
