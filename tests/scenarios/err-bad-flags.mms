# FLAGS need exactly one of private and shared.
mmap A 0x10000000 4K rw anon,fixed
