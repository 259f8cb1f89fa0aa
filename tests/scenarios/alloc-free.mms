# alloc/free round trip on a fresh machine, straight from the buddy free
# lists (pcp=off: no per-CPU lists in between).
#
# 64M at 0x40000000 is pfns 0x40000-0x43fff.  Boot reserves the FDT
# (0x40000-0x4000f), the kernel image (0x40200-0x4067f) and the sparse
# buffer at the top (0x43dff-0x43fff, 2M + 64 bytes), and frees the rest
# in naturally aligned blocks:
#   0x40010-0x401ff  orders 4, 5, 6, 7, 8
#   0x40680-0x407ff  orders 7, 8
#   0x40800-0x43bff  13 blocks of order 10
#   0x43c00-0x43dfe  orders 8, 7, 6, 5, 4, 3, 2, 1, 0
# so buddyinfo reads 1 1 1 1 2 2 2 3 3 0 13 (14703 pages).
#
# alloc A 0 takes the lowest order-10 block, 0x40800 (boot frees to the
# tail of the lists, lowest first), keeps its first page and gives the
# upper halves back, one block of each order 9..0 (expand()):
# 2 2 2 2 3 3 3 4 4 1 12.  free A merges them all again (__free_one_page()).
boot mem=64M printk.time=0 pcp=off
show buddyinfo
alloc A 0
show buddyinfo
free A
show buddyinfo
