# Pages allocated on one CPU may be freed on another.  alloc A 2 splits
# the order-3 block that boot's slab caches left free at 0x40808 (see
# alloc-free.mms): A is 0x40808, order 3 loses a block and order 2 gains
# its upper half 0x4080c; freeing on CPU 0 merges the two again.
boot mem=64M nr_cpus=2 printk.time=0 pcp=off
cpu 1
alloc A 2
show buddyinfo
cpu 0
free A
show buddyinfo
