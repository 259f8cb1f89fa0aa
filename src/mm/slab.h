/* SPDX-License-Identifier: MIT */
/*
 * SLUB internals shared by slub.c and slab_common.c (mm/slab.h).
 *
 * A slab is a compound page (or a single page) cut into objects of one
 * cache; its struct slab overlays the head page's struct page, as in
 * Linux 6.x:
 *
 *	 0 flags		the page's flags (PG_locked is the slab lock)
 *	 8 slab_cache		the cache (where compound_head would be)
 *	16 slab_list / next+slabs  node partial list, or per-CPU partial chain
 *	32 freelist		first free object not owned by a CPU
 *	40 counters		inuse:16 objects:15 frozen:1
 *	48 page_type		PGTY_slab
 *	52 _refcount
 *	56 obj_exts		unused
 *
 * Free objects are chained through a free pointer stored at s->offset in
 * each free object (in the middle of the object, as 6.x places it, so a
 * small overflow does not hit it).
 *
 * Ownership (the kernel's, with our locking):
 *   - a CPU's slab (c->slab, "frozen") belongs to that CPU: its
 *     c->freelist is used without locks by the thread holding the CPU;
 *   - slab->freelist and slab->counters change under slab_lock() (the
 *     kernel's fallback when cmpxchg_double is not available), so other
 *     CPUs can free into any slab;
 *   - node partial lists change under n->list_lock; lock order:
 *     list_lock, then slab_lock.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include <linux/list.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <mmsim/slab.h>
#include <sim/machine.h>

typedef mmsim_slab_flags_t slab_flags_t;

#define SLAB_CONSISTENCY_CHECKS	MMSIM_SLAB_CONSISTENCY_CHECKS
#define SLAB_RED_ZONE		MMSIM_SLAB_RED_ZONE
#define SLAB_POISON		MMSIM_SLAB_POISON
#define SLAB_KMALLOC		MMSIM_SLAB_KMALLOC
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

/* Flags that keep a cache from being merged (slab_common.c:SLAB_NEVER_MERGE) */
#define SLAB_NEVER_MERGE (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			  SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NO_MERGE | \
			  SLAB_CONSISTENCY_CHECKS)
/* Flags that must agree between merged caches (SLAB_MERGE_SAME) */
#define SLAB_MERGE_SAME (SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | \
			 SLAB_CACHE_DMA32 | SLAB_ACCOUNT)
#define SLAB_DEBUG_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
			  SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)

/* gfp bits a slab allocation must not carry (include/linux/gfp.h) */
#define GFP_SLAB_BUG_MASK (MMSIM___GFP_DMA32 | MMSIM___GFP_HIGHMEM | \
			   ~MMSIM___GFP_BITS_MASK)

#define ARCH_KMALLOC_MINALIGN	8
#define ARCH_SLAB_MINALIGN	8
#define KMALLOC_SHIFT_LOW	3		/* kmalloc-8 */
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)	/* kmalloc-8k */
#define KMALLOC_SHIFT_MAX	(MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_SIZE	(1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MIN_SIZE	(1 << KMALLOC_SHIFT_LOW)

enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES
};

struct slab {
	unsigned long flags;
	struct kmem_cache *slab_cache;
	union {
		struct list_head slab_list;
		struct {	/* per-CPU partial slabs */
			struct slab *next;
			int slabs;	/* slabs left in the chain */
		};
	};
	void *freelist;
	union {
		unsigned long counters;
		struct {
			unsigned inuse : 16;
			unsigned objects : 15;
			unsigned frozen : 1;
		};
	};
	unsigned int page_type;
	atomic_t refcount;
	unsigned long obj_exts;
};

BUILD_BUG_ON(sizeof(struct slab) != sizeof(struct page));
BUILD_BUG_ON(offsetof(struct slab, page_type) != offsetof(struct page, page_type));
BUILD_BUG_ON(offsetof(struct slab, refcount) != offsetof(struct page, _refcount));

static inline struct page *slab_page(const struct slab *slab)
{
	return (struct page *)slab;
}

static inline void *slab_address(const struct slab *slab)
{
	return page_address(slab_page(slab));
}

/* The slab holding @addr, or NULL if @addr is not in a slab. */
static inline struct slab *virt_to_slab(const void *addr)
{
	struct page *page = compound_head(virt_to_page(addr));

	return PageSlab(page) ? (struct slab *)page : NULL;
}

struct kmem_cache_order_objects {
	unsigned int x;		/* order << 16 | objects */
};

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> 16;
}

static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & 0xffff;
}

/* Per-CPU state: owned by the CPU's thread, no lock. */
struct kmem_cache_cpu {
	void **freelist;	/* next free object of the CPU slab */
	unsigned long tid;	/* transaction id: one per operation */
	struct slab *slab;	/* the CPU slab (frozen) */
	struct slab *partial;	/* per-CPU partial slabs (not frozen, 6.8+) */
} __cacheline_aligned;

struct kmem_cache_node {
	spinlock_t list_lock;
	unsigned long nr_partial;
	struct list_head partial;
	atomic_long_t nr_slabs;
	atomic_long_t total_objects;
};

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab;	/* [nr_cpu_ids] */
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;		/* object size with metadata */
	unsigned int object_size;	/* what the user asked for */
	unsigned int offset;		/* free pointer offset */
	unsigned int cpu_partial;	/* objects kept on per-CPU partials */
	unsigned int cpu_partial_slabs;
	struct kmem_cache_order_objects oo;
	struct kmem_cache_order_objects min;
	gfp_t allocflags;
	int refcount;			/* merged users */
	void (*ctor)(void *);
	unsigned int inuse;		/* offset to metadata */
	unsigned int align;
	unsigned int red_left_pad;
	const char *name;
	char *name_copy;		/* host copy behind name, or NULL */
	struct list_head list;		/* slab_caches */
	unsigned long random;		/* freelist hardening */
	bool hardened;			/* slub_freelist_hardened=on */
	bool track;			/* Memcheck hooks (sim/track.h) */
	struct mmsim *machine;
	struct kmem_cache_node *node[MAX_NUMNODES];
};

/* The machine's slab state (mm/slab_common.c's globals). */
struct slab_state {
	pthread_mutex_t slab_mutex;
	struct list_head slab_caches;
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
	struct kmem_cache boot_kmem_cache;
	struct kmem_cache boot_kmem_cache_node;
	bool nomerge;			/* slab_nomerge */
	bool freelist_hardened;		/* CONFIG_SLAB_FREELIST_HARDENED */
	unsigned int min_order, max_order, min_objects;
	slab_flags_t slub_debug;	/* slub_debug= flags for all caches */
	const char *slub_debug_string;	/* its per-cache blocks, or NULL */
	bool up;			/* kmem_cache_init() done */
};

static inline struct slab_state *slab_state(const struct mmsim *m)
{
	return m->slab;
}

static inline struct kmem_cache_node *get_node(const struct kmem_cache *s,
					       int node)
{
	return s->node[node];
}

/* slub.c */
int kmem_cache_init(struct mmsim *m);
void kmem_cache_exit(struct mmsim *m);
int __kmem_cache_create(struct kmem_cache *s, slab_flags_t flags);
void __kmem_cache_release(struct kmem_cache *s);
int __kmem_cache_shutdown(struct kmem_cache *s);
int __kmem_cache_shrink(struct kmem_cache *s);
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size);
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned long shared_avail;
	unsigned int limit;
	unsigned int batchcount;
	unsigned int shared;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo);

/* slub_debug.c */
/* The flags of cache @name with slub_debug= applied (kmem_cache_flags()) */
slab_flags_t kmem_cache_flags(const struct slab_state *st, slab_flags_t flags,
			      const char *name);
/* A kmalloc object's requested size, kept by debug caches with U */
void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size);
/* ksize() hands the whole object to the caller: no kmalloc red zone */
void skip_orig_size_check(struct kmem_cache *s, const void *object);

/* slab_common.c */
struct kmem_cache *kmalloc_slab(struct mmsim *m, size_t size, gfp_t flags);
/* "Unexpected gfp ... Fix your code!": drop the bits slab cannot honour */
gfp_t kmalloc_fix_flags(struct mmsim *m, gfp_t flags);
struct kmem_cache *create_kmalloc_cache(struct mmsim *m, const char *name,
					unsigned int size, slab_flags_t flags);
int create_kmalloc_caches(struct mmsim *m);
int show_slabinfo(struct mmsim *m, FILE *out);

#endif /* _MM_SLAB_H */
