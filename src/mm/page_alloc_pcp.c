// SPDX-License-Identifier: MIT
/*
 * The per-CPU page lists (mm/page_alloc.c: rmqueue_pcplist(),
 * free_frozen_page_commit(), free_pcppages_bulk(), drain_all_pages()).
 *
 * Each CPU keeps, per zone, NR_PCP_LISTS lists of free blocks of order
 * 0..PAGE_ALLOC_COSTLY_ORDER (one per migratetype) and of the THP order.
 * Allocation pops from the head and refills a batch from the buddy lists
 * when a list is empty (nr_pcp_alloc(): the batch grows during bursts of
 * allocations, alloc_factor); freeing pushes on the head and, once the
 * list holds pcp->high pages, gives back a batch from the tails
 * (nr_pcp_free(): larger during bursts of frees, free_count).  pcp->high
 * itself moves between high_min and high_max (nr_pcp_high()).
 *
 * The lists belong to their CPU: only the thread bound to it touches
 * them, so the fast paths take no lock (the kernel's pcp->lock is taken
 * with preemption disabled, uncontended).  Another CPU that wants them
 * drained asks (drain_pending) unless no thread holds the CPU.
 */
#include <linux/mm.h>
#include <mm/buddy.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

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

/* Mirrors: mm/page_alloc.c:rmqueue_pcplist() */
struct page *rmqueue_pcplist(struct mmsim_cpu *cpu,
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

/* Mirrors: mm/page_alloc.c:free_frozen_page_commit() */
void free_frozen_page_commit(struct mmsim_cpu *cpu,
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
