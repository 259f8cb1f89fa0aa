# Lexical rules: comments, blank lines, tabs, hex numbers in either case.

	# an indented comment
boot	mem=0x4000000   printk.time=0 pcp=off	# 64M, written in hex

alloc	A	0x3	# order 3, in hex: the unmovable block boot left at 0x40808
alloc B 0xA GFP_KERNEL|__GFP_ZERO	# upper-case hex: order 10, claimed: 0x40c00
# both freed: the buddy lists are back as they were at boot
free A
free	B
show buddyinfo
