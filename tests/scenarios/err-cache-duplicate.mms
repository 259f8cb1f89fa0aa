# A cache name may not be reused while the cache lives: kmem_cache_create()
# would make a second cache of the same name (or merge it into the first),
# and the script could no longer say which one cache_alloc means.
boot mem=64M printk.time=0 nr_cpus=2 pcp=off
cache foo 100
cache_alloc A foo
cache foo 200
cache_alloc B foo
