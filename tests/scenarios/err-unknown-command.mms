# An unknown command stops the script; earlier output stands.
boot mem=64M printk.time=0
alloc A 0
allocate B 0
alloc C 0
