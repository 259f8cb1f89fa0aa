# The kernel's own translation tables, as the MMU walks them (pure walks
# and AT: nothing is cached, nothing changes).
#
# mem=64M at PHYS_OFFSET 0x40000000: the linear map starts at
# PAGE_OFFSET 0xffff000000000000 (va_bits=48) and uses 2M blocks (64M is
# less than a 1G block); map_mem() maps the kernel image's part first, so
# only the upper 32M (0x42000000-0x44000000) is one contiguous run of 16
# blocks, and the 2M around the image's end is mapped by 4K pages.
boot mem=64M printk.time=0
# the first 2M of RAM: L0[0] -> L1[0] -> L2[0], a block
walk kernel 0xffff000000000000 r
# the upper 32M: L2[16] is a block with the contiguous hint
at kernel 0xffff000002345678 r el1
# PA = the block's base | VA[20:0]
at kernel 0xffff000000012345 r el1
at kernel 0xffff000000012345 w el1
# the linear map is not for EL0 (AP[1] = 0): a permission fault at the
# block's level, 2
at kernel 0xffff000000012345 r el0
# nor executable (PXN, and PXNTable on its tables)
at kernel 0xffff000000012345 x el1
# past the end of RAM: no descriptor there, a translation fault
at kernel 0xffff000004000000 r el1
# the kernel image at KIMAGE_VADDR: .text is read-only and executable
at kernel 0xffff800080000000 w el1
at kernel 0xffff800080000000 x el1
# a VA in neither half (bits 63:48 neither all 0 nor all 1)
at kernel 0x8000000000000000 r el1
# vmalloc: three pages after the kernel image's areas, each mapped by a
# 4K page descriptor; the guard page after them is not mapped
vmalloc V 10000
walk kernel 0xffff800080482000 w
at kernel 0xffff800080484000 r el1
vfree V
# vfree unmaps at once (the TLB flush is lazy, the tables are not)
at kernel 0xffff800080481000 r el1
tlb
