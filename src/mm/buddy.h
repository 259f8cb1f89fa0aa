/* SPDX-License-Identifier: MIT */
/*
 * The buddy allocator's free-list primitives (mm/page_alloc.c), shared by
 * page_alloc.c (allocation, freeing, per-CPU lists) and
 * page_alloc_fallback.c (claiming and stealing pageblocks).
 *
 *	zone->free_area[order].free_list[mt]: free blocks of 2^order pages,
 *	the first page PageBuddy with page->private == order;
 *	NR_FREE_PAGES == sum of their pages (MIGRATE_ISOLATE excepted).
 *
 * Every function here expects zone->lock held.
 */
#ifndef _MM_BUDDY_H
#define _MM_BUDDY_H

#include <linux/mm.h>
#include <mm/internal.h>

static inline u8 *pageblock_flags_ptr(const struct zone *zone,
				      unsigned long pfn)
{
	return &zone->pageblock_flags[(pfn - pageblock_start_pfn(zone->zone_start_pfn)) >>
				      pageblock_order];
}

static inline void change_pageblock_range(struct page *page, int start_order,
				   int migratetype)
{
	int nr_pageblocks = 1 << (start_order - pageblock_order);

	while (nr_pageblocks--) {
		set_pageblock_migratetype(page, migratetype);
		page += pageblock_nr_pages;
	}
}

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

static inline const char *page_bad_reason(const struct page *page,
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

/* Mirrors: mm/page_alloc.c:check_new_page() */
static inline void check_new_page_bad(struct page *page,
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

#endif /* _MM_BUDDY_H */
