# Pages allocated on one CPU may be freed on another.  alloc A 2 splits
# the order-10 block at 0x40800 (see alloc-free.mms): orders 2..9 gain a
# block each, order 10 loses one; freeing on CPU 0 merges it back.
boot mem=64M nr_cpus=2 printk.time=0 pcp=off
cpu 1
alloc A 2
show buddyinfo
cpu 0
free A
show buddyinfo
