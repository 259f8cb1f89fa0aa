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
 */
#include <errno.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable",
};

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/*
 * Where a request falls back when its own free lists are empty
 * (mm/page_alloc.c: fallbacks[]).
 */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* ------------------------------------------------------------------ */
/* Pageblock migratetypes                                               */

static inline u8 *pageblock_flags_ptr(const struct zone *zone,
				      unsigned long pfn)
{
	return &zone->pageblock_flags[(pfn - pageblock_start_pfn(zone->zone_start_pfn)) >>
				      pageblock_order];
}

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

static void change_pageblock_range(struct page *page, int start_order,
				   int migratetype)
{
	int nr_pageblocks = 1 << (start_order - pageblock_order);

	while (nr_pageblocks--) {
		set_pageblock_migratetype(page, migratetype);
		page += pageblock_nr_pages;
	}
}

/* ------------------------------------------------------------------ */
/* Free lists                                                           */

static inline void account_freepages(struct zone *zone, long nr_pages,
				     int migratetype)
{
	if (migratetype == MIGRATE_ISOLATE)
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
	if (migratetype == MIGRATE_HIGHATOMIC)
		zone->nr_free_highatomic += (unsigned long)nr_pages;
}

static inline void __add_to_free_list(struct page *page, struct zone *zone,
				      unsigned int order, int migratetype,
				      bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list[migratetype]);
	else
		list_add(&page->buddy_list, &area->free_list[migratetype]);
	area->nr_free++;
	if (order >= pageblock_order && migratetype != MIGRATE_ISOLATE)
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, 1L << order);
}

static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];

	list_move_tail(&page->buddy_list, &area->free_list[new_mt]);
	account_freepages(zone, -(1L << order), old_mt);
	account_freepages(zone, 1L << order, new_mt);
	if (order >= pageblock_order &&
	    (old_mt == MIGRATE_ISOLATE) != (new_mt == MIGRATE_ISOLATE))
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS,
				      new_mt == MIGRATE_ISOLATE ? -(1L << order)
								: 1L << order);
}

static inline void __del_page_from_free_list(struct page *page,
					     struct zone *zone,
					     unsigned int order, int migratetype)
{
	if (order >= pageblock_order && migratetype != MIGRATE_ISOLATE)
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, -(1L << order));
	list_del(&page->buddy_list);
	__ClearPageBuddy(page);
	set_page_private(page, 0);
	zone->free_area[order].nr_free--;
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order, int migratetype)
{
	__del_page_from_free_list(page, zone, order, migratetype);
	account_freepages(zone, -(1L << order), migratetype);
}

/*
 * The first free block on a list.  An empty MAX_PAGE_ORDER movable list
 * may still have deferred blocks (see mm_init.c): initialise some.
 */
static inline struct page *get_page_from_free_area(struct zone *zone,
						   struct free_area *area,
						   int migratetype)
{
	struct page *page = list_first_entry_or_null(&area->free_list[migratetype],
						     struct page, buddy_list);

	if (unlikely(!page && migratetype == MIGRATE_MOVABLE &&
		     area->nr_deferred)) {
		deferred_grow_zone_locked(zone);
		page = list_first_entry_or_null(&area->free_list[migratetype],
						struct page, buddy_list);
	}
	return page;
}

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

/*
 * Split a block of order @high down to order @low: the upper halves go
 * back to the free lists, one per order (the picture for low 0, high 3):
 *
 *	[ 0 1 2 3 4 5 6 7 ]  ->  [0] [1] [2 3] [4 5 6 7]
 *	  taken                  ^use  ^free  ^free  ^free (order 0, 1, 2)
 *
 * Returns the number of pages put back.
 * Mirrors: mm/page_alloc.c:expand()
 */
static inline unsigned int expand(struct zone *zone, struct page *page, int low,
				  int high, int migratetype)
{
	unsigned int size = 1U << high, nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, (unsigned int)high,
				   migratetype, false);
		set_buddy_order(&page[size], (unsigned int)high);
		nr_added += size;
	}
	return nr_added;
}

static inline void page_del_and_expand(struct zone *zone, struct page *page,
				       int low, int high, int migratetype)
{
	int nr_pages = 1 << high;

	__del_page_from_free_list(page, zone, (unsigned int)high, migratetype);
	nr_pages -= (int)expand(zone, page, low, high, migratetype);
	account_freepages(zone, -nr_pages, migratetype);
}

/* The smallest free block of @migratetype that fits, split to @order.
 * Mirrors: mm/page_alloc.c:__rmqueue_smallest() */
static inline struct page *__rmqueue_smallest(struct zone *zone,
					      unsigned int order,
					      int migratetype)
{
	unsigned int current_order;

	for (current_order = order; current_order < NR_PAGE_ORDERS;
	     ++current_order) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = get_page_from_free_area(zone, area,
							    migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, (int)order, (int)current_order,
				    migratetype);
		return page;
	}
	return NULL;
}

/*
 * Should a fallback of @order try to take over the whole pageblock?
 * Big requests, and unmovable/reclaimable ones (which would otherwise
 * pollute movable blocks for good), do.
 * Mirrors: mm/page_alloc.c:should_try_claim_block()
 */
static bool should_try_claim_block(struct mmsim *m, unsigned int order,
				   int start_mt)
{
	if (order >= pageblock_order / 2)
		return true;
	if (start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE)
		return true;
	if (m->page_group_by_mobility_disabled)
		return true;
	return false;
}

/*
 * The first fallback type with a free block of this order; -1 if none,
 * -2 if @claimable and the order is too small to claim a block.
 * Mirrors: mm/page_alloc.c:find_suitable_fallback()
 */
static int find_suitable_fallback(struct mmsim *m, struct free_area *area,
				  unsigned int order, int migratetype,
				  bool claimable)
{
	int i;

	if (claimable && !should_try_claim_block(m, order, migratetype))
		return -2;
	if (area->nr_free == 0)
		return -1;
	for (i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (!free_area_empty(area, fallback_mt))
			return fallback_mt;
	}
	return -1;
}

/*
 * Count the free and the movable pages of @page's pageblock; false if
 * the block is not wholly inside the zone.
 * Mirrors: mm/page_alloc.c:prep_move_freepages_block()
 */
static bool prep_move_freepages_block(struct zone *zone, struct page *page,
				      unsigned long *start_pfn, int *num_free,
				      int *num_movable)
{
	unsigned long pfn = page_to_pfn(page), start, end;

	start = pageblock_start_pfn(pfn);
	end = pageblock_end_pfn(pfn) - 1;
	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end))
		return false;
	*start_pfn = start;
	*num_free = 0;
	*num_movable = 0;
	for (pfn = start; pfn <= end;) {
		struct page *p = pfn_to_page(pfn);

		if (PageBuddy(p)) {
			int nr = 1 << buddy_order(p);

			*num_free += nr;
			pfn += (unsigned long)nr;
			continue;
		}
		if (PageLRU(p))
			(*num_movable)++;
		pfn++;
	}
	return true;
}

/* Move every free block of a pageblock to another type's lists.
 * Mirrors: mm/page_alloc.c:__move_freepages_block() */
static int __move_freepages_block(struct zone *zone, unsigned long start_pfn,
				  int old_mt, int new_mt)
{
	unsigned long pfn = start_pfn, end_pfn = start_pfn + pageblock_nr_pages;
	int pages_moved = 0;

	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		move_to_free_list(page, zone, order, old_mt, new_mt);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	set_pageblock_migratetype(pfn_to_page(start_pfn), new_mt);
	return pages_moved;
}

/*
 * Falling back to a block of another type: take the whole pageblock if
 * the block is big, or if enough of the pageblock is free or of a
 * compatible type; otherwise give up (the caller may still steal).
 * Mirrors: mm/page_alloc.c:try_to_claim_block() (no watermark boost)
 */
static struct page *try_to_claim_block(struct zone *zone, struct page *page,
				       int current_order, int order,
				       int start_type, int block_type)
{
	struct mmsim *m = zone->zone_pgdat->machine;
	int free_pages, movable_pages, alike_pages;
	unsigned long start_pfn;

	if (current_order >= pageblock_order) {
		unsigned int nr_added;

		del_page_from_free_list(page, zone, (unsigned int)current_order,
					block_type);
		change_pageblock_range(page, current_order, start_type);
		nr_added = expand(zone, page, order, current_order, start_type);
		account_freepages(zone, (long)nr_added, start_type);
		return page;
	}
	if (!prep_move_freepages_block(zone, page, &start_pfn, &free_pages,
				       &movable_pages))
		return NULL;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_type == MIGRATE_MOVABLE)
		alike_pages = (int)pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1 << (pageblock_order - 1)) ||
	    m->page_group_by_mobility_disabled) {
		__move_freepages_block(zone, start_pfn, block_type, start_type);
		return __rmqueue_smallest(zone, (unsigned int)order, start_type);
	}
	return NULL;
}

/* Mirrors: mm/page_alloc.c:__rmqueue_claim(): the largest block first,
 * which roughly picks the pageblock with the most free pages. */
static struct page *__rmqueue_claim(struct zone *zone, int order,
				    int start_migratetype,
				    unsigned int alloc_flags)
{
	struct mmsim *m = zone->zone_pgdat->machine;
	int current_order, min_order = order;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (current_order = MAX_PAGE_ORDER; current_order >= min_order;
	     --current_order) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt = find_suitable_fallback(m, area,
							 (unsigned int)current_order,
							 start_migratetype, true);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		if (fallback_mt == -2)
			break;
		page = get_page_from_free_area(zone, area, fallback_mt);
		page = try_to_claim_block(zone, page, current_order, order,
					  start_migratetype, fallback_mt);
		if (page)
			return page;
	}
	return NULL;
}

/* Mirrors: mm/page_alloc.c:__rmqueue_steal(): the smallest block of
 * another type, split on that type's lists. */
static struct page *__rmqueue_steal(struct zone *zone, int order,
				    int start_migratetype)
{
	struct mmsim *m = zone->zone_pgdat->machine;
	int current_order;

	for (current_order = order; current_order < NR_PAGE_ORDERS;
	     current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt = find_suitable_fallback(m, area,
							 (unsigned int)current_order,
							 start_migratetype, false);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		page = get_page_from_free_area(zone, area, fallback_mt);
		page_del_and_expand(zone, page, order, current_order,
				    fallback_mt);
		return page;
	}
	return NULL;
}

enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

/*
 * Take a block of @order from the buddy lists: own type first, then
 * claiming, then stealing.  @mode remembers where the last call found
 * pages, so a bulk refill does not search from scratch each time.
 * Caller holds zone->lock.  Mirrors: mm/page_alloc.c:__rmqueue()
 */
static inline struct page *__rmqueue(struct zone *zone, unsigned int order,
				     int migratetype, unsigned int alloc_flags,
				     enum rmqueue_mode *mode)
{
	struct page *page;

	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page)
			return page;
		fallthrough;
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(zone, (int)order, migratetype,
				       alloc_flags);
		if (page) {
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		fallthrough;
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(zone, (int)order, migratetype);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}

/*
 * A successful high-order atomic allocation sets a pageblock aside for
 * later ones, up to 1% of the zone.
 * Mirrors: mm/page_alloc.c:reserve_highatomic_pageblock()
 */
static void reserve_highatomic_pageblock(struct page *page, int order,
					 struct zone *zone)
{
	unsigned long max_managed;
	int mt;

	max_managed = ALIGN((zone_managed_pages(zone) / 100), pageblock_nr_pages);
	if (zone->nr_reserved_highatomic >= max_managed)
		return;
	spin_lock(&zone->lock);
	if (zone->nr_reserved_highatomic >= max_managed)
		goto out_unlock;
	mt = get_pfnblock_migratetype(page, page_to_pfn(page));
	if (mt != MIGRATE_UNMOVABLE && mt != MIGRATE_RECLAIMABLE &&
	    mt != MIGRATE_MOVABLE)
		goto out_unlock;
	if (order < pageblock_order) {
		unsigned long start_pfn;
		int nf, nm;

		if (!prep_move_freepages_block(zone, page, &start_pfn, &nf, &nm))
			goto out_unlock;
		__move_freepages_block(zone, start_pfn, mt, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += pageblock_nr_pages;
	} else {
		change_pageblock_range(page, order, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += 1UL << order;
	}
out_unlock:
	spin_unlock(&zone->lock);
}

/*
 * Give the highatomic reserves back before failing an allocation.
 * Mirrors: mm/page_alloc.c:unreserve_highatomic_pageblock()
 */
static bool unreserve_highatomic_pageblock(const struct alloc_context *ac,
					   bool force)
{
	struct zoneref *z;
	bool ret = false;

	for (z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		int order;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		spin_lock(&zone->lock);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			struct page *page = list_first_entry_or_null(
				&area->free_list[MIGRATE_HIGHATOMIC], struct page,
				buddy_list);
			unsigned long start_pfn, size;
			int nf, nm;

			if (!page)
				continue;
			size = max(pageblock_nr_pages, 1UL << order);
			size = min(size, zone->nr_reserved_highatomic);
			zone->nr_reserved_highatomic -= size;
			if (order < pageblock_order) {
				if (prep_move_freepages_block(zone, page, &start_pfn,
							      &nf, &nm))
					__move_freepages_block(zone, start_pfn,
							       MIGRATE_HIGHATOMIC,
							       ac->migratetype);
			} else {
				move_to_free_list(page, zone, (unsigned int)order,
						  MIGRATE_HIGHATOMIC,
						  ac->migratetype);
				change_pageblock_range(page, order,
						       ac->migratetype);
			}
			ret = true;
			break;
		}
		spin_unlock(&zone->lock);
		if (ret)
			return ret;
	}
	return ret;
}

/* ------------------------------------------------------------------ */
/* Page state checks                                                    */

static const char *page_bad_reason(const struct page *page,
				   unsigned long flags)
{
	const char *bad_reason = NULL;

	if (unlikely(atomic_read(&page->_mapcount) != -1))
		bad_reason = "nonzero mapcount";
	if (unlikely(page->mapping != NULL))
		bad_reason = "non-NULL mapping";
	if (unlikely(page_ref_count(page) != 0))
		bad_reason = "nonzero _refcount";
	if (unlikely(page->flags & flags)) {
		if (flags == PAGE_FLAGS_CHECK_AT_PREP)
			bad_reason = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
		else
			bad_reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	}
	return bad_reason;
}

static inline bool page_expected_state(const struct page *page,
				       unsigned long check_flags)
{
	if (unlikely(atomic_read(&page->_mapcount) != -1))
		return false;
	if (unlikely((unsigned long)page->mapping | (unsigned long)page_ref_count(page) |
		     (page->flags & check_flags)))
		return false;
	return true;
}

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
	return true;
}

/* Mirrors: mm/page_alloc.c:check_new_page() */
static noinline __cold void check_new_page_bad(struct page *page,
						unsigned int order)
{
	bad_page(page, page_bad_reason(page, PAGE_FLAGS_CHECK_AT_PREP));
	atomic_long_add(1L << order, &this_machine()->leaked_pages);
}

static inline bool check_new_pages(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		if (unlikely(!page_expected_state(page + i,
						  PAGE_FLAGS_CHECK_AT_PREP))) {
			check_new_page_bad(page + i, order);
			return true;
		}
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Per-CPU lists                                                        */

static inline unsigned int order_to_pindex(int migratetype, int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS;	/* the THP list */
	return (unsigned int)(MIGRATE_PCPTYPES * order + migratetype);
}

static inline int pindex_to_order(unsigned int pindex)
{
	if (pindex == NR_LOWORDER_PCP_LISTS)
		return HPAGE_PMD_ORDER;
	return (int)(pindex / MIGRATE_PCPTYPES);
}

static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == HPAGE_PMD_ORDER;
}

/* Pages to free from a pcp list that reached high.
 * Mirrors: mm/page_alloc.c:nr_pcp_free() */
static int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high,
		       bool free_high)
{
	if (unlikely(free_high))
		return min(pcp->count, batch << CONFIG_PCP_BATCH_SCALE_MAX);
	if (unlikely(high < batch))
		return 1;
	return clamp(pcp->free_count, batch, high - batch);
}

/* The current pcp->high, tuned between high_min and high_max.
 * Mirrors: mm/page_alloc.c:nr_pcp_high() */
static int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch,
		       bool free_high)
{
	int high_min = READ_ONCE(pcp->high_min);
	int high_max = READ_ONCE(pcp->high_max);
	int high = pcp->high = clamp(pcp->high, high_min, high_max);

	if (unlikely(!high))
		return 0;
	if (unlikely(free_high)) {
		pcp->high = max(high - (batch << CONFIG_PCP_BATCH_SCALE_MAX),
				high_min);
		return 0;
	}
	if (test_bit(ZONE_RECLAIM_ACTIVE, &zone->flags)) {
		int free_count = max(pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		return min(batch << 2, pcp->high);
	}
	if (high_min == high_max)
		return high;
	if (test_bit(ZONE_BELOW_HIGH, &zone->flags)) {
		int free_count = max(pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		high = max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		if (pcp->high < need_high)
			pcp->high = clamp(need_high, high_min, high_max);
	}
	return high;
}

/* How many pages a refill takes from the zone.
 * Mirrors: mm/page_alloc.c:nr_pcp_alloc() */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, int order)
{
	int high_min = READ_ONCE(pcp->high_min);
	int high_max = READ_ONCE(pcp->high_max);
	int base_batch = READ_ONCE(pcp->batch);
	int high = pcp->high = clamp(pcp->high, high_min, high_max);
	int batch, max_nr_alloc;

	if (unlikely(high < base_batch))
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	if (high_min != high_max && !test_bit(ZONE_BELOW_HIGH, &zone->flags))
		high = pcp->high = min(high + batch, high_max);
	if (!order) {
		max_nr_alloc = max(high - pcp->count - base_batch, base_batch);
		if (batch <= max_nr_alloc &&
		    pcp->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min(batch, max_nr_alloc);
	}
	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

/*
 * Give @count pages of a pcp back to the buddy lists, round-robin over
 * the lists starting with @pindex, the coldest (tail) pages first.
 * Mirrors: mm/page_alloc.c:free_pcppages_bulk()
 */
static void free_pcppages_bulk(struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	count = min(pcp->count, count);
	pindex = pindex - 1;
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list;
		int order, nr_pages;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));

		order = pindex_to_order((unsigned int)pindex);
		nr_pages = 1 << order;
		do {
			struct page *page = list_last_entry(list, struct page,
							    pcp_list);
			unsigned long pfn = page_to_pfn(page);
			int mt = zone_pfnblock_migratetype(zone, pfn);

			list_del(&page->pcp_list);
			count -= nr_pages;
			pcp->count -= nr_pages;
			__free_one_page(page, pfn, zone, (unsigned int)order,
					mt, FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	spin_unlock(&zone->lock);
}

/* Take up to @count blocks for a pcp list.
 * Mirrors: mm/page_alloc.c:rmqueue_bulk() */
static int rmqueue_bulk(struct zone *zone, unsigned int order,
			unsigned long count, struct list_head *list,
			int migratetype, unsigned int alloc_flags)
{
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	unsigned long i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(zone, order, migratetype,
					      alloc_flags, &rmqm);

		if (unlikely(page == NULL))
			break;
		list_add_tail(&page->pcp_list, list);
	}
	spin_unlock(&zone->lock);
	return (int)i;
}

/* Drain one CPU's lists of one zone (the CPU is ours or borrowed). */
static void drain_pages_zone(struct zone *zone, int cpu)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

	if (pcp->count)
		free_pcppages_bulk(zone, pcp->count, pcp, 0);
}

static void drain_pages(struct mmsim *m, struct zone *zone, int cpu)
{
	struct zone *z;
	int nid, zid;

	if (zone) {
		drain_pages_zone(zone, cpu);
		return;
	}
	for_each_zone(m, z, nid, zid)
		if (populated_zone(z))
			drain_pages_zone(z, cpu);
}

/* Spill this CPU's lists of @zone (all zones if NULL) to the buddy. */
void drain_local_pages(struct zone *zone)
{
	struct mmsim_cpu *cpu = this_cpu();

	__atomic_store_n(&cpu->drain_pending, 0, __ATOMIC_RELAXED);
	drain_pages(cpu->machine, zone, cpu->id);
}

static inline void check_drain_pending(struct mmsim_cpu *cpu)
{
	if (unlikely(__atomic_load_n(&cpu->drain_pending, __ATOMIC_RELAXED)))
		drain_local_pages(NULL);
}

/*
 * Drain every CPU's lists.  The kernel runs the drain on each CPU and
 * waits; here a CPU that no thread holds is drained directly, and a CPU
 * held by another thread is asked to drain itself (drain_pending) the
 * next time that thread refills, overflows or releases its lists.
 * Mirrors: mm/page_alloc.c:drain_all_pages()
 */
void drain_all_pages(struct zone *zone)
{
	struct mmsim_cpu *self = this_cpu();
	struct mmsim *m = self->machine;
	int cpu;

	for_each_possible_cpu(m, cpu) {
		struct mmsim_cpu *c = &m->cpus[cpu];

		if (c == self) {
			drain_pages(m, zone, cpu);
		} else if (cpu_borrow(c)) {
			drain_pages(m, zone, cpu);
			cpu_return(c);
		} else {
			__atomic_store_n(&c->drain_pending, 1, __ATOMIC_RELAXED);
		}
	}
}

/* Mirrors: mm/page_alloc.c:__rmqueue_pcplist() */
static inline struct page *__rmqueue_pcplist(struct zone *zone,
					     unsigned int order,
					     int migratetype,
					     unsigned int alloc_flags,
					     struct per_cpu_pages *pcp,
					     struct list_head *list)
{
	struct page *page;

	do {
		if (list_empty(list)) {
			int batch = nr_pcp_alloc(pcp, zone, (int)order);
			int alloced;

			check_drain_pending(this_cpu());
			alloced = rmqueue_bulk(zone, order, (unsigned long)batch,
					       list, migratetype, alloc_flags);
			pcp->count += alloced << order;
			if (unlikely(list_empty(list)))
				return NULL;
		}
		page = list_first_entry(list, struct page, pcp_list);
		list_del(&page->pcp_list);
		pcp->count -= 1 << order;
	} while (check_new_pages(page, order));
	return page;
}

static inline void zone_statistics(struct mmsim_cpu *cpu,
				   struct zone *preferred_zone, struct zone *z,
				   long nr_account)
{
#if MMSIM_STATS
	unsigned long *ev = z->per_cpu_zonestats[cpu->id].vm_numa_event;

	if (z->node == preferred_zone->node) {
		ev[NUMA_HIT] += (unsigned long)nr_account;
	} else {
		ev[NUMA_MISS] += (unsigned long)nr_account;
		preferred_zone->per_cpu_zonestats[cpu->id].vm_numa_event[NUMA_FOREIGN] +=
			(unsigned long)nr_account;
	}
	ev[z->node == cpu->node ? NUMA_LOCAL : NUMA_OTHER] +=
		(unsigned long)nr_account;
#endif
}

/* Mirrors: mm/page_alloc.c:rmqueue_pcplist() */
static inline struct page *rmqueue_pcplist(struct mmsim_cpu *cpu,
					   struct zone *preferred_zone,
					   struct zone *zone, unsigned int order,
					   int migratetype,
					   unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu->id];
	struct list_head *list;
	struct page *page;

	pcp->free_count >>= 1;
	list = &pcp->lists[order_to_pindex(migratetype, (int)order)];
	page = __rmqueue_pcplist(zone, order, migratetype, alloc_flags, pcp,
				 list);
	if (page) {
		cpu_count_vm_events(cpu, PGALLOC_DMA + zone_idx(zone), 1L << order);
		zone_statistics(cpu, preferred_zone, zone, 1);
	}
	return page;
}

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

static void show_migration_types(char *buf, size_t size, unsigned char type)
{
	static const char types[MIGRATE_TYPES] = { 'U', 'M', 'E', 'H', 'C', 'I' };
	size_t n = 0;
	int i;

	for (i = 0; i < MIGRATE_TYPES && n + 1 < size; i++)
		if (type & (1 << i))
			buf[n++] = types[i];
	buf[n] = '\0';
}

/* The free-area lines of show_free_areas() (mm/show_mem.c). */
static void report_free_areas(struct report *r, struct mmsim *m)
{
	struct zone *zone;
	int nid, zid;

	report_printf(r, "Mem-Info:\n");
	for_each_zone(m, zone, nid, zid) {
		unsigned long nr[NR_PAGE_ORDERS], total = 0;
		unsigned char types[NR_PAGE_ORDERS];
		unsigned int order;

		if (!populated_zone(zone))
			continue;
		report_printf(r, "Node %d %s free:%lukB min:%lukB low:%lukB high:%lukB managed:%lukB\n",
			      nid, zone->name,
			      zone_page_state(zone, NR_FREE_PAGES) << 2,
			      min_wmark_pages(zone) << 2,
			      low_wmark_pages(zone) << 2,
			      high_wmark_pages(zone) << 2,
			      zone_managed_pages(zone) << 2);
		spin_lock(&zone->lock);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			int t;

			nr[order] = area->nr_free;
			total += nr[order] << order;
			types[order] = 0;
			for (t = 0; t < MIGRATE_TYPES; t++)
				if (!free_area_empty(area, t))
					types[order] |= (unsigned char)(1 << t);
		}
		spin_unlock(&zone->lock);
		report_printf(r, "Node %d %s: ", nid, zone->name);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			char t[8];

			report_printf(r, "%lu*%lukB ", nr[order],
				      (PAGE_SIZE >> 10) << order);
			if (nr[order]) {
				show_migration_types(t, sizeof(t), types[order]);
				report_printf(r, "(%s) ", t);
			}
		}
		report_printf(r, "= %lukB\n", total << 2);
	}
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

/* Mirrors: mm/page_alloc.c:free_frozen_page_commit() */
static inline void free_frozen_page_commit(struct mmsim_cpu *cpu,
					   struct zone *zone,
					   struct per_cpu_pages *pcp,
					   struct page *page, int migratetype,
					   unsigned int order)
{
	int high, batch;
	unsigned int pindex;
	bool free_high = false;

#if MMSIM_STATS
	cpu->vm_events[PGFREE] += 1UL << order;
#endif
	/* freeing halves the batch scaling that allocation bursts grew
	 * (nr_pcp_alloc()) */
	pcp->alloc_factor >>= 1;
	pindex = order_to_pindex(migratetype, (int)order);
	list_add(&page->pcp_list, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	batch = READ_ONCE(pcp->batch);
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = (pcp->free_count >= (batch + pcp->high_min / 2) &&
			     (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			     (!(pcp->flags & PCPF_FREE_HIGH_BATCH) ||
			      pcp->count >= batch));
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count += (short)(1 << order);
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count >= high) {
		free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high),
				   pcp, (int)pindex);
		if (test_bit(ZONE_BELOW_HIGH, &zone->flags) &&
		    zone_watermark_ok(zone, 0, high_wmark_pages(zone),
				      ZONE_MOVABLE, 0))
			clear_bit(ZONE_BELOW_HIGH, &zone->flags);
		check_drain_pending(cpu);
	}
}

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
static bool page_sane(struct mmsim *m, const struct page *page,
		      const char *what)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)m->vmemmap_window;
	unsigned long pfn;

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
	(void)pfn;
	return true;
}

static struct mmsim_cpu *api_cpu(const char *what)
{
	struct mmsim_cpu *cpu = this_cpu();

	if (unlikely(!cpu))
		mmsim_set_error(EPERM, "%s: this thread is not bound to a CPU (call mmsim_cpu_enter())",
				what);
	return cpu;
}

MMSIM_EXPORT struct page *mmsim_alloc_pages(gfp_t gfp, unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("alloc_pages");

	if (unlikely(!cpu))
		return NULL;
	return __alloc_pages(cpu, gfp, order, cpu->node);
}

MMSIM_EXPORT struct page *mmsim_alloc_pages_node(int nid, gfp_t gfp,
						 unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("alloc_pages_node");

	if (unlikely(!cpu))
		return NULL;
	if (nid == NUMA_NO_NODE)
		nid = cpu->node;
	if (nid < 0 || nid >= cpu->machine->nr_node_ids) {
		mmsim_set_error(EINVAL, "alloc_pages_node: no node %d", nid);
		WARN_ON(nid < 0 || nid >= cpu->machine->nr_node_ids);
		return NULL;
	}
	return __alloc_pages(cpu, gfp, order, nid);
}

/*
 * The last reference is gone: check that the block is freed with the
 * order it was allocated with, then free it.
 */
static void free_unref_block(struct mmsim_cpu *cpu, struct page *page,
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

/* Drop a reference; returns the old count, or 0 after reporting a free
 * of a page that had no reference (the count is left as it was). */
static inline int put_page_ref(struct page *page)
{
	int old = atomic_fetch_add(-1, &page->_refcount);

	if (unlikely(old <= 0)) {
		atomic_add(1, &page->_refcount);
		bad_page(page, old ? "negative _refcount"
				   : "page_ref_count(page) == 0: double free?");
		return 0;
	}
	return old;
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
}

MMSIM_EXPORT void mmsim_free_pages(unsigned long addr, unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("free_pages");

	if (!cpu || !addr)
		return;
	if (unlikely(!virt_addr_in_arena(cpu->machine, (void *)addr) ||
		     addr % PAGE_SIZE)) {
		bad_pfn(cpu->machine, "free_pages", 0, (void *)addr);
		return;
	}
	mmsim___free_pages(virt_to_page((void *)addr), order);
}

MMSIM_EXPORT unsigned long mmsim___get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = mmsim_alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

MMSIM_EXPORT unsigned long mmsim_get_zeroed_page(gfp_t gfp)
{
	return mmsim___get_free_pages(gfp | __GFP_ZERO, 0);
}

/* Mirrors: mm/page_alloc.c:split_page(): one order-N block becomes 2^N
 * order-0 pages, each with its own reference. */
MMSIM_EXPORT void mmsim_split_page(struct page *page, unsigned int order)
{
	struct mmsim_cpu *cpu = api_cpu("split_page");
	struct mmsim *m;
	unsigned long pfn, i;

	if (!cpu || !page || !page_sane(cpu->machine, page, "split_page"))
		return;
	m = cpu->machine;
	if (VM_BUG_ON_PAGE(PageCompound(page), page) ||
	    VM_BUG_ON_PAGE(!page_ref_count(page), page))
		return;
	pfn = page_to_pfn(page);
	if (page_ext_of(m, pfn)->alloc_order != order + 1) {
		bad_page(page, "split_page() with an order the block was not allocated with");
		return;
	}
	for (i = 0; i < (1UL << order); i++) {
		if (i)
			set_page_count(page + i, 1);
		page_ext_of(m, pfn + i)->alloc_order = 1;
	}
	if (unlikely(m->cfg.page_owner))
		for (i = 1; i < (1UL << order); i++)
			set_page_owner(m, page + i, 0, 0);
}

static inline unsigned int get_order(size_t size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return (unsigned int)(64 - __builtin_clzl((size - 1) >> PAGE_SHIFT));
}

/* Mirrors: mm/page_alloc.c:alloc_pages_exact() + make_alloc_exact() */
MMSIM_EXPORT void *mmsim_alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	unsigned long addr, nr, i;
	struct page *page;

	if (!size || order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN) && this_cpu())
			WARN_ON(order > MAX_PAGE_ORDER);
		return NULL;
	}
	if (gfp & (__GFP_COMP | __GFP_HIGHMEM)) {
		WARN_ON(gfp & (__GFP_COMP | __GFP_HIGHMEM));
		gfp &= ~(__GFP_COMP | __GFP_HIGHMEM);
	}
	addr = mmsim___get_free_pages(gfp, order);
	if (!addr)
		return NULL;
	page = virt_to_page((void *)addr);
	nr = DIV_ROUND_UP(size, PAGE_SIZE);
	mmsim_split_page(page, order);
	for (i = nr; i < (1UL << order); i++)
		mmsim___free_pages(page + i, 0);
	return (void *)addr;
}

MMSIM_EXPORT void mmsim_free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt;
	unsigned long end = addr + ALIGN(size, PAGE_SIZE);

	while (addr < end) {
		mmsim_free_pages(addr, 0);
		addr += PAGE_SIZE;
	}
}

MMSIM_EXPORT void mmsim_get_page(struct page *page)
{
	struct mmsim_cpu *cpu = api_cpu("get_page");

	if (!cpu || !page || !page_sane(cpu->machine, page, "get_page"))
		return;
	page = compound_head(page);
	if (VM_BUG_ON_PAGE(page_ref_count(page) <= 0, page))
		return;
	atomic_inc(&page->_refcount);
}

/* Mirrors: include/linux/mm.h:put_page() -> folio_put(): the last
 * reference frees the folio: its compound order, or order 0. */
MMSIM_EXPORT void mmsim_put_page(struct page *page)
{
	struct mmsim_cpu *cpu = api_cpu("put_page");

	if (!cpu || !page || !page_sane(cpu->machine, page, "put_page"))
		return;
	page = compound_head(page);
	if (put_page_ref(page) == 1)
		free_unref_block(cpu, page, compound_order(page));
}

MMSIM_EXPORT void mmsim_drain_all_pages(void)
{
	if (api_cpu("drain_all_pages"))
		drain_all_pages(NULL);
}

MMSIM_EXPORT int mmsim_page_count(const struct page *page)
{
	return page_ref_count(compound_head(page));
}

MMSIM_EXPORT int mmsim_page_mapcount(const struct page *page)
{
	return page_mapcount(page);
}

MMSIM_EXPORT unsigned long mmsim_page_to_pfn(const struct page *page)
{
	return page_to_pfn(page);
}

MMSIM_EXPORT struct page *mmsim_pfn_to_page(unsigned long pfn)
{
	struct mmsim *m = this_machine();

	if (!m || !pfn_in_vmemmap(m, pfn))
		return NULL;
	return pfn_to_page(pfn);
}

MMSIM_EXPORT int mmsim_pfn_valid(unsigned long pfn)
{
	struct mmsim *m = this_machine();

	return m && pfn_in_vmemmap(m, pfn) &&
	       memblock_is_memory(&m->memblock, PFN_PHYS(pfn));
}

MMSIM_EXPORT void *mmsim_page_address(const struct page *page)
{
	return page_address(page);
}

MMSIM_EXPORT struct page *mmsim_virt_to_page(const void *addr)
{
	struct mmsim *m = this_machine();

	if (!m || !virt_addr_in_arena(m, addr))
		return NULL;
	return virt_to_page(addr);
}

MMSIM_EXPORT phys_addr_t mmsim_page_to_phys(const struct page *page)
{
	return page_to_phys(page);
}

MMSIM_EXPORT phys_addr_t mmsim_virt_to_phys(const void *addr)
{
	return __pa(addr);
}

MMSIM_EXPORT void *mmsim_phys_to_virt(phys_addr_t pa)
{
	return __va(pa);
}

MMSIM_EXPORT int mmsim_page_to_nid(const struct page *page)
{
	return page_to_nid(page);
}

MMSIM_EXPORT enum mmsim_zone_type mmsim_page_zonenum(const struct page *page)
{
	return (enum mmsim_zone_type)page_zonenum(page);
}

MMSIM_EXPORT const char *mmsim_zone_name(enum mmsim_zone_type zone)
{
	if ((unsigned int)zone >= MAX_NR_ZONES)
		return "?";
	return zone_names[zone];
}

MMSIM_EXPORT unsigned long mmsim_nr_free_pages(void)
{
	struct mmsim *m = this_machine();

	return m ? global_zone_page_state(m, NR_FREE_PAGES) : 0;
}

MMSIM_EXPORT unsigned long mmsim_totalram_pages(void)
{
	struct mmsim *m = this_machine();

	return m ? (unsigned long)atomic_long_read(&m->totalram_pages) : 0;
}
