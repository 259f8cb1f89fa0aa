/* SPDX-License-Identifier: MIT */
/*
 * Nodes, zones, free areas and per-CPU page lists
 * (include/linux/mmzone.h, Linux 6.18, arm64 with 4 KiB pages).
 *
 * A machine has up to MAX_NUMNODES nodes (pg_data_t); each node has the
 * zones DMA, DMA32, NORMAL and MOVABLE, any of which may be empty.  A
 * zone's free memory is in its buddy free lists,
 *
 *	zone->free_area[order].free_list[migratetype]
 *
 * and in one set of per-CPU lists per CPU (struct per_cpu_pages):
 *
 *	NR_FREE_PAGES(zone) == sum over order, mt of nr_free << order
 *	                       (buddy lists only: pcp pages count as used,
 *	                       as in the kernel)
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/list.h>
#include <linux/page-flags.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vmstat_items.h>

#define PAGE_SHIFT	MMSIM_PAGE_SHIFT
#define PAGE_SIZE	MMSIM_PAGE_SIZE
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define MAX_PAGE_ORDER	MMSIM_MAX_PAGE_ORDER
#define NR_PAGE_ORDERS	MMSIM_NR_PAGE_ORDERS
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)
#define PAGE_ALLOC_COSTLY_ORDER 3

/* pageblock_order is HPAGE_PMD_ORDER (2 MiB) on arm64 with 4K pages. */
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)
#define pageblock_start_pfn(pfn) ALIGN_DOWN((pfn), pageblock_nr_pages)
#define pageblock_end_pfn(pfn)	ALIGN((pfn) + 1, pageblock_nr_pages)

#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)

/* arm64 sparsemem: 128 MiB sections (SECTION_SIZE_BITS 27). */
#define SECTION_SIZE_BITS	27
#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION	(1UL << PFN_SECTION_SHIFT)

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,	/* can't allocate from here */
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

static inline bool is_migrate_movable(int mt)
{
	return mt == MIGRATE_MOVABLE || mt == MIGRATE_CMA;
}

/* Types whose free blocks may merge with blocks of another type. */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

enum zone_type {
	ZONE_DMA = MMSIM_ZONE_DMA,
	ZONE_DMA32 = MMSIM_ZONE_DMA32,
	ZONE_NORMAL = MMSIM_ZONE_NORMAL,
	ZONE_MOVABLE = MMSIM_ZONE_MOVABLE,
	MAX_NR_ZONES = MMSIM_MAX_NR_ZONES
};

extern const char *const zone_names[MAX_NR_ZONES];

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
	/*
	 * Free MAX_PAGE_ORDER blocks of MIGRATE_MOVABLE whose struct pages
	 * are not initialised yet (deferred_init_memmap): counted in
	 * nr_free, put on free_list[MIGRATE_MOVABLE] when first needed.
	 * Always 0 below MAX_PAGE_ORDER.
	 */
	unsigned long nr_deferred;
};

/*
 * Per-CPU page lists: NR_PCP_LISTS lists, one per (migratetype, order)
 * for orders 0..PAGE_ALLOC_COSTLY_ORDER and one for THP order.
 * Owned by one CPU; only its thread touches it (the kernel's pcp->lock
 * taken with preemption disabled).  Other CPUs ask for a drain through
 * drain_pending (see drain_all_pages()).
 */
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define HPAGE_PMD_ORDER	9
#define NR_PCP_THP	1
#define NR_PCP_LISTS	(NR_LOWORDER_PCP_LISTS + NR_PCP_THP)
#define PCPF_PREV_FREE_HIGH_ORDER	BIT(0)
#define PCPF_FREE_HIGH_BATCH		BIT(1)
#define CONFIG_PCP_BATCH_SCALE_MAX	5

struct per_cpu_pages {
	int count;		/* number of pages in the list */
	int high;		/* high watermark, emptying needed */
	int high_min;
	int high_max;
	int batch;		/* chunk size for buddy add/remove */
	u8 flags;		/* PCPF_* */
	u8 alloc_factor;	/* batch scaling factor during allocate */
	short free_count;	/* consecutive free count */
	struct list_head lists[NR_PCP_LISTS];
} __cacheline_aligned;

struct per_cpu_zonestat {
	s8 stat_threshold;
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
} __cacheline_aligned;

/* A range of a zone whose struct pages are not initialised yet. */
struct deferred_range {
	unsigned long start_pfn, end_pfn;	/* MAX_ORDER_NR_PAGES aligned */
};

enum zone_flags {
	ZONE_BOOSTED_WATERMARK,
	ZONE_RECLAIM_ACTIVE,
	ZONE_BELOW_HIGH,
};

struct pglist_data;

struct zone {
	/* Read-mostly fields */
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_highatomic;
	/*
	 * Pages of this zone kept back from allocations that could have
	 * used a higher zone: lowmem_reserve[j] is what an allocation whose
	 * highest allowed zone is j must leave here.
	 */
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	int idx;		/* enum zone_type: what zone_idx() computes */
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset;		/* [nr_cpu_ids] */
	struct per_cpu_zonestat *per_cpu_zonestats;	/* [nr_cpu_ids] */
	int pageset_high_min;
	int pageset_high_max;
	int pageset_batch;
	u8 *pageblock_flags;	/* one byte per pageblock: its migratetype */
	unsigned long zone_start_pfn;
	atomic_long_t managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	const char *name;
	bool initialized;

	/* Deferred struct page initialisation (deferred_init_memmap). */
	struct deferred_range *deferred;
	int nr_deferred;
	unsigned long nr_deferred_pages;

	/* Write-intensive fields used by page allocator */
	spinlock_t lock __cacheline_aligned;
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long flags;	/* enum zone_flags */

	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS] __cacheline_aligned;
};

/* Zonelists: the zones an allocation may use, best first. */
#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)
enum {
	ZONELIST_FALLBACK,	/* all nodes */
	ZONELIST_NOFALLBACK,	/* this node only: __GFP_THISNODE */
	MAX_ZONELISTS
};

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

/* Everything get_page_from_freelist() needs to know about a request. */
struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	bool spread_dirty_pages;
};

struct mmsim;

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;		/* number of populated zones */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;
	struct mmsim *machine;
	atomic_long_t vm_stat[NR_VM_NODE_STAT_ITEMS];
} pg_data_t;

static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return (unsigned long)atomic_long_read(&zone->managed_pages);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone_managed_pages(zone) != 0;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

static inline int zone_idx(const struct zone *zone)
{
	return zone->idx;
}

static inline int zone_to_nid(const struct zone *zone)
{
	return zone->node;
}

static inline unsigned long wmark_pages(const struct zone *z, int i)
{
	return z->_watermark[i] + z->watermark_boost;
}
#define min_wmark_pages(z)	wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z)	wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z)	wmark_pages(z, WMARK_HIGH)

/* The migratetype of @pfn's pageblock (get_pfnblock_migratetype()). */
static inline int zone_pfnblock_migratetype(const struct zone *zone,
					    unsigned long pfn)
{
	return READ_ONCE(zone->pageblock_flags[(pfn - pageblock_start_pfn(zone->zone_start_pfn)) >>
					       pageblock_order]);
}

static inline bool free_area_empty(const struct free_area *area, int mt)
{
	return list_empty(&area->free_list[mt]) &&
	       !(mt == MIGRATE_MOVABLE && area->nr_deferred);
}

static inline long zone_page_state(const struct zone *zone,
				   enum zone_stat_item item)
{
	long x = atomic_long_read(&zone->vm_stat[item]);

	return x < 0 ? 0 : x;
}

/*
 * Counters changed only under zone->lock (NR_FREE_PAGES and friends):
 * a plain read-modify-write, published with one store for the lockless
 * readers.  The kernel batches these in per-CPU diffs instead; ours stay
 * exact at every moment.
 */
static inline void __mod_zone_page_state(struct zone *zone,
					 enum zone_stat_item item, long delta)
{
	WRITE_ONCE(zone->vm_stat[item].counter,
		   zone->vm_stat[item].counter + delta);
}

static inline void mod_zone_page_state(struct zone *zone,
				       enum zone_stat_item item, long delta)
{
	atomic_long_add(delta, &zone->vm_stat[item]);
}

static inline void mod_node_page_state(pg_data_t *pgdat,
				       enum node_stat_item item, long delta)
{
	atomic_long_add(delta, &pgdat->vm_stat[item]);
}

#define for_each_migratetype_order(order, type)                          \
	for (order = 0; order < NR_PAGE_ORDERS; order++)                 \
		for (type = 0; type < MIGRATE_TYPES; type++)

#endif /* _LINUX_MMZONE_H */
