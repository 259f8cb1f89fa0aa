# PROT is none, or r, w, x in that order.  Arguments are checked
# before anything runs, so this fails the same before and after mmap works.
mmap A 0x10000000 4K wr private,anon,fixed
