/* SPDX-License-Identifier: MIT */
/*
 * Page frame helpers (include/linux/mm.h, include/asm-generic/memory_model.h,
 * arch/arm64/include/asm/memory.h).
 *
 * Physical address pa lives at machine->arena + (pa - PHYS_OFFSET); that
 * host address is also the kernel's linear-map virtual address of pa.
 * struct page of pfn is vmemmap[pfn].  All conversions are O(1) and use
 * the calling thread's machine, as kernel code uses the one vmemmap.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <sim/machine.h>

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - this_machine()->vmemmap);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return this_machine()->vmemmap + pfn;
}

static inline struct page_ext *page_ext_of(const struct mmsim *m,
					   unsigned long pfn)
{
	return &m->page_ext[pfn - m->vmemmap_start_pfn];
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

static inline void *__va(phys_addr_t pa)
{
	struct mmsim *m = this_machine();

	return m->arena + (pa - m->phys_offset);
}

static inline phys_addr_t __pa(const void *va)
{
	struct mmsim *m = this_machine();

	return (phys_addr_t)((const char *)va - m->arena) + m->phys_offset;
}

static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(PHYS_PFN(__pa(va)));
}

/* The same conversions for a caller that has its machine at hand. */
static inline struct page *__virt_to_page(const struct mmsim *m, const void *va)
{
	return m->vmemmap + ((unsigned long)((const char *)va - m->arena) >>
			     PAGE_SHIFT) + (m->phys_offset >> PAGE_SHIFT);
}

static inline void *__page_address(const struct mmsim *m,
				   const struct page *page)
{
	return m->arena + (((unsigned long)(page - m->vmemmap) << PAGE_SHIFT) -
			   m->phys_offset);
}

/* Does the linear map cover @va? (arm64: virt_addr_valid()) */
static inline bool virt_addr_in_arena(const struct mmsim *m, const void *va)
{
	return (const char *)va >= m->arena &&
	       (const char *)va < m->arena + m->arena_size;
}

/* Is pfn's struct page in the vmemmap window at all? */
static inline bool pfn_in_vmemmap(const struct mmsim *m, unsigned long pfn)
{
	return pfn >= m->vmemmap_start_pfn && pfn < m->vmemmap_end_pfn;
}

static inline int page_zonenum(const struct page *page)
{
	return (int)((page->flags >> ZONES_PGSHIFT) & ZONES_MASK);
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGSHIFT) & NODES_MASK);
}

static inline int page_zone_id(const struct page *page)
{
	return (int)((page->flags >> ZONEID_PGSHIFT) & ZONEID_MASK);
}

static inline struct zone *__page_zone(const struct mmsim *m,
				       const struct page *page)
{
	return &m->node_data[page_to_nid(page)]->node_zones[page_zonenum(page)];
}

static inline struct zone *page_zone(const struct page *page)
{
	return __page_zone(this_machine(), page);
}

static inline void set_page_links(struct page *page, int zone, int nid)
{
	page->flags &= ~((NODES_MASK << NODES_PGSHIFT) |
			 (ZONES_MASK << ZONES_PGSHIFT));
	page->flags |= ((unsigned long)nid << NODES_PGSHIFT) |
		       ((unsigned long)zone << ZONES_PGSHIFT);
}

static inline int page_ref_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

static inline void page_mapcount_reset(struct page *page)
{
	atomic_set(&page->_mapcount, -1);
}

static inline int page_mapcount(const struct page *page)
{
	if (page_has_type(page))
		return 0;
	return atomic_read(&page->_mapcount) + 1;
}

static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long v)
{
	page->private = v;
}

static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page_private(page);
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	__SetPageBuddy(page);
}

#endif /* _LINUX_MM_H */
