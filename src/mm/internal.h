/* SPDX-License-Identifier: MIT */
/*
 * Declarations shared inside mm/ (mm/internal.h).
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <sim/debug.h>
#include <sim/machine.h>

/* The ALLOC_ flags of get_page_from_freelist() (mm/internal.h). */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04	/* don't check watermarks at all */
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10	/* caller cannot block */
#define ALLOC_MIN_RESERVE	0x20	/* __GFP_HIGH set */
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100	/* avoid mixing pageblock types */
#define ALLOC_HIGHATOMIC	0x200	/* allows access to MIGRATE_HIGHATOMIC */
#define ALLOC_KSWAPD		0x800	/* allow waking of kswapd; == __GFP_KSWAPD_RECLAIM */
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

BUILD_BUG_ON(ALLOC_KSWAPD != MMSIM___GFP_KSWAPD_RECLAIM);

/* The kernel's gfp spellings inside the library. */
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
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3
#define GFP_KERNEL		MMSIM_GFP_KERNEL
#define GFP_ATOMIC		MMSIM_GFP_ATOMIC
#define GFP_NOWAIT		MMSIM_GFP_NOWAIT
#define GFP_USER		MMSIM_GFP_USER
#define GFP_HIGHUSER_MOVABLE	MMSIM_GFP_HIGHUSER_MOVABLE

/* FPI_ flags of __free_one_page() */
typedef int fpi_t;
#define FPI_NONE	0
#define FPI_SKIP_REPORT_NOTIFY	(1 << 0)
#define FPI_TO_TAIL	(1 << 1)

static inline int gfp_migratetype(gfp_t gfp)
{
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/* page_alloc.c */
void __free_pages_core(struct page *page, unsigned int order);
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype, fpi_t fpi_flags);
int get_pfnblock_migratetype(const struct page *page, unsigned long pfn);
void set_pageblock_migratetype(struct page *page, int migratetype);
void drain_all_pages(struct zone *zone);
void drain_local_pages(struct zone *zone);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
void setup_per_zone_wmarks(struct mmsim *m);
void setup_per_zone_lowmem_reserve(struct mmsim *m);
void calculate_min_free_kbytes(struct mmsim *m);
void zone_pcp_init(struct mmsim *m, struct zone *zone);
void setup_zone_pageset(struct mmsim *m, struct zone *zone);
void zone_pcp_update_all(struct mmsim *m);
unsigned long nr_free_buffer_pages(struct mmsim *m);
void build_all_zonelists(struct mmsim *m);
enum zone_type gfp_zone(gfp_t flags);
bool should_fail_alloc_page(struct mmsim *m, gfp_t gfp_mask,
			    unsigned int order);
bool should_failslab(struct mmsim *m, unsigned int object_size, gfp_t gfpflags);
void setup_fault_attr(struct fault_attr *attr, const char *str, u64 seed);
/* Check and repair nothing: report each broken invariant, count them. */
int check_zone_invariants(struct mmsim *m, struct zone *zone);

/* page_alloc_fallback.c (callers hold zone->lock unless noted) */
struct page *__rmqueue_claim(struct zone *zone, int order,
			     int start_migratetype, unsigned int alloc_flags);
struct page *__rmqueue_steal(struct zone *zone, int order,
			     int start_migratetype);
/* take zone->lock themselves */
void reserve_highatomic_pageblock(struct page *page, int order,
				  struct zone *zone);
bool unreserve_highatomic_pageblock(const struct alloc_context *ac,
				    bool force);

/* page_alloc.c: the entry checks and last-reference free of the API */
bool page_sane(struct mmsim *m, const struct page *page, const char *what);
struct mmsim_cpu *api_cpu(const char *what);
void free_unref_block(struct mmsim_cpu *cpu, struct page *page,
		      unsigned int order);

/* page_alloc_pcp.c */
struct page *rmqueue_pcplist(struct mmsim_cpu *cpu, struct zone *preferred_zone,
			     struct zone *zone, unsigned int order,
			     int migratetype, unsigned int alloc_flags);
void free_frozen_page_commit(struct mmsim_cpu *cpu, struct zone *zone,
			     struct per_cpu_pages *pcp, struct page *page,
			     int migratetype, unsigned int order);

/* show_mem.c */
struct report;
void report_free_areas(struct report *r, struct mmsim *m);

/* mm_init.c */
void memblock_free_pages_range(struct mmsim *m, unsigned long start_pfn,
			       unsigned long end_pfn);
int mm_core_init(struct mmsim *m);
void deferred_grow_zone_locked(struct zone *zone);
void mem_init_print_info(struct mmsim *m);

/* page_owner.c */
void set_page_owner(struct mmsim *m, struct page *page, unsigned int order,
		    gfp_t gfp);
void reset_page_owner(struct mmsim *m, struct page *page, unsigned int order);
void report_page_owner(struct report *r, const struct page *page);
void page_owner_exit(struct mmsim *m);
int page_owner_init(struct mmsim *m);
int show_page_owner(struct mmsim *m, FILE *out);

#endif /* _MM_INTERNAL_H */
