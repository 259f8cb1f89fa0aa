# Orders are numbers: decimal or 0x hex, no K/M/G suffix.
boot mem=64M printk.time=0
alloc A 0x1
alloc B 0X1
