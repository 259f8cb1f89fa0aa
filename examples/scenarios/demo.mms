# The main job of libmmsim in one scenario: boot a simulated arm64
# machine, watch the boot log, allocate pages from the buddy allocator
# and read the kernel's own reports.  Run: ./build/tools/mmsim run THIS
boot mem=512M nr_cpus=2 printk.time=0 memblock=debug
show dmesg
show buddyinfo
# one page, then an order-3 block (8 pages) of movable memory
alloc a 0
alloc b 3 GFP_HIGHUSER_MOVABLE
show buddyinfo
free a
free b
show meminfo
show zoneinfo
