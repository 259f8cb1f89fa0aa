/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/kernel.h> - opt-in kernel spellings of the public API, so that
 * test and teaching code reads like kernel code:
 *
 *	struct page *page = alloc_pages(GFP_KERNEL, 3);
 *	__free_pages(page, 3);
 *
 * Everything here is a macro or a static inline wrapper: it adds no link
 * symbols.  Include it after any system header whose names it might
 * shadow.
 */
#ifndef MMSIM_KERNEL_H
#define MMSIM_KERNEL_H

#include <mmsim/mmsim.h>

typedef mmsim_gfp_t gfp_t;
typedef mmsim_phys_addr_t phys_addr_t;

/* clang-format off */
#define PAGE_SHIFT		MMSIM_PAGE_SHIFT
#define PAGE_SIZE		MMSIM_PAGE_SIZE
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define MAX_PAGE_ORDER		MMSIM_MAX_PAGE_ORDER
#define NR_PAGE_ORDERS		MMSIM_NR_PAGE_ORDERS

#define ZONE_DMA		MMSIM_ZONE_DMA
#define ZONE_DMA32		MMSIM_ZONE_DMA32
#define ZONE_NORMAL		MMSIM_ZONE_NORMAL
#define ZONE_MOVABLE		MMSIM_ZONE_MOVABLE
#define MAX_NR_ZONES		MMSIM_MAX_NR_ZONES

#define __GFP_DMA		MMSIM___GFP_DMA
#define __GFP_HIGHMEM		MMSIM___GFP_HIGHMEM
#define __GFP_DMA32		MMSIM___GFP_DMA32
#define __GFP_MOVABLE		MMSIM___GFP_MOVABLE
#define __GFP_RECLAIMABLE	MMSIM___GFP_RECLAIMABLE
#define __GFP_HIGH		MMSIM___GFP_HIGH
#define __GFP_IO		MMSIM___GFP_IO
#define __GFP_FS		MMSIM___GFP_FS
#define __GFP_ZERO		MMSIM___GFP_ZERO
#define __GFP_DIRECT_RECLAIM	MMSIM___GFP_DIRECT_RECLAIM
#define __GFP_KSWAPD_RECLAIM	MMSIM___GFP_KSWAPD_RECLAIM
#define __GFP_RECLAIM		MMSIM___GFP_RECLAIM
#define __GFP_WRITE		MMSIM___GFP_WRITE
#define __GFP_NOWARN		MMSIM___GFP_NOWARN
#define __GFP_RETRY_MAYFAIL	MMSIM___GFP_RETRY_MAYFAIL
#define __GFP_NOFAIL		MMSIM___GFP_NOFAIL
#define __GFP_NORETRY		MMSIM___GFP_NORETRY
#define __GFP_MEMALLOC		MMSIM___GFP_MEMALLOC
#define __GFP_COMP		MMSIM___GFP_COMP
#define __GFP_NOMEMALLOC	MMSIM___GFP_NOMEMALLOC
#define __GFP_HARDWALL		MMSIM___GFP_HARDWALL
#define __GFP_THISNODE		MMSIM___GFP_THISNODE
#define __GFP_ACCOUNT		MMSIM___GFP_ACCOUNT
#define __GFP_ZEROTAGS		MMSIM___GFP_ZEROTAGS

#define GFP_ATOMIC		MMSIM_GFP_ATOMIC
#define GFP_KERNEL		MMSIM_GFP_KERNEL
#define GFP_KERNEL_ACCOUNT	MMSIM_GFP_KERNEL_ACCOUNT
#define GFP_NOWAIT		MMSIM_GFP_NOWAIT
#define GFP_NOIO		MMSIM_GFP_NOIO
#define GFP_NOFS		MMSIM_GFP_NOFS
#define GFP_USER		MMSIM_GFP_USER
#define GFP_DMA			MMSIM_GFP_DMA
#define GFP_DMA32		MMSIM_GFP_DMA32
#define GFP_HIGHUSER		MMSIM_GFP_HIGHUSER
#define GFP_HIGHUSER_MOVABLE	MMSIM_GFP_HIGHUSER_MOVABLE
#define GFP_TRANSHUGE_LIGHT	MMSIM_GFP_TRANSHUGE_LIGHT
#define GFP_TRANSHUGE		MMSIM_GFP_TRANSHUGE
/* clang-format on */

static inline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return mmsim_alloc_pages(gfp, order);
}
static inline struct page *alloc_page(gfp_t gfp)
{
	return mmsim_alloc_pages(gfp, 0);
}
static inline struct page *alloc_pages_node(int nid, gfp_t gfp,
					    unsigned int order)
{
	return mmsim_alloc_pages_node(nid, gfp, order);
}
static inline void __free_pages(struct page *page, unsigned int order)
{
	mmsim___free_pages(page, order);
}
static inline void __free_page(struct page *page)
{
	mmsim___free_pages(page, 0);
}
static inline void free_pages(unsigned long addr, unsigned int order)
{
	mmsim_free_pages(addr, order);
}
static inline void free_page(unsigned long addr)
{
	mmsim_free_pages(addr, 0);
}
static inline unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	return mmsim___get_free_pages(gfp, order);
}
static inline unsigned long __get_free_page(gfp_t gfp)
{
	return mmsim___get_free_pages(gfp, 0);
}
static inline unsigned long get_zeroed_page(gfp_t gfp)
{
	return mmsim_get_zeroed_page(gfp);
}
static inline void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	return mmsim_alloc_pages_exact(size, gfp);
}
static inline void free_pages_exact(void *virt, size_t size)
{
	mmsim_free_pages_exact(virt, size);
}
static inline void split_page(struct page *page, unsigned int order)
{
	mmsim_split_page(page, order);
}
static inline void get_page(struct page *page)
{
	mmsim_get_page(page);
}
static inline void put_page(struct page *page)
{
	mmsim_put_page(page);
}
static inline void drain_all_pages(void *zone_must_be_null)
{
	(void)zone_must_be_null;
	mmsim_drain_all_pages();
}
static inline int page_count(const struct page *page)
{
	return mmsim_page_count(page);
}
static inline int page_mapcount(const struct page *page)
{
	return mmsim_page_mapcount(page);
}
static inline unsigned long page_to_pfn(const struct page *page)
{
	return mmsim_page_to_pfn(page);
}
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mmsim_pfn_to_page(pfn);
}
static inline int pfn_valid(unsigned long pfn)
{
	return mmsim_pfn_valid(pfn);
}
static inline void *page_address(const struct page *page)
{
	return mmsim_page_address(page);
}
static inline struct page *virt_to_page(const void *addr)
{
	return mmsim_virt_to_page(addr);
}
static inline phys_addr_t page_to_phys(const struct page *page)
{
	return mmsim_page_to_phys(page);
}
static inline phys_addr_t virt_to_phys(const void *addr)
{
	return mmsim_virt_to_phys(addr);
}
static inline void *phys_to_virt(phys_addr_t pa)
{
	return mmsim_phys_to_virt(pa);
}
static inline int page_to_nid(const struct page *page)
{
	return mmsim_page_to_nid(page);
}
static inline int page_zonenum(const struct page *page)
{
	return (int)mmsim_page_zonenum(page);
}
/* slab.h */
typedef mmsim_slab_flags_t slab_flags_t;
/* clang-format off */
#define SLAB_CONSISTENCY_CHECKS	MMSIM_SLAB_CONSISTENCY_CHECKS
#define SLAB_RED_ZONE		MMSIM_SLAB_RED_ZONE
#define SLAB_POISON		MMSIM_SLAB_POISON
#define SLAB_HWCACHE_ALIGN	MMSIM_SLAB_HWCACHE_ALIGN
#define SLAB_CACHE_DMA		MMSIM_SLAB_CACHE_DMA
#define SLAB_CACHE_DMA32	MMSIM_SLAB_CACHE_DMA32
#define SLAB_STORE_USER		MMSIM_SLAB_STORE_USER
#define SLAB_RECLAIM_ACCOUNT	MMSIM_SLAB_RECLAIM_ACCOUNT
#define SLAB_PANIC		MMSIM_SLAB_PANIC
#define SLAB_TYPESAFE_BY_RCU	MMSIM_SLAB_TYPESAFE_BY_RCU
#define SLAB_TRACE		MMSIM_SLAB_TRACE
#define SLAB_NO_MERGE		MMSIM_SLAB_NO_MERGE
#define SLAB_ACCOUNT		MMSIM_SLAB_ACCOUNT
#define ZERO_SIZE_PTR		MMSIM_ZERO_SIZE_PTR
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
#define KMEM_CACHE(__struct, __flags)					\
	kmem_cache_create(#__struct, sizeof(struct __struct),		\
			  __alignof__(struct __struct), (__flags), NULL)
/* clang-format on */

static inline struct kmem_cache *kmem_cache_create(const char *name,
						   unsigned int size,
						   unsigned int align,
						   slab_flags_t flags,
						   void (*ctor)(void *))
{
	return mmsim_kmem_cache_create(name, size, align, flags, ctor);
}
static inline void kmem_cache_destroy(struct kmem_cache *s)
{
	mmsim_kmem_cache_destroy(s);
}
static inline int kmem_cache_shrink(struct kmem_cache *s)
{
	return mmsim_kmem_cache_shrink(s);
}
static inline void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return mmsim_kmem_cache_alloc(s, gfp);
}
static inline void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp,
					  int node)
{
	return mmsim_kmem_cache_alloc_node(s, gfp, node);
}
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return mmsim_kmem_cache_zalloc(s, gfp);
}
static inline void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	mmsim_kmem_cache_free(s, obj);
}
static inline int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp,
					size_t nr, void **p)
{
	return mmsim_kmem_cache_alloc_bulk(s, gfp, nr, p);
}
static inline void kmem_cache_free_bulk(struct kmem_cache *s, size_t nr,
					void **p)
{
	mmsim_kmem_cache_free_bulk(s, nr, p);
}
static inline unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return mmsim_kmem_cache_size(s);
}
static inline void *kmalloc(size_t size, gfp_t gfp)
{
	return mmsim_kmalloc(size, gfp);
}
static inline void *kmalloc_node(size_t size, gfp_t gfp, int node)
{
	return mmsim_kmalloc_node(size, gfp, node);
}
static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return mmsim_kzalloc(size, gfp);
}
static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return mmsim_kcalloc(n, size, gfp);
}
static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return mmsim_kmalloc_array(n, size, gfp);
}
static inline void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	return mmsim_krealloc(p, new_size, gfp);
}
static inline size_t ksize(const void *p)
{
	return mmsim_ksize(p);
}
static inline void kfree(const void *p)
{
	mmsim_kfree(p);
}
static inline char *kstrdup(const char *s, gfp_t gfp)
{
	return mmsim_kstrdup(s, gfp);
}
static inline void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	return mmsim_kmemdup(src, len, gfp);
}
static inline void *kvmalloc(size_t size, gfp_t gfp)
{
	return mmsim_kvmalloc(size, gfp);
}
static inline void kvfree(const void *p)
{
	mmsim_kvfree(p);
}

static inline int smp_processor_id(void)
{
	return mmsim_smp_processor_id();
}

/* vmalloc (mm/vmalloc.c, <mmsim/vmalloc.h>) */
/* clang-format off */
#define VM_IOREMAP		MMSIM_VM_IOREMAP
#define VM_ALLOC		MMSIM_VM_ALLOC
#define VM_MAP			MMSIM_VM_MAP
#define VM_USERMAP		MMSIM_VM_USERMAP
#define VM_NO_GUARD		MMSIM_VM_NO_GUARD
#define VM_MAP_PUT_PAGES	MMSIM_VM_MAP_PUT_PAGES
/* pgprot values for vmap() (uint64_t descriptor attributes here) */
#define PAGE_KERNEL		MMSIM_PAGE_KERNEL
#define PAGE_KERNEL_RO		MMSIM_PAGE_KERNEL_RO
#define PAGE_KERNEL_EXEC	MMSIM_PAGE_KERNEL_EXEC
#define PAGE_KERNEL_ROX		MMSIM_PAGE_KERNEL_ROX
/* clang-format on */
static inline void *vmalloc(unsigned long size)
{
	return mmsim_vmalloc(size);
}
static inline void *vzalloc(unsigned long size)
{
	return mmsim_vzalloc(size);
}
static inline void *vmalloc_node(unsigned long size, int node)
{
	return mmsim_vmalloc_node(size, node);
}
static inline void *vzalloc_node(unsigned long size, int node)
{
	return mmsim_vzalloc_node(size, node);
}
static inline void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return mmsim___vmalloc(size, gfp);
}
static inline void vfree(const void *addr)
{
	mmsim_vfree(addr);
}
static inline void *vmap(struct page **pages, unsigned int count,
			 unsigned long flags, uint64_t prot)
{
	return mmsim_vmap(pages, count, flags, prot);
}
static inline void vunmap(const void *addr)
{
	mmsim_vunmap(addr);
}
static inline struct page *vmalloc_to_page(const void *addr)
{
	return mmsim_vmalloc_to_page(addr);
}
static inline unsigned long vmalloc_to_pfn(const void *addr)
{
	return mmsim_vmalloc_to_pfn(addr);
}
static inline bool is_vmalloc_addr(const void *addr)
{
	return mmsim_is_vmalloc_addr(addr);
}
static inline void vm_unmap_aliases(void)
{
	mmsim_vm_unmap_aliases();
}

#endif /* MMSIM_KERNEL_H */
