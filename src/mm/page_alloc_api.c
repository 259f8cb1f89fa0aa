// SPDX-License-Identifier: MIT
/*
 * The page allocator's API beyond alloc_pages()/__free_pages()
 * (mm/page_alloc.c, include/linux/mm.h): free_pages(), __get_free_pages(),
 * split_page(), alloc_pages_exact(), get_page()/put_page(), and the O(1)
 * page frame conversions, each exported as mmsim_ + the kernel's name and
 * acting on the calling thread's machine and CPU.
 */
#include <errno.h>
#include <string.h>

#include <linux/mm.h>
#include <mm/buddy.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

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

