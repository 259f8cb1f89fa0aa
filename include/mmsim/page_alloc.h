/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/page_alloc.h> - the buddy allocator (mm/page_alloc.c) and page
 * frame helpers.  Each function is the kernel function of the same name
 * with an mmsim_ prefix; it acts on the calling thread's machine and CPU
 * (see mmsim_cpu_enter()).  From an unbound thread, allocators return
 * NULL/0 and mmsim_strerror() says why.
 *
 * Virtual addresses are the kernel's linear map, which is the simulated
 * RAM itself: page_address() returns a host pointer a program may use.
 */
#ifndef MMSIM_PAGE_ALLOC_H
#define MMSIM_PAGE_ALLOC_H

#include <mmsim/gfp.h>
#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct page *mmsim_alloc_pages(mmsim_gfp_t gfp, unsigned int order);
struct page *mmsim_alloc_pages_node(int nid, mmsim_gfp_t gfp,
				    unsigned int order);
void mmsim___free_pages(struct page *page, unsigned int order);
void mmsim_free_pages(unsigned long addr, unsigned int order);
unsigned long mmsim___get_free_pages(mmsim_gfp_t gfp, unsigned int order);
unsigned long mmsim_get_zeroed_page(mmsim_gfp_t gfp);
void *mmsim_alloc_pages_exact(size_t size, mmsim_gfp_t gfp);
void mmsim_free_pages_exact(void *virt, size_t size);
void mmsim_split_page(struct page *page, unsigned int order);
void mmsim_get_page(struct page *page);
void mmsim_put_page(struct page *page);
/* drain_all_pages(NULL): return per-CPU pages to the buddy lists. */
void mmsim_drain_all_pages(void);

/* Page frame helpers: O(1), as the kernel's. */
int mmsim_page_count(const struct page *page);
int mmsim_page_mapcount(const struct page *page);
unsigned long mmsim_page_to_pfn(const struct page *page);
struct page *mmsim_pfn_to_page(unsigned long pfn);
int mmsim_pfn_valid(unsigned long pfn);
void *mmsim_page_address(const struct page *page);
struct page *mmsim_virt_to_page(const void *addr);
mmsim_phys_addr_t mmsim_page_to_phys(const struct page *page);
mmsim_phys_addr_t mmsim_virt_to_phys(const void *addr);
void *mmsim_phys_to_virt(mmsim_phys_addr_t pa);
int mmsim_page_to_nid(const struct page *page);
enum mmsim_zone_type mmsim_page_zonenum(const struct page *page);
/* "DMA", "DMA32", "Normal", "Movable" */
const char *mmsim_zone_name(enum mmsim_zone_type zone);

/* Counters: global free pages (NR_FREE_PAGES) and pages managed by the
 * buddy allocator (totalram_pages()). */
unsigned long mmsim_nr_free_pages(void);
unsigned long mmsim_totalram_pages(void);

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_PAGE_ALLOC_H */
