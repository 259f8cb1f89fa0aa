// SPDX-License-Identifier: MIT
/*
 * Memory statistics and their /proc reports: buddyinfo, pagetypeinfo,
 * zoneinfo and vmstat, in Linux 6.18's text formats (mm/vmstat.c).
 *
 * Where the counters live:
 *
 *	zone->vm_stat[]			per-zone counters (enum zone_stat_item),
 *					exact atomics: the simulator has no
 *					per-CPU vm_stat_diff to fold
 *	pgdat->vm_stat[]		per-node counters (enum node_stat_item)
 *	zone->per_cpu_zonestats[cpu]	NUMA events, per CPU and zone
 *	m->cpus[cpu].vm_events[]	vm events (enum vm_event_item), per CPU
 *
 * The kernel keeps global sums (vm_zone_stat[], vm_node_stat[]) beside
 * the per-zone and per-node ones; here the global value is the sum over
 * zones or nodes, computed when asked, which gives the same number.
 *
 * Locking: each report takes zone->lock around the part that reads one
 * zone, as walk_zones_in_node() does; the counters themselves are read
 * without locks, as the kernel reads them.
 */
#include <linux/mm.h>
#include <linux/vmstat.h>
#include <sim/machine.h>

#define VMSTAT_NAME(e, name) [e] = name,
const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	ZONE_STAT_ITEMS(VMSTAT_NAME)
};
const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	NUMA_STAT_ITEMS(VMSTAT_NAME)
};
const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	NODE_STAT_ITEMS(VMSTAT_NAME)
};
const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	VM_EVENT_ITEMS(VMSTAT_NAME)
};
#undef VMSTAT_NAME

/* The system-wide items between the node counters and the events
 * (include/linux/vmstat.h: enum vm_stat_item). */
enum vm_stat_item {
	NR_DIRTY_THRESHOLD,
	NR_DIRTY_BG_THRESHOLD,
	NR_MEMMAP_PAGES,
	NR_MEMMAP_BOOT_PAGES,
	NR_VM_STAT_ITEMS,
};

static const char *const vm_stat_names[NR_VM_STAT_ITEMS] = {
	[NR_DIRTY_THRESHOLD] = "nr_dirty_threshold",
	[NR_DIRTY_BG_THRESHOLD] = "nr_dirty_background_threshold",
	[NR_MEMMAP_PAGES] = "nr_memmap_pages",
	[NR_MEMMAP_BOOT_PAGES] = "nr_memmap_boot_pages",
};

/* vm.dirty_ratio and vm.dirty_background_ratio (mm/page-writeback.c) */
#define VM_DIRTY_RATIO		20
#define DIRTY_BACKGROUND_RATIO	10

/* PMD-sized THP counters are shown in huge pages (HPAGE_PMD_NR). */
#define HPAGE_PMD_NR		(1UL << HPAGE_PMD_ORDER)

/* Mirrors: mm/vmstat.c:sum_vm_events(), one item over all CPUs. */
unsigned long sum_vm_event(const struct mmsim *m, enum vm_event_item item)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(m, cpu)
		sum += READ_ONCE(m->cpus[cpu].vm_events[item]);
	return sum;
}

/* Mirrors: include/linux/vmstat.h:global_zone_page_state(). */
unsigned long global_zone_page_state(const struct mmsim *m,
				     enum zone_stat_item item)
{
	const struct zone *zone;
	long x = 0;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		x += atomic_long_read(&zone->vm_stat[item]);
	return x < 0 ? 0 : x;
}

/*
 * The _B items count bytes (slub.c and kmalloc_large add PAGE_SIZE <<
 * order).  The kernel converts them to pages when they are added
 * (__mod_node_page_state()), the simulator when they are read: either
 * way every reader gets pages.
 * Mirrors: include/linux/vmstat.h:vmstat_item_in_bytes()
 */
static inline bool vmstat_item_in_bytes(enum node_stat_item item)
{
	return item == NR_SLAB_RECLAIMABLE_B || item == NR_SLAB_UNRECLAIMABLE_B;
}

static inline long node_stat_to_pages(enum node_stat_item item, long x)
{
	return vmstat_item_in_bytes(item) ? x >> PAGE_SHIFT : x;
}

/* Mirrors: include/linux/vmstat.h:global_node_page_state_pages(). */
unsigned long global_node_page_state(const struct mmsim *m,
				     enum node_stat_item item)
{
	long x = 0;
	int nid;

	for_each_online_node(m, nid)
		x += atomic_long_read(&NODE_DATA(m, nid)->vm_stat[item]);
	x = node_stat_to_pages(item, x);
	return x < 0 ? 0 : x;
}

/*
 * Mirrors: include/linux/vmstat.h:zone_numa_event_state() after
 * fold_vm_zone_numa_events(): the per-CPU events summed on the fly.
 */
unsigned long zone_numa_event_state(const struct mmsim *m,
				    const struct zone *zone,
				    enum numa_stat_item item)
{
	const struct per_cpu_zonestat *pzstats = zone->per_cpu_zonestats;
	unsigned long sum = 0;
	int cpu;

	if (!pzstats)
		return 0;
	for_each_possible_cpu(m, cpu)
		sum += READ_ONCE(pzstats[cpu].vm_numa_event[item]);
	return sum;
}

/* Mirrors: mm/vmstat.c:global_numa_event_state(). */
static unsigned long global_numa_event_state(const struct mmsim *m,
					     enum numa_stat_item item)
{
	const struct zone *zone;
	unsigned long sum = 0;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		sum += zone_numa_event_state(m, zone, item);
	return sum;
}

/* Mirrors: mm/vmstat.c:node_page_state_pages(). */
static unsigned long node_page_state_pages(const pg_data_t *pgdat,
					   enum node_stat_item item)
{
	long x = node_stat_to_pages(item,
				    atomic_long_read(&pgdat->vm_stat[item]));

	return x < 0 ? 0 : x;
}

/* Mirrors: include/linux/vmstat.h:vmstat_item_print_in_thp(). */
static bool vmstat_item_print_in_thp(enum node_stat_item item)
{
	return item == NR_ANON_THPS || item == NR_FILE_THPS ||
	       item == NR_SHMEM_THPS || item == NR_SHMEM_PMDMAPPED ||
	       item == NR_FILE_PMDMAPPED;
}

static int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/*
 * Mirrors: mm/vmstat.c:calculate_normal_threshold().  The simulator's
 * counters are exact and need no threshold; zoneinfo still shows the one
 * the kernel would use: 2 * fls(cpus) * (1 + fls(managed / 128 MiB)),
 * at most 125.  Every CPU is online.
 */
static int calculate_normal_threshold(const struct mmsim *m,
				      const struct zone *zone)
{
	unsigned int mem = zone_managed_pages(zone) >> (27 - PAGE_SHIFT);
	int threshold = 2 * fls(m->nr_cpu_ids) * (1 + fls(mem));

	return min(125, threshold);
}

/* Does memory exist anywhere in @pfn's 128 MiB section? */
static bool pfn_section_present(const struct mmsim *m, unsigned long pfn)
{
	unsigned long start = ALIGN_DOWN(pfn, PAGES_PER_SECTION);
	unsigned long end = start + PAGES_PER_SECTION;
	const struct memblock_region *rgn;

	for_each_mem_region(&m->memblock, rgn) {
		unsigned long rstart = PFN_DOWN(rgn->base);
		unsigned long rend = PFN_UP(rgn->base + rgn->size);

		if (rstart < end && rend > start)
			return true;
	}
	return false;
}

/* The number of sections that hold memory: SPARSEMEM's present ones. */
static unsigned long nr_present_sections(const struct mmsim *m)
{
	const struct memblock_region *rgn;
	unsigned long nr = 0, next = 0;

	for_each_mem_region(&m->memblock, rgn) {
		unsigned long sec = PFN_DOWN(rgn->base) >> PFN_SECTION_SHIFT;
		unsigned long last = (PFN_UP(rgn->base + rgn->size) - 1) >>
				     PFN_SECTION_SHIFT;

		sec = max(sec, next);
		if (sec <= last) {
			nr += last - sec + 1;
			next = last + 1;
		}
	}
	return nr;
}

/*
 * Mirrors: mm/vmstat.c:walk_zones_in_node().  Calls @print for each zone
 * of @pgdat (only the populated ones if @assert_populated), holding the
 * zone's lock unless @nolock.
 */
static void walk_zones_in_node(struct mmsim *m, FILE *out, pg_data_t *pgdat,
			       bool assert_populated, bool nolock,
			       void (*print)(struct mmsim *m, FILE *out,
					     pg_data_t *pgdat,
					     struct zone *zone))
{
	struct zone *zone;

	for (zone = pgdat->node_zones;
	     zone - pgdat->node_zones < MAX_NR_ZONES; zone++) {
		if (assert_populated && !populated_zone(zone))
			continue;
		if (!nolock)
			spin_lock(&zone->lock);
		print(m, out, pgdat, zone);
		if (!nolock)
			spin_unlock(&zone->lock);
	}
}

/* Mirrors: mm/vmstat.c:frag_show_print(). */
static void frag_show_print(struct mmsim *m, FILE *out, pg_data_t *pgdat,
			    struct zone *zone)
{
	int order;

	fprintf(out, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		fprintf(out, "%6lu ", zone->free_area[order].nr_free);
	fputc('\n', out);
}

/* Mirrors: mm/vmstat.c:frag_show(), over every online node. */
int show_buddyinfo(struct mmsim *m, FILE *out)
{
	int nid;

	for_each_online_node(m, nid)
		walk_zones_in_node(m, out, NODE_DATA(m, nid), true, false,
				   frag_show_print);
	return 0;
}

/*
 * Mirrors: mm/vmstat.c:pagetypeinfo_showfree_print().  Counts the list
 * entries, capped at 100000 as the kernel caps them.  The Movable count
 * at MAX_PAGE_ORDER adds free_area->nr_deferred: blocks that are free but
 * whose struct pages are not initialised yet, so not on the list (the
 * kernel would have put them there at boot).  The kernel drops the lock
 * between orders to reschedule; a simulated reader has no need to.
 */
static void pagetypeinfo_showfree_print(struct mmsim *m, FILE *out,
					pg_data_t *pgdat, struct zone *zone)
{
	int order, mtype;

	for (mtype = 0; mtype < MIGRATE_TYPES; mtype++) {
		fprintf(out, "Node %4d, zone %8s, type %12s ", pgdat->node_id,
			zone->name, migratetype_names[mtype]);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			unsigned long freecount = 0;
			struct list_head *curr;

			if (mtype == MIGRATE_MOVABLE)
				freecount = area->nr_deferred;
			list_for_each(curr, &area->free_list[mtype]) {
				if (++freecount >= 100000)
					break;
			}
			if (freecount >= 100000)
				fprintf(out, ">%6lu ", 100000UL);
			else
				fprintf(out, "%6lu ", freecount);
		}
		fputc('\n', out);
	}
}

/* Mirrors: mm/vmstat.c:pagetypeinfo_showfree(). */
static void pagetypeinfo_showfree(struct mmsim *m, FILE *out,
				  pg_data_t *pgdat)
{
	int order;

	fprintf(out, "%-43s ", "Free pages count per migrate type at order");
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		fprintf(out, "%6d ", order);
	fputc('\n', out);
	walk_zones_in_node(m, out, pgdat, true, false,
			   pagetypeinfo_showfree_print);
}

/*
 * Mirrors: mm/vmstat.c:pagetypeinfo_showblockcount_print().  Reads the
 * migratetype byte of each pageblock from zone->pageblock_flags rather
 * than through the struct page, which may not be initialised yet
 * (deferred init).  A block in a section without memory is skipped, as
 * pfn_to_online_page() skips it; one in a hole of a present section is
 * counted with its recorded type, as the kernel counts it.
 */
static void pagetypeinfo_showblockcount_print(struct mmsim *m, FILE *out,
					      pg_data_t *pgdat,
					      struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };
	unsigned long base = pageblock_start_pfn(zone->zone_start_pfn);
	unsigned long pfn;
	int mtype;

	for (pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		if (!pfn_section_present(m, pfn))
			continue;
		mtype = zone->pageblock_flags[(pfn - base) >> pageblock_order];
		if (mtype < MIGRATE_TYPES)
			count[mtype]++;
	}

	fprintf(out, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		fprintf(out, "%12lu ", count[mtype]);
	fputc('\n', out);
}

/* Mirrors: mm/vmstat.c:pagetypeinfo_showblockcount(). */
static void pagetypeinfo_showblockcount(struct mmsim *m, FILE *out,
					pg_data_t *pgdat)
{
	int mtype;

	fprintf(out, "\n%-23s", "Number of blocks type ");
	for (mtype = 0; mtype < MIGRATE_TYPES; mtype++)
		fprintf(out, "%12s ", migratetype_names[mtype]);
	fputc('\n', out);
	walk_zones_in_node(m, out, pgdat, true, false,
			   pagetypeinfo_showblockcount_print);
}

/*
 * Mirrors: mm/vmstat.c:pagetypeinfo_show(), over every node with memory.
 * Simplified: without the "Number of mixed blocks" table that the kernel
 * adds when page_owner is on (pagetypeinfo_showmixedcount()).
 */
int show_pagetypeinfo(struct mmsim *m, FILE *out)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		if (!pgdat->node_present_pages)
			continue;
		fprintf(out, "Page block order: %d\n", pageblock_order);
		fprintf(out, "Pages per block:  %lu\n", pageblock_nr_pages);
		fputc('\n', out);
		pagetypeinfo_showfree(m, out, pgdat);
		pagetypeinfo_showblockcount(m, out, pgdat);
	}
	return 0;
}

/* Mirrors: mm/vmstat.c:is_zone_first_populated(). */
static bool is_zone_first_populated(pg_data_t *pgdat, struct zone *zone)
{
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *compare = &pgdat->node_zones[zid];

		if (populated_zone(compare))
			return zone == compare;
	}
	return false;
}

/*
 * Mirrors: mm/vmstat.c:zoneinfo_show_print().  cma is 0 (no CMA areas),
 * node_unreclaimable 0 (no kswapd failures yet); the vm stats threshold
 * is calculate_normal_threshold()'s.
 */
static void zoneinfo_show_print(struct mmsim *m, FILE *out, pg_data_t *pgdat,
				struct zone *zone)
{
	int i;

	fprintf(out, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(pgdat, zone)) {
		fprintf(out, "\n  per-node stats");
		for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
			unsigned long pages = node_page_state_pages(pgdat, i);

			if (!node_stat_names[i])
				continue;
			if (vmstat_item_print_in_thp(i))
				pages /= HPAGE_PMD_NR;
			fprintf(out, "\n      %-12s %lu", node_stat_names[i],
				pages);
		}
	}
	fprintf(out,
		"\n  pages free     %lu"
		"\n        boost    %lu"
		"\n        min      %lu"
		"\n        low      %lu"
		"\n        high     %lu"
		"\n        promo    %lu"
		"\n        spanned  %lu"
		"\n        present  %lu"
		"\n        managed  %lu"
		"\n        cma      %lu",
		zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
		min_wmark_pages(zone), low_wmark_pages(zone),
		high_wmark_pages(zone), wmark_pages(zone, WMARK_PROMO),
		zone->spanned_pages, zone->present_pages,
		zone_managed_pages(zone), 0UL);

	fprintf(out, "\n        protection: (%ld", zone->lowmem_reserve[0]);
	for (i = 1; i < MAX_NR_ZONES; i++)
		fprintf(out, ", %ld", zone->lowmem_reserve[i]);
	fputc(')', out);

	if (!populated_zone(zone)) {
		fputc('\n', out);
		return;
	}

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		if (zone_stat_names[i])
			fprintf(out, "\n      %-12s %lu", zone_stat_names[i],
				zone_page_state(zone, i));
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		fprintf(out, "\n      %-12s %lu", numa_stat_names[i],
			zone_numa_event_state(m, zone, i));

	fprintf(out, "\n  pagesets");
	for_each_possible_cpu(m, i) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[i];

		fprintf(out,
			"\n    cpu: %i"
			"\n              count:    %i"
			"\n              high:     %i"
			"\n              batch:    %i"
			"\n              high_min: %i"
			"\n              high_max: %i",
			i, READ_ONCE(pcp->count), READ_ONCE(pcp->high),
			READ_ONCE(pcp->batch), READ_ONCE(pcp->high_min),
			READ_ONCE(pcp->high_max));
		fprintf(out, "\n  vm stats threshold: %d",
			calculate_normal_threshold(m, zone));
	}
	fprintf(out,
		"\n  node_unreclaimable:  %u"
		"\n  start_pfn:           %lu",
		0U, zone->zone_start_pfn);
	fputc('\n', out);
}

/* Mirrors: mm/vmstat.c:zoneinfo_show(): every zone, populated or not. */
int show_zoneinfo(struct mmsim *m, FILE *out)
{
	int nid;

	for_each_online_node(m, nid)
		walk_zones_in_node(m, out, NODE_DATA(m, nid), false, false,
				   zoneinfo_show_print);
	return 0;
}

/*
 * Mirrors: mm/page-writeback.c:global_dirty_limits() with
 * global_dirtyable_memory() and domain_dirty_limits() for the default
 * sysctls (dirty ratios 20 and 10 percent, no byte limits, no highmem,
 * not a realtime task).
 */
static void global_dirty_limits(const struct mmsim *m,
				unsigned long *pbackground,
				unsigned long *pdirty)
{
	unsigned long ratio = (VM_DIRTY_RATIO * PAGE_SIZE) / 100;
	unsigned long bg_ratio = (DIRTY_BACKGROUND_RATIO * PAGE_SIZE) / 100;
	unsigned long avail, thresh, bg_thresh;

	avail = global_zone_page_state(m, NR_FREE_PAGES);
	avail -= min(avail, m->totalreserve_pages);
	avail += global_node_page_state(m, NR_INACTIVE_FILE);
	avail += global_node_page_state(m, NR_ACTIVE_FILE);
	avail += 1;	/* never 0 */

	thresh = (ratio * avail) / PAGE_SIZE;
	bg_thresh = (bg_ratio * avail) / PAGE_SIZE;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	if (thresh > UINT32_MAX)
		thresh = UINT32_MAX;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*pbackground = bg_thresh;
	*pdirty = thresh;
}

static void vmstat_line(FILE *out, const char *name, unsigned long v)
{
	if (name)
		fprintf(out, "%s %lu\n", name, v);
}

/*
 * Mirrors: mm/vmstat.c:vmstat_start() and vmstat_show(): zone counters,
 * NUMA events, node counters, the system-wide items, then the events,
 * and finally the deprecated "nr_unstable 0".
 *
 * nr_memmap_boot_pages is what sparse_init() takes from memblock for a
 * vmemmap of present sections (one 64-byte struct page per pfn of each
 * 128 MiB section: 512 pages a section); nr_memmap_pages counts memmap
 * and page_ext pages from the buddy allocator, which the simulator never
 * allocates.
 */
int show_vmstat(struct mmsim *m, FILE *out)
{
	unsigned long v[NR_VM_STAT_ITEMS];
	int i;

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		vmstat_line(out, zone_stat_names[i],
			    global_zone_page_state(m, i));
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		vmstat_line(out, numa_stat_names[i],
			    global_numa_event_state(m, i));
	for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long pages = global_node_page_state(m, i);

		if (vmstat_item_print_in_thp(i))
			pages /= HPAGE_PMD_NR;
		vmstat_line(out, node_stat_names[i], pages);
	}

	global_dirty_limits(m, &v[NR_DIRTY_BG_THRESHOLD],
			    &v[NR_DIRTY_THRESHOLD]);
	v[NR_MEMMAP_PAGES] = 0;
	v[NR_MEMMAP_BOOT_PAGES] = nr_present_sections(m) *
		DIV_ROUND_UP(PAGES_PER_SECTION * sizeof(struct page),
			     PAGE_SIZE);
	for (i = 0; i < NR_VM_STAT_ITEMS; i++)
		vmstat_line(out, vm_stat_names[i], v[i]);

	for (i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		unsigned long events = sum_vm_event(m, i);

		if (i == PGPGIN || i == PGPGOUT)
			events /= 2;	/* sectors -> kbytes */
		vmstat_line(out, vm_event_names[i], events);
	}
	fputs("nr_unstable 0\n", out);
	return 0;
}
