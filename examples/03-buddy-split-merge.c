// SPDX-License-Identifier: MIT
/*
 * 03-buddy-split-merge: the buddy allocator splits and merges blocks.
 *
 *	./build/examples/03-buddy-split-merge
 *
 * Free memory is kept as blocks of 2^order pages, order 0 .. 10
 * (MAX_PAGE_ORDER; older kernels and the seeds say MAX_ORDER = 11,
 * exclusive).  zone->free_area[order] lists the free blocks of each
 * order, and /proc/buddyinfo prints how many there are.
 *
 * Allocation (mm/page_alloc.c: __rmqueue_smallest() and expand()):
 * take the smallest free block that is big enough; if it is too big,
 * split it in halves, keep the lower half, put the upper half back on
 * the free list one order down, and repeat.  One order-0 page cut out
 * of an order-10 block leaves one free block of every order 0..9:
 *
 *   order-10 block, 1024 pages, pfn P .. P+1023
 *   +-+-+---+-------+---------------+-- ... --+--------------------+
 *   |A|0| 1 |   2   |       3       |         |         9          |
 *   +-+-+---+-------+---------------+-- ... --+--------------------+
 *    ^ ^ free blocks of order 0, 1, 2, 3, ... 9 (1 + 1 + 2 + ... +
 *    |   512 = 1023 pages)
 *    the page we were given
 *
 * Free (__free_one_page()): a block's buddy is the block of the same
 * size next to it, found by flipping one bit of the pfn:
 *
 *	buddy_pfn = pfn ^ (1 << order)
 *
 * If the buddy is free and of the same order, the two merge into one
 * block of order + 1, and the check repeats one order up.  Freeing the
 * two order-0 pages below merges everything back into one order-10 block.
 *
 * The machine boots with pcp=off: normally order-0 pages go through the
 * per-CPU lists first (example 05), which would take a whole batch of
 * pages from the buddy at once and hide the picture.
 */
#include "example.h"

static void snapshot(struct mmsim *m, const char *zone, long v[])
{
	unsigned long nr[NR_PAGE_ORDERS];
	int order;

	if (buddyinfo_row(m, 0, zone, nr)) {
		fprintf(stderr, "no zone %s in buddyinfo\n", zone);
		exit(1);
	}
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		v[order] = (long)nr[order];
}

static void print_change(const char *label, const long *a, const long *b)
{
	long d[NR_PAGE_ORDERS];
	int order;

	for (order = 0; order < NR_PAGE_ORDERS; order++)
		d[order] = b[order] - a[order];
	print_orders(label, d);
}

int main(void)
{
	struct mmsim *m = boot_or_die("mem=256M pcp=off");
	long before[NR_PAGE_ORDERS], now[NR_PAGE_ORDERS];
	struct page *a, *b;
	unsigned long pfn_a, pfn_b;
	const char *zone = "DMA";	/* 256M at 0x40000000: all below 4G */
	int order, ret = 0;

	printf("Free blocks per order in node 0, zone %s (buddyinfo):\n\n",
	       zone);
	print_order_header();
	snapshot(m, zone, before);
	print_orders("after boot", before);

	/*
	 * The small blocks free after boot are the edges of the memory
	 * around the kernel image and the mem_map, which are MOVABLE, as
	 * every pageblock is at boot, and the rest of the order-10 block
	 * that boot's slab caches claimed for their UNMOVABLE slabs
	 * (kmem_cache_init(); example 04): a GFP_KERNEL page would come
	 * from there.  A RECLAIMABLE page (GFP_KERNEL | __GFP_RECLAIMABLE,
	 * as reclaimable slab caches ask) finds none of its type, so the
	 * allocator claims the largest free block of another type, an
	 * order-10 block (example 04), and splits it with expand().
	 */
	a = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	if (!a)
		return 1;
	pfn_a = page_to_pfn(a);
	snapshot(m, zone, now);
	print_orders("alloc A (order 0)", now);
	print_change("  change", before, now);
	printf("\n  A is pfn 0x%lx.  One order-10 block is gone and every\n"
	       "  order 0..9 has one block more: the upper halves that\n"
	       "  expand() put back, 1 + 1 + 2 + ... + 512 = 1023 pages.\n\n",
	       pfn_a);

	/* The free order-0 block is A's buddy; the next order-0 takes it. */
	b = alloc_pages(GFP_KERNEL | __GFP_RECLAIMABLE, 0);
	if (!b)
		return 1;
	pfn_b = page_to_pfn(b);
	snapshot(m, zone, now);
	print_orders("alloc B (order 0)", now);
	printf("\n  B is pfn 0x%lx; A ^ (1 << 0) = 0x%lx: %s\n\n", pfn_b,
	       pfn_a ^ 1, pfn_b == (pfn_a ^ 1) ? "B is A's buddy" :
						 "B is not A's buddy");

	/* Free A: its buddy B is in use, so A stays an order-0 block. */
	__free_pages(a, 0);
	snapshot(m, zone, now);
	print_orders("free A", now);

	/*
	 * Free B: merge with A (order 1), then with the free order-1
	 * buddy at pfn ^ 2 (order 2), ^ 4, ... up to order 10:
	 */
	printf("\n  Freeing B merges it with its buddy at each order,\n"
	       "  pfn ^ (1 << order) of the block merged so far:\n");
	for (order = 0; order < MAX_PAGE_ORDER; order++)
		printf("%s order %d: 0x%lx", order % 4 ? "" : "\n   ", order,
		       (pfn_b & ~((1UL << order) - 1)) ^ (1UL << order));
	printf("\n\n");
	__free_pages(b, 0);
	snapshot(m, zone, now);
	print_orders("free B", now);
	print_change("  change since boot", before, now);

	if (memcmp(before, now, sizeof(now))) {
		printf("\nFAIL: the blocks did not merge back\n");
		ret = 1;
	} else {
		printf("\n  Everything merged back: buddyinfo is as after "
		       "boot.\n");
	}
	return example_end(m, 0) | ret;
}
