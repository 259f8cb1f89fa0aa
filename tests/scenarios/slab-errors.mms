# Every script error of kmalloc, kfree, cache, cache_alloc and
# cache_free, run through `mmsim shell`, which reports each and reads on;
# the lines between them show that a refused command changed nothing.
#
# Decisions (README "The mmsim tool"):
# - handles are one namespace: alloc, kmalloc and cache_alloc may not
#   reuse a live name, whichever command made it;
# - kfree takes kmalloc and cache_alloc handles (kfree() of a
#   kmem_cache_alloc() object is allowed since Linux 6.4); cache_free
#   takes only cache_alloc handles (kmem_cache_free() needs the object's
#   own cache, and a script names only the caches it created); free
#   takes only alloc handles;
# - a cache name may not be reused while the cache lives, and
#   cache_alloc names a cache this script created (kmalloc-64 is not
#   one);
# - ALIGN is 0 or a power of two, FLAGS the kernel's SLAB_ names joined
#   by '|', none empty, none twice; SIZE of a cache fits unsigned int.
boot mem=64M printk.time=0 nr_cpus=2 pcp=off
# bad SIZE: not a number, a lower-case suffix, too large for a cache
kmalloc A ten
kmalloc A 4k
cache big 0x100000000
# wrong number of words
kmalloc A
cache foo
cache foo 100 8 SLAB_POISON extra
cache_alloc X
# handles: live, unknown, of the wrong kind
kmalloc A 64
kmalloc A 64
alloc A 0
cache foo 100
cache_alloc A foo
kfree B
cache_free A
alloc P 0
kfree P
kmalloc P 8
cache_alloc X foo
free X
cache_free X
cache_free X
kfree A
kfree A
# caches: unknown, duplicate, bad ALIGN, bad or repeated flags
cache_alloc Y nosuch
cache_alloc Y kmalloc-64
cache foo 100
cache bar 100 3
cache bar 100 0x
cache bar 100 8 SLAB_BOGUS
cache bar 100 SLAB_POISON|SLAB_POISON
cache bar 100 SLAB_HWCACHE_ALIGN|
cache bar 100 slab_poison
cache bar 100 0 SLAB_HWCACHE_ALIGN|SLAB_RECLAIM_ACCOUNT
cache_alloc Y bar
kfree Y
free P
