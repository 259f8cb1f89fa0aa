# ADVICE is dontneed, free, willneed, cold or pageout.
madvise A 0x10000000 4K random
