# boot at most once.
boot mem=64M printk.time=0
boot mem=64M printk.time=0
