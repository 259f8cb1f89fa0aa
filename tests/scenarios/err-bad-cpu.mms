# cpu N names a CPU of the machine.
boot mem=64M nr_cpus=2 printk.time=0
cpu 1
cpu 2
