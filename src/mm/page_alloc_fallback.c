// SPDX-License-Identifier: MIT
/*
 * Mobility fallback (mm/page_alloc.c): what the allocator does when the
 * free lists of the requested migratetype are empty.
 *
 *   __rmqueue_claim()	take over a whole pageblock of another type, the
 *			largest free block first, if the block is big or
 *			enough of its pageblock is free or alike
 *			(try_to_claim_block())
 *   __rmqueue_steal()	borrow the smallest block of another type, leaving
 *			its pageblock's type alone
 *
 * and the MIGRATE_HIGHATOMIC reserve: pageblocks set aside after a
 * high-order atomic allocation succeeds, given back before an allocation
 * fails.  Callers hold zone->lock, except for the highatomic functions,
 * which take it.
 */
#include <linux/mm.h>
#include <mm/buddy.h>
#include <mm/internal.h>

/*
 * Where a request falls back when its own free lists are empty
 * (mm/page_alloc.c: fallbacks[]).
 */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

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
struct page *__rmqueue_claim(struct zone *zone, int order,
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
struct page *__rmqueue_steal(struct zone *zone, int order,
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

/*
 * A successful high-order atomic allocation sets a pageblock aside for
 * later ones, up to 1% of the zone.
 * Mirrors: mm/page_alloc.c:reserve_highatomic_pageblock()
 */
void reserve_highatomic_pageblock(struct page *page, int order,
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
bool unreserve_highatomic_pageblock(const struct alloc_context *ac,
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
