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
# so memblock hands over 1 1 1 1 2 2 2 3 3 0 13 (14703 pages).
#
# Then kmem_cache_init() makes the slab caches (GFP_KERNEL, unmovable):
# 5 pages (4 kmem_cache slabs, 1 kmem_cache_node slab).  The Unmovable
# lists are empty, so the first page claims the lowest order-10 block,
# 0x40800, splits it (expand()) and the next four come from the pieces:
# slab holds 0x40800-0x40804, and 0x40805 (order 0), 0x40806 (order 1),
# 0x40808 (order 3) .. 0x40a00 (order 9) stay free on the Unmovable lists.
# buddyinfo after boot: 2 2 1 2 3 3 3 4 4 1 12 (5 pages fewer).
#
# alloc A 0 (GFP_KERNEL) takes the order-0 piece 0x40805.  Its buddy
# 0x40804 is a slab page, so free A cannot merge (__free_one_page()):
# the page goes back as an order-0 block and buddyinfo is as after boot.
boot mem=64M printk.time=0 pcp=off
show buddyinfo
alloc A 0
show buddyinfo
free A
show buddyinfo
