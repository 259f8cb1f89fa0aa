// SPDX-License-Identifier: MIT
/*
 * Unit tests of the buddy allocator (src/mm/page_alloc.c), each result
 * derived from what Linux 6.18's mm/page_alloc.c does on the same state:
 *
 *   split/merge       expand() and __free_one_page() on the free lists
 *   placement         alignment, __GFP_ZERO, __GFP_COMP, gfp_zone(),
 *                     NUMA fallback and __GFP_THISNODE, the min reserve
 *   migratetypes      gfp_migratetype(), __rmqueue_claim, __rmqueue_steal
 *   per-CPU lists     zone_batchsize/zone_highsize, nr_pcp_alloc,
 *                     nr_pcp_high, nr_pcp_free, drain_all_pages
 *   misuse            Bad page reports that leave every count exact
 *   helpers           refcounts, split_page, alloc_pages_exact ...
 *   exhaustion        the watermark arithmetic and warn_alloc()
 *   deferred init     allocation past the initialised part of a zone
 *
 * Most tests boot with pcp=off so that every allocation and free shows
 * in the buddy lists and in NR_FREE_PAGES at once.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/machine.h>

#define TEST_UTIL_REPORTS
#include "test-util.h"

#define BOOT_64M	"mem=64M nr_cpus=2 printk.time=0"
#define BOOT_64M_NOPCP	"mem=64M nr_cpus=2 printk.time=0 pcp=off"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static struct zone *zone_of(struct mmsim *m, int nid, int zid)
{
	return &m->node_data[nid]->node_zones[zid];
}

/* The first populated zone of node 0 (the only one on small machines). */
static struct zone *first_zone(struct mmsim *m)
{
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated_zone(zone_of(m, 0, zid)))
			return zone_of(m, 0, zid);
	fail_msg("no populated zone");
	abort();	/* not reached: tells the compiler so */
}

static long nr_free(struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

static void snap_free_area(struct zone *z, unsigned long nr[NR_PAGE_ORDERS])
{
	int o;

	for (o = 0; o < NR_PAGE_ORDERS; o++)
		nr[o] = z->free_area[o].nr_free;
}

static struct page *list_head_page(struct zone *z, int order, int mt)
{
	return list_first_entry_or_null(&z->free_area[order].free_list[mt],
					struct page, buddy_list);
}

static unsigned long pfn(const struct page *page)
{
	return page_to_pfn(page);
}

/*
 * Pages the slab caches hold on node @nid.  Boot creates the slab caches
 * (mm_core_init() -> kmem_cache_init()), whose slabs come from the buddy
 * allocator; NR_SLAB_*_B count bytes.
 */
static long node_slab_pages(struct mmsim *m, int nid)
{
	pg_data_t *pgdat = m->node_data[nid];

	return (atomic_long_read(&pgdat->vm_stat[NR_SLAB_UNRECLAIMABLE_B]) +
		atomic_long_read(&pgdat->vm_stat[NR_SLAB_RECLAIMABLE_B])) >> PAGE_SHIFT;
}

/* Pages on the per-CPU lists of @z, all CPUs. */
static long pcp_pages(struct mmsim *m, struct zone *z)
{
	long n = 0;
	int cpu;

	for (cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		n += z->per_cpu_pageset[cpu].count;
	return n;
}

static int block_mt(const struct page *page)
{
	return get_pfnblock_migratetype(page, page_to_pfn(page));
}

static struct page *alloc(gfp_t gfp, unsigned int order)
{
	return mmsim_alloc_pages(gfp, order);
}

static void free_block(struct page *page, unsigned int order)
{
	mmsim___free_pages(page, order);
}

#define assert_valid(m) assert_int_equal(mmsim_validate(m), 0)

/* A growable array of allocations. */
struct allocs {
	struct page **page;
	unsigned int *order;
	size_t n, cap;
};

static void allocs_push(struct allocs *a, struct page *page, unsigned int order)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->page = realloc(a->page, a->cap * sizeof(*a->page));
		a->order = realloc(a->order, a->cap * sizeof(*a->order));
		assert_non_null(a->page);
		assert_non_null(a->order);
	}
	a->page[a->n] = page;
	a->order[a->n] = order;
	a->n++;
}

static void allocs_free_all(struct allocs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free_block(a->page[i], a->order[i]);
	free(a->page);
	free(a->order);
	memset(a, 0, sizeof(*a));
}

/* ------------------------------------------------------------------ */
/* Split and merge                                                      */

/*
 * Take every free block below order 10, so that the zone's smallest free
 * block is of order 10.  At boot most of them are MIGRATE_MOVABLE; the
 * boot slab caches' unmovable claim split one order-10 block, whose
 * remaining pieces are on the Unmovable lists.  Each is taken by an
 * exact fit of its own migratetype (__rmqueue_smallest() finds it first),
 * so no fallback runs and no pageblock changes type.
 */
static void take_small_blocks(struct zone *z, struct allocs *a)
{
	static const struct {
		int mt;
		gfp_t gfp;
	} types[] = {
		{ MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE },
		{ MIGRATE_UNMOVABLE, GFP_KERNEL },
	};
	size_t t;
	int o;

	for (o = 0; o < MAX_PAGE_ORDER; o++) {
		for (t = 0; t < ARRAY_SIZE(types); t++) {
			while (!free_area_empty(&z->free_area[o], types[t].mt)) {
				struct page *head = list_head_page(z, o, types[t].mt);
				struct page *p = alloc(types[t].gfp, (unsigned int)o);

				assert_ptr_equal(p, head);
				assert_ptr_equal(page_zone(p), z);
				allocs_push(a, p, (unsigned int)o);
			}
		}
		assert_int_equal(z->free_area[o].nr_free, 0);
	}
}

/*
 * expand(): order 0 from an order-10 block leaves one free block at each
 * order 0..9, the upper halves, each at the head of its list:
 *
 *	[ B | B+1 | B+2,3 | B+4..7 | ... | B+512..1023 ]
 *	 use  o0     o1      o2            o9
 */
static void test_split(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS];
	unsigned long lowest = ~0UL, boot_free = (unsigned long)nr_free(z);
	unsigned long free_before;
	struct allocs small = { 0 };
	struct page *head, *p, *b;
	int o;

	take_small_blocks(z, &small);
	assert_valid(m);
	snap_free_area(z, before);
	for (o = 0; o < MAX_PAGE_ORDER; o++)
		assert_int_equal(before[o], 0);
	assert_true(before[MAX_PAGE_ORDER] > 1);

	/* FPI_TO_TAIL at boot: the order-10 list runs from low to high pfns */
	list_for_each_entry(b, &z->free_area[MAX_PAGE_ORDER].free_list[MIGRATE_MOVABLE],
			    buddy_list)
		lowest = min(lowest, pfn(b));
	head = list_head_page(z, MAX_PAGE_ORDER, MIGRATE_MOVABLE);
	assert_int_equal(pfn(head), lowest);

	free_before = (unsigned long)nr_free(z);
	p = alloc(GFP_HIGHUSER_MOVABLE, 0);
	assert_non_null(p);
	assert_int_equal(pfn(p), lowest);
	snap_free_area(z, after);
	for (o = 0; o < MAX_PAGE_ORDER; o++) {
		struct page *piece = list_head_page(z, o, MIGRATE_MOVABLE);

		assert_int_equal(after[o], before[o] + 1);
		assert_non_null(piece);
		assert_int_equal(pfn(piece), lowest + (1UL << o));
		assert_true(PageBuddy(piece));
		assert_int_equal(buddy_order(piece), o);
	}
	assert_int_equal(after[MAX_PAGE_ORDER], before[MAX_PAGE_ORDER] - 1);
	assert_int_equal(nr_free(z), free_before - 1);
	assert_valid(m);

	/* freeing it merges all the way back up */
	free_block(p, 0);
	snap_free_area(z, after);
	assert_memory_equal(after, before, sizeof(before));
	assert_int_equal(pfn(list_head_page(z, MAX_PAGE_ORDER, MIGRATE_MOVABLE)),
			 lowest);
	assert_valid(m);

	allocs_free_all(&small);
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* __free_one_page(): buddies merge in either order; a block whose buddy
 * is allocated stays at its order. */
static void test_merge(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	unsigned long before[NR_PAGE_ORDERS], now[NR_PAGE_ORDERS];
	unsigned long boot_free = (unsigned long)nr_free(z);
	struct allocs small = { 0 };
	int round;

	take_small_blocks(z, &small);
	snap_free_area(z, before);

	for (round = 0; round < 2; round++) {
		struct page *a = alloc(GFP_HIGHUSER_MOVABLE, 0);
		struct page *b = alloc(GFP_HIGHUSER_MOVABLE, 0);
		struct page *first = round ? b : a, *second = round ? a : b;

		assert_non_null(a);
		assert_non_null(b);
		/* b is the order-0 upper half that splitting a left */
		assert_int_equal(pfn(b), pfn(a) + 1);
		assert_int_equal(pfn(a) & (MAX_ORDER_NR_PAGES - 1), 0);

		free_block(first, 0);
		/* its buddy is allocated: no merge */
		snap_free_area(z, now);
		assert_true(PageBuddy(first));
		assert_int_equal(buddy_order(first), 0);
		assert_int_equal(now[0], 1);
		assert_int_equal(pfn(list_head_page(z, 0, MIGRATE_MOVABLE)),
				 pfn(first));
		assert_int_equal(now[MAX_PAGE_ORDER], before[MAX_PAGE_ORDER] - 1);
		assert_valid(m);

		free_block(second, 0);
		snap_free_area(z, now);
		assert_memory_equal(now, before, sizeof(before));
		assert_true(PageBuddy(a));
		assert_int_equal(buddy_order(a), MAX_PAGE_ORDER);
		assert_false(PageBuddy(b));
		assert_valid(m);
	}

	/* two order-3 buddies */
	{
		struct page *a = alloc(GFP_HIGHUSER_MOVABLE, 3);
		struct page *b = alloc(GFP_HIGHUSER_MOVABLE, 3);

		assert_int_equal(pfn(b), pfn(a) + 8);
		free_block(b, 3);
		assert_true(PageBuddy(b));
		assert_int_equal(buddy_order(b), 3);
		free_block(a, 3);
		snap_free_area(z, now);
		assert_memory_equal(now, before, sizeof(before));
		assert_valid(m);
	}

	allocs_free_all(&small);
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Where blocks come from                                               */

static void test_alignment(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M);
	struct allocs a = { 0 };
	unsigned int o;
	int i;

	for (o = 0; o <= MAX_PAGE_ORDER; o++) {
		for (i = 0; i < 3; i++) {
			struct page *p = alloc(i == 1 ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL, o);

			assert_non_null(p);
			assert_int_equal(pfn(p) & ((1UL << o) - 1), 0);
			assert_int_equal((uintptr_t)page_address(p) &
					 ((PAGE_SIZE << o) - 1), 0);
			assert_int_equal(page_ref_count(p), 1);
			allocs_push(&a, p, o);
		}
	}
	assert_valid(m);
	allocs_free_all(&a);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* __GFP_ZERO: the pcp lists are LIFO, so the block just freed comes back,
 * with the garbage written into it wiped. */
static void test_gfp_zero(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M);
	unsigned int orders[] = { 0, 2 };
	unsigned long addr;
	size_t i, k;

	for (k = 0; k < ARRAY_SIZE(orders); k++) {
		unsigned int o = orders[k];
		size_t size = PAGE_SIZE << o;
		struct page *p = alloc(GFP_KERNEL, o), *q;
		unsigned char *v;

		assert_non_null(p);
		memset(page_address(p), 0xa5, size);
		free_block(p, o);
		q = alloc(GFP_KERNEL | __GFP_ZERO, o);
		assert_ptr_equal(q, p);
		v = page_address(q);
		for (i = 0; i < size; i++)
			if (v[i])
				fail_msg("order %u byte %zu is %#x", o, i, v[i]);
		free_block(q, o);
	}

	addr = mmsim___get_free_pages(GFP_KERNEL, 0);
	assert_true(addr);
	memset((void *)addr, 0x5a, PAGE_SIZE);
	mmsim_free_pages(addr, 0);
	addr = mmsim_get_zeroed_page(GFP_KERNEL);
	assert_true(addr);
	for (i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((unsigned char *)addr)[i], 0);
	mmsim_free_pages(addr, 0);
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_gfp_comp(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	long boot_free = nr_free(z);
	struct page *p = alloc(GFP_KERNEL | __GFP_COMP, 3);
	unsigned long i;

	assert_non_null(p);
	assert_int_equal(nr_free(z), boot_free - 8);
	assert_true(PageHead(p));
	assert_int_equal(compound_order(p), 3);
	for (i = 1; i < 8; i++) {
		assert_true(PageTail(p + i));
		assert_ptr_equal(compound_head(p + i), p);
		assert_int_equal(mmsim_page_count(p + i), 1);
	}
	/* a reference taken through a tail page pins the whole folio */
	mmsim_get_page(p + 5);
	assert_int_equal(page_ref_count(p), 2);
	mmsim_put_page(p);
	assert_int_equal(nr_free(z), boot_free - 8);
	mmsim_put_page(p + 2);
	assert_int_equal(nr_free(z), boot_free);
	assert_int_equal(reports.n, 0);
	assert_valid(m);

	/* without __GFP_COMP an order-3 block is not compound */
	p = alloc(GFP_KERNEL, 3);
	assert_false(PageHead(p));
	assert_false(PageTail(p + 1));
	assert_int_equal(page_ref_count(p + 1), 0);
	free_block(p, 3);
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* gfp_zone() and the zonelist walk: DMA is empty when RAM starts at 1G
 * and zone_dma_bits=30; DMA32 is [1G, 4G), Normal [4G, 6G), Movable the
 * top 1G. */
static void test_gfp_zones(void **state)
{
	struct mmsim *m = boot_hooked("mem=6G zone_dma_bits=30 movablecore=1G nr_cpus=2 printk.time=0");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL);
	struct zone *movable = zone_of(m, 0, ZONE_MOVABLE);
	struct {
		gfp_t gfp;
		struct zone *zone;
	} cases[] = {
		{ GFP_KERNEL | __GFP_DMA32, dma32 },
		{ GFP_KERNEL, normal },
		{ GFP_USER | __GFP_MOVABLE, normal },	/* movable, not highmem */
		{ MMSIM_GFP_HIGHUSER, normal },
		{ GFP_HIGHUSER_MOVABLE, movable },
		{ GFP_KERNEL | __GFP_DMA32 | __GFP_MOVABLE, dma32 },
	};
	struct allocs a = { 0 };
	size_t i;
	int zid;

	assert_false(populated_zone(dma));
	assert_int_equal(dma32->zone_start_pfn, 0x40000);
	assert_int_equal(zone_end_pfn(dma32), 0x100000);
	assert_int_equal(normal->zone_start_pfn, 0x100000);
	assert_int_equal(zone_end_pfn(normal), 0x180000);
	assert_int_equal(movable->zone_start_pfn, 0x180000);
	assert_int_equal(zone_end_pfn(movable), 0x1c0000);

	assert_int_equal(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	assert_int_equal(gfp_zone(GFP_KERNEL | __GFP_DMA), ZONE_DMA);
	assert_int_equal(gfp_zone(GFP_KERNEL | __GFP_DMA32), ZONE_DMA32);
	assert_int_equal(gfp_zone(MMSIM_GFP_HIGHUSER), ZONE_NORMAL);
	assert_int_equal(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	assert_int_equal(gfp_zone(__GFP_MOVABLE), ZONE_NORMAL);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int o;

		for (o = 0; o <= MAX_PAGE_ORDER; o += 5) {
			struct page *p = alloc(cases[i].gfp, o);

			assert_non_null(p);
			if (page_zone(p) != cases[i].zone)
				fail_msg("gfp %#x order %u: zone %s, expected %s",
					 cases[i].gfp, o, page_zone(p)->name,
					 cases[i].zone->name);
			assert_true(zone_spans_pfn(cases[i].zone, pfn(p)));
			allocs_push(&a, p, o);
		}
	}
	assert_int_equal(reports.n, 0);

	/* nothing at or below ZONE_DMA: the allocation fails and warns */
	assert_null(alloc(GFP_KERNEL | __GFP_DMA | __GFP_NOWARN, 0));
	assert_int_equal(reports.n, 0);
	assert_null(alloc(GFP_KERNEL | __GFP_DMA, 0));
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "page allocation failure: order:0"));

	allocs_free_all(&a);
	mmsim_drain_all_pages();
	assert_valid(m);

	/*
	 * Buddies in different zones never merge.  Zone boundaries are at
	 * least MAX_ORDER_NR_PAGES aligned, so the buddy of any block of
	 * order <= MAX_PAGE_ORDER - 1 lies in the same zone, and order-10
	 * blocks do not merge; check that no free block crosses a zone end.
	 */
	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = zone_of(m, 0, zid);
		int o, mt;

		if (!populated_zone(z))
			continue;
		assert_int_equal(z->zone_start_pfn & (MAX_ORDER_NR_PAGES - 1), 0);
		for (o = 0; o < NR_PAGE_ORDERS; o++)
			for (mt = 0; mt < MIGRATE_TYPES; mt++) {
				struct page *b;

				list_for_each_entry(b, &z->free_area[o].free_list[mt],
						    buddy_list) {
					assert_true(zone_spans_pfn(z, pfn(b)));
					assert_true(zone_spans_pfn(z, pfn(b) + (1UL << o) - 1));
				}
			}
	}
	mmsim_shutdown(m);
}

/*
 * NUMA: alloc_pages_node(1) takes node 1 while its zone passes the low
 * watermark (the fast path's ALLOC_WMARK_LOW), then falls back to node 0
 * and counts NUMA_MISS there and NUMA_FOREIGN on node 1.  __GFP_THISNODE
 * goes on down to node 1's min watermark (the slow path) and then fails.
 */
static void test_numa(void **state)
{
	struct mmsim *m = boot_hooked("mem=128M numa=2 nr_cpus=2 printk.time=0 pcp=off");
	struct zone *z0 = first_zone(m);
	struct zone *z1 = &m->node_data[1]->node_zones[zone_idx(z0)];
	unsigned long miss0, foreign1, hit1, f0, f1;
	long low1 = (long)low_wmark_pages(z1), min1 = (long)min_wmark_pages(z1);
	long boot1 = nr_free(z1), boot0 = nr_free(z0), n;
	struct allocs a = { 0 };
	struct page *p;

	assert_int_equal(mmsim_nr_nodes(m), 2);
	assert_int_equal(mmsim_cpu_to_node(m, 0), 0);
	assert_true(populated_zone(z1));
	miss0 = zone_numa_event_state(m, z0, NUMA_MISS);
	foreign1 = zone_numa_event_state(m, z1, NUMA_FOREIGN);
	hit1 = zone_numa_event_state(m, z1, NUMA_HIT);

	for (n = 0;; n++) {
		p = mmsim_alloc_pages_node(1, GFP_KERNEL, 0);
		assert_non_null(p);
		if (page_to_nid(p) != 1)
			break;
		allocs_push(&a, p, 0);
	}
	assert_int_equal(n, boot1 - low1);
	assert_int_equal(nr_free(z1), low1);
	assert_int_equal(page_to_nid(p), 0);
	assert_int_equal(zone_numa_event_state(m, z1, NUMA_HIT), hit1 + n);
	assert_int_equal(zone_numa_event_state(m, z0, NUMA_MISS), miss0 + 1);
	assert_int_equal(zone_numa_event_state(m, z1, NUMA_FOREIGN), foreign1 + 1);
	allocs_push(&a, p, 0);

	f0 = (unsigned long)nr_free(z0);
	for (n = 0;; n++) {
		p = mmsim_alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0);
		if (!p)
			break;
		assert_int_equal(page_to_nid(p), 1);
		allocs_push(&a, p, 0);
	}
	assert_int_equal(n, low1 - min1);
	assert_int_equal(nr_free(z1), min1);
	assert_int_equal(nr_free(z0), f0);
	assert_int_equal(reports.n, 0);
	/* without __GFP_THISNODE the exhausted node falls back */
	f1 = (unsigned long)nr_free(z1);
	p = mmsim_alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 3);
	assert_null(p);
	p = mmsim_alloc_pages_node(1, GFP_KERNEL, 3);
	assert_non_null(p);
	assert_int_equal(page_to_nid(p), 0);
	assert_int_equal(nr_free(z1), f1);
	allocs_push(&a, p, 3);
	assert_valid(m);

	allocs_free_all(&a);
	assert_int_equal(nr_free(z0), boot0);
	assert_int_equal(nr_free(z1), boot1);
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * __zone_watermark_ok(): GFP_KERNEL stops at min; __GFP_HIGH may take
 * half of min; GFP_ATOMIC (__GFP_HIGH, cannot block) a further quarter
 * of what is left; GFP_NOWAIT (cannot block, no __GFP_HIGH) none.
 */
static void test_min_reserve(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	long min = (long)min_wmark_pages(z), high_min, atomic_min, boot_free = nr_free(z);
	struct allocs a = { 0 };
	struct page *p;
	long n;

	high_min = min - min / 2;
	atomic_min = high_min - high_min / 4;
	assert_int_equal(z->lowmem_reserve[ZONE_NORMAL], 0);

	while ((p = alloc(GFP_KERNEL | __GFP_NOWARN, 0)))
		allocs_push(&a, p, 0);
	assert_int_equal(nr_free(z), min);
	assert_null(alloc(GFP_NOWAIT, 0));
	assert_int_equal(nr_free(z), min);

	for (n = 0; (p = alloc(GFP_KERNEL | __GFP_HIGH | __GFP_NOWARN, 0)); n++)
		allocs_push(&a, p, 0);
	assert_int_equal(n, min - high_min);
	assert_int_equal(nr_free(z), high_min);

	for (n = 0; (p = alloc(GFP_ATOMIC | __GFP_NOWARN, 0)); n++)
		allocs_push(&a, p, 0);
	assert_int_equal(n, high_min - atomic_min);
	assert_int_equal(nr_free(z), atomic_min);
	assert_int_equal(reports.n, 0);
	assert_valid(m);

	allocs_free_all(&a);
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Migratetypes                                                         */

static void test_migratetype_of_gfp(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	struct {
		gfp_t gfp;
		int mt;
	} cases[] = {
		{ GFP_KERNEL, MIGRATE_UNMOVABLE },
		{ GFP_HIGHUSER_MOVABLE, MIGRATE_MOVABLE },
		{ GFP_KERNEL | __GFP_RECLAIMABLE, MIGRATE_RECLAIMABLE },
	};
	unsigned long p, claimed = ~0UL;
	long nr_slab = 0;
	size_t i;

	assert_false(m->page_group_by_mobility_disabled);
	/*
	 * At boot every pageblock of the zone is Movable, except the
	 * order-10 block that the slab caches' first (unmovable) allocation
	 * claimed whole: two pageblocks, holding every slab page.
	 */
	for (p = z->zone_start_pfn; p < zone_end_pfn(z); p++) {
		if (!PageSlab(pfn_to_page(p)))
			continue;
		if (claimed == ~0UL)
			claimed = ALIGN_DOWN(p, MAX_ORDER_NR_PAGES);
		assert_int_equal(ALIGN_DOWN(p, MAX_ORDER_NR_PAGES), claimed);
		nr_slab++;
	}
	assert_true(nr_slab > 0);
	assert_int_equal(nr_slab, node_slab_pages(m, 0));
	for (p = z->zone_start_pfn; p < zone_end_pfn(z); p += pageblock_nr_pages)
		assert_int_equal(get_pfnblock_migratetype(pfn_to_page(p), p),
				 p >= claimed && p < claimed + MAX_ORDER_NR_PAGES ?
				 MIGRATE_UNMOVABLE : MIGRATE_MOVABLE);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct page *page;

		assert_int_equal(gfp_migratetype(cases[i].gfp), cases[i].mt);
		page = alloc(cases[i].gfp, 0);
		assert_non_null(page);
		assert_int_equal(block_mt(page), cases[i].mt);
		assert_valid(m);
		free_block(page, 0);
		assert_valid(m);
	}
	mmsim_shutdown(m);
}

/*
 * An unmovable allocation that finds the Unmovable lists empty claims a
 * whole order-10 block (two pageblocks: try_to_claim_block() with
 * current_order >= pageblock_order).  A movable allocation that then
 * finds only small unmovable blocks steals one without changing its
 * pageblock's type.
 *
 * Boot already made one such claim (the slab caches' first page); the
 * rest of that block is on the Unmovable lists, so take it first, by
 * exact fits, and the next GFP_KERNEL allocation has to claim again.
 */
static void test_claim_and_steal(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	long boot_free = nr_free(z);
	struct allocs held = { 0 }, movable = { 0 }, boot_unmov = { 0 };
	struct page *first, *p, *block;
	unsigned long b, i, nr_unmov0;
	int o;

	for (o = 0; o < NR_PAGE_ORDERS; o++) {
		while (!free_area_empty(&z->free_area[o], MIGRATE_UNMOVABLE)) {
			block = list_head_page(z, o, MIGRATE_UNMOVABLE);
			p = alloc(GFP_KERNEL, (unsigned int)o);
			assert_ptr_equal(p, block);
			allocs_push(&boot_unmov, p, (unsigned int)o);
		}
	}
	assert_true(boot_unmov.n > 0);
	assert_valid(m);

	block = list_head_page(z, MAX_PAGE_ORDER, MIGRATE_MOVABLE);
	first = alloc(GFP_KERNEL, 0);
	assert_ptr_equal(first, block);
	b = pfn(first);
	assert_int_equal(block_mt(first), MIGRATE_UNMOVABLE);
	assert_int_equal(block_mt(first + pageblock_nr_pages), MIGRATE_UNMOVABLE);
	assert_int_equal(get_pfnblock_migratetype(pfn_to_page(b + MAX_ORDER_NR_PAGES),
						  b + MAX_ORDER_NR_PAGES),
			 MIGRATE_MOVABLE);
	for (o = 0; o < MAX_PAGE_ORDER; o++) {
		assert_non_null(list_head_page(z, o, MIGRATE_UNMOVABLE));
		assert_int_equal(pfn(list_head_page(z, o, MIGRATE_UNMOVABLE)),
				 b + (1UL << o));
	}
	assert_valid(m);

	/* the rest of the block, as order-0 unmovable pages */
	allocs_push(&held, first, 0);
	for (i = 1; i < MAX_ORDER_NR_PAGES; i++) {
		p = alloc(GFP_KERNEL, 0);
		assert_non_null(p);
		assert_true(pfn(p) >= b && pfn(p) < b + MAX_ORDER_NR_PAGES);
		allocs_push(&held, p, 0);
	}
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_true(list_empty(&z->free_area[o].free_list[MIGRATE_UNMOVABLE]));
	/* free every odd page: 512 order-0 unmovable blocks, none can merge */
	for (i = 1; i < MAX_ORDER_NR_PAGES; i += 2)
		free_block(pfn_to_page(b + i), 0);
	nr_unmov0 = 0;
	list_for_each_entry(p, &z->free_area[0].free_list[MIGRATE_UNMOVABLE], buddy_list)
		nr_unmov0++;
	assert_int_equal(nr_unmov0, MAX_ORDER_NR_PAGES / 2);
	assert_valid(m);

	/* empty the movable lists, exact fits only */
	for (o = MAX_PAGE_ORDER; o >= 0; o--) {
		while (!free_area_empty(&z->free_area[o], MIGRATE_MOVABLE)) {
			p = alloc(GFP_HIGHUSER_MOVABLE, (unsigned int)o);
			assert_non_null(p);
			assert_int_equal(block_mt(p), MIGRATE_MOVABLE);
			allocs_push(&movable, p, (unsigned int)o);
		}
	}
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		assert_true(free_area_empty(&z->free_area[o], MIGRATE_RECLAIMABLE));
	assert_int_equal(nr_free(z), MAX_ORDER_NR_PAGES / 2);
	assert_valid(m);

	/* too small to claim: __rmqueue_steal() borrows one page */
	p = alloc(GFP_HIGHUSER_MOVABLE, 0);
	assert_non_null(p);
	assert_true(pfn(p) >= b && pfn(p) < b + MAX_ORDER_NR_PAGES);
	assert_int_equal(pfn(p) & 1, 1);
	assert_int_equal(block_mt(p), MIGRATE_UNMOVABLE);
	assert_int_equal(block_mt(pfn_to_page(b)), MIGRATE_UNMOVABLE);
	assert_int_equal(block_mt(pfn_to_page(b + pageblock_nr_pages)),
			 MIGRATE_UNMOVABLE);
	assert_int_equal(nr_free(z), MAX_ORDER_NR_PAGES / 2 - 1);
	assert_valid(m);
	free_block(p, 0);
	assert_valid(m);

	allocs_free_all(&movable);
	for (i = 0; i < MAX_ORDER_NR_PAGES; i += 2)
		free_block(pfn_to_page(b + i), 0);
	free(held.page);
	free(held.order);
	allocs_free_all(&boot_unmov);
	assert_int_equal(nr_free(z), boot_free);
	assert_int_equal(reports.n, 0);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Per-CPU lists                                                        */

/* mm/page_alloc.c:zone_batchsize() */
static int kernel_zone_batchsize(unsigned long managed)
{
	long batch = (long)min(managed >> 10, (1UL << 20) / PAGE_SIZE);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch = (long)(1UL << (63 - __builtin_clzl((unsigned long)(batch + batch / 2)))) - 1;
	return (int)max(batch, 1L);
}

/* mm/page_alloc.c:zone_highsize() */
static int kernel_zone_highsize(unsigned long total_pages, int batch,
				int nr_split_cpus)
{
	int high = (int)(total_pages / (unsigned long)nr_split_cpus);

	return max(high, batch << 2);
}

static void test_pcp_sizes(void **state)
{
	struct mmsim *m = boot_hooked("mem=128M numa=2 nr_cpus=4 printk.time=0");
	int nid, cpu;

	for (nid = 0; nid < 2; nid++) {
		struct zone *z = &m->node_data[nid]->node_zones[zone_idx(first_zone(m))];
		unsigned long managed = zone_managed_pages(z);
		int batch = kernel_zone_batchsize(managed), local = 0;

		for (cpu = 0; cpu < 4; cpu++)
			local += mmsim_cpu_to_node(m, cpu) == nid;
		assert_int_equal(local, 2);
		for (cpu = 0; cpu < 4; cpu++) {
			struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

			assert_int_equal(pcp->batch, batch);
			assert_int_equal(pcp->high_min,
					 kernel_zone_highsize(low_wmark_pages(z), batch, local));
			assert_int_equal(pcp->high_max,
					 kernel_zone_highsize(managed / 8, batch, local));
			/*
			 * Only CPU 0 has run: boot (the slab caches'
			 * slabs, on each node) took pages through its
			 * lists, and what it did not use is still on
			 * them.  Every other CPU's lists are empty.
			 */
			if (cpu)
				assert_int_equal(pcp->count, 0);
			else
				assert_int_equal(pcp->count,
						 (long)managed - nr_free(z) -
						 node_slab_pages(m, nid));
		}
	}
	mmsim_shutdown(m);
}

/* The kernel's per-CPU list arithmetic for one order-0 list. */
struct pcp_model {
	int count, high, high_min, high_max, batch, free_count;
	int alloc_factor;
};

/* mm/page_alloc.c:nr_pcp_alloc(), order 0, zone not below high */
static int model_nr_pcp_alloc(struct pcp_model *p)
{
	int base_batch = p->batch, batch, max_nr_alloc;
	int high = p->high = clamp(p->high, p->high_min, p->high_max);

	if (high < base_batch)
		return 1;
	batch = base_batch << p->alloc_factor;
	if (p->high_min != p->high_max)
		high = p->high = min(high + batch, p->high_max);
	max_nr_alloc = max(high - p->count - base_batch, base_batch);
	if (batch <= max_nr_alloc && p->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
		p->alloc_factor++;
	batch = min(batch, max_nr_alloc);
	if (batch > 1)
		batch = max(batch, 2);
	return batch;
}

/* rmqueue_pcplist(): returns the pages taken from the zone */
static int model_alloc(struct pcp_model *p)
{
	int taken = 0;

	p->free_count >>= 1;
	if (!p->count) {
		taken = model_nr_pcp_alloc(p);
		p->count += taken;
	}
	p->count--;
	return taken;
}

/* free_frozen_page_commit() for order 0: returns pages given back */
static int model_free(struct pcp_model *p)
{
	int high, to_free;

	p->alloc_factor >>= 1;
	p->count++;
	if (p->free_count < (p->batch << CONFIG_PCP_BATCH_SCALE_MAX))
		p->free_count++;
	/* nr_pcp_high(), zone not below high, not reclaiming */
	high = p->high = clamp(p->high, p->high_min, p->high_max);
	if (!high)
		return 0;
	if (p->high_min != p->high_max && p->count >= high) {
		int need_high = p->free_count + p->batch;

		if (p->high < need_high)
			p->high = clamp(need_high, p->high_min, p->high_max);
	}
	if (p->count < high)
		return 0;
	/* nr_pcp_free() */
	if (high < p->batch)
		to_free = 1;
	else
		to_free = clamp(p->free_count, p->batch, high - p->batch);
	to_free = min(to_free, p->count);
	p->count -= to_free;
	return to_free;
}

static void model_check(const struct pcp_model *mod,
			const struct per_cpu_pages *pcp, const char *what, int i)
{
	if (mod->count != pcp->count || mod->high != pcp->high ||
	    mod->free_count != pcp->free_count)
		fail_msg("%s %d: pcp count/high/free_count %d/%d/%d, kernel %d/%d/%d",
			 what, i, pcp->count, pcp->high, pcp->free_count,
			 mod->count, mod->high, mod->free_count);
}

/*
 * Order-0 allocations refill the list by nr_pcp_alloc() (the first
 * refill: batch pages, growing as alloc_factor rises); frees fill it up
 * to high, then free_pcppages_bulk() gives nr_pcp_free() pages back.
 * NR_FREE_PAGES counts only the buddy lists.
 *
 * Boot ran on CPU 0 (the slab caches took pages through its lists), so
 * this runs on CPU 1, whose lists nothing has used yet, after a drain
 * has given CPU 0's leftovers back to the buddy lists.
 */
static void test_pcp_refill_and_spill(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M);
	struct zone *z = first_zone(m);
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[1];
	struct pcp_model mod;
	long boot_free, expect_free;
	enum { N = 400 };
	struct page *pages[N];
	int i;

	mmsim_drain_all_pages();
	assert_int_equal(pcp_pages(m, z), 0);
	assert_int_equal(nr_free(z),
			 (long)zone_managed_pages(z) - node_slab_pages(m, 0));
	assert_int_equal(mmsim_cpu_enter(m, 1), 0);
	boot_free = expect_free = nr_free(z);
	mod = (struct pcp_model){
		.count = pcp->count, .high = pcp->high, .high_min = pcp->high_min,
		.high_max = pcp->high_max, .batch = pcp->batch,
		.free_count = pcp->free_count, .alloc_factor = pcp->alloc_factor,
	};

	assert_int_equal(mod.count, 0);
	assert_int_equal(mod.alloc_factor, 0);
	assert_int_equal(mod.free_count, 0);
	assert_true(mod.high_min != mod.high_max);
	pages[0] = alloc(GFP_KERNEL, 0);
	/* the first refill takes exactly batch pages */
	assert_int_equal(pcp->count, pcp->batch - 1);
	assert_int_equal(nr_free(z), boot_free - pcp->batch);
	expect_free -= model_alloc(&mod);
	model_check(&mod, pcp, "alloc", 0);

	for (i = 1; i < N; i++) {
		pages[i] = alloc(GFP_KERNEL, 0);
		assert_non_null(pages[i]);
		expect_free -= model_alloc(&mod);
		model_check(&mod, pcp, "alloc", i);
		assert_int_equal(nr_free(z), expect_free);
	}
	assert_false(test_bit(ZONE_BELOW_HIGH, &z->flags));
	assert_valid(m);

	for (i = N - 1; i >= 0; i--) {
		free_block(pages[i], 0);
		expect_free += model_free(&mod);
		model_check(&mod, pcp, "free", i);
		assert_int_equal(nr_free(z), expect_free);
	}
	assert_valid(m);
	/* what is left on the list is not free in NR_FREE_PAGES ... */
	assert_int_equal(nr_free(z), boot_free - pcp->count);
	/* ... until a drain gives it back */
	mmsim_drain_all_pages();
	assert_int_equal(pcp->count, 0);
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * alloc_factor doubles the refill while a CPU only allocates; each free
 * halves it again (free_frozen_page_commit(): pcp->alloc_factor >>= 1).
 */
static void test_pcp_alloc_factor_decay(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M);
	struct zone *z = first_zone(m);
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[0];
	struct allocs a = { 0 };
	struct page *p;
	int factor, refill;
	long before;

	/* drain the list with allocations until several refills happened */
	do {
		p = alloc(GFP_KERNEL, 0);
		allocs_push(&a, p, 0);
	} while (pcp->alloc_factor < 3 || pcp->count);
	factor = pcp->alloc_factor;
	assert_int_equal(factor, 3);

	free_block(a.page[--a.n], 0);
	assert_int_equal(pcp->alloc_factor, factor >> 1);
	free_block(a.page[--a.n], 0);
	assert_int_equal(pcp->alloc_factor, factor >> 2);

	/* the next refill uses the decayed factor */
	while (pcp->count) {
		p = alloc(GFP_KERNEL, 0);
		allocs_push(&a, p, 0);
	}
	before = nr_free(z);
	p = alloc(GFP_KERNEL, 0);
	allocs_push(&a, p, 0);
	refill = (int)(before - nr_free(z));
	assert_int_equal(refill, pcp->batch << (factor >> 2));

	allocs_free_all(&a);
	mmsim_drain_all_pages();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_pcp_off(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[0];
	long boot_free = nr_free(z);
	struct page *p[8];
	int i;

	assert_int_equal(pcp->high_min, 0);
	assert_int_equal(pcp->high_max, 0);
	assert_int_equal(pcp->batch, 1);
	for (i = 0; i < 8; i++) {
		p[i] = alloc(GFP_KERNEL, (unsigned int)(i & 3));
		assert_int_equal(pcp->count, 0);
	}
	assert_int_equal(nr_free(z), boot_free - 2 * (1 + 2 + 4 + 8));
	for (i = 0; i < 8; i++) {
		free_block(p[i], (unsigned int)(i & 3));
		assert_int_equal(pcp->count, 0);
	}
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

struct cpu1_job {
	struct mmsim *m;
	int count_after_alloc, count_after_free, cpu0_count;
	struct zone *z;
};

static void *cpu1_thread(void *arg)
{
	struct cpu1_job *job = arg;
	struct page *p;

	if (mmsim_cpu_enter(job->m, 1))
		return NULL;
	p = alloc(GFP_KERNEL, 0);
	job->count_after_alloc = job->z->per_cpu_pageset[1].count;
	job->cpu0_count = job->z->per_cpu_pageset[0].count;
	free_block(p, 0);
	job->count_after_free = job->z->per_cpu_pageset[1].count;
	mmsim_cpu_exit();
	return NULL;
}

/*
 * Each CPU has its own lists; drain_all_pages() empties all of them.
 * Boot left CPU 0's lists holding what the slab caches did not use: a
 * first drain gives those back, CPU 1's are untouched.
 */
static void test_pcp_two_cpus(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M);
	struct zone *z = first_zone(m);
	struct cpu1_job job = { .m = m, .z = z, .count_after_alloc = -1 };
	long boot_free;
	int batch = z->per_cpu_pageset[1].batch;
	pthread_t t;

	assert_int_equal(z->per_cpu_pageset[1].count, 0);
	mmsim_drain_all_pages();
	assert_int_equal(z->per_cpu_pageset[0].count, 0);
	boot_free = nr_free(z);
	assert_int_equal(boot_free,
			 (long)zone_managed_pages(z) - node_slab_pages(m, 0));
	assert_int_equal(pthread_create(&t, NULL, cpu1_thread, &job), 0);
	pthread_join(t, NULL);
	assert_int_equal(job.count_after_alloc, batch - 1);
	assert_int_equal(job.cpu0_count, 0);
	assert_int_equal(job.count_after_free, batch);
	assert_int_equal(z->per_cpu_pageset[0].count, 0);
	assert_int_equal(z->per_cpu_pageset[1].count, batch);
	assert_int_equal(nr_free(z), boot_free - batch);
	assert_valid(m);
	mmsim_drain_all_pages();
	assert_int_equal(z->per_cpu_pageset[1].count, 0);
	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Misuse                                                               */

/* Run @bad and check: one report containing @needle, no count moved. */
#define expect_one_report(m, z, needle, bad)                                  \
	do {                                                                  \
		long __free = nr_free(z);                                     \
		reports_reset();                                              \
		bad;                                                          \
		if (reports.n != 1)                                           \
			fail_msg("%s: %d reports, expected 1", #bad,          \
				 reports.n);                                  \
		if (!strstr(reports.text, needle))                            \
			fail_msg("%s: no \"%s\" in:\n%s", #bad, needle,       \
				 reports.text);                               \
		assert_int_equal(nr_free(z), __free);                         \
		assert_int_equal(mmsim_validate(m), 0);                       \
		assert_int_equal(reports.n, 1);                               \
	} while (0)

static void test_misuse(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	long boot_free = nr_free(z);
	struct page *p, *q;
	char on_stack[256] __attribute__((aligned(64)));

	/* double free, order 0 and order 3 */
	p = alloc(GFP_KERNEL, 0);
	free_block(p, 0);
	expect_one_report(m, z, "BUG: Bad page state", free_block(p, 0));
	p = alloc(GFP_KERNEL, 3);
	free_block(p, 3);
	expect_one_report(m, z, "BUG: Bad page state", free_block(p, 3));
	assert_int_equal(nr_free(z), boot_free);

	/* the wrong order: the block stays allocated, the right free works */
	p = alloc(GFP_KERNEL, 3);
	expect_one_report(m, z, "BUG: Bad page state", free_block(p, 2));
	expect_one_report(m, z, "BUG: Bad page state", free_block(p, 4));
	assert_int_equal(page_ref_count(p), 1);
	reports_reset();
	free_block(p, 3);
	assert_int_equal(reports.n, 0);
	assert_int_equal(nr_free(z), boot_free);

	/* a tail page of an order-3 block, plain and compound */
	p = alloc(GFP_KERNEL, 3);
	expect_one_report(m, z, "BUG: Bad page state", free_block(p + 1, 0));
	q = alloc(GFP_KERNEL | __GFP_COMP, 3);
	expect_one_report(m, z, "BUG: Bad page state", free_block(q + 3, 0));
	reports_reset();
	free_block(p, 3);
	free_block(q, 3);
	assert_int_equal(reports.n, 0);
	assert_int_equal(nr_free(z), boot_free);

	/* NULL is a no-op */
	reports_reset();
	free_block(NULL, 0);
	mmsim_free_pages(0, 0);
	assert_int_equal(reports.n, 0);

	/* not a struct page at all; an address outside the arena */
	expect_one_report(m, z, "BUG:", free_block((struct page *)on_stack, 0));
	expect_one_report(m, z, "BUG:", mmsim_free_pages((unsigned long)on_stack, 0));
	expect_one_report(m, z, "BUG:",
			  mmsim_free_pages((unsigned long)m->arena + m->arena_size +
					   PAGE_SIZE, 0));
	expect_one_report(m, z, "BUG:", mmsim_put_page((struct page *)on_stack));

	assert_int_equal(nr_free(z), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* fork a child that boots with @params and runs @what; its wait status */
static int child_status(const char *params, int what)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct mmsim *m = mmsim_boot(params);
		struct page *p;
		char x[64];

		if (!m)
			_exit(2);
		mmsim_set_report_stream(m, NULL);
		if (what == 0) {
			mmsim_free_pages((unsigned long)x, 0);
		} else {
			p = mmsim_alloc_pages(GFP_KERNEL, 0);
			mmsim___free_pages(p, 0);
			mmsim___free_pages(p, 0);
		}
		mmsim_shutdown(m);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/*
 * panic=abort stops the host process on every BUG report: freeing what
 * is no page, and a Bad page state too (where the kernel would taint and
 * go on).  panic=report, the default, never stops.
 */
static void test_panic_abort(void **state)
{
	int status;

	status = child_status("mem=16M printk.time=0 panic=abort", 0);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);

	status = child_status("mem=16M printk.time=0 panic=report", 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/*
	 * A Bad page state does not stop the kernel, but panic=abort is the
	 * simulator's "turn every BUG report into an abort" (the issue's
	 * contract), so a double free aborts too.
	 */
	status = child_status("mem=16M printk.time=0 panic=abort", 1);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	status = child_status("mem=16M printk.time=0 panic=report", 1);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ------------------------------------------------------------------ */
/* Reference counts and helpers                                         */

static void test_refcount_and_helpers(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M_NOPCP);
	struct zone *z = first_zone(m);
	long boot_free = nr_free(z);
	struct page *p;
	unsigned long addr, i;
	void *v;

	p = alloc(GFP_KERNEL, 0);
	assert_int_equal(mmsim_page_count(p), 1);
	mmsim_get_page(p);
	assert_int_equal(mmsim_page_count(p), 2);
	mmsim_put_page(p);
	assert_int_equal(mmsim_page_count(p), 1);
	assert_int_equal(nr_free(z), boot_free - 1);
	mmsim_put_page(p);
	assert_int_equal(nr_free(z), boot_free);

	/* split_page(): every page of the block is freeable alone */
	p = alloc(GFP_KERNEL, 2);
	mmsim_split_page(p, 2);
	for (i = 0; i < 4; i++)
		assert_int_equal(page_ref_count(p + i), 1);
	for (i = 0; i < 4; i++) {
		free_block(p + (i * 3) % 4, 0);
		assert_int_equal(nr_free(z), boot_free - 3 + (long)i);
	}
	assert_int_equal(nr_free(z), boot_free);

	/* alloc_pages_exact(5 pages): an order-3 block, its last 3 freed */
	v = mmsim_alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL);
	assert_non_null(v);
	p = mmsim_virt_to_page(v);
	assert_int_equal(pfn(p) & 7, 0);
	assert_int_equal(nr_free(z), boot_free - 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(page_ref_count(p + i), 1);
	for (i = 5; i < 8; i++)
		assert_int_equal(page_ref_count(p + i), 0);
	memset(v, 0x11, 5 * PAGE_SIZE);
	mmsim_free_pages_exact(v, 5 * PAGE_SIZE);
	assert_int_equal(nr_free(z), boot_free);

	/* __get_free_pages() / free_pages() */
	addr = mmsim___get_free_pages(GFP_KERNEL, 2);
	assert_true(addr);
	assert_int_equal(pfn(mmsim_virt_to_page((void *)addr)) & 3, 0);
	assert_ptr_equal(page_address(mmsim_virt_to_page((void *)addr)), (void *)addr);
	assert_int_equal(nr_free(z), boot_free - 4);
	mmsim_free_pages(addr, 2);
	assert_int_equal(nr_free(z), boot_free);
	assert_int_equal(reports.n, 0);
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * order > MAX_PAGE_ORDER: NULL, and WARN_ON_ONCE_GFP() -- one warning
 * per boot, none with __GFP_NOWARN.
 */
static void test_order_too_big(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_64M);
	long before = mmsim_nr_free_pages();

	assert_null(alloc(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	assert_int_equal(reports.n, 0);
	assert_null(alloc(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "WARNING"));
	assert_null(alloc(GFP_KERNEL, MAX_PAGE_ORDER + 5));
	assert_int_equal(reports.n, 1);		/* _ONCE */
	assert_int_equal(mmsim_nr_free_pages(), before);
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Exhaustion                                                           */

/*
 * Allocate order 0 until NULL.  Each allocation needs NR_FREE_PAGES >
 * min (the slow path's ALLOC_WMARK_MIN, lowmem_reserve 0 in the only
 * zone); a refill may take the buddy below min, but the drain in the
 * slow path gives those pages back and they are handed out in turn, so
 * the run ends with exactly min pages free and empty per-CPU lists.
 */
static void exhaust(const char *params)
{
	struct mmsim *m = boot_hooked(params);
	struct zone *z = first_zone(m);
	long boot_free, min = (long)min_wmark_pages(z);
	unsigned long boot_area[NR_PAGE_ORDERS], area[NR_PAGE_ORDERS];
	char *boot_buddyinfo, *text, *dmesg;
	struct allocs a = { 0 };
	struct page *p;
	int cpu;

	/*
	 * Start from empty per-CPU lists: boot's slab caches left what they
	 * did not use on CPU 0's (none with pcp=off).  Everything managed
	 * is then free but the slab pages.
	 */
	mmsim_drain_all_pages();
	assert_int_equal(pcp_pages(m, z), 0);
	boot_free = nr_free(z);
	assert_int_equal(boot_free,
			 (long)zone_managed_pages(z) - node_slab_pages(m, 0));
	boot_buddyinfo = show(m, "buddyinfo");
	snap_free_area(z, boot_area);
	assert_int_equal(z->lowmem_reserve[ZONE_NORMAL], 0);
	while ((p = alloc(GFP_KERNEL, 0))) {
		assert_int_equal(page_zone(p), z);
		allocs_push(&a, p, 0);
	}
	assert_int_equal(a.n, boot_free - min);
	assert_int_equal(nr_free(z), min);
	for (cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		assert_int_equal(z->per_cpu_pageset[cpu].count, 0);

	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text,
			       "page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"));
	dmesg = show(m, "dmesg");
	assert_non_null(strstr(dmesg, "page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"));
	free(dmesg);

	reports_reset();
	assert_null(alloc(GFP_KERNEL | __GFP_NOWARN, 0));
	assert_int_equal(reports.n, 0);
	assert_valid(m);

	allocs_free_all(&a);
	mmsim_drain_all_pages();
	assert_int_equal(nr_free(z), boot_free);
	snap_free_area(z, area);
	assert_memory_equal(area, boot_area, sizeof(area));
	text = show(m, "buddyinfo");
	assert_string_equal(text, boot_buddyinfo);
	free(text);
	free(boot_buddyinfo);
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_exhaustion(void **state)
{
	exhaust("mem=16M printk.time=0");
}

static void test_exhaustion_nopcp(void **state)
{
	exhaust("mem=16M printk.time=0 pcp=off");
}

/* ------------------------------------------------------------------ */
/* Deferred struct page initialisation                                  */

static void test_deferred(void **state)
{
	struct mmsim *m = boot_hooked("mem=8G nr_cpus=2 printk.time=0");
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL);
	struct free_area *area = &normal->free_area[MAX_PAGE_ORDER];
	unsigned long deferred0 = area->nr_deferred, initialised, n, i;
	long boot_free = nr_free(normal);
	struct allocs a = { 0 };
	struct zone *z;
	int nid, zid;

	/*
	 * Everything managed is free at boot, the deferred part included,
	 * but the pages of the slab caches, which boot created with
	 * GFP_KERNEL (so in Normal, the highest zone), and what the refill
	 * for them left on CPU 0's lists.
	 */
	for_each_zone(m, z, nid, zid)
		if (populated_zone(z))
			assert_int_equal(nr_free(z) + pcp_pages(m, z),
					 (long)zone_managed_pages(z) -
					 (z == normal ? node_slab_pages(m, 0) : 0));
	assert_true(node_slab_pages(m, 0) > 0);
	assert_true(normal->nr_deferred > 0);
	assert_true(deferred0 > 0);
	initialised = area->nr_free - deferred0;

	n = initialised + 3 * 32 + 5;	/* past at least three chunks */
	for (i = 0; i < n; i++) {
		struct page *p = alloc(GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER);

		assert_non_null(p);
		assert_ptr_equal(page_zone(p), normal);
		assert_int_equal(pfn(p) & (MAX_ORDER_NR_PAGES - 1), 0);
		assert_int_equal(page_ref_count(p), 1);
		allocs_push(&a, p, MAX_PAGE_ORDER);
	}
	assert_true(area->nr_deferred < deferred0);
	assert_int_equal(nr_free(normal), boot_free - (long)(n << MAX_PAGE_ORDER));
	assert_int_equal(area->nr_free, initialised + deferred0 - n);
	/* no block handed out twice */
	for (i = 1; i < a.n; i++)
		assert_true(a.page[i] != a.page[i - 1]);
	assert_valid(m);

	allocs_free_all(&a);
	assert_int_equal(nr_free(normal), boot_free);
	assert_valid(m);
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first: its children must not inherit leaks of failed tests */
		cmocka_unit_test(test_panic_abort),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_gfp_zero),
		cmocka_unit_test(test_gfp_comp),
		cmocka_unit_test(test_gfp_zones),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_min_reserve),
		cmocka_unit_test(test_migratetype_of_gfp),
		cmocka_unit_test(test_claim_and_steal),
		cmocka_unit_test(test_pcp_sizes),
		cmocka_unit_test(test_pcp_refill_and_spill),
		cmocka_unit_test(test_pcp_alloc_factor_decay),
		cmocka_unit_test(test_pcp_off),
		cmocka_unit_test(test_pcp_two_cpus),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_refcount_and_helpers),
		cmocka_unit_test(test_order_too_big),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_exhaustion_nopcp),
		cmocka_unit_test(test_deferred),
	};

	/* MMSIM_TEST_FILTER=test_numa runs one test (cmocka's glob) */
	if (getenv("MMSIM_TEST_FILTER"))
		cmocka_set_test_filter(getenv("MMSIM_TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
