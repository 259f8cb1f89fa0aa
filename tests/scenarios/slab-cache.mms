# A private cache: kmem_cache_create(), kmem_cache_alloc() and _free(),
# and what /proc/slabinfo says about them (format 2.1: get_slabinfo() in
# mm/slub.c, cache_show() in mm/slab_common.c).
#
# foo, 100 bytes, no flags, on a 2-CPU machine (calculate_sizes() and
# calculate_order() in mm/slub.c):
#   size      = ALIGN(100, sizeof(void *)) = 104; no constructor and no
#               poisoning, so the free pointer lives inside the free
#               object (at ALIGN_DOWN(100 / 2, 8) = 48) and adds nothing;
#               align = ARCH_SLAB_MINALIGN = 8: objsize 104
#   min_objects = 4 * (fls(nr_cpus) + 1) = 4 * (2 + 1) = 12
#   min_order = get_order(12 * 104 = 1248) = 0
#   order 0: 4096 % 104 = 40 bytes left over <= 4096 / 16: accepted
#   => 4096 / 104 = 39 objects per slab, 1 page per slab
# big, 1000 bytes:
#   size 1000; min_order = get_order(12 * 1000 = 12000) = 2;
#   order 2: 16384 % 1000 = 384 <= 16384 / 16: accepted
#   => 16 objects per slab, 4 pages per slab
#
# The slabinfo columns: active_objs num_objs objsize objperslab
# pagesperslab, tunables 0 0 0 (SLAB's; SLUB has none), slabdata
# active_slabs num_slabs 0.  SLUB counts as free only the objects of
# slabs on the node partial lists (count_partial_free_approx()): a CPU's
# slab and its per-CPU partial slabs count as wholly active.  So
# - before any allocation foo has no slab: 0 0;
# - after two allocations it has one slab, the CPU slab: 39 active of
#   39, though two objects are in use;
# - after both are freed nothing changes: the free objects are on CPU 0's
#   freelist and the slab stays CPU 0's (SLUB gives empty slabs back only
#   from the node partial lists, or when kmem_cache_shrink() flushes).
#
# foo2 (also 100 bytes, no constructor, no flags) is merged into foo
# (find_mergeable(): same size and flags): it gets no slabinfo line, and
# its object C is the next free object of foo's slab, right after B.
#
# The 17th object of big opens a second slab (0x4080c, the next order-2
# block; the first is 0x40808).  Its objects are 1000 bytes apart.
# G1 freed on CPU 1 is a remote free: CPU 1 does not own G1's slab, so
# the object goes onto slab->freelist under the slab lock, and the slab,
# which was full, goes onto CPU 1's per-CPU partial list (__slab_free()
# -> put_cpu_partial()).  It is not on a node partial list, so slabinfo
# still counts all 32 objects of big as active.
#
# Object lines print physical addresses.  foo's slab is the page after
# the five that kmem_cache_init() took (0x40800-0x40804, see
# kmalloc-size-classes.mms); big's slabs are the next order-2 blocks.
boot mem=64M printk.time=0 nr_cpus=2 pcp=off
cache foo 100
show slabinfo
cache_alloc A foo
cache_alloc B foo
cache foo2 100
cache_alloc C foo2
cache big 1000
cache_alloc G1 big
cache_alloc G2 big
cache_alloc G3 big
cache_alloc G4 big
cache_alloc G5 big
cache_alloc G6 big
cache_alloc G7 big
cache_alloc G8 big
cache_alloc G9 big
cache_alloc G10 big
cache_alloc G11 big
cache_alloc G12 big
cache_alloc G13 big
cache_alloc G14 big
cache_alloc G15 big
cache_alloc G16 big
cache_alloc G17 big
show slabinfo
cache_free A
cache_free B
kfree C
cpu 1
cache_free G1
show slabinfo
