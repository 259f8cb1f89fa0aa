// SPDX-License-Identifier: MIT
/*
 * 05-per-cpu-lists: the per-CPU page lists (pcp) in front of the buddy.
 *
 *	./build/examples/05-per-cpu-lists
 *
 * Taking the zone lock for every single page would make all CPUs queue
 * on it.  So each CPU keeps a small private cache of free pages per zone
 * (struct per_cpu_pages, zone->per_cpu_pageset), for orders 0..3 and
 * the THP order:
 *
 *            CPU 0                     CPU 1
 *   +---------------------+   +---------------------+
 *   | pcp: count / high   |   | pcp: count / high   |  no lock shared
 *   +----------^----------+   +----------^----------+
 *      batch   |  batch          batch   |  batch
 *   refill ----+---- free back   (under zone->lock, `batch` at a time)
 *   +--------------------------------------------------------+
 *   |   zone->free_area[]: the buddy lists   (zone->lock)   |
 *   +--------------------------------------------------------+
 *
 * rmqueue_pcplist(): allocate from this CPU's list; if it is empty,
 *     rmqueue_bulk() moves a batch of pages from the buddy first.
 * __free_frozen_pages() -> free_frozen_page_commit() (6.15; before:
 *     free_unref_page() -> free_unref_page_commit()): put the page on THIS
 *     CPU's list (whichever CPU allocated it); at `high`,
 *     free_pcppages_bulk() returns pages to the buddy.  Since 6.7
 *     `high` moves between high_min and high_max with the CPU's load.
 * drain_all_pages(): every CPU gives all its pcp pages back (before
 *     compaction, memory offline, or when an allocation is failing).
 *
 * Pages on pcp lists are not free in the buddy's books: "pages free"
 * in zoneinfo (NR_FREE_PAGES) counts only the buddy lists.
 * zoneinfo prints each CPU's list under "pagesets": count, high, batch
 * (zone_batchsize(): about 0.1% of the zone, 2^n - 1), high_min and
 * high_max (zone_highsize(), from the low watermark).
 */
#include <pthread.h>

#include "example.h"

#define ZONE	"DMA"

static struct mmsim *m;
#define NR_MANY	1000

static struct page *pages[NR_MANY];

static void row(const char *what)
{
	printf("  %-36s %6ld %6ld %6ld %10ld\n", what,
	       zoneinfo_value(m, 0, ZONE, "count:", 0),
	       zoneinfo_value(m, 0, ZONE, "high:", 0),
	       zoneinfo_value(m, 0, ZONE, "count:", 1),
	       zoneinfo_value(m, 0, ZONE, "pages free", -1));
}

/* A second host thread, acting as CPU 1. */
static void *cpu1_thread(void *arg)
{
	struct page *mine[4];
	int i, n = *(int *)arg;

	if (mmsim_cpu_enter(m, 1)) {
		fprintf(stderr, "mmsim_cpu_enter: %s\n", mmsim_strerror());
		return (void *)1;
	}
	/* Free the pages CPU 0 allocated: they land on CPU 1's list. */
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	/* CPU 1's own allocations come from its own list. */
	for (i = 0; i < 4; i++)
		mine[i] = alloc_page(GFP_KERNEL);
	for (i = 0; i < 4; i++)
		if (mine[i])
			__free_page(mine[i]);
	mmsim_cpu_exit();
	return NULL;
}

int main(void)
{
	pthread_t thread;
	void *thread_ret;
	long batch, high, free_before;
	int i, n;

	m = boot_or_die("mem=256M nr_cpus=2");
	batch = zoneinfo_value(m, 0, ZONE, "batch:", 0);
	high = zoneinfo_value(m, 0, ZONE, "high:", 0);

	printf("== the pagesets of node 0, zone %s in zoneinfo\n\n", ZONE);
	print_report_section(m, "zoneinfo", "pagesets", "node_unreclaimable");
	printf("\n  batch = %ld, high = %ld\n\n", batch, high);

	printf("  %-36s %6s %6s %6s %10s\n", "", "CPU 0", "CPU 0", "CPU 1",
	       "buddy");
	printf("  %-36s %6s %6s %6s %10s\n", "", "count", "high", "count",
	       "pages free");
	row("after boot");
	/*
	 * 0. Boot ran on CPU 0: kmem_cache_init() took the slab caches'
	 * first pages through CPU 0's list, and what its refills brought
	 * but the slabs did not use is still there.  Give it back first.
	 */
	printf("       (left by the refills for boot's slab caches)\n");
	drain_all_pages(NULL);
	row("drain_all_pages()");

	/* 1. The first order-0 allocation refills CPU 0's list. */
	free_before = zoneinfo_value(m, 0, ZONE, "pages free", -1);
	pages[0] = alloc_page(GFP_KERNEL);
	row("CPU 0: alloc_page()");
	printf("       (the buddy lost %ld pages: batch << alloc_factor, which\n"
	       "       boot's refills raised; the list kept the rest)\n",
	       free_before - zoneinfo_value(m, 0, ZONE, "pages free", -1));

	/* 2. The next ones come from the list: the buddy does not move. */
	n = batch > 1 && batch < 32 ? (int)batch - 1 : 8;
	for (i = 1; i < n; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	row("CPU 0: more alloc_page()");

	/* 3. Free them from another CPU: they go to CPU 1's list. */
	if (pthread_create(&thread, NULL, cpu1_thread, &n))
		return 1;
	pthread_join(thread, &thread_ret);
	if (thread_ret)
		return 1;
	row("CPU 1: __free_page() of CPU 0's pages");

	/*
	 * 4. A burst.  Each refill raises high by a batch and doubles the
	 * next batch (nr_pcp_alloc(), 6.7+), so a CPU that allocates a lot
	 * keeps more pages at hand; the frees then fit under the new high
	 * and none goes back to the buddy.  Only when count reaches high
	 * does free_pcppages_bulk() return pages.  The kernel decays high
	 * back to high_min from its vmstat worker (decay_pcp_high()).
	 */
	for (i = 0; i < NR_MANY; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	row("CPU 0: 1000 x alloc_page()");
	for (i = 0; i < NR_MANY; i++)
		if (pages[i])
			__free_page(pages[i]);
	row("CPU 0: 1000 x __free_page()");
	printf("       (high grew during the burst: the frees stayed on "
	       "the list)\n");

	/* 5. Give every pcp page back to the buddy lists. */
	drain_all_pages(NULL);
	row("drain_all_pages()");

	printf("\n  After the drain the buddy has every free page back.\n");
	return example_end(m, 0);
}
