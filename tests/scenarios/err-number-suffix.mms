# ORDER may not end in K, M or G (only LEN, SIZE ... may).
alloc A 1K
