# show passes WHAT to the simulator, which knows its reports.
boot mem=64M printk.time=0
show frobinfo
