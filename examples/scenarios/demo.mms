# The main job of libmmsim in one scenario: boot a simulated arm64
# machine, watch the boot log, allocate pages from the buddy allocator,
# an object from SLUB and an area from vmalloc, walk the ARM64 page
# tables to it, and read the kernel's own reports.  Run: ./build/tools/mmsim run THIS
boot mem=512M nr_cpus=2 printk.time=0 memblock=debug
show dmesg
show buddyinfo
# one page, then an order-3 block (8 pages) of movable memory
alloc a 0
alloc b 3 GFP_HIGHUSER_MOVABLE
show buddyinfo
# a 100-byte kmalloc comes from the kmalloc-128 slab cache
kmalloc k 100
# vmalloc: virtually contiguous pages, mapped in the kernel's tables;
# the MMU walks them level by level
vmalloc v 8K
walk kernel 0xffff800080481000 r
vfree v
free a
free b
kfree k
show meminfo
show zoneinfo
