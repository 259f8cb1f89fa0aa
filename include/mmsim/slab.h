/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/slab.h> - object allocation: SLUB caches and kmalloc
 * (mm/slub.c, mm/slab_common.c, include/linux/slab.h).  Each function is
 * the kernel function of the same name with an mmsim_ prefix and acts on
 * the calling thread's machine and CPU (see mmsim_cpu_enter()).
 *
 * Objects live in simulated RAM: the pointers are host pointers a
 * program may use directly.
 */
#ifndef MMSIM_SLAB_H
#define MMSIM_SLAB_H

#include <mmsim/gfp.h>
#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kmem_cache;		/* a SLUB cache */
typedef unsigned int mmsim_slab_flags_t;	/* kernel: slab_flags_t */

/* clang-format off */
#define MMSIM_SLAB_CONSISTENCY_CHECKS	0x00000100U	/* DEBUG: checks on alloc/free */
#define MMSIM_SLAB_RED_ZONE		0x00000400U	/* DEBUG: red zones around objects */
#define MMSIM_SLAB_POISON		0x00000800U	/* DEBUG: poison free objects */
#define MMSIM_SLAB_KMALLOC		0x00001000U	/* a kmalloc cache */
#define MMSIM_SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects on cache lines */
#define MMSIM_SLAB_CACHE_DMA		0x00004000U	/* use GFP_DMA memory */
#define MMSIM_SLAB_CACHE_DMA32		0x00008000U	/* use GFP_DMA32 memory */
#define MMSIM_SLAB_STORE_USER		0x00010000U	/* DEBUG: store the last owner */
#define MMSIM_SLAB_RECLAIM_ACCOUNT	0x00020000U	/* objects are reclaimable */
#define MMSIM_SLAB_PANIC		0x00040000U	/* creation failure is a BUG */
#define MMSIM_SLAB_TYPESAFE_BY_RCU	0x00080000U	/* defer freeing slabs to RCU */
#define MMSIM_SLAB_TRACE		0x00200000U	/* trace allocations and frees */
#define MMSIM_SLAB_NO_MERGE		0x01000000U	/* never merge with another cache */
#define MMSIM_SLAB_ACCOUNT		0x04000000U	/* account to a memcg (no-op) */
/* clang-format on */

/* kmalloc(0) returns this: not NULL, and faults if dereferenced. */
#define MMSIM_ZERO_SIZE_PTR ((void *)16)

struct kmem_cache *mmsim_kmem_cache_create(const char *name, unsigned int size,
					   unsigned int align,
					   mmsim_slab_flags_t flags,
					   void (*ctor)(void *));
void mmsim_kmem_cache_destroy(struct kmem_cache *s);
int mmsim_kmem_cache_shrink(struct kmem_cache *s);
void *mmsim_kmem_cache_alloc(struct kmem_cache *s, mmsim_gfp_t gfp);
void *mmsim_kmem_cache_alloc_node(struct kmem_cache *s, mmsim_gfp_t gfp,
				  int node);
void *mmsim_kmem_cache_zalloc(struct kmem_cache *s, mmsim_gfp_t gfp);
void mmsim_kmem_cache_free(struct kmem_cache *s, void *obj);
/* Returns the number of objects allocated: @nr, or 0 (none kept). */
int mmsim_kmem_cache_alloc_bulk(struct kmem_cache *s, mmsim_gfp_t gfp,
				size_t nr, void **p);
void mmsim_kmem_cache_free_bulk(struct kmem_cache *s, size_t nr, void **p);
unsigned int mmsim_kmem_cache_size(const struct kmem_cache *s);
const char *mmsim_kmem_cache_name(const struct kmem_cache *s);

void *mmsim_kmalloc(size_t size, mmsim_gfp_t gfp);
void *mmsim_kmalloc_node(size_t size, mmsim_gfp_t gfp, int node);
void *mmsim_kzalloc(size_t size, mmsim_gfp_t gfp);
void *mmsim_kcalloc(size_t n, size_t size, mmsim_gfp_t gfp);
void *mmsim_kmalloc_array(size_t n, size_t size, mmsim_gfp_t gfp);
void *mmsim_krealloc(const void *p, size_t new_size, mmsim_gfp_t gfp);
size_t mmsim_ksize(const void *p);
void mmsim_kfree(const void *p);
char *mmsim_kstrdup(const char *s, mmsim_gfp_t gfp);
void *mmsim_kmemdup(const void *src, size_t len, mmsim_gfp_t gfp);
/* kmalloc, or (once vmalloc exists) vmalloc for what kmalloc can't give */
void *mmsim_kvmalloc(size_t size, mmsim_gfp_t gfp);
void mmsim_kvfree(const void *p);

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_SLAB_H */
