# vmalloc: virtually contiguous, physically anywhere.  Each area gets a
# guard page after it, so the next area starts one page later.  pcp=off:
# the pages come straight from the buddy lists, lowest order first.
boot mem=64M printk.time=0 pcp=off
vmalloc A 4096
vmalloc B 12K
at kernel 0xffff800080481000 r el1
at kernel 0xffff800080482000 r el1
at kernel 0xffff800080483000 r el1
at kernel 0xffff800080485000 r el1
# kernel memory: no EL0 access
at kernel 0xffff800080485000 w el0
# the guard page after B
at kernel 0xffff800080486000 r el1
vfree A
# A's range is free again, but vfree is lazy: the purge waits until
# enough pages were freed, so a new area is found above B
vmalloc C 4096
vfree B
vfree C
# the pages are back in the buddy allocator: vfree frees them at once,
# only the virtual ranges and the TLB flush wait for the lazy purge
# (0x40807 was A's page)
alloc P 0
