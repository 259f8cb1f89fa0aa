// SPDX-License-Identifier: MIT
/*
 * From memblock to zones: the memory map, nodes and zones, and the hand-over
 * of free memory to the buddy allocator (mm/mm_init.c, arch/arm64/mm/init.c,
 * mm/sparse-vmemmap.c).
 *
 * Boot order (mm_core_init()), as start_kernel() runs it:
 *
 *   zone_sizes_init()           where each zone ends (DMA <= zone_dma_bits,
 *                               DMA32 <= 4 GiB, NORMAL the rest, MOVABLE
 *                               from movablecore=/kernelcore=)
 *   free_area_init()            prints the zone ranges; per node: zone
 *                               spans, the vmemmap (one memblock buffer
 *                               per node, 2 MiB of struct page per 128 MiB
 *                               section), pageblock bitmaps, struct pages
 *   build_all_zonelists()       fallback order between nodes and zones
 *   setup_per_cpu_pageset()     per-CPU lists
 *   memblock_free_all()         free memory -> buddy, "Memory: ..." line
 *   init_per_zone_wmark_min()   min_free_kbytes, watermarks, lowmem_reserve
 *
 * Deferred struct page initialisation.  A big machine must boot without
 * touching its whole memory map (DESIGN.md 3.3).  As the kernel does with
 * CONFIG_DEFERRED_STRUCT_PAGE_INIT, the highest zone of each node
 * initialises its first section eagerly and defers the rest.  Where the
 * kernel then initialises the deferred part in boot threads, we do it on
 * demand: the deferred free memory is counted as free MAX_PAGE_ORDER
 * blocks of MIGRATE_MOVABLE (free_area[MAX_PAGE_ORDER].nr_deferred) from
 * the start, so every count and report is what a fully initialised
 * machine shows, and deferred_grow_zone_locked() initialises a chunk and
 * puts its blocks on the free list when the allocator first reaches for
 * one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hw/ram.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <mm/slab.h>
#include <sim/debug.h>
#include <asm/mmu.h>
#include <sim/machine.h>

#define SECTION_MEMMAP_SIZE (PAGES_PER_SECTION * sizeof(struct page))
/* Pages initialised at a time when a deferred zone grows: 128 MiB. */
#define DEFERRED_CHUNK_PAGES (32 * MAX_ORDER_NR_PAGES)

/* ------------------------------------------------------------------ */
/* Zone ranges                                                          */

/* Mirrors: arch/arm64/mm/init.c:max_zone_phys() */
static phys_addr_t max_zone_phys(const struct memblock *mb, phys_addr_t limit)
{
	if (memblock_start_of_DRAM(mb) < UINT32_MAX)
		limit = min(limit, (phys_addr_t)UINT32_MAX);
	return min(limit, memblock_end_of_DRAM(mb) - 1) + 1;
}

static unsigned long present_pages_in_range(const struct memblock *mb,
					    unsigned long start_pfn,
					    unsigned long end_pfn, int nid)
{
	const struct memblock_region *r;
	unsigned long n = 0;

	for_each_mem_region(mb, r) {
		unsigned long s = PFN_UP(r->base), e = PFN_DOWN(r->base + r->size);

		if (nid >= 0 && r->nid != nid)
			continue;
		s = max(s, start_pfn);
		e = min(e, end_pfn);
		if (s < e)
			n += e - s;
	}
	return n;
}

static void get_pfn_range_for_nid(const struct memblock *mb, int nid,
				  unsigned long *start, unsigned long *end)
{
	const struct memblock_region *r;

	*start = ~0UL;
	*end = 0;
	for_each_mem_region(mb, r) {
		if (r->nid != nid)
			continue;
		*start = min(*start, (unsigned long)PFN_UP(r->base));
		*end = max(*end, (unsigned long)PFN_DOWN(r->base + r->size));
	}
	if (*start == ~0UL)
		*start = 0;
}

/*
 * Mirrors: mm/mm_init.c:find_zone_movable_pfns_for_nodes().  Spreads
 * kernelcore (memory usable by every allocation) evenly over the nodes;
 * what is left above it in each node becomes ZONE_MOVABLE.  Simplified:
 * no mirrored memory, no movable_node.
 */
static void find_zone_movable_pfns_for_nodes(struct mmsim *m)
{
	const struct memblock *mb = &m->memblock;
	unsigned long totalpages = present_pages_in_range(mb, 0, ~0UL, -1);
	unsigned long required_kernelcore = 0, required_movablecore = 0;
	unsigned long usable_startpfn, kernelcore_node;
	int usable_nodes = 0, nid, z;

	/* The highest populated zone below MOVABLE gives up its memory. */
	m->movable_zone = ZONE_NORMAL;
	for (z = ZONE_NORMAL; z >= 0; z--) {
		if (m->arch_zone_highest_possible_pfn[z] >
		    m->arch_zone_lowest_possible_pfn[z]) {
			m->movable_zone = z;
			break;
		}
	}
	for_each_online_node(m, nid)
		if (present_pages_in_range(mb, 0, ~0UL, nid))
			usable_nodes++;

	if (m->cfg.kernelcore_percent >= 0)
		required_kernelcore = totalpages * 100 *
				      (unsigned long)m->cfg.kernelcore_percent / 10000UL;
	else
		required_kernelcore = m->cfg.kernelcore >> PAGE_SHIFT;
	if (m->cfg.movablecore_percent >= 0)
		required_movablecore = totalpages * 100 *
				       (unsigned long)m->cfg.movablecore_percent / 10000UL;
	else
		required_movablecore = m->cfg.movablecore >> PAGE_SHIFT;

	if (required_movablecore) {
		required_movablecore = ALIGN(required_movablecore,
					     MAX_ORDER_NR_PAGES);
		required_movablecore = min(totalpages, required_movablecore);
		required_kernelcore = max(required_kernelcore,
					  totalpages - required_movablecore);
	}
	if (!required_kernelcore || required_kernelcore >= totalpages)
		return;

	usable_startpfn = m->arch_zone_lowest_possible_pfn[m->movable_zone];
restart:
	kernelcore_node = required_kernelcore / usable_nodes;
	for_each_online_node(m, nid) {
		const struct memblock_region *r;
		unsigned long kernelcore_remaining;

		if (required_kernelcore < kernelcore_node)
			kernelcore_node = required_kernelcore / usable_nodes;
		kernelcore_remaining = kernelcore_node;
		for_each_mem_region(mb, r) {
			unsigned long start_pfn = PFN_UP(r->base);
			unsigned long end_pfn = PFN_DOWN(r->base + r->size);
			unsigned long size_pages;

			if (r->nid != nid)
				continue;
			start_pfn = max(start_pfn, m->zone_movable_pfn[nid]);
			if (start_pfn >= end_pfn)
				continue;
			/* below the movable zone: kernelcore whatever we say */
			if (start_pfn < usable_startpfn) {
				unsigned long kernel_pages =
					min(end_pfn, usable_startpfn) - start_pfn;

				kernelcore_remaining -= min(kernel_pages,
							    kernelcore_remaining);
				required_kernelcore -= min(kernel_pages,
							   required_kernelcore);
				if (end_pfn <= usable_startpfn) {
					m->zone_movable_pfn[nid] = end_pfn;
					continue;
				}
				start_pfn = usable_startpfn;
			}
			size_pages = min(end_pfn - start_pfn,
					 kernelcore_remaining);
			m->zone_movable_pfn[nid] = start_pfn + size_pages;
			required_kernelcore -= min(required_kernelcore,
						   size_pages);
			kernelcore_remaining -= size_pages;
			if (!kernelcore_remaining)
				break;
		}
	}
	/* Not enough yet: go round again, one node fewer sharing it. */
	usable_nodes--;
	if (usable_nodes && required_kernelcore > (unsigned long)usable_nodes)
		goto restart;

	for_each_online_node(m, nid) {
		unsigned long start_pfn, end_pfn;

		m->zone_movable_pfn[nid] = ALIGN(m->zone_movable_pfn[nid],
						 MAX_ORDER_NR_PAGES);
		get_pfn_range_for_nid(mb, nid, &start_pfn, &end_pfn);
		if (m->zone_movable_pfn[nid] >= end_pfn)
			m->zone_movable_pfn[nid] = 0;
	}
}

/* Mirrors: arch/arm64/mm/init.c:zone_sizes_init() + the range part of
 * mm/mm_init.c:free_area_init(). */
static void zone_sizes_init(struct mmsim *m)
{
	const struct memblock *mb = &m->memblock;
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { 0 };
	unsigned long start_pfn;
	phys_addr_t dma_limit;
	int i;

	dma_limit = m->cfg.zone_dma_bits >= 64 ? ~(phys_addr_t)0 :
		    ((phys_addr_t)1 << m->cfg.zone_dma_bits) - 1;
	if (memblock_start_of_DRAM(mb) < UINT32_MAX)
		dma_limit = min(dma_limit, (phys_addr_t)UINT32_MAX);
	max_zone_pfns[ZONE_DMA] = PFN_DOWN(max_zone_phys(mb, dma_limit));
	max_zone_pfns[ZONE_DMA32] = PFN_DOWN(max_zone_phys(mb, UINT32_MAX));
	max_zone_pfns[ZONE_NORMAL] = m->max_pfn;

	start_pfn = m->min_low_pfn;
	for (i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long end_pfn;

		if (i == ZONE_MOVABLE)
			continue;
		end_pfn = max(max_zone_pfns[i], start_pfn);
		m->arch_zone_lowest_possible_pfn[i] = start_pfn;
		m->arch_zone_highest_possible_pfn[i] = end_pfn;
		start_pfn = end_pfn;
	}
	find_zone_movable_pfns_for_nodes(m);
}

/* Mirrors: mm/mm_init.c:zone_spanned_pages_in_node() with
 * adjust_zone_range_for_zone_movable(). */
static void zone_span_in_node(struct mmsim *m, int nid, int zid,
			      unsigned long node_start, unsigned long node_end,
			      unsigned long *zs, unsigned long *ze)
{
	unsigned long lo = m->arch_zone_lowest_possible_pfn[zid];
	unsigned long hi = m->arch_zone_highest_possible_pfn[zid];
	unsigned long movable = m->zone_movable_pfn[nid];

	*zs = clamp(node_start, lo, hi);
	*ze = clamp(node_end, lo, hi);
	if (movable) {
		if (zid == ZONE_MOVABLE) {
			*zs = movable;
			*ze = min(node_end,
				  m->arch_zone_highest_possible_pfn[m->movable_zone]);
		} else if (*zs < movable && *ze > movable) {
			*ze = movable;
		} else if (*zs >= movable) {
			*zs = *ze;
		}
	}
	if (*zs >= *ze)
		*zs = *ze = 0;
}

/* ------------------------------------------------------------------ */
/* The memory map                                                       */

/* Which node's memmap buffer holds section @sec: the node of its first
 * memory (mm/sparse.c: memblocks_present()).  -1 if the section has no
 * memory. */
static int section_nid(const struct memblock *mb, unsigned long sec)
{
	phys_addr_t s = PFN_PHYS(sec << PFN_SECTION_SHIFT);
	phys_addr_t e = s + ((phys_addr_t)PAGES_PER_SECTION << PAGE_SHIFT);
	const struct memblock_region *r;

	for_each_mem_region(mb, r)
		if (r->base < e && r->base + r->size > s)
			return r->nid;
	return -1;
}

/*
 * Mirrors: mm/sparse.c:sparse_init_nid() + mm/sparse-vmemmap.c.  The
 * vmemmap is a host window; each present section's 2 MiB of struct
 * pages comes from a per-node memblock buffer in simulated RAM, mapped
 * into the window at the section's place.  Sections without memory stay
 * anonymous zero pages of the window (never written).
 */
static int sparse_init(struct mmsim *m)
{
	const struct memblock *mb = &m->memblock;
	unsigned long sec, first, last;
	int nid;

	m->vmemmap_start_pfn = ALIGN_DOWN(m->min_low_pfn, PAGES_PER_SECTION);
	m->vmemmap_end_pfn = ALIGN(m->max_pfn, PAGES_PER_SECTION);
	m->vmemmap_window_size = (m->vmemmap_end_pfn - m->vmemmap_start_pfn) *
				 sizeof(struct page);
	m->vmemmap_window = mmap(NULL, m->vmemmap_window_size,
				 PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				 -1, 0);
	if (m->vmemmap_window == MAP_FAILED) {
		m->vmemmap_window = NULL;
		return mmsim_set_error(ENOMEM, "cannot reserve the vmemmap window");
	}
	m->vmemmap = (struct page *)m->vmemmap_window - m->vmemmap_start_pfn;

	m->page_ext_size = (m->vmemmap_end_pfn - m->vmemmap_start_pfn) *
			   sizeof(struct page_ext);
	m->page_ext = mmap(NULL, m->page_ext_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->page_ext == MAP_FAILED) {
		m->page_ext = NULL;
		return mmsim_set_error(ENOMEM, "cannot reserve the page_ext array");
	}

	first = m->vmemmap_start_pfn >> PFN_SECTION_SHIFT;
	last = m->vmemmap_end_pfn >> PFN_SECTION_SHIFT;
	for_each_online_node(m, nid) {
		unsigned long count = 0, done = 0;
		phys_addr_t buf;

		for (sec = first; sec < last; sec++)
			if (section_nid(mb, sec) == nid)
				count++;
		if (!count)
			continue;
		buf = memblock_alloc_range_nid(m, count * SECTION_MEMMAP_SIZE,
					       SZ_2M, 0, MEMBLOCK_ALLOC_ANYWHERE,
					       nid, "sparse_buffer_init");
		if (!buf)
			return mmsim_set_error(ENOMEM,
					       "node %d: no room for its memory map (%lu KiB)",
					       nid, count * SECTION_MEMMAP_SIZE >> 10);
		/* map runs of consecutive sections with one mmap each */
		for (sec = first; sec < last;) {
			unsigned long run = 0;

			while (sec + run < last &&
			       section_nid(mb, sec + run) == nid)
				run++;
			if (!run) {
				sec++;
				continue;
			}
			if (ram_map_at(m, m->vmemmap + (sec << PFN_SECTION_SHIFT),
				       buf + done * SECTION_MEMMAP_SIZE,
				       run * SECTION_MEMMAP_SIZE))
				return -ENOMEM;
			done += run;
			sec += run;
		}
	}
	return 0;
}

/* Mirrors: mm/mm_init.c:__init_single_page() */
static void init_single_page(struct page *page, unsigned long pfn, int zid,
			     int nid)
{
	memset(page, 0, sizeof(*page));
	set_page_links(page, zid, nid);
	init_page_count(page);
	page_mapcount_reset(page);
	INIT_LIST_HEAD(&page->lru);
}

static void init_pages(struct zone *zone, unsigned long start,
		       unsigned long end)
{
	struct mmsim *m = zone->zone_pgdat->machine;
	int zid = zone_idx(zone), nid = zone->node;
	unsigned long pfn;

	for (pfn = start; pfn < end; pfn++) {
		init_single_page(&m->vmemmap[pfn], pfn, zid, nid);
		if (IS_ALIGNED(pfn, pageblock_nr_pages))
			zone->pageblock_flags[(pfn - pageblock_start_pfn(zone->zone_start_pfn)) >>
					      pageblock_order] = MIGRATE_MOVABLE;
	}
}

static int add_deferred_range(struct zone *zone, unsigned long start,
			      unsigned long end)
{
	struct deferred_range *d;
	unsigned long pfn;

	d = realloc(zone->deferred, sizeof(*d) * (size_t)(zone->nr_deferred + 1));
	if (!d)
		return -ENOMEM;
	zone->deferred = d;
	d[zone->nr_deferred].start_pfn = start;
	d[zone->nr_deferred].end_pfn = end;
	zone->nr_deferred++;
	zone->nr_deferred_pages += end - start;
	for (pfn = start; pfn < end; pfn += pageblock_nr_pages)
		zone->pageblock_flags[(pfn - pageblock_start_pfn(zone->zone_start_pfn)) >>
				      pageblock_order] = MIGRATE_MOVABLE;
	return 0;
}

/*
 * Initialise the struct pages of free memory [start, end) above the
 * deferral point: the MAX_PAGE_ORDER aligned middle is deferred, the
 * edges are initialised now.
 */
static int defer_free_range(struct zone *zone, unsigned long start,
			    unsigned long end)
{
	unsigned long a = ALIGN(start, MAX_ORDER_NR_PAGES);
	unsigned long b = ALIGN_DOWN(end, MAX_ORDER_NR_PAGES);

	if (a >= b) {
		init_pages(zone, start, end);
		return 0;
	}
	init_pages(zone, start, a);
	init_pages(zone, b, end);
	return add_deferred_range(zone, a, b);
}

/*
 * Mirrors: mm/mm_init.c:init_unavailable_range(): the struct pages of a
 * hole are initialised as reserved, where the hole's section has a
 * memory map (pfn_valid()); one dmesg line per hole, as the kernel.
 */
static void init_unavailable_range(struct mmsim *m, unsigned long spfn,
				   unsigned long epfn, int zid, int nid)
{
	unsigned long pfn, pgcnt = 0;

	for (pfn = spfn; pfn < epfn; pfn++) {
		if (section_nid(&m->memblock, pfn >> PFN_SECTION_SHIFT) < 0) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SECTION) - 1;
			continue;
		}
		init_single_page(&m->vmemmap[pfn], pfn, zid, nid);
		__SetPageReserved(&m->vmemmap[pfn]);
		pgcnt++;
	}
	if (pgcnt)
		pr_info(m, "On node %d, zone %s: %lu pages in unavailable ranges",
			nid, zone_names[zid], pgcnt);
}

/*
 * Initialise the struct pages of memory [s, e) of @zone, deferring the
 * free memory above the zone's deferral point.
 * Mirrors: mm/mm_init.c:memmap_init_range() + defer_init()
 */
static int memmap_init_range(struct mmsim *m, struct zone *zone,
			     unsigned long s, unsigned long e)
{
	const struct memblock *mb = &m->memblock;
	pg_data_t *pgdat = zone->zone_pgdat;
	unsigned long zs = zone->zone_start_pfn, ze = zone_end_pfn(zone);
	unsigned long first_deferred = ~0UL, cur, i;

	/* only the highest zone of a node defers, after its first section */
	if (m->cfg.deferred_struct_pages &&
	    ze == pgdat->node_start_pfn + pgdat->node_spanned_pages)
		first_deferred = ALIGN(zs + PAGES_PER_SECTION, PAGES_PER_SECTION);
	if (e <= first_deferred) {
		init_pages(zone, s, e);
		return 0;
	}
	if (s < first_deferred) {
		init_pages(zone, s, first_deferred);
		s = first_deferred;
	}
	/* above the deferral point: reserved parts now, free parts later */
	cur = s;
	for (i = 0; i < mb->reserved.cnt && cur < e; i++) {
		const struct memblock_region *res = &mb->reserved.regions[i];
		unsigned long rs = PFN_DOWN(res->base);
		unsigned long re = PFN_UP(res->base + res->size);

		if (re <= cur)
			continue;
		if (rs >= e)
			break;
		if (rs > cur && defer_free_range(zone, cur, rs))
			return -ENOMEM;
		init_pages(zone, max(rs, cur), min(re, e));
		cur = min(re, e);
	}
	if (cur < e && defer_free_range(zone, cur, e))
		return -ENOMEM;
	return 0;
}

/*
 * Walk memory in address order, zone by zone; what lies between two
 * memory ranges (and after the last one, to the end of its section) is
 * a hole, given to the zone that follows it (or the last zone).
 * Mirrors: mm/mm_init.c:memmap_init() + memmap_init_zone_range()
 */
static int memmap_init(struct mmsim *m)
{
	const struct memblock_region *r;
	unsigned long hole_pfn = 0, end_pfn = 0;
	int zone_id = 0, nid = 0, j;

	for_each_mem_region(&m->memblock, r) {
		pg_data_t *pgdat = m->node_data[r->nid];
		unsigned long start = PFN_UP(r->base);

		end_pfn = PFN_DOWN(r->base + r->size);
		nid = r->nid;
		for (j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = &pgdat->node_zones[j];
			unsigned long s, e;

			if (!populated_zone(zone))
				continue;
			s = clamp(start, zone->zone_start_pfn, zone_end_pfn(zone));
			e = clamp(end_pfn, zone->zone_start_pfn, zone_end_pfn(zone));
			zone_id = j;
			if (s >= e)
				continue;
			if (memmap_init_range(m, zone, s, e))
				return -ENOMEM;
			if (hole_pfn < s)
				init_unavailable_range(m, hole_pfn, s, j, nid);
			hole_pfn = e;
		}
	}
	end_pfn = ALIGN(end_pfn, PAGES_PER_SECTION);
	if (hole_pfn < end_pfn)
		init_unavailable_range(m, hole_pfn, end_pfn, zone_id, nid);
	return 0;
}

/* Mirrors: mm/mm_init.c:reserve_bootmem_region(): reserved memory's
 * struct pages say PG_reserved until someone frees them. */
static void reserve_bootmem_regions(struct mmsim *m)
{
	const struct memblock_region *r;

	for_each_reserved_mem_region(&m->memblock, r) {
		unsigned long pfn = PFN_DOWN(r->base);
		unsigned long end = PFN_UP(r->base + r->size);

		for (; pfn < end; pfn++)
			if (memblock_is_memory(&m->memblock, PFN_PHYS(pfn)))
				__SetPageReserved(&m->vmemmap[pfn]);
	}
}

static int zone_init(struct mmsim *m, pg_data_t *pgdat, int zid,
		     unsigned long zs, unsigned long ze)
{
	struct zone *zone = &pgdat->node_zones[zid];
	unsigned long nr_blocks;
	int order, t;

	zone->name = zone_names[zid];
	zone->idx = zid;
	zone->node = pgdat->node_id;
	zone->zone_pgdat = pgdat;
	zone->zone_start_pfn = zs;
	zone->spanned_pages = ze - zs;
	zone->present_pages = present_pages_in_range(&m->memblock, zs, ze,
						     pgdat->node_id);
	spin_lock_init(&zone->lock);
	for_each_migratetype_order(order, t)
		INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
	zone_pcp_init(m, zone);
	if (!zone->spanned_pages)
		return 0;
	/* Mirrors: mm/mm_init.c:setup_usemap(), one byte per pageblock */
	nr_blocks = (ze - pageblock_start_pfn(zs) + pageblock_nr_pages - 1) >>
		    pageblock_order;
	zone->pageblock_flags = memblock_alloc_node(m, nr_blocks, SMP_CACHE_BYTES,
						    pgdat->node_id, "setup_usemap");
	if (!zone->pageblock_flags)
		return mmsim_set_error(ENOMEM, "no memory for zone %s's pageblock flags",
				       zone->name);
	zone->initialized = true;
	return 0;
}

/* Mirrors: mm/mm_init.c:free_area_init_node() */
static int free_area_init_node(struct mmsim *m, int nid)
{
	unsigned long start_pfn, end_pfn;
	pg_data_t *pgdat;
	int zid;

	pgdat = calloc(1, sizeof(*pgdat));
	if (!pgdat)
		return mmsim_set_error(ENOMEM, "out of host memory");
	m->node_data[nid] = pgdat;
	pgdat->node_id = nid;
	pgdat->machine = m;
	get_pfn_range_for_nid(&m->memblock, nid, &start_pfn, &end_pfn);
	pgdat->node_start_pfn = start_pfn;
	pgdat->node_spanned_pages = end_pfn - start_pfn;
	pgdat->node_present_pages =
		present_pages_in_range(&m->memblock, 0, ~0UL, nid);
	pr_info(m, "Initmem setup node %d [mem 0x%016llx-0x%016llx]", nid,
		(unsigned long long)PFN_PHYS(start_pfn),
		end_pfn ? (unsigned long long)PFN_PHYS(end_pfn) - 1 : 0ULL);
	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		unsigned long zs, ze;

		zone_span_in_node(m, nid, zid, start_pfn, end_pfn, &zs, &ze);
		if (zone_init(m, pgdat, zid, zs, ze))
			return -ENOMEM;
		if (populated_zone(&pgdat->node_zones[zid]))
			pgdat->nr_zones = zid + 1;
	}
	return 0;
}

/* Mirrors: mm/mm_init.c:free_area_init() */
static int free_area_init(struct mmsim *m)
{
	const struct memblock_region *r;
	int i, nid;

	pr_info(m, "Zone ranges:");
	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;
		if (m->arch_zone_lowest_possible_pfn[i] ==
		    m->arch_zone_highest_possible_pfn[i])
			pr_info(m, "  %-8s empty", zone_names[i]);
		else
			pr_info(m, "  %-8s [mem 0x%016llx-0x%016llx]", zone_names[i],
				(unsigned long long)PFN_PHYS(m->arch_zone_lowest_possible_pfn[i]),
				(unsigned long long)PFN_PHYS(m->arch_zone_highest_possible_pfn[i]) - 1);
	}
	pr_info(m, "Movable zone start for each node");
	for_each_online_node(m, nid)
		if (m->zone_movable_pfn[nid])
			pr_info(m, "  Node %d: 0x%016llx", nid,
				(unsigned long long)PFN_PHYS(m->zone_movable_pfn[nid]));
	pr_info(m, "Early memory node ranges");
	for_each_mem_region(&m->memblock, r)
		pr_info(m, "  node %3d: [mem 0x%016llx-0x%016llx]", r->nid,
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->size - 1));

	if (sparse_init(m))
		return -ENOMEM;
	for_each_online_node(m, nid)
		if (free_area_init_node(m, nid))
			return -ENOMEM;
	if (memmap_init(m))
		return mmsim_set_error(ENOMEM, "out of host memory");
	reserve_bootmem_regions(m);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Hand-over to the buddy allocator                                     */

/* The zone spanning @pfn, found from the spans: the struct page of a
 * deferred pfn is not initialised and cannot say. */
static struct zone *pfn_zone(struct mmsim *m, unsigned long pfn)
{
	struct zone *zone;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		if (zone->spanned_pages && zone_spans_pfn(zone, pfn))
			return zone;
	return NULL;
}

static bool pfn_deferred(const struct zone *zone, unsigned long pfn,
			 unsigned long *range_end)
{
	int i;

	for (i = 0; i < zone->nr_deferred; i++) {
		if (pfn >= zone->deferred[i].start_pfn &&
		    pfn < zone->deferred[i].end_pfn) {
			*range_end = zone->deferred[i].end_pfn;
			return true;
		}
	}
	return false;
}

/*
 * Mirrors: mm/memblock.c:__free_pages_memory().  Free [start, end) in
 * the largest naturally aligned blocks, skipping deferred ranges (they
 * are accounted by deferred_account()).
 */
void memblock_free_pages_range(struct mmsim *m, unsigned long start,
			       unsigned long end)
{
	while (start < end) {
		struct zone *zone = pfn_zone(m, start);
		unsigned long skip_to;
		int order;

		if (WARN_ON(!zone))
			return;

		if (zone->nr_deferred && pfn_deferred(zone, start, &skip_to)) {
			start = skip_to;
			continue;
		}
		order = min(MAX_PAGE_ORDER, __builtin_ctzl(start));
		while (start + (1UL << order) > end)
			order--;
		/* a block never reaches into a deferred range: both are
		 * MAX_ORDER aligned, so shrink until it stops before one */
		while (order && zone->nr_deferred) {
			unsigned long last = start + (1UL << order) - 1, e;

			if (!pfn_deferred(zone, last, &e))
				break;
			order--;
		}
		__free_pages_core(&m->vmemmap[start], (unsigned int)order);
		start += 1UL << order;
	}
}

/* The deferred free memory of each zone counts as free from the start. */
static void deferred_account(struct mmsim *m)
{
	struct zone *zone;
	int nid, zid;

	for_each_zone(m, zone, nid, zid) {
		unsigned long nr = zone->nr_deferred_pages;
		struct free_area *area = &zone->free_area[MAX_PAGE_ORDER];

		if (!nr)
			continue;
		m->deferred_pages = true;
		atomic_long_add((long)nr, &zone->managed_pages);
		atomic_long_add((long)nr, &m->totalram_pages);
		__mod_zone_page_state(zone, NR_FREE_PAGES, (long)nr);
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, (long)nr);
		area->nr_free += nr >> MAX_PAGE_ORDER;
		area->nr_deferred += nr >> MAX_PAGE_ORDER;
	}
}

/*
 * Initialise the next chunk of a zone's deferred memory and put its
 * MAX_PAGE_ORDER blocks on the MIGRATE_MOVABLE free list (at the tail:
 * they are the highest free addresses).  Free counts do not change: the
 * blocks were counted as free all along.  Caller holds zone->lock.
 * Mirrors: mm/mm_init.c:deferred_grow_zone() / deferred_init_memmap_chunk()
 */
void deferred_grow_zone_locked(struct zone *zone)
{
	struct mmsim *m = zone->zone_pgdat->machine;
	struct free_area *area = &zone->free_area[MAX_PAGE_ORDER];
	struct deferred_range *d;
	unsigned long start, end, pfn;

	if (!zone->nr_deferred)
		return;
	d = &zone->deferred[0];
	start = d->start_pfn;
	end = min(d->end_pfn, start + DEFERRED_CHUNK_PAGES);
	for (pfn = start; pfn < end; pfn++) {
		struct page *page = &m->vmemmap[pfn];

		init_single_page(page, pfn, zone_idx(zone), zone->node);
		set_page_count(page, 0);
	}
	for (pfn = start; pfn < end; pfn += MAX_ORDER_NR_PAGES) {
		struct page *page = &m->vmemmap[pfn];

		set_buddy_order(page, MAX_PAGE_ORDER);
		list_add_tail(&page->buddy_list,
			      &area->free_list[MIGRATE_MOVABLE]);
		area->nr_deferred--;
	}
	zone->nr_deferred_pages -= end - start;
	d->start_pfn = end;
	if (d->start_pfn == d->end_pfn) {
		memmove(d, d + 1, sizeof(*d) * (size_t)(zone->nr_deferred - 1));
		zone->nr_deferred--;
	}
}

/* Mirrors: mm/mm_init.c:mem_init_print_info() */
void mem_init_print_info(struct mmsim *m)
{
	unsigned long physpages = m->physpages;
	unsigned long totalram = (unsigned long)atomic_long_read(&m->totalram_pages);

	pr_info(m, "Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved)",
		totalram << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		m->kimage_text >> 10, m->kimage_data >> 10,
		m->kimage_rodata >> 10, m->kimage_init >> 10,
		m->kimage_bss >> 10,
		(physpages - totalram) << (PAGE_SHIFT - 10), 0UL);
}

int mm_core_init(struct mmsim *m)
{
	const struct memblock *mb = &m->memblock;
	int nid;

	m->min_low_pfn = PFN_UP(memblock_start_of_DRAM(mb));
	m->max_pfn = PFN_DOWN(memblock_end_of_DRAM(mb));
	m->physpages = present_pages_in_range(mb, 0, ~0UL, -1);
	zone_sizes_init(m);
	if (free_area_init(m))
		return -ENOMEM;
	pr_info(m, "Kernel command line: %s", m->cfg.cmdline);
	build_all_zonelists(m);
	if (page_owner_init(m))
		return mmsim_set_error(ENOMEM, "out of host memory");
	if (m->memblock.debug)	/* memblock=debug, as the kernel */
		memblock_dump_all(m);
	memblock_free_all(m);
	deferred_account(m);
	mem_init_print_info(m);
	m->pcp_fast_path = !m->cfg.pcp_disabled && !m->cfg.page_owner;

	/*
	 * kmem_cache_init() runs, as in mm_core_init(), while the per-CPU
	 * lists are still the boot pagesets (high 0, batch 1: every page
	 * goes straight to and from the buddy lists) and before any
	 * watermark exists.
	 */
	if (kmem_cache_init(m))
		return -ENOMEM;
	if (vmalloc_init(m))
		return -ENOMEM;
	/* start_kernel(): setup_per_cpu_pageset() */
	for_each_online_node(m, nid) {
		int z;

		for (z = 0; z < MAX_NR_ZONES; z++)
			setup_zone_pageset(m, &m->node_data[nid]->node_zones[z]);
	}
	/* core_initcall(init_per_zone_wmark_min) */
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);

	/* fault injection is armed once boot's own allocations are done */
	if (m->cfg.fail_page_alloc[0])
		setup_fault_attr(&m->fail_page_alloc, m->cfg.fail_page_alloc,
				 m->cfg.seed);
	if (m->cfg.failslab[0])
		setup_fault_attr(&m->failslab, m->cfg.failslab, m->cfg.seed + 1);
	if (m->fail_page_alloc.enabled)
		m->pcp_fast_path = false;
	return 0;
}
