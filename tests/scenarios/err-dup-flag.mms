# A flag may not be repeated.
mmap A 0x10000000 4K rw private,anon,anon
