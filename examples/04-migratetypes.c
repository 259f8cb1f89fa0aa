// SPDX-License-Identifier: MIT
/*
 * 04-migratetypes: pageblocks, migratetypes, and fallback stealing.
 *
 *	./build/examples/04-migratetypes
 *
 * To keep memory defragmentable, the buddy allocator groups pages by
 * mobility.  Every pageblock (2 MiB: pageblock_order 9 on arm64 with
 * 4 KiB pages) has a migratetype, and each free_area has one list per
 * type:
 *
 *   MIGRATE_UNMOVABLE    kernel memory: GFP_KERNEL, page tables, slab
 *   MIGRATE_MOVABLE      user pages, page cache: __GFP_MOVABLE; they can
 *                        be migrated, so compaction can clear a block
 *   MIGRATE_RECLAIMABLE  memory the kernel can drop: __GFP_RECLAIMABLE
 *   (HighAtomic, CMA, Isolate: special reserves)
 *
 * The GFP flags pick the type (gfp_migratetype()).  At boot every
 * pageblock is MOVABLE (memmap_init()).  When the lists of the wanted
 * type are empty, __rmqueue() falls back (mm/page_alloc.c):
 *
 *   __rmqueue_smallest(wanted type)    the normal case
 *   __rmqueue_claim()                  take the LARGEST free block of a
 *                                      fallback type and convert its
 *                                      whole pageblock(s) to the wanted
 *                                      type, so that the next requests
 *                                      of this type stay together
 *   __rmqueue_steal()                  take the smallest block, leave
 *                                      the pageblock's type alone
 *
 *   fallbacks[UNMOVABLE] = { RECLAIMABLE, MOVABLE }
 *   fallbacks[MOVABLE]   = { RECLAIMABLE, UNMOVABLE }
 *
 * The claimed blocks show in the "Number of blocks type" table of
 * /proc/pagetypeinfo.  Older kernels call the claim "steal"
 * (steal_suitable_fallback(), the mm_page_alloc_extfrag tracepoint).
 */
#include "example.h"

#define NR_UNMOVABLE	3000	/* ~12 MiB of kernel allocations */
#define NR_MOVABLE	1000

static struct page *pages[NR_UNMOVABLE + NR_MOVABLE];

static void print_blocks(struct mmsim *m, const char *label)
{
	printf("  %-34s %9ld %9ld\n", label,
	       pageblock_count(m, 0, "DMA", "Unmovable"),
	       pageblock_count(m, 0, "DMA", "Movable"));
}

int main(void)
{
	struct mmsim *m = boot_or_die("mem=256M");
	long unmovable0 = pageblock_count(m, 0, "DMA", "Unmovable");
	long first_claim = -1;
	char label[64];
	int i;

	printf("== pagetypeinfo after boot\n\n");
	mmsim_show(m, "pagetypeinfo", stdout);

	printf("\n== pageblocks of node 0, zone DMA\n\n");
	printf("  %-34s %9s %9s\n", "", "Unmovable", "Movable");
	print_blocks(m, "after boot");

	/*
	 * Kernel allocations.  Watch the Unmovable column grow in steps:
	 * each claim converts a whole free order-10 block, two pageblocks,
	 * and the next ~1000 unmovable pages come from it without any
	 * further claim.
	 */
	for (i = 0; i < NR_UNMOVABLE; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 0);
		if (!pages[i])
			return 1;
		if (first_claim < 0 && i < 64 &&
		    pageblock_count(m, 0, "DMA", "Unmovable") > unmovable0)
			first_claim = i + 1;
		if ((i + 1) % 500 == 0) {
			snprintf(label, sizeof(label),
				 "%d GFP_KERNEL pages", i + 1);
			print_blocks(m, label);
		}
	}
	printf("\n  The first claim came with allocation #%ld: there were no\n"
	       "  free unmovable pages, so a movable block was converted.\n\n",
	       first_claim);

	/* User pages: their own lists have plenty, no block changes type. */
	for (i = NR_UNMOVABLE; i < NR_UNMOVABLE + NR_MOVABLE; i++) {
		pages[i] = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
		if (!pages[i])
			return 1;
	}
	snprintf(label, sizeof(label), "+ %d GFP_HIGHUSER_MOVABLE", NR_MOVABLE);
	print_blocks(m, label);

	/*
	 * Free everything.  The pages merge back into big blocks, but the
	 * claimed pageblocks stay Unmovable: the next kernel allocations
	 * will find free unmovable pages there and claim nothing new.
	 */
	for (i = 0; i < NR_UNMOVABLE + NR_MOVABLE; i++)
		__free_pages(pages[i], 0);
	drain_all_pages(NULL);
	print_blocks(m, "all freed, pcp drained");

	printf("\n== free pages per migratetype and order, after the "
	       "frees\n\n");
	print_report_lines(m, "pagetypeinfo", "Free pages count");
	print_report_lines(m, "pagetypeinfo", "type    Unmovable");
	print_report_lines(m, "pagetypeinfo", "type      Movable");
	printf("\n  The claimed blocks are free again, whole, on the\n"
	       "  Unmovable lists: the next kernel allocations will use "
	       "them.\n");
	return example_end(m, 0) | (first_claim < 0);
}
