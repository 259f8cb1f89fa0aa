# In the shell a script error is reported and the next line runs.
boot mem=64M printk.time=0 pcp=off
alloc A 0
alloc A 1
free B
free A
bogus
alloc A 10
