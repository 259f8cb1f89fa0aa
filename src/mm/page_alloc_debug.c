// SPDX-License-Identifier: MIT
/*
 * debug-vm validators of the buddy allocator: whole-structure checks of
 * the invariants page_alloc.c keeps, for tests and for mmsim_validate().
 * The kernel has pieces of these under CONFIG_DEBUG_VM (check_new_page,
 * __check_page_free); these walk everything.
 *
 * Invariants of a zone, checked under zone->lock:
 *   1. every block on free_area[o].free_list[mt] is PageBuddy, of order o,
 *      naturally aligned, in this zone, with _refcount 0, and its
 *      pageblock's migratetype is mt
 *   2. the list lengths add up to free_area[o].nr_free (less the deferred
 *      blocks, which are counted but not yet listed)
 *   3. NR_FREE_PAGES == sum over o, mt != ISOLATE of blocks << o
 *   4. nr_free_highatomic == the pages on the HIGHATOMIC lists
 *   5. every page on a per-CPU list has _refcount 0, no type, and the
 *      lists add up to pcp->count (CPUs held by other threads are
 *      skipped: their lists are theirs)
 *   6. conservation: managed == free + per-CPU + allocated + leaked
 *      (allocated: live allocation heads in page_ext, 2^order each)
 */
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

static int broken(struct mmsim *m, const char *fmt, ...) __printf(2, 3);

static int broken(struct mmsim *m, const char *fmt, ...)
{
	struct report r;
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_begin(&r, m);
	report_printf(&r, "BUG: page allocator invariant broken: %s\n", buf);
	report_backtrace(&r, 2);
	report_end(&r, REPORT_BUG);
	return 1;
}

static int check_free_lists(struct mmsim *m, struct zone *zone,
			    unsigned long *free_pages)
{
	unsigned long total = 0, highatomic = 0;
	unsigned int order;
	int bad = 0, mt;

	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long listed = 0;

		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct page *page;

			list_for_each_entry(page, &area->free_list[mt], buddy_list) {
				unsigned long pfn = page_to_pfn(page);

				listed++;
				if (mt != MIGRATE_ISOLATE)
					total += 1UL << order;
				if (mt == MIGRATE_HIGHATOMIC)
					highatomic += 1UL << order;
				if (!PageBuddy(page) || buddy_order(page) != order)
					bad += broken(m, "%s: pfn %#lx on the order-%u %s list is not a free block of that order",
						      zone->name, pfn, order,
						      migratetype_names[mt]);
				if (pfn & ((1UL << order) - 1))
					bad += broken(m, "%s: pfn %#lx on the order-%u list is misaligned",
						      zone->name, pfn, order);
				if (page_zone(page) != zone || !zone_spans_pfn(zone, pfn))
					bad += broken(m, "%s: pfn %#lx on its free list belongs to another zone",
						      zone->name, pfn);
				if (page_ref_count(page))
					bad += broken(m, "%s: free pfn %#lx has _refcount %d",
						      zone->name, pfn,
						      page_ref_count(page));
				if (get_pfnblock_migratetype(page, pfn) != mt)
					bad += broken(m, "%s: pfn %#lx on the %s list, its pageblock is %s",
						      zone->name, pfn,
						      migratetype_names[mt],
						      migratetype_names[get_pfnblock_migratetype(page, pfn)]);
			}
		}
		if (listed + area->nr_deferred != area->nr_free)
			bad += broken(m, "%s: order %u: %lu blocks listed + %lu deferred, nr_free says %lu",
				      zone->name, order, listed, area->nr_deferred,
				      area->nr_free);
		total += area->nr_deferred << order;
	}
	if (total != (unsigned long)zone_page_state(zone, NR_FREE_PAGES))
		bad += broken(m, "%s: free lists hold %lu pages, NR_FREE_PAGES says %ld",
			      zone->name, total,
			      zone_page_state(zone, NR_FREE_PAGES));
	if (highatomic != zone->nr_free_highatomic)
		bad += broken(m, "%s: %lu free highatomic pages, nr_free_highatomic says %lu",
			      zone->name, highatomic, zone->nr_free_highatomic);
	*free_pages = total;
	return bad;
}

static int check_pcp(struct mmsim *m, struct zone *zone, int cpu,
		     unsigned long *pcp_pages)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	unsigned long count = 0;
	int pindex, bad = 0;

	for (pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
		int order = pindex < NR_LOWORDER_PCP_LISTS ?
				    pindex / MIGRATE_PCPTYPES : HPAGE_PMD_ORDER;
		struct page *page;

		list_for_each_entry(page, &pcp->lists[pindex], pcp_list) {
			count += 1UL << order;
			if (page_ref_count(page) || PageBuddy(page) ||
			    page_zone(page) != zone)
				bad += broken(m, "%s: CPU %d: pfn %#lx on a per-CPU list is not a free page of this zone",
					      zone->name, cpu, page_to_pfn(page));
		}
	}
	if (count != (unsigned long)pcp->count)
		bad += broken(m, "%s: CPU %d: per-CPU lists hold %lu pages, pcp->count says %d",
			      zone->name, cpu, count, pcp->count);
	*pcp_pages = count;
	return bad;
}

/* Live allocations in the zone, from page_ext (deferred ranges skipped). */
static unsigned long allocated_pages(struct mmsim *m, struct zone *zone)
{
	unsigned long pfn = zone->zone_start_pfn, end = zone_end_pfn(zone);
	unsigned long n = 0;
	int d = 0;

	while (pfn < end) {
		const struct page_ext *ext;

		if (d < zone->nr_deferred && pfn >= zone->deferred[d].start_pfn) {
			pfn = zone->deferred[d++].end_pfn;
			continue;
		}
		ext = page_ext_of(m, pfn);
		if (ext->alloc_order) {
			n += 1UL << (ext->alloc_order - 1);
			pfn += 1UL << (ext->alloc_order - 1);
		} else {
			pfn++;
		}
	}
	return n;
}

int check_zone_invariants(struct mmsim *m, struct zone *zone)
{
	unsigned long free_pages = 0, pcp_total = 0, allocated;
	bool all_cpus = true;
	int bad = 0, cpu;

	if (!populated_zone(zone))
		return 0;
	spin_lock(&zone->lock);
	bad += check_free_lists(m, zone, &free_pages);
	spin_unlock(&zone->lock);

	for_each_possible_cpu(m, cpu) {
		struct mmsim_cpu *c = &m->cpus[cpu];
		unsigned long n = 0;

		if (c == this_cpu()) {
			bad += check_pcp(m, zone, cpu, &n);
		} else if (cpu_borrow(c)) {
			bad += check_pcp(m, zone, cpu, &n);
			cpu_return(c);
		} else {
			all_cpus = false;
			continue;
		}
		pcp_total += n;
	}
	if (!all_cpus || zone_managed_pages(zone) > (1UL << 22))
		return bad;	/* conservation needs a quiet zone, and time */
	allocated = allocated_pages(m, zone);
	if (atomic_long_read(&m->leaked_pages) ?
		    free_pages + pcp_total + allocated > zone_managed_pages(zone) :
		    free_pages + pcp_total + allocated != zone_managed_pages(zone))
		bad += broken(m, "%s: %lu free + %lu per-CPU + %lu allocated pages, but %lu managed",
			      zone->name, free_pages, pcp_total, allocated,
			      zone_managed_pages(zone));
	return bad;
}
