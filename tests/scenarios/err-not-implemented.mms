# Commands of the language that the tool does not run yet.
boot mem=64M printk.time=0
task A
