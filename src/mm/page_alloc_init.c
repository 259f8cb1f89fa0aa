// SPDX-License-Identifier: MIT
/*
 * The page allocator's set-up: zonelists, watermarks, lowmem reserves and
 * per-CPU list sizes.  In the kernel these live in mm/page_alloc.c beside
 * the allocation paths; they run at boot and again when a sysctl
 * (min_free_kbytes, watermark_scale_factor, lowmem_reserve_ratio,
 * percpu_pagelist_high_fraction) changes.
 *
 * Watermarks, per zone (__setup_per_zone_wmarks()):
 *
 *	min  = min_free_kbytes (in pages) * zone_managed / lowmem_managed
 *	       (ZONE_MOVABLE: managed / 1024, clamped to [32, 128])
 *	low  = min + max(min / 4, managed * watermark_scale_factor / 10000)
 *	high = low + the same step
 *
 * lowmem_reserve[j] of zone i < j: the pages of zones i+1..j divided by
 * lowmem_reserve_ratio[i]; an allocation that could have used zone j
 * must leave that much of zone i alone.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8
#define BOOT_PAGESET_HIGH	0
#define BOOT_PAGESET_BATCH	1
#define SWAP_CLUSTER_MAX	32UL

/* ------------------------------------------------------------------ */
/* Zonelists                                                            */

/*
 * Mirrors: mm/page_alloc.c:find_next_best_node().  The nearest node not
 * used yet; ties go to nodes after @node, then to nodes without CPUs,
 * then to the least loaded (node_load spreads equal-distance nodes
 * round-robin across the zonelists of different nodes).
 */
static int find_next_best_node(struct mmsim *m, int node, bool *used,
			       int *node_load)
{
	int n, best = -1, min_val = 1 << 30;

	if (!used[node]) {
		used[node] = true;
		return node;
	}
	for_each_online_node(m, n) {
		int val, cpu;
		bool has_cpus = false;

		if (used[n])
			continue;
		val = m->numa_distance[node][n];
		val += n < node;
		for_each_possible_cpu(m, cpu)
			if (m->cpus[cpu].node == n)
				has_cpus = true;
		if (has_cpus)
			val += 1;	/* PENALTY_FOR_NODE_WITH_CPUS */
		val *= MAX_NUMNODES;
		val += node_load[n];
		if (val < min_val) {
			min_val = val;
			best = n;
		}
	}
	if (best >= 0)
		used[best] = true;
	return best;
}

/* Zones of @pgdat from the highest down (build_zonerefs_node()). */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	int zid = MAX_NR_ZONES, nr = 0;

	do {
		struct zone *zone = &pgdat->node_zones[--zid];

		if (populated_zone(zone)) {
			zonerefs[nr].zone = zone;
			zonerefs[nr].zone_idx = zid;
			nr++;
		}
	} while (zid);
	return nr;
}

/* Mirrors: mm/page_alloc.c:build_zonelists() */
static void build_zonelists(struct mmsim *m, pg_data_t *pgdat, int *node_load)
{
	int node_order[MAX_NUMNODES], nr_nodes = 0, prev = pgdat->node_id;
	bool used[MAX_NUMNODES] = { false };
	struct zoneref *zr;
	char line[256];
	int node, i, len;

	while ((node = find_next_best_node(m, pgdat->node_id, used,
					   node_load)) >= 0) {
		if (m->numa_distance[pgdat->node_id][node] !=
		    m->numa_distance[pgdat->node_id][prev])
			node_load[node] += 1;
		node_order[nr_nodes++] = node;
		prev = node;
	}

	zr = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	for (i = 0; i < nr_nodes; i++)
		zr += build_zonerefs_node(m->node_data[node_order[i]], zr);
	zr->zone = NULL;
	zr->zone_idx = 0;

	zr = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	zr += build_zonerefs_node(pgdat, zr);
	zr->zone = NULL;
	zr->zone_idx = 0;

	len = snprintf(line, sizeof(line), "Fallback order for Node %d: ",
		       pgdat->node_id);
	for (i = 0; i < nr_nodes && len < (int)sizeof(line) - 4; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, "%d ",
				node_order[i]);
	pr_info(m, "%s", line);
}

/* Mirrors: mm/page_alloc.c:nr_free_zone_pages(): pages beyond the high
 * watermark in the zones an allocation of @offset may use. */
static unsigned long nr_free_zone_pages(struct mmsim *m, int offset)
{
	struct zoneref *z = m->node_data[0]->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	unsigned long sum = 0;

	for (; z->zone; z++) {
		unsigned long size, high;

		if (z->zone_idx > offset)
			continue;
		size = zone_managed_pages(z->zone);
		high = high_wmark_pages(z->zone);
		if (size > high)
			sum += size - high;
	}
	return sum;
}

unsigned long nr_free_buffer_pages(struct mmsim *m)
{
	return nr_free_zone_pages(m, gfp_zone(GFP_USER));
}

/* Mirrors: mm/page_alloc.c:build_all_zonelists() */
void build_all_zonelists(struct mmsim *m)
{
	int node_load[MAX_NUMNODES] = { 0 };
	unsigned long vm_total_pages = 0;
	int policy_zone = 0;
	struct zone *zone;
	int nid, zid;

	for_each_online_node(m, nid)
		build_zonelists(m, m->node_data[nid], node_load);
	/*
	 * nr_free_zone_pages(): managed pages above the high watermark.  At
	 * this point of boot free_area_init_core() has set each zone's
	 * managed pages to its present pages (6.10+) and no watermark exists
	 * yet, so that is the sum of present pages.
	 */
	for_each_zone(m, zone, nid, zid)
		if (zid <= gfp_zone(GFP_HIGHUSER_MOVABLE))
			vm_total_pages += zone->present_pages;
	m->page_group_by_mobility_disabled =
		vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES;
	pr_info(m, "Built %d zonelists, mobility grouping %s.  Total pages: %lu",
		m->nr_node_ids,
		m->page_group_by_mobility_disabled ? "off" : "on",
		vm_total_pages);
	/* check_highest_zone(): the highest populated zone below MOVABLE */
	for_each_zone(m, zone, nid, zid)
		if (populated_zone(zone) && zid != ZONE_MOVABLE &&
		    zid > policy_zone)
			policy_zone = zid;
	pr_info(m, "Policy zone: %s", zone_names[policy_zone]);
}

/* ------------------------------------------------------------------ */
/* Per-CPU lists                                                        */

/* Mirrors: mm/page_alloc.c:zone_batchsize() */
static int zone_batchsize(struct zone *zone)
{
	long batch = (long)min(zone_managed_pages(zone) >> 10,
			       SZ_1M / PAGE_SIZE);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	/* 2^n - 1: powers of two alias badly in caches */
	batch = (long)rounddown_pow_of_two((unsigned long)(batch + batch / 2)) - 1;
	return (int)batch;
}

/* Mirrors: mm/page_alloc.c:zone_highsize() */
static int zone_highsize(struct mmsim *m, struct zone *zone, int batch,
			 int high_fraction)
{
	unsigned long total_pages;
	int nr_split_cpus = 0, cpu, high;

	if (!high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages = zone_managed_pages(zone) / (unsigned long)high_fraction;
	for_each_possible_cpu(m, cpu)
		if (m->cpus[cpu].node == zone->node)
			nr_split_cpus++;
	if (!nr_split_cpus)
		nr_split_cpus = m->nr_cpu_ids;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	return max(high, batch << 2);
}

static void per_cpu_pages_init(struct per_cpu_pages *pcp)
{
	int pindex;

	memset(pcp, 0, sizeof(*pcp));
	for (pindex = 0; pindex < NR_PCP_LISTS; pindex++)
		INIT_LIST_HEAD(&pcp->lists[pindex]);
	pcp->high_min = BOOT_PAGESET_HIGH;
	pcp->high_max = BOOT_PAGESET_HIGH;
	pcp->batch = BOOT_PAGESET_BATCH;
}

/* Mirrors: mm/mm_init.c:zone_pcp_init() */
void zone_pcp_init(struct mmsim *m, struct zone *zone)
{
	int cpu;

	zone->per_cpu_pageset = aligned_alloc(64, sizeof(struct per_cpu_pages) *
						      (size_t)m->nr_cpu_ids);
	zone->per_cpu_zonestats = aligned_alloc(64, sizeof(struct per_cpu_zonestat) *
							(size_t)m->nr_cpu_ids);
	/* host allocation failure here is fatal for the simulator alone */
	if (!zone->per_cpu_pageset || !zone->per_cpu_zonestats)
		abort();
	memset(zone->per_cpu_zonestats, 0,
	       sizeof(struct per_cpu_zonestat) * (size_t)m->nr_cpu_ids);
	for_each_possible_cpu(m, cpu)
		per_cpu_pages_init(&zone->per_cpu_pageset[cpu]);
	zone->pageset_high_min = BOOT_PAGESET_HIGH;
	zone->pageset_high_max = BOOT_PAGESET_HIGH;
	zone->pageset_batch = BOOT_PAGESET_BATCH;
}

/* Mirrors: mm/page_alloc.c:zone_set_pageset_high_and_batch() */
static void zone_set_pageset_high_and_batch(struct mmsim *m, struct zone *zone)
{
	int new_high_min, new_high_max, new_batch, cpu;

	new_batch = max(1, zone_batchsize(zone));
	if (m->percpu_pagelist_high_fraction) {
		new_high_min = zone_highsize(m, zone, new_batch,
					     m->percpu_pagelist_high_fraction);
		new_high_max = new_high_min;
	} else {
		new_high_min = zone_highsize(m, zone, new_batch, 0);
		new_high_max = zone_highsize(m, zone, new_batch,
					     MIN_PERCPU_PAGELIST_HIGH_FRACTION);
	}
	if (m->cfg.pcp_disabled) {
		/* pcp=off: what zone_pcp_disable() sets */
		new_high_min = new_high_max = BOOT_PAGESET_HIGH;
		new_batch = BOOT_PAGESET_BATCH;
	}
	zone->pageset_high_min = new_high_min;
	zone->pageset_high_max = new_high_max;
	zone->pageset_batch = new_batch;
	for_each_possible_cpu(m, cpu) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		WRITE_ONCE(pcp->batch, new_batch);
		WRITE_ONCE(pcp->high_min, new_high_min);
		WRITE_ONCE(pcp->high_max, new_high_max);
		/*
		 * The kernel's pcp->high starts at 0 and is clamped into
		 * [high_min, high_max] on use and by the periodic vmstat
		 * decay; we start it where that decay leaves an idle CPU.
		 */
		pcp->high = clamp(pcp->high, new_high_min, new_high_max);
	}
}

void setup_zone_pageset(struct mmsim *m, struct zone *zone)
{
	if (populated_zone(zone))
		zone_set_pageset_high_and_batch(m, zone);
}

void zone_pcp_update_all(struct mmsim *m)
{
	struct zone *zone;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		setup_zone_pageset(m, zone);
}

/* ------------------------------------------------------------------ */
/* Watermarks and reserves                                              */

/* Mirrors: mm/page_alloc.c:calculate_totalreserve_pages() */
static void calculate_totalreserve_pages(struct mmsim *m)
{
	unsigned long reserve_pages = 0;
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = m->node_data[nid];
		int i, j;

		pgdat->totalreserve_pages = 0;
		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long max = 0;
			unsigned long managed = zone_managed_pages(zone);

			for (j = i; j < MAX_NR_ZONES; j++)
				max = max(max, zone->lowmem_reserve[j]);
			max += (long)high_wmark_pages(zone);
			if ((unsigned long)max > managed)
				max = (long)managed;
			pgdat->totalreserve_pages += (unsigned long)max;
			reserve_pages += (unsigned long)max;
		}
	}
	m->totalreserve_pages = reserve_pages;
}

/* Mirrors: mm/page_alloc.c:setup_per_zone_lowmem_reserve() */
void setup_per_zone_lowmem_reserve(struct mmsim *m)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = m->node_data[nid];
		int i, j;

		for (i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = m->lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long managed_pages = 0;

			for (j = i + 1; j < MAX_NR_ZONES; j++) {
				struct zone *upper = &pgdat->node_zones[j];
				bool empty = !zone_managed_pages(upper);

				managed_pages += zone_managed_pages(upper);
				if (clear || empty)
					zone->lowmem_reserve[j] = 0;
				else
					zone->lowmem_reserve[j] =
						(long)(managed_pages / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

/* Mirrors: mm/page_alloc.c:__setup_per_zone_wmarks() */
static void __setup_per_zone_wmarks(struct mmsim *m)
{
	unsigned long pages_min = (unsigned long)m->min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		if (zid != ZONE_MOVABLE)
			lowmem_pages += zone_managed_pages(zone);

	for_each_zone(m, zone, nid, zid) {
		unsigned long managed = zone_managed_pages(zone);
		unsigned long tmp, step;

		spin_lock(&zone->lock);
		tmp = lowmem_pages ? (unsigned long)((u64)pages_min * managed /
						      lowmem_pages) : 0;
		if (zid == ZONE_MOVABLE) {
			/* __GFP_HIGH and PF_MEMALLOC never reach here: a
			 * small, fixed min is enough */
			unsigned long min_pages = managed / 1024;

			zone->_watermark[WMARK_MIN] =
				clamp(min_pages, SWAP_CLUSTER_MAX, 128UL);
		} else {
			zone->_watermark[WMARK_MIN] = tmp;
		}
		step = max(tmp >> 2,
			   (unsigned long)((u64)managed *
					   (u64)m->watermark_scale_factor / 10000));
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + step;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + step;
		zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + step;
		spin_unlock(&zone->lock);
	}
	calculate_totalreserve_pages(m);
}

/* Mirrors: mm/page_alloc.c:setup_per_zone_wmarks(): new watermarks, then
 * pcp high/batch, which are sized from the low watermark. */
void setup_per_zone_wmarks(struct mmsim *m)
{
	__setup_per_zone_wmarks(m);
	zone_pcp_update_all(m);
}

/*
 * Mirrors: mm/page_alloc.c:calculate_min_free_kbytes():
 * min_free_kbytes = sqrt(lowmem_kbytes * 16), clamped to [128, 262144],
 * unless the boot parameter asked for a value.
 */
void calculate_min_free_kbytes(struct mmsim *m)
{
	unsigned long lowmem_kbytes;
	int new_min_free_kbytes;

	m->watermark_scale_factor = m->cfg.watermark_scale_factor;
	m->percpu_pagelist_high_fraction = m->cfg.percpu_pagelist_high_fraction;
	m->lowmem_reserve_ratio[ZONE_DMA] = 256;
	m->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	m->lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	m->lowmem_reserve_ratio[ZONE_MOVABLE] = 0;

	lowmem_kbytes = nr_free_buffer_pages(m) * (PAGE_SIZE >> 10);
	new_min_free_kbytes = (int)int_sqrt(lowmem_kbytes * 16);
	if (m->cfg.min_free_kbytes >= 0) {
		m->user_min_free_kbytes = (int)m->cfg.min_free_kbytes;
		/* as a sysctl write after boot: the user's value wins */
		m->min_free_kbytes = m->user_min_free_kbytes;
	} else {
		m->user_min_free_kbytes = -1;
		m->min_free_kbytes = clamp(new_min_free_kbytes, 128, 262144);
	}
}
