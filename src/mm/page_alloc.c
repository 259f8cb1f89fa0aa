// SPDX-License-Identifier: MIT
/*
 * The buddy allocator (mm/page_alloc.c, Linux 6.18).
 *
 * Free memory of a zone lives in two places:
 *
 *   zone->free_area[order].free_list[migratetype]
 *	blocks of 2^order pages, naturally aligned, each one's first page
 *	PageBuddy with its order in page->private.  Guarded by zone->lock.
 *
 *   zone->per_cpu_pageset[cpu].lists[order_to_pindex(mt, order)]
 *	a per-CPU cache of blocks of order <= PAGE_ALLOC_COSTLY_ORDER (and
 *	the THP order), touched only by its CPU: the fast path takes no lock.
 *	Pages here count as allocated in NR_FREE_PAGES, as in the kernel.
 *
 * Allocation (alloc_pages -> __alloc_pages):
 *	alloc_pages_pcp_fast()		the common case in a few lines: first
 *					zone above high, this CPU's list not
 *					empty; everything else goes on to
 *	get_page_from_freelist()	walk the zonelist, check watermarks
 *	  rmqueue()
 *	    rmqueue_pcplist()		fast path: pop from this CPU's list,
 *					refill with rmqueue_bulk() when empty
 *	    rmqueue_buddy()		zone->lock, __rmqueue():
 *	      __rmqueue_smallest()	smallest free block of the migratetype,
 *					split down with expand()
 *	      __rmqueue_claim()		take over a whole pageblock of another
 *					type (largest first)
 *	      __rmqueue_steal()		borrow a block of another type
 *	__alloc_pages_slowpath()	lower watermarks, drain per-CPU lists;
 *					where reclaim, compaction and the OOM
 *					killer will plug in; warn_alloc()
 *
 * Free (__free_pages -> put_page_testzero -> __free_frozen_pages):
 *	free_pages_prepare()		check the pages' state, Bad page reports
 *	free_frozen_page_commit()	push on this CPU's list; over pcp->high,
 *					free_pcppages_bulk() gives back a batch
 *	__free_one_page()		merge with free buddies up the orders
 *
 * Lock order: zone->lock, then nothing: the page allocator calls no
 * other lock holder.
 *
 * The rest of the allocator: buddy.h (free-list primitives),
 * page_alloc_pcp.c (per-CPU lists), page_alloc_fallback.c (claiming and
 * stealing pageblocks, highatomic reserves), page_alloc_init.c
 * (zonelists, watermarks, pcp sizes), page_alloc_api.c (the rest of the
 * API), page_alloc_debug.c (validators), show_mem.c.
 */
#include <errno.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <mm/buddy.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>
#include <sim/track.h>

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable",
};

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/* ------------------------------------------------------------------ */
/* Pageblock migratetypes                                               */

int get_pfnblock_migratetype(const struct page *page, unsigned long pfn)
{
	return zone_pfnblock_migratetype(page_zone(page), pfn);
}

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	if (this_machine()->page_group_by_mobility_disabled &&
	    migratetype < MIGRATE_PCPTYPES)
		migratetype = MIGRATE_UNMOVABLE;
	WRITE_ONCE(*pageblock_flags_ptr(page_zone(page), page_to_pfn(page)),
		   (u8)migratetype);
}

/* ------------------------------------------------------------------ */
/* Free lists                                                           */

/* ------------------------------------------------------------------ */
/* Freeing: merge with buddies                                          */

/*
 * The buddy of the block at @pfn of @order is the block at
 * pfn ^ (1 << order); it can merge if it is free (PageBuddy) with the
 * same order and in the same zone.
 */
static inline struct page *find_buddy_page_pfn(struct page *page,
					       unsigned long pfn,
					       unsigned int order,
					       unsigned long *buddy_pfn)
{
	unsigned long __buddy_pfn = pfn ^ (1UL << order);
	struct page *buddy = page + (__buddy_pfn - pfn);

	*buddy_pfn = __buddy_pfn;
	if (!PageBuddy(buddy) || buddy_order(buddy) != order ||
	    page_zone_id(page) != page_zone_id(buddy))
		return NULL;
	return buddy;
}

/*
 * If the block one order up also has a free buddy, this block is likely
 * to merge soon: put it at the tail so it is not handed out first.
 * Mirrors: mm/page_alloc.c:buddy_merge_likely()
 */
static inline bool buddy_merge_likely(unsigned long pfn, unsigned long buddy_pfn,
				      struct page *page, unsigned int order)
{
	unsigned long higher_page_pfn, higher_buddy_pfn;
	struct page *higher_page;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	higher_page = page + (higher_page_pfn - pfn);
	return find_buddy_page_pfn(higher_page, higher_page_pfn, order + 1,
				   &higher_buddy_pfn) != NULL;
}

/*
 * Freeing function for a buddy system allocator.
 *
 * The block of 2^order pages at @pfn goes back to the free lists.  While
 * its buddy (the other half of the block one order up) is free too,
 * the two are taken off the lists and merged, and the search continues
 * one order higher: freeing order 0 at pfn 5 looks at pfn 4 (order 0),
 * then pfn 6 (order 1), then pfn 0 (order 2) ...  Merging stops at
 * MAX_PAGE_ORDER, at a buddy that is not free, and at pageblock
 * boundaries between types that must not mix (HIGHATOMIC, CMA,
 * ISOLATE).  The merged block goes to the free list of its
 * migratetype, at the tail when it is itself likely to merge soon.
 *
 * Caller holds zone->lock; the pages are in the state the allocator
 * expects of free pages (free_pages_prepare()).
 * Mirrors: mm/page_alloc.c:__free_one_page() (no compaction capture,
 * no guard pages, no page reporting).
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, fpi_t fpi_flags)
{
	unsigned long buddy_pfn = 0;
	unsigned long combined_pfn;
	struct page *buddy;
	bool to_tail;

	VM_BUG_ON_PAGE(pfn & ((1UL << order) - 1), page);
	account_freepages(zone, 1L << order, migratetype);

	while (order < MAX_PAGE_ORDER) {
		int buddy_mt = migratetype;

		buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);
		if (!buddy)
			goto done_merging;
		if (unlikely(order >= pageblock_order)) {
			buddy_mt = get_pfnblock_migratetype(buddy, buddy_pfn);
			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				goto done_merging;
		}
		__del_page_from_free_list(buddy, zone, order, buddy_mt);
		if (unlikely(buddy_mt != migratetype))
			set_pageblock_migratetype(buddy, migratetype);
		combined_pfn = buddy_pfn & pfn;
		page = page + (combined_pfn - pfn);
		pfn = combined_pfn;
		order++;
	}

done_merging:
	set_buddy_order(page, order);
	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(pfn, buddy_pfn, page, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/* ------------------------------------------------------------------ */
/* Allocating: split, fall back                                         */

/* ------------------------------------------------------------------ */
/* Page state checks                                                    */

static noinline __cold void free_page_is_bad_report(const struct page *page)
{
	bad_page(page, page_bad_reason(page, PAGE_FLAGS_CHECK_AT_FREE));
}

static inline bool free_page_is_bad(const struct page *page)
{
	if (likely(page_expected_state(page, PAGE_FLAGS_CHECK_AT_FREE)))
		return false;
	free_page_is_bad_report(page);
	return true;
}

/* Mirrors: mm/page_alloc.c:free_tail_page_prepare() */
static int free_tail_page_prepare(struct page *head, struct page *page)
{
	if (unlikely(!PageTail(page) || compound_head(page) != head)) {
		bad_page(page, PageTail(page) ? "compound_head not consistent"
					      : "PageTail not set");
		return 1;
	}
	page->compound_head = 0;
	page->mapping = NULL;
	INIT_LIST_HEAD(&page->lru);
	return 0;
}

/*
 * Check the pages about to be freed and clear what allocation set.
 * Returns false if a page is in a bad state: it was reported and the
 * whole block stays out of the free lists (the kernel leaks it too).
 * Mirrors: mm/page_alloc.c:free_pages_prepare()
 */
static __always_inline bool free_pages_prepare(struct mmsim *m, struct page *page,
				      unsigned int order)
{
	bool compound = PageHead(page);
	int bad = 0;

	/* the common case: one page in the expected state */
	if (likely(!order && !compound && !m->cfg.page_owner &&
		   page_expected_state(page, PAGE_FLAGS_CHECK_AT_FREE))) {
		page->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		set_page_private(page, 0);
		if (unlikely(m->track))
			track_mem_noaccess(page_address(page), PAGE_SIZE);
		return true;
	}
	if (unlikely(order)) {
		unsigned long i;

		if (compound)
			page[1].compound_order = 0;
		for (i = 1; i < (1UL << order); i++) {
			if (compound)
				bad += free_tail_page_prepare(page, page + i);
			if (free_page_is_bad(page + i)) {
				bad++;
				continue;
			}
		}
	}
	if (compound)
		__ClearPageHead(page);
	if (bad || free_page_is_bad(page)) {
		atomic_long_add(1L << order, &m->leaked_pages);
		return false;
	}
	page->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
	set_page_private(page, 0);
	if (unlikely(m->cfg.page_owner))
		reset_page_owner(m, page, order);
	if (unlikely(m->track))
		track_mem_noaccess(page_address(page), PAGE_SIZE << order);
	return true;
}

/* ------------------------------------------------------------------ */
/* Per-CPU lists                                                        */

/* Mirrors: mm/page_alloc.c:rmqueue_buddy() */
static noinline struct page *rmqueue_buddy(struct mmsim_cpu *cpu,
					   struct zone *preferred_zone,
					   struct zone *zone, unsigned int order,
					   unsigned int alloc_flags,
					   int migratetype)
{
	struct page *page;

	do {
		page = NULL;
		spin_lock(&zone->lock);
		if (alloc_flags & ALLOC_HIGHATOMIC)
			page = __rmqueue_smallest(zone, order,
						  MIGRATE_HIGHATOMIC);
		if (!page) {
			enum rmqueue_mode rmqm = RMQUEUE_NORMAL;

			page = __rmqueue(zone, order, migratetype, alloc_flags,
					 &rmqm);
			/* failing now is worse than failing a later
			 * high-order atomic allocation */
			if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
				page = __rmqueue_smallest(zone, order,
							  MIGRATE_HIGHATOMIC);
			if (!page) {
				spin_unlock(&zone->lock);
				return NULL;
			}
		}
		spin_unlock(&zone->lock);
	} while (check_new_pages(page, order));
	cpu_count_vm_events(cpu, PGALLOC_DMA + zone_idx(zone), 1L << order);
	zone_statistics(cpu, preferred_zone, zone, 1);
	return page;
}

static inline struct page *rmqueue(struct mmsim_cpu *cpu,
				   struct zone *preferred_zone,
				   struct zone *zone, unsigned int order,
				   unsigned int alloc_flags, int migratetype)
{
	struct page *page;

	if (likely(pcp_allowed_order(order)) &&
	    likely(!cpu->machine->cfg.pcp_disabled)) {
		page = rmqueue_pcplist(cpu, preferred_zone, zone, order,
				       migratetype, alloc_flags);
		if (likely(page))
			return page;
	}
	return rmqueue_buddy(cpu, preferred_zone, zone, order, alloc_flags,
			     migratetype);
}

/* ------------------------------------------------------------------ */
/* Watermarks                                                           */

static inline long __zone_watermark_unusable_free(struct zone *z,
						  unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable_free += (long)READ_ONCE(z->nr_free_highatomic);
	return unusable_free;
}

/*
 * Is there enough free memory in @z, above @mark plus the reserve kept
 * for higher zones, for an allocation of @order?  __GFP_HIGH callers may
 * dip to half of min, atomic ones a further quarter.
 * Mirrors: mm/page_alloc.c:__zone_watermark_ok()
 */
static bool __zone_watermark_ok(struct zone *z, unsigned int order,
				unsigned long mark, int highest_zoneidx,
				unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;
	unsigned int o;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (unlikely(alloc_flags & ALLOC_RESERVES)) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];
		int mt;

		if (!area->nr_free)
			continue;
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   zone_page_state(z, NR_FREE_PAGES));
}

static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark, int highest_zoneidx,
				       unsigned int alloc_flags)
{
	long free_pages = zone_page_state(z, NR_FREE_PAGES);

	if (!order) {
		long usable_free = free_pages;
		long reserved = __zone_watermark_unusable_free(z, 0, alloc_flags);

		usable_free -= min(usable_free, reserved);
		if (usable_free > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   free_pages);
}

/* ------------------------------------------------------------------ */
/* Allocation                                                           */

/* Mirrors: include/linux/gfp.h:gfp_zone() (the GFP_ZONE_TABLE). */
enum zone_type gfp_zone(gfp_t flags)
{
	gfp_t bits = flags & GFP_ZONEMASK;

	switch (bits) {
	case 0:
	case __GFP_HIGHMEM:
	case __GFP_MOVABLE:
		return ZONE_NORMAL;
	case __GFP_DMA:
	case __GFP_DMA | __GFP_MOVABLE:
		return ZONE_DMA;
	case __GFP_DMA32:
	case __GFP_DMA32 | __GFP_MOVABLE:
		return ZONE_DMA32;
	case __GFP_HIGHMEM | __GFP_MOVABLE:
		return ZONE_MOVABLE;
	default:
		/* GFP_ZONE_BAD: the kernel's VM_BUG_ON */
		WARN_ON(1 && "invalid combination of GFP zone modifiers");
		return ZONE_NORMAL;
	}
}

static inline struct zoneref *first_zones_zonelist(struct zonelist *zl,
						   enum zone_type highest)
{
	struct zoneref *z = zl->_zonerefs;

	while (z->zone && z->zone_idx > (int)highest)
		z++;
	return z;
}

static inline void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long i, nr = 1UL << order;

	__SetPageHead(page);
	for (i = 1; i < nr; i++)
		page[i].compound_head = (unsigned long)page + 1;
	page[1].compound_order = (unsigned char)order;
}

/* Mirrors: mm/page_alloc.c:post_alloc_hook() + prep_new_page() */
static inline void prep_new_page(struct mmsim *m, struct page *page,
				 unsigned int order, gfp_t gfp_flags,
				 unsigned int alloc_flags)
{
	unsigned long pfn = (unsigned long)(page - m->vmemmap);

	set_page_private(page, 0);
	set_page_count(page, 1);
	page_ext_of(m, pfn)->alloc_order = (u8)(order + 1);
	if (unlikely(m->track))
		track_mem_undefined(page_address(page), PAGE_SIZE << order);
	if (gfp_flags & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	if (order && (gfp_flags & __GFP_COMP))
		prep_compound_page(page, order);
	if (unlikely(m->cfg.page_owner))
		set_page_owner(m, page, order, gfp_flags);
}

/*
 * Walk the zonelist for a zone with enough free memory and take a block
 * from it.  Mirrors: mm/page_alloc.c:get_page_from_freelist() (no
 * cpusets, no dirty limits, no node reclaim).
 */
static struct page *get_page_from_freelist(struct mmsim_cpu *cpu, gfp_t gfp_mask,
					   unsigned int order, int alloc_flags,
					   const struct alloc_context *ac)
{
	struct mmsim *m = cpu->machine;
	struct zoneref *z;
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		unsigned long mark;
		struct page *page;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		if (no_fallback && m->nr_node_ids > 1 &&
		    zone != ac->preferred_zoneref->zone &&
		    zone->node != ac->preferred_zoneref->zone->node) {
			/* locality matters more than fragmentation */
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (test_bit(ZONE_BELOW_HIGH, &zone->flags))
			goto check_alloc_wmark;
		mark = high_wmark_pages(zone);
		if (zone_watermark_fast(zone, order, mark, (int)ac->highest_zoneidx,
					(unsigned int)alloc_flags))
			goto try_this_zone;
		set_bit(ZONE_BELOW_HIGH, &zone->flags);
check_alloc_wmark:
		mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
		if (!zone_watermark_fast(zone, order, mark,
					 (int)ac->highest_zoneidx,
					 (unsigned int)alloc_flags) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS))
			continue;	/* node reclaim would go here */
try_this_zone:
		page = rmqueue(cpu, ac->preferred_zoneref->zone, zone, order,
			       (unsigned int)alloc_flags, ac->migratetype);
		if (page) {
			prep_new_page(m, page, order, gfp_mask,
				      (unsigned int)alloc_flags);
			if (unlikely(alloc_flags & ALLOC_HIGHATOMIC))
				reserve_highatomic_pageblock(page, (int)order,
							     zone);
			return page;
		}
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/*
 * Avoid mixing pageblock types in ZONE_NORMAL while a lower zone can
 * still serve the request.  Mirrors: mm/page_alloc.c:alloc_flags_nofragment()
 */
static inline unsigned int alloc_flags_nofragment(struct mmsim *m,
						  struct zone *zone,
						  gfp_t gfp_mask)
{
	unsigned int alloc_flags = gfp_mask & __GFP_KSWAPD_RECLAIM;

	if (!zone || zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	if (m->nr_node_ids > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

/* Mirrors: mm/page_alloc.c:gfp_to_alloc_flags() */
static inline unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= gfp_mask & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (!(gfp_mask & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp_mask & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}

/* Mirrors: mm/page_alloc.c:warn_alloc() */
static void warn_alloc(struct mmsim *m, gfp_t gfp_mask, unsigned int order)
{
	struct report r;
	char gfp[160];

	if (gfp_mask & __GFP_NOWARN)
		return;
	mmsim_gfp_format(gfp_mask, gfp, sizeof(gfp));
	report_begin(&r, m);
	report_printf(&r, "%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null)\n",
		      current_comm(), order, gfp_mask, gfp);
	report_backtrace(&r, 2);
	report_free_areas(&r, m);
	report_end(&r, REPORT_NOTICE);
}

/*
 * The slow path: what the kernel tries when the low watermark fails.
 * In order: wake kswapd (reclaim issue), retry at the min watermark with
 * the caller's reserves, direct compaction for costly orders
 * (compaction issue), direct reclaim (reclaim issue) -- today only its
 * last step, draining the per-CPU lists and the highatomic reserves and
 * retrying -- then the OOM killer (reclaim issue), and finally failure
 * with a warning.
 * Mirrors: mm/page_alloc.c:__alloc_pages_slowpath()
 */
static noinline struct page *__alloc_pages_slowpath(struct mmsim_cpu *cpu,
						    gfp_t gfp_mask,
						    unsigned int order,
						    struct alloc_context *ac)
{
	struct mmsim *m = cpu->machine;
	bool can_direct_reclaim = gfp_mask & __GFP_DIRECT_RECLAIM;
	unsigned int alloc_flags;
	bool drained = false;
	struct page *page;

	alloc_flags = gfp_to_alloc_flags(gfp_mask, order);
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist,
						     ac->highest_zoneidx);
	if (!ac->preferred_zoneref->zone)
		goto nopage;

	/* wake_all_kswapds(): plugs in with reclaim */
retry:
	page = get_page_from_freelist(cpu, gfp_mask, order, (int)alloc_flags, ac);
	if (page)
		return page;

	/* __GFP_MEMALLOC: ignore the watermarks entirely */
	if ((gfp_mask & __GFP_MEMALLOC) && !(gfp_mask & __GFP_NOMEMALLOC)) {
		page = get_page_from_freelist(cpu, gfp_mask, order,
					      ALLOC_NO_WATERMARKS, ac);
		if (page)
			return page;
	}
	if (!can_direct_reclaim)
		goto nopage;

	/* __alloc_pages_direct_compact(): plugs in with compaction */
	/*
	 * __alloc_pages_direct_reclaim(): no reclaim yet, but its fallback
	 * is here: pages may be pinned on per-CPU lists or in highatomic
	 * reserves; release them and try once more.
	 */
	if (!drained) {
		unreserve_highatomic_pageblock(ac, false);
		drain_all_pages(NULL);
		drained = true;
		goto retry;
	}
	/* __alloc_pages_may_oom(): plugs in with the OOM killer */
	if (gfp_mask & __GFP_NOFAIL) {
		/* the kernel loops until something frees memory; nothing
		 * can here, so take the min reserve as its cpuset fallback
		 * does, and warn if even that fails */
		page = get_page_from_freelist(cpu, gfp_mask, order,
					      ALLOC_MIN_RESERVE, ac);
		if (page)
			return page;
	}
nopage:
	warn_alloc(m, gfp_mask, order);
	return NULL;
}

/*
 * The zonelist, zone limit, migratetype and first alloc_flags of a
 * request: a pure function of the gfp mask and the node, so each CPU
 * keeps its last answer (invalid masks are not kept, so that each use
 * warns as the kernel does).
 * Mirrors: mm/page_alloc.c:prepare_alloc_pages() + alloc_flags_nofragment()
 */
static inline const struct alloc_context *
prepare_alloc_pages(struct mmsim_cpu *cpu, gfp_t gfp, int nid,
		    struct alloc_context *ac, unsigned int *alloc_flags)
{
	struct mmsim *m = cpu->machine;
	pg_data_t *pgdat = m->node_data[nid];
	gfp_t zonebits = gfp & GFP_ZONEMASK;
	bool valid = true;

	if (likely(cpu->ac_cache.gfp == gfp && cpu->ac_cache.nid == nid)) {
		*alloc_flags = cpu->ac_cache.alloc_flags;
		return &cpu->ac_cache.ac;
	}
	if ((zonebits & (zonebits - 1)) &&
	    zonebits != (__GFP_HIGHMEM | __GFP_MOVABLE) &&
	    zonebits != (__GFP_DMA | __GFP_MOVABLE) &&
	    zonebits != (__GFP_DMA32 | __GFP_MOVABLE))
		valid = false;
	ac->highest_zoneidx = gfp_zone(gfp);
	ac->zonelist = &pgdat->node_zonelists[(gfp & __GFP_THISNODE) ?
					     ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	ac->migratetype = gfp_migratetype(gfp);
	ac->spread_dirty_pages = false;
	if (unlikely(ac->migratetype >= MIGRATE_PCPTYPES)) {
		/* both mobility bits: the kernel warns, we use movable */
		WARN_ON((gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK);
		ac->migratetype = MIGRATE_MOVABLE;
		valid = false;
	}
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist,
						     ac->highest_zoneidx);
	*alloc_flags = ALLOC_WMARK_LOW |
		       alloc_flags_nofragment(m, ac->preferred_zoneref->zone, gfp);
	if (valid) {
		cpu->ac_cache.gfp = gfp;
		cpu->ac_cache.nid = nid;
		cpu->ac_cache.ac = *ac;
		cpu->ac_cache.alloc_flags = *alloc_flags;
	}
	return ac;
}

/*
 * The fast path: what get_page_from_freelist() does in the common case
 * -- the first zone of the zonelist is above its high watermark and this
 * CPU's list for the request holds a block -- in one short function with
 * the same checks and counters.  Anything else (a watermark to look at
 * more closely, an empty list to refill, a page in a bad state, a
 * machine with page_owner, fault injection or pcp=off) returns NULL, and
 * the full walk reaches the kernel's decision from the same state.
 */
static __always_inline struct page *
alloc_pages_pcp_fast(struct mmsim_cpu *cpu, gfp_t gfp, unsigned int order,
		     const struct alloc_context *ac, unsigned int alloc_flags)
{
	struct mmsim *m = cpu->machine;
	struct zone *zone = ac->preferred_zoneref->zone;
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct page *page;

	if (unlikely(order > PAGE_ALLOC_COSTLY_ORDER || !m->pcp_fast_path ||
		     !zone || test_bit(ZONE_BELOW_HIGH, &zone->flags)))
		return NULL;
	if (unlikely(!zone_watermark_fast(zone, order, high_wmark_pages(zone),
					  (int)ac->highest_zoneidx,
					  alloc_flags)))
		return NULL;
	pcp = &zone->per_cpu_pageset[cpu->id];
	list = &pcp->lists[order_to_pindex(ac->migratetype, (int)order)];
	page = list_first_entry_or_null(list, struct page, pcp_list);
	if (unlikely(!page || !page_expected_state(page, PAGE_FLAGS_CHECK_AT_PREP)))
		return NULL;
	if (order) {
		unsigned long i;

		for (i = 1; i < (1UL << order); i++)
			if (unlikely(!page_expected_state(page + i,
							  PAGE_FLAGS_CHECK_AT_PREP)))
				return NULL;
	}
	pcp->free_count >>= 1;
	list_del(&page->pcp_list);
	pcp->count -= 1 << order;
	cpu_count_vm_events(cpu, PGALLOC_DMA + zone_idx(zone), 1L << order);
	zone_statistics(cpu, zone, zone, 1);
	prep_new_page(m, page, order, gfp, alloc_flags);
	return page;
}

/*
 * The heart of the zoned buddy allocator.
 * Mirrors: mm/page_alloc.c:__alloc_pages_noprof()
 */
static inline struct page *__alloc_pages(struct mmsim_cpu *cpu, gfp_t gfp,
					 unsigned int order, int preferred_nid)
{
	const struct alloc_context *acp;
	struct alloc_context ac;
	unsigned int alloc_flags;
	struct page *page;

	if (unlikely(order > MAX_PAGE_ORDER)) {
		/* WARN_ON_ONCE_GFP(): once per boot, never with __GFP_NOWARN */
		if (!(gfp & __GFP_NOWARN))
			WARN_ON_ONCE(order > MAX_PAGE_ORDER);
		return NULL;
	}
	acp = prepare_alloc_pages(cpu, gfp, preferred_nid, &ac, &alloc_flags);
#if MMSIM_FAULT_INJECTION
	if (unlikely(cpu->machine->fail_page_alloc.enabled) &&
	    should_fail_alloc_page(cpu->machine, gfp, order))
		return NULL;
#endif
	page = alloc_pages_pcp_fast(cpu, gfp, order, acp, alloc_flags);
	if (likely(page))
		return page;
	page = get_page_from_freelist(cpu, gfp, order, (int)alloc_flags, acp);
	if (likely(page))
		return page;
	if (acp != &ac)
		ac = *acp;	/* the slow path changes its copy */
	return __alloc_pages_slowpath(cpu, gfp, order, &ac);
}

/* ------------------------------------------------------------------ */
/* Freeing                                                              */

/* Free a block straight to the buddy lists (no pcp).
 * Mirrors: mm/page_alloc.c:free_one_page() / __free_pages_ok() */
static void free_one_page(struct zone *zone, struct page *page,
			  unsigned long pfn, unsigned int order, fpi_t fpi_flags)
{
	spin_lock(&zone->lock);
	__free_one_page(page, pfn, zone, order,
			zone_pfnblock_migratetype(zone, pfn), fpi_flags);
	spin_unlock(&zone->lock);
	__count_vm_events(PGFREE, 1L << order);
}

/* Mirrors: mm/page_alloc.c:__free_frozen_pages() */
static inline void __free_frozen_pages(struct mmsim_cpu *cpu, struct page *page,
				       unsigned int order, fpi_t fpi_flags)
{
	struct mmsim *m = cpu->machine;
	unsigned long pfn = (unsigned long)(page - m->vmemmap);
	struct zone *zone;
	int migratetype;

	if (unlikely(!free_pages_prepare(m, page, order)))
		return;
	zone = __page_zone(m, page);
	if (unlikely(!pcp_allowed_order(order) || m->cfg.pcp_disabled)) {
		free_one_page(zone, page, pfn, order, fpi_flags);
		return;
	}
	migratetype = zone_pfnblock_migratetype(zone, pfn);
	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (unlikely(migratetype == MIGRATE_ISOLATE)) {
			free_one_page(zone, page, pfn, order, fpi_flags);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	free_frozen_page_commit(cpu, zone, &zone->per_cpu_pageset[cpu->id],
				page, migratetype, order);
}

/*
 * Memblock hands a block to the buddy allocator: its pages were reserved
 * (or never used) and now become managed, free memory.
 * Mirrors: mm/page_alloc.c:__free_pages_core()
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	struct mmsim *m = this_machine();
	unsigned long nr = 1UL << order, i;
	struct zone *zone = page_zone(page);

	for (i = 0; i < nr; i++) {
		__ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	atomic_long_add((long)nr, &zone->managed_pages);
	atomic_long_add((long)nr, &m->totalram_pages);
	free_one_page(zone, page, page_to_pfn(page), order, FPI_TO_TAIL);
}

/* ------------------------------------------------------------------ */
/* The API                                                              */

/*
 * Is @page a struct page of this machine at all?  Pointers outside the
 * vmemmap, misaligned, or into holes are reported, never followed.
 */
bool page_sane(struct mmsim *m, const struct page *page,
		      const char *what)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)m->vmemmap_window;

	if (unlikely(off >= m->vmemmap_window_size ||
		     off % sizeof(struct page))) {
		bad_pfn(m, what, (unsigned long)(page - m->vmemmap),
			page);
		return false;
	}
	/*
	 * A struct page of a hole is reserved, one of a section without
	 * memory is all zero: the reference and order checks that follow
	 * report either, so the fast path need not search memblock.
	 */
	return true;
}

struct mmsim_cpu *api_cpu(const char *what)
{
	struct mmsim_cpu *cpu = this_cpu();

	if (unlikely(!cpu))
		mmsim_set_error(EPERM, "%s: this thread is not bound to a CPU (call mmsim_cpu_enter())",
				what);
	return cpu;
}

/*
 * -Ddebug-vm=expensive: after every allocation and free, validate the
 * zone it touched (page_alloc_debug.c), as a kernel with every debug
 * check on would notice a broken list at the next operation.
 */
static inline void debug_vm_check(struct mmsim *m, struct page *page)
{
#if MMSIM_DEBUG_VM >= 2
	if (page)
		check_zone_invariants(m, __page_zone(m, page));
#endif
}

MMSIM_EXPORT struct page *mmsim_alloc_pages(gfp_t gfp, unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("alloc_pages");
	struct page *page;

	if (unlikely(!cpu))
		return NULL;
	page = __alloc_pages(cpu, gfp, order, cpu->node);
	debug_vm_check(cpu->machine, page);
	return page;
}

MMSIM_EXPORT struct page *mmsim_alloc_pages_node(int nid, gfp_t gfp,
						 unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("alloc_pages_node");
	struct page *page;

	if (unlikely(!cpu))
		return NULL;
	if (nid == NUMA_NO_NODE)
		nid = cpu->node;
	if (nid < 0 || nid >= cpu->machine->nr_node_ids) {
		mmsim_set_error(EINVAL, "alloc_pages_node: no node %d", nid);
		WARN_ON(nid < 0 || nid >= cpu->machine->nr_node_ids);
		return NULL;
	}
	page = __alloc_pages(cpu, gfp, order, nid);
	debug_vm_check(cpu->machine, page);
	return page;
}

/*
 * The last reference is gone: check that the block is freed with the
 * order it was allocated with, then free it.
 */
void free_unref_block(struct mmsim_cpu *cpu, struct page *page,
			     unsigned int order)
{
	struct mmsim *m = cpu->machine;
	struct page_ext *ext = page_ext_of(m, (unsigned long)(page - m->vmemmap));

	if (unlikely(ext->alloc_order != order + 1)) {
		char reason[96];

		if (!ext->alloc_order)
			snprintf(reason, sizeof(reason),
				 "freeing a page that was not allocated (order %u)",
				 order);
		else
			snprintf(reason, sizeof(reason),
				 "freed as order %u but allocated as order %u",
				 order, ext->alloc_order - 1);
		/* keep the reference: the block stays allocated, counts exact */
		set_page_count(page, 1);
		bad_page(page, reason);
		return;
	}
	ext->alloc_order = 0;
	__free_frozen_pages(cpu, page, order, FPI_NONE);
}

/* Mirrors: mm/page_alloc.c:___free_pages() */
MMSIM_EXPORT void mmsim___free_pages(struct page *page, unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("__free_pages");
	struct mmsim *m;
	int old;
	bool head;

	if (unlikely(!cpu || !page))
		return;
	m = cpu->machine;
	if (unlikely(!page_sane(m, page, "__free_pages")))
		return;
	if (unlikely(order > MAX_PAGE_ORDER)) {
		bad_page(page, "__free_pages() with order > MAX_PAGE_ORDER");
		return;
	}
	head = PageHead(page);
	old = put_page_ref(page);
	if (likely(old == 1)) {
		free_unref_block(cpu, page, order);
	} else if (old > 1 && !head && order) {
		/*
		 * Someone else holds a reference on the first page of a
		 * non-compound block: free the rest now, the first page
		 * (now an order-0 allocation) when they drop it.
		 */
		unsigned long pfn = page_to_pfn(page);

		page_ext_of(m, pfn)->alloc_order = 1;
		while (order-- > 0)
			__free_frozen_pages(cpu, page + (1UL << order), order,
					    FPI_NONE);
	}
	debug_vm_check(m, page);
}
