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
 *
 * The first claim happens during boot itself: kmem_cache_init() (from
 * mm_core_init()) allocates the first slabs of the kmem_cache and
 * kmem_cache_node caches with GFP_KERNEL, finds the Unmovable lists
 * empty, and converts an order-10 block.  So this program finds two
 * Unmovable pageblocks after boot, and its own kernel allocations first
 * use up what the slab caches left free in that block.
 */
#include "example.h"

#define NR_UNMOVABLE	3000	/* ~12 MiB of kernel allocations */
#define NR_MOVABLE	1000

static struct page *pages[NR_UNMOVABLE + NR_MOVABLE];

/*
 * Free pages of migratetype @type in zone @zone of node 0: its line of
 * "Free pages count per migrate type at order" in pagetypeinfo, each
 * count of blocks times the block's size.
 */
static long free_pages_of_type(struct mmsim *m, const char *zone,
			       const char *type)
{
	char *text = report_text(m, "pagetypeinfo");
	char *line, *save = NULL, *p;
	char want[64];
	long pages = -1;
	int order;

	snprintf(want, sizeof(want), "zone %8s, type %12s", zone, type);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "Node    0, ", 11) || !(p = strstr(line, want)))
			continue;
		p += strlen(want);
		for (pages = 0, order = 0; order < NR_PAGE_ORDERS; order++)
			pages += (long)strtoul(p, &p, 10) << order;
		break;
	}
	free(text);
	return pages;
}

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
	long slab_pages = meminfo_kb(m, "Slab") / 4;
	long left, pcp, first_claim = -1;
	char label[64];
	int i, ok;

	printf("== pagetypeinfo after boot\n\n");
	mmsim_show(m, "pagetypeinfo", stdout);

	printf("\n== pageblocks of node 0, zone DMA\n\n");
	printf("  %-34s %9s %9s\n", "", "Unmovable", "Movable");
	print_blocks(m, "after boot");

	/*
	 * Boot's claim: the slab caches hold slab_pages pages of the
	 * claimed order-10 block; the rest of it is free unmovable memory,
	 * on the Unmovable free lists, and (the per-CPU list refills take
	 * a batch at a time) on CPU 0's per-CPU list.
	 */
	pcp = zoneinfo_value(m, 0, "DMA", "count:", 0);
	left = free_pages_of_type(m, "DMA", "Unmovable") + pcp;
	ok = unmovable0 == 2 && slab_pages > 0 &&
	     slab_pages + left == 1L << (NR_PAGE_ORDERS - 1);
	printf("\n  Boot already claimed one order-10 block (2 pageblocks):\n"
	       "  the slab caches hold %ld of its pages (meminfo Slab), the\n"
	       "  other %ld are free: %ld on the Unmovable lists, %ld on\n"
	       "  CPU 0's per-CPU list.\n\n",
	       slab_pages, left, left - pcp, pcp);

	/*
	 * Kernel allocations.  Watch the Unmovable column grow in steps:
	 * the first ~1000 unmovable pages come from the block boot
	 * claimed; then each claim converts a whole free order-10 block,
	 * two pageblocks, and the next ~1000 unmovable pages come from it
	 * without any further claim.
	 */
	for (i = 0; i < NR_UNMOVABLE; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 0);
		if (!pages[i])
			return 1;
		if (first_claim < 0 &&
		    pageblock_count(m, 0, "DMA", "Unmovable") > unmovable0)
			first_claim = i + 1;
		if ((i + 1) % 500 == 0) {
			snprintf(label, sizeof(label),
				 "%d GFP_KERNEL pages", i + 1);
			print_blocks(m, label);
		}
	}
	/*
	 * The claim comes with the per-CPU list refill that finds fewer
	 * free unmovable pages than the batch it wants: at the latest with
	 * allocation #left + 1, earlier by up to a batch.
	 */
	ok = ok && first_claim > 1 && first_claim <= left + 1;
	printf("\n  The first new claim came with allocation #%ld: the %ld\n"
	       "  free unmovable pages boot left were running out (a\n"
	       "  per-CPU list refill takes a batch at once), so a movable\n"
	       "  block was converted.\n\n",
	       first_claim, left);

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
	/* every claimed block is free but boot's slab pages */
	ok = ok && free_pages_of_type(m, "DMA", "Unmovable") ==
		   left + (pageblock_count(m, 0, "DMA", "Unmovable") -
			   unmovable0) / 2 * (1L << (NR_PAGE_ORDERS - 1));
	printf("\n  The blocks this program claimed are free again, whole\n"
	       "  (order 10), on the Unmovable lists; so are the %ld free\n"
	       "  pages of the block boot claimed, split around the slab\n"
	       "  pages.  The next kernel allocations will use them.\n",
	       left);
	return example_end(m, 0) | !ok;
}
