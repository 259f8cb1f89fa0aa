// SPDX-License-Identifier: MIT
/*
 * The allocator-independent half of the slab layer: creating, merging
 * and destroying caches, the kmalloc size classes and the kmalloc family,
 * and /proc/slabinfo (mm/slab_common.c, with kfree(), kmem_cache_free(),
 * the bulk calls and the large-kmalloc path of mm/slub.c, kvmalloc() of
 * mm/util.c and kmalloc_array() of include/linux/slab.h).  The object
 * allocator itself - slab_alloc_node(), slab_free() and the cache
 * internals - is slub.c's, through the contract in mm/slab.h.
 *
 * Data structures (one set per machine, in struct slab_state):
 *
 *	slab_caches	every cache, newest first (list_add), as the kernel
 *			keeps it; /proc/slabinfo walks it head to tail
 *	kmalloc_caches[type][index]
 *			type: normal, reclaimable, DMA; index: log2 of the
 *			size, with 1 = kmalloc-96 and 2 = kmalloc-192
 *	boot_kmem_cache	"kmem_cache": the struct kmem_cache objects
 *
 * A kmalloc object of at most KMALLOC_MAX_CACHE_SIZE (8 KiB) comes from a
 * kmalloc cache; a larger one is a compound page block of its own, marked
 * PGTY_large_kmalloc on the head page, so that kfree() tells the two
 * apart from the struct page alone:
 *
 *	kfree(x) -> head page of x --PageSlab--------> slab_free()
 *	                           \-PageLargeKmalloc-> free_large_kmalloc()
 *	                            \-otherwise-------> report, keep
 *
 * Misuse (a pointer outside simulated RAM, in no slab, into the middle of
 * an object, a cache that is not one) is reported in the kernel's words
 * where it has them and never followed: the memory stays as it was.
 *
 * Locking: slab_mutex protects slab_caches, the refcounts and the
 * create/destroy sequence, as in the kernel; allocation and freeing take
 * no lock here.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <asm/mmu.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <mm/slab.h>
#include <mm/slub.h>
#include <sim/debug.h>
#include <sim/machine.h>

/* The flags kmem_cache_create() accepts (SLAB_FLAGS_PERMITTED). */
#define SLAB_FLAGS_PERMITTED                                                \
	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON |            \
	 SLAB_KMALLOC | SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA |               \
	 SLAB_CACHE_DMA32 | SLAB_STORE_USER | SLAB_RECLAIM_ACCOUNT |        \
	 SLAB_PANIC | SLAB_TYPESAFE_BY_RCU | SLAB_TRACE | SLAB_NO_MERGE |   \
	 SLAB_ACCOUNT)

/* gfp bits a slab allocation may not carry (GFP_SLAB_BUG_MASK) */

#define list_for_each_entry_reverse(pos, head, member)                    \
	for (pos = list_entry((head)->prev, __typeof__(*pos), member);     \
	     &pos->member != (head);                                       \
	     pos = list_entry(pos->member.prev, __typeof__(*pos), member))

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/* include/asm-generic/getorder.h:get_order() */
static inline unsigned int get_order(size_t size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return (unsigned int)(64 - __builtin_clzl((size - 1) >> PAGE_SHIFT));
}

/* ------------------------------------------------------------------ */
/* Reports                                                              */

/*
 * WARN(1, fmt, ...) as __warn_printk() and __warn() print it: the cut
 * line, the message, the WARNING: line, the trace; then @page's
 * dump_page() with @reason when the kernel prints one after the WARN.
 */
#define slab_warn(m, page, reason, fmt, ...)                                \
	__warn_printf(m, __FILE__, __LINE__, __func__, 1, page, reason, fmt, \
		      ##__VA_ARGS__)

/*
 * Mirrors: mm/slub.c:slab_err() for "Invalid object pointer": the
 * pointer is inside a slab of @s but not at the start of an object.
 */
static void __cold report_invalid_object(struct mmsim *m, struct kmem_cache *s,
					 const struct slab *slab, const void *x)
{
	struct report r;

	report_begin(&r, m);
	report_printf(&r, "=============================================================================\n");
	report_printf(&r, "BUG %s (%s): Invalid object pointer 0x%016lx\n",
		      s->name, m->taint ? "Tainted" : "Not tainted",
		      (unsigned long)x);
	report_printf(&r, "-----------------------------------------------------------------------------\n\n");
	report_printf(&r, "Slab 0x%016lx objects=%u used=%u fp=0x%016lx flags=%#lx\n",
		      (unsigned long)slab, slab->objects, slab->inuse,
		      (unsigned long)slab->freelist, slab->flags);
	report_backtrace(&r, 2);
	report_end(&r, REPORT_BUG);
	m->taint |= BIT(TAINT_BAD_PAGE);
}

/* ------------------------------------------------------------------ */
/* From an object pointer to its slab                                   */

/*
 * The head page of the block holding @x, or NULL (reported) when @x is
 * not in this machine's simulated RAM.  The caller has ruled out NULL
 * and ZERO_SIZE_PTR.
 */
static __always_inline struct page *obj_head_page(struct mmsim *m,
						  const void *x,
						  const char *what)
{
	if (unlikely(!virt_addr_in_arena(m, x))) {
		bad_pfn(m, what, 0, x);
		return NULL;
	}
	return compound_head(__virt_to_page(m, x));
}

/*
 * Is @x the start of an object of @slab?  Objects begin red_left_pad
 * bytes into each s->size stride (mm/slub.c:check_valid_pointer()).
 * kmalloc sizes are mostly powers of two: a mask, not a division.
 */
static __always_inline bool slab_obj_start(const struct kmem_cache *s,
					   const struct slab *slab,
					   const void *x)
{
	unsigned long off = (unsigned long)((const char *)x -
					    (const char *)__page_address(s->machine,
									 slab_page(slab))) -
			    s->red_left_pad;
	unsigned int size = s->size;

	if (unlikely(off >= (unsigned long)slab->objects * size))
		return false;
	if (likely(is_power_of_2(size)))
		return !(off & (size - 1));
	return (unsigned int)off % size == 0;
}

/*
 * The slab of object @x, or NULL after a report: @x outside simulated
 * RAM, in no slab, or not at an object's start.
 * Mirrors: mm/slub.c:virt_to_cache() ("Object is not a Slab page!").
 */
static __always_inline struct slab *obj_to_slab(struct mmsim *m,
						const void *x,
						const char *what)
{
	struct page *page = obj_head_page(m, x, what);
	struct slab *slab;

	if (unlikely(!page))
		return NULL;
	if (unlikely(!PageSlab(page))) {
		slab_warn(m, page, "Not a slab page",
			  "virt_to_cache: Object is not a Slab page!");
		return NULL;
	}
	slab = (struct slab *)page;
	if (unlikely(!slab_obj_start(slab->slab_cache, slab, x))) {
		report_invalid_object(m, slab->slab_cache, slab, x);
		return NULL;
	}
	return slab;
}

/* ------------------------------------------------------------------ */
/* Cache creation, merging, destruction                                 */


/* Mirrors: mm/slab_common.c:slab_unmergeable() */
static bool slab_unmergeable(const struct slab_state *st,
			     const struct kmem_cache *s)
{
	if (st->nomerge || (s->flags & SLAB_NEVER_MERGE))
		return true;
	if (s->ctor)
		return true;
	/* bootstrap caches and leaked ones are kept apart */
	return s->refcount < 0;
}

/*
 * An existing cache that can serve objects of @size, @align and @flags:
 * same size after alignment to within a pointer, compatible alignment,
 * the same SLAB_MERGE_SAME flags.  The oldest such cache wins (the list
 * is walked from its tail).  Caller holds slab_mutex.
 * Mirrors: mm/slab_common.c:find_mergeable()
 */
static struct kmem_cache *find_mergeable(struct slab_state *st,
					 unsigned int size, unsigned int align,
					 slab_flags_t flags, const char *name,
					 void (*ctor)(void *))
{
	struct kmem_cache *s;

	if (st->nomerge || ctor)
		return NULL;
	/* the flags the cache would really have, slub_debug= included */
	flags = kmem_cache_flags(st, flags, name);
	if (flags & SLAB_NEVER_MERGE)
		return NULL;

	size = ALIGN(size, (unsigned int)sizeof(void *));
	align = calculate_alignment(flags, align, size);
	size = ALIGN(size, align);

	list_for_each_entry_reverse(s, &st->slab_caches, list) {
		if (slab_unmergeable(st, s))
			continue;
		if (size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;
		if (s->size - size >= sizeof(void *))
			continue;
		return s;
	}
	return NULL;
}

/*
 * Take a reference on a mergeable cache, widened so that kzalloc-style
 * zeroing and ksize() cover the new user's size too.  Caller holds
 * slab_mutex.
 * Mirrors: mm/slub.c:__kmem_cache_alias()
 */
static struct kmem_cache *__kmem_cache_alias(struct slab_state *st,
					     const char *name, unsigned int size,
					     unsigned int align,
					     slab_flags_t flags,
					     void (*ctor)(void *))
{
	struct kmem_cache *s = find_mergeable(st, size, align, flags, name,
					      ctor);

	if (s) {
		s->refcount++;
		s->object_size = max(s->object_size, size);
		s->inuse = max(s->inuse,
			       ALIGN(size, (unsigned int)sizeof(void *)));
	}
	return s;
}

/* A zeroed struct kmem_cache from the "kmem_cache" cache. */
static struct kmem_cache *kmem_cache_struct_alloc(struct slab_state *st)
{
	struct kmem_cache *kc = &st->boot_kmem_cache;

	return slab_alloc_node(kc, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			       kc->object_size);
}

static void kmem_cache_struct_free(struct slab_state *st, struct kmem_cache *s)
{
	slab_free(&st->boot_kmem_cache, virt_to_slab(s), s);
}

/*
 * Allocate and set up a new cache, and put it at the head of
 * slab_caches.  Returns 0 or a negative errno.  Caller holds slab_mutex.
 * Mirrors: mm/slab_common.c:create_cache()
 */
static int create_cache(struct mmsim *m, const char *name,
			unsigned int object_size, unsigned int align,
			slab_flags_t flags, void (*ctor)(void *),
			struct kmem_cache **sp)
{
	struct slab_state *st = slab_state(m);
	struct kmem_cache *s;
	int err;

	s = kmem_cache_struct_alloc(st);
	if (!s)
		return -ENOMEM;
	s->name_copy = strdup(name);
	if (!s->name_copy) {
		err = -ENOMEM;
		goto out_free_cache;
	}
	s->name = s->name_copy;
	s->size = s->object_size = object_size;
	s->align = align;
	s->ctor = ctor;
	s->machine = m;
	err = __kmem_cache_create(s, flags);
	if (err)
		goto out_free_name;
	s->refcount = 1;
	list_add(&s->list, &st->slab_caches);
	*sp = s;
	return 0;

out_free_name:
	free(s->name_copy);
out_free_cache:
	kmem_cache_struct_free(st, s);
	return err;
}

/*
 * Mirrors: mm/slab_common.c:kmem_cache_sanity_check() as CONFIG_DEBUG_VM
 * builds it, plus the checks that keep the simulator from computing
 * with nonsense: an empty name, size 0, an alignment that is not a
 * power of two.
 */
static int kmem_cache_sanity_check(struct mmsim *m, const char *name,
				   unsigned int size, unsigned int align)
{
	if (!name || !*name || !size || size > KMALLOC_MAX_SIZE) {
		pr_err(m, "kmem_cache_create(%s) integrity check failed",
		       name ? name : "(null)");
		return -EINVAL;
	}
	if (align && !is_power_of_2(align))
		return -EINVAL;
	WARN_ON(strchr(name, ' '));	/* it confuses parsers */
	return 0;
}

/* Mirrors: the error tail of mm/slab_common.c:__kmem_cache_create_args() */
static void __cold kmem_cache_create_failed(struct mmsim *m, const char *name,
					    slab_flags_t flags, int err)
{
	struct report r;

	if (!name)
		name = "(null)";
	report_begin(&r, m);
	if (flags & SLAB_PANIC) {
		report_printf(&r, "Kernel panic - not syncing: __kmem_cache_create_args: Failed to create slab '%s'. Error %d\n",
			      name, err);
		report_backtrace(&r, 2);
		report_end(&r, REPORT_BUG);
	} else {
		report_printf(&r, "__kmem_cache_create_args(%s) failed with error %d\n",
			      name, err);
		report_backtrace(&r, 2);
		report_end(&r, REPORT_NOTICE);
	}
	mmsim_set_error(-err, "kmem_cache_create(%s): %s", name,
			err == -ENOMEM ? "out of memory" : "invalid argument");
}

/*
 * Create a cache, or return a compatible existing one with one more
 * reference (merging: /proc/slabinfo then shows only the first name).
 * Returns NULL on failure, with a report; a BUG report with SLAB_PANIC.
 * Mirrors: mm/slab_common.c:__kmem_cache_create_args()
 */
MMSIM_EXPORT struct kmem_cache *mmsim_kmem_cache_create(const char *name,
							unsigned int size,
							unsigned int align,
							slab_flags_t flags,
							void (*ctor)(void *))
{
	struct mmsim_cpu *cpu = api_cpu("kmem_cache_create");
	struct kmem_cache *s = NULL;
	struct slab_state *st;
	struct mmsim *m;
	int err;

	if (!cpu)
		return NULL;
	m = cpu->machine;
	st = slab_state(m);
	pthread_mutex_lock(&st->slab_mutex);
	err = kmem_cache_sanity_check(m, name, size, align);
	if (err)
		goto out_unlock;
	if (flags & ~SLAB_FLAGS_PERMITTED) {
		err = -EINVAL;
		goto out_unlock;
	}
	s = __kmem_cache_alias(st, name, size, align, flags, ctor);
	if (s)
		goto out_unlock;
	err = create_cache(m, name, size,
			   calculate_alignment(flags, align, size), flags,
			   ctor, &s);
out_unlock:
	pthread_mutex_unlock(&st->slab_mutex);
	if (err) {
		kmem_cache_create_failed(m, name, flags, err);
		return NULL;
	}
	return s;
}

/* Is @s on slab_caches?  Caller holds slab_mutex. */
static bool slab_cache_listed(struct slab_state *st,
			      const struct kmem_cache *s)
{
	struct kmem_cache *pos;

	list_for_each_entry(pos, &st->slab_caches, list)
		if (pos == s)
			return true;
	return false;
}

/*
 * Drop a reference; the last one shuts the cache down and frees it.  A
 * cache that still has objects is reported and leaked, never freed.
 * Mirrors: mm/slab_common.c:kmem_cache_destroy(); the kernel also takes
 * a leaked cache off slab_caches - here it stays listed (refcount -1,
 * never merged) so that machine shutdown still releases its host memory.
 */
MMSIM_EXPORT void mmsim_kmem_cache_destroy(struct kmem_cache *s)
{
	struct mmsim_cpu *cpu = api_cpu("kmem_cache_destroy");
	struct slab_state *st;
	struct mmsim *m;
	int err;

	if (!cpu || !s)
		return;
	m = cpu->machine;
	st = slab_state(m);
	pthread_mutex_lock(&st->slab_mutex);
	if (unlikely(!slab_cache_listed(st, s) || s->refcount <= 0)) {
		pthread_mutex_unlock(&st->slab_mutex);
		slab_warn(m, NULL, NULL,
			  "kmem_cache_destroy: %p is not a live cache", s);
		return;
	}
	if (--s->refcount) {
		pthread_mutex_unlock(&st->slab_mutex);
		return;
	}
	err = __kmem_cache_shutdown(s);
	if (err)
		s->refcount = -1;
	else
		list_del(&s->list);
	pthread_mutex_unlock(&st->slab_mutex);
	if (err) {
		slab_warn(m, NULL, NULL,
			  "kmem_cache_destroy %s: Slab cache still has objects when called from %p",
			  s->name, __builtin_return_address(0));
		return;
	}
	/* Mirrors: mm/slab_common.c:slab_kmem_cache_release() */
	__kmem_cache_release(s);
	free(s->name_copy);
	s->name_copy = NULL;
	kmem_cache_struct_free(st, s);
}

/* Mirrors: mm/slab_common.c:kmem_cache_shrink() */
MMSIM_EXPORT int mmsim_kmem_cache_shrink(struct kmem_cache *s)
{
	if (!api_cpu("kmem_cache_shrink"))
		return -EPERM;
	if (!s)
		return -EINVAL;
	return __kmem_cache_shrink(s);
}

MMSIM_EXPORT unsigned int mmsim_kmem_cache_size(const struct kmem_cache *s)
{
	return s ? s->object_size : 0;
}

MMSIM_EXPORT const char *mmsim_kmem_cache_name(const struct kmem_cache *s)
{
	return s ? s->name : NULL;
}

/* ------------------------------------------------------------------ */
/* Allocating and freeing cache objects                                 */

/* NUMA_NO_NODE or an online node; else EINVAL and a warning. */
static bool node_ok(struct mmsim *m, int node, const char *what)
{
	if (likely(node == NUMA_NO_NODE ||
		   (node >= 0 && node < m->nr_node_ids)))
		return true;
	mmsim_set_error(EINVAL, "%s: no node %d", what, node);
	WARN_ON(node < 0 || node >= m->nr_node_ids);
	return false;
}

MMSIM_EXPORT void *mmsim_kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	if (unlikely(!this_cpu())) {
		api_cpu("kmem_cache_alloc");
		return NULL;
	}
	if (unlikely(!s))
		return NULL;
	return slab_alloc_node(s, gfp, NUMA_NO_NODE, s->object_size);
}

MMSIM_EXPORT void *mmsim_kmem_cache_alloc_node(struct kmem_cache *s,
					       gfp_t gfp, int node)
{
	struct mmsim_cpu *cpu = api_cpu("kmem_cache_alloc_node");

	if (!cpu || !s || !node_ok(cpu->machine, node, "kmem_cache_alloc_node"))
		return NULL;
	return slab_alloc_node(s, gfp, node, s->object_size);
}

/* Mirrors: include/linux/slab.h:kmem_cache_zalloc() */
MMSIM_EXPORT void *mmsim_kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return mmsim_kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/*
 * An object freed to a cache it does not belong to goes back to its
 * own cache, after a warning.
 * Mirrors: mm/slub.c:cache_from_obj(), checked always (the kernel checks
 * with SLAB_FREELIST_HARDENED or consistency checks).
 */
static struct kmem_cache * __cold wrong_cache(struct mmsim *m,
					      struct kmem_cache *s,
					      struct slab *slab)
{
	slab_warn(m, NULL, NULL,
		  "kmem_cache_free: Wrong slab cache. %s but object is from %s",
		  s->name, slab->slab_cache->name);
	return slab->slab_cache;
}

/* Mirrors: mm/slub.c:kmem_cache_free() */
MMSIM_EXPORT void mmsim_kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct mmsim_cpu *cpu = this_cpu();
	struct slab *slab;

	if (unlikely(!cpu)) {
		api_cpu("kmem_cache_free");
		return;
	}
	if (unlikely(!x || !s))
		return;
	slab = obj_to_slab(cpu->machine, x, "kmem_cache_free");
	if (unlikely(!slab))
		return;
	if (unlikely(slab->slab_cache != s))
		s = wrong_cache(cpu->machine, s, slab);
	slab_free(s, slab, x);
}

/*
 * Free @nr objects of @p, last first, skipping NULL entries.
 * Mirrors: mm/slub.c:kmem_cache_free_bulk(), one object at a time
 * instead of a detached freelist per slab.
 */
MMSIM_EXPORT void mmsim_kmem_cache_free_bulk(struct kmem_cache *s, size_t nr,
					     void **p)
{
	if (!api_cpu("kmem_cache_free_bulk") || !p)
		return;
	while (nr--)
		if (p[nr])
			mmsim_kmem_cache_free(s, p[nr]);
}

/*
 * All @nr objects or none: on failure the ones already taken go back
 * and 0 is returned.
 * Mirrors: mm/slub.c:kmem_cache_alloc_bulk_noprof() and
 * __kmem_cache_alloc_bulk()'s error path.
 */
MMSIM_EXPORT int mmsim_kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp,
					     size_t nr, void **p)
{
	size_t i;

	if (!api_cpu("kmem_cache_alloc_bulk") || !s || !p || !nr)
		return 0;
	for (i = 0; i < nr; i++) {
		p[i] = slab_alloc_node(s, gfp, NUMA_NO_NODE, s->object_size);
		if (unlikely(!p[i])) {
			mmsim_kmem_cache_free_bulk(s, i, p);
			return 0;
		}
	}
	return (int)nr;
}

/* ------------------------------------------------------------------ */
/* The kmalloc caches                                                   */

/*
 * Size classes by index: index i >= 3 is 2^i bytes; 1 and 2 are the two
 * classes that are not powers of two.  Each has a name per type.
 * Mirrors: mm/slab_common.c:kmalloc_info[] (up to KMALLOC_SHIFT_HIGH)
 */
struct kmalloc_info_struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
};

/* clang-format off */
#define INIT_KMALLOC_INFO(__size, __short_size)				\
	{								\
		.name[KMALLOC_NORMAL]  = "kmalloc-" #__short_size,	\
		.name[KMALLOC_RECLAIM] = "kmalloc-rcl-" #__short_size,	\
		.name[KMALLOC_DMA]     = "dma-kmalloc-" #__short_size,	\
		.size = __size,						\
	}

static const struct kmalloc_info_struct kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	INIT_KMALLOC_INFO(0, 0),
	INIT_KMALLOC_INFO(96, 96),
	INIT_KMALLOC_INFO(192, 192),
	INIT_KMALLOC_INFO(8, 8),
	INIT_KMALLOC_INFO(16, 16),
	INIT_KMALLOC_INFO(32, 32),
	INIT_KMALLOC_INFO(64, 64),
	INIT_KMALLOC_INFO(128, 128),
	INIT_KMALLOC_INFO(256, 256),
	INIT_KMALLOC_INFO(512, 512),
	INIT_KMALLOC_INFO(1024, 1k),
	INIT_KMALLOC_INFO(2048, 2k),
	INIT_KMALLOC_INFO(4096, 4k),
	INIT_KMALLOC_INFO(8192, 8k),
};

/*
 * The kmalloc index of sizes up to 192, by (size - 1) / 8.  Sizes above
 * 192 are powers of two and use fls() instead.  With KMALLOC_MIN_SIZE 8
 * the kernel's setup_kmalloc_cache_index_table() changes nothing.
 * Mirrors: mm/slab_common.c:kmalloc_size_index[]
 */
static const u8 kmalloc_size_index[24] = {
	3,	/* 8 */
	4,	/* 16 */
	5,	/* 24 */
	5,	/* 32 */
	6,	/* 40 */
	6,	/* 48 */
	6,	/* 56 */
	6,	/* 64 */
	1,	/* 72 */
	1,	/* 80 */
	1,	/* 88 */
	1,	/* 96 */
	7,	/* 104 */
	7,	/* 112 */
	7,	/* 120 */
	7,	/* 128 */
	2,	/* 136 */
	2,	/* 144 */
	2,	/* 152 */
	2,	/* 160 */
	2,	/* 168 */
	2,	/* 176 */
	2,	/* 184 */
	2,	/* 192 */
};
/* clang-format on */

static inline unsigned int size_index_elem(unsigned int bytes)
{
	return (bytes - 1) / 8;
}

/*
 * The kind of kmalloc cache for @flags: __GFP_DMA first, then
 * __GFP_RECLAIMABLE.  No memcg: __GFP_ACCOUNT stays normal.
 * Mirrors: include/linux/slab.h:kmalloc_type() without
 * CONFIG_RANDOM_KMALLOC_CACHES and CONFIG_MEMCG
 */
static __always_inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (likely(!(flags & (__GFP_DMA | __GFP_RECLAIMABLE))))
		return KMALLOC_NORMAL;
	if (flags & __GFP_DMA)
		return KMALLOC_DMA;
	return KMALLOC_RECLAIM;
}

/*
 * The kmalloc cache for @size bytes, 1 <= @size <= KMALLOC_MAX_CACHE_SIZE.
 * Mirrors: mm/slab_common.c:kmalloc_slab()
 */
static __always_inline struct kmem_cache *__kmalloc_slab(struct mmsim *m,
							 size_t size,
							 gfp_t flags)
{
	unsigned int index;

	if (size <= 192)
		index = kmalloc_size_index[size_index_elem((unsigned int)size)];
	else
		index = (unsigned int)fls((unsigned int)size - 1);
	return slab_state(m)->kmalloc_caches[kmalloc_type(flags)][index];
}

struct kmem_cache *kmalloc_slab(struct mmsim *m, size_t size, gfp_t flags)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return __kmalloc_slab(m, size, flags);
}

/*
 * A kmalloc cache, allocated from "kmem_cache" and set up as a boot
 * cache: power-of-two sizes are naturally aligned.  NULL (reported) on
 * failure, where the kernel panics.
 * Mirrors: mm/slab_common.c:create_kmalloc_cache() + create_boot_cache()
 */
struct kmem_cache *create_kmalloc_cache(struct mmsim *m, const char *name,
					unsigned int size, slab_flags_t flags)
{
	struct slab_state *st = slab_state(m);
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	struct kmem_cache *s;
	int err = -ENOMEM;

	flags |= SLAB_KMALLOC;
	s = kmem_cache_struct_alloc(st);
	if (!s)
		goto fail;
	s->name = name;
	s->size = s->object_size = size;
	/* 6.12+ create_boot_cache(): kmalloc objects are naturally aligned
	 * to the largest power of two dividing their size (96 -> 32) */
	align = max(align, 1U << __builtin_ctz(size));
	s->align = calculate_alignment(flags, align, size);
	s->machine = m;
	err = __kmem_cache_create(s, flags);
	if (err) {
		kmem_cache_struct_free(st, s);
		goto fail;
	}
	s->refcount = 1;
	pthread_mutex_lock(&st->slab_mutex);
	list_add(&s->list, &st->slab_caches);
	pthread_mutex_unlock(&st->slab_mutex);
	return s;

fail:
	pr_err(m, "Creation of kmalloc slab %s size=%u failed. Reason %d",
	       name, size, err);
	return NULL;
}

/*
 * Mirrors: mm/slab_common.c:new_kmalloc_cache(), with the arm64
 * minimum alignment of ARCH_KMALLOC_MINALIGN (DMA bouncing through
 * swiotlb), so no class is folded into a larger one.
 */
static int new_kmalloc_cache(struct mmsim *m, int idx,
			     enum kmalloc_cache_type type)
{
	static const slab_flags_t type_flags[NR_KMALLOC_TYPES] = {
		[KMALLOC_NORMAL] = 0,
		[KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
		[KMALLOC_DMA] = SLAB_CACHE_DMA,
	};
	struct kmem_cache *s;

	s = create_kmalloc_cache(m, kmalloc_info[idx].name[type],
				 kmalloc_info[idx].size, type_flags[type]);
	if (!s)
		return -ENOMEM;
	slab_state(m)->kmalloc_caches[type][idx] = s;
	return 0;
}

/*
 * Create every kmalloc cache, type by type, smallest first, kmalloc-96
 * right after kmalloc-64 and kmalloc-192 after kmalloc-128; then the
 * slab allocator is up.  Returns 0 or -ENOMEM.
 * Mirrors: mm/slab_common.c:create_kmalloc_caches()
 */
int create_kmalloc_caches(struct mmsim *m)
{
	struct kmem_cache *(*caches)[KMALLOC_SHIFT_HIGH + 1] =
		slab_state(m)->kmalloc_caches;
	enum kmalloc_cache_type type;
	int i;

	/*
	 * As 6.11+ does: for each type, first the two caches that are not a
	 * power of two (96, 192), then 8 .. 8k.  slabinfo lists newest
	 * first, so they show after kmalloc-8.
	 */
	for (type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		if (new_kmalloc_cache(m, 1, type) || new_kmalloc_cache(m, 2, type))
			return -ENOMEM;
		for (i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
			if (!caches[type][i] && new_kmalloc_cache(m, i, type))
				return -ENOMEM;
	}
	slab_state(m)->up = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* kmalloc and kfree                                                    */

/* Mirrors: mm/slab_common.c:kmalloc_fix_flags() */
gfp_t __cold kmalloc_fix_flags(struct mmsim *m, gfp_t flags)
{
	gfp_t invalid_mask = flags & GFP_SLAB_BUG_MASK;
	char bad[128], fixed[256];
	struct report r;

	flags &= ~GFP_SLAB_BUG_MASK;
	mmsim_gfp_format(invalid_mask, bad, sizeof(bad));
	mmsim_gfp_format(flags, fixed, sizeof(fixed));
	report_begin(&r, m);
	report_printf(&r, "Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!\n",
		      invalid_mask, bad, flags, fixed);
	report_backtrace(&r, 2);
	report_end(&r, REPORT_NOTICE);
	return flags;
}

/*
 * A kmalloc larger than the largest cache: a compound block of
 * get_order(size), its head page typed PGTY_large_kmalloc and its bytes
 * counted as unreclaimable slab.  Sizes beyond KMALLOC_MAX_SIZE fail in
 * the page allocator with its WARN (unless __GFP_NOWARN).
 * Mirrors: mm/slub.c:___kmalloc_large_node()
 */
static void *__cold kmalloc_large_node(struct mmsim *m, size_t size,
				       gfp_t flags, int node)
{
	unsigned int order = get_order(size);
	struct page *page;

	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(m, flags);
	page = mmsim_alloc_pages_node(node, flags | __GFP_COMP, order);
	if (!page)
		return NULL;
	mod_node_page_state(NODE_DATA(m, page_to_nid(page)),
			    NR_SLAB_UNRECLAIMABLE_B, (long)(PAGE_SIZE << order));
	__SetPageLargeKmalloc(page);
	return page_address(page);
}

/*
 * The inverse of kmalloc_large_node(); @page is the head page of @x.
 * Anything that is not a large kmalloc is reported and left alone.
 * Mirrors: mm/slub.c:free_large_kmalloc()
 */
static void __cold free_large_kmalloc(struct mmsim *m, struct page *page,
				      const void *x)
{
	unsigned int order = compound_order(page);

	if (unlikely(!PageLargeKmalloc(page))) {
		slab_warn(m, page, "Not a kmalloc allocation",
			  "kfree: %p is neither a slab object nor a large kmalloc",
			  x);
		return;
	}
	if (unlikely(x != page_address(page))) {
		slab_warn(m, page, "Pointer into a large kmalloc",
			  "kfree: %p is inside the large kmalloc at %p",
			  x, page_address(page));
		return;
	}
	mod_node_page_state(NODE_DATA(m, page_to_nid(page)),
			    NR_SLAB_UNRECLAIMABLE_B,
			    -(long)(PAGE_SIZE << order));
	__ClearPageLargeKmalloc(page);
	mmsim___free_pages(page, order);
}

/*
 * kmalloc(0) is ZERO_SIZE_PTR; up to 8 KiB a kmalloc cache; beyond, the
 * page allocator.
 * Mirrors: mm/slub.c:__do_kmalloc_node()
 */
static __always_inline void *__do_kmalloc_node(struct mmsim *m, size_t size,
					       gfp_t flags, int node)
{
	struct kmem_cache *s;

	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large_node(m, size, flags, node);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	s = __kmalloc_slab(m, size, flags);
	return slab_alloc_node(s, flags, node, size);
}

MMSIM_EXPORT void *mmsim_kmalloc(size_t size, gfp_t gfp)
{
	struct mmsim_cpu *cpu = this_cpu();

	if (unlikely(!cpu)) {
		api_cpu("kmalloc");
		return NULL;
	}
	return __do_kmalloc_node(cpu->machine, size, gfp, NUMA_NO_NODE);
}

MMSIM_EXPORT void *mmsim_kmalloc_node(size_t size, gfp_t gfp, int node)
{
	struct mmsim_cpu *cpu = api_cpu("kmalloc_node");

	if (!cpu || !node_ok(cpu->machine, node, "kmalloc_node"))
		return NULL;
	return __do_kmalloc_node(cpu->machine, size, gfp, node);
}

MMSIM_EXPORT void *mmsim_kzalloc(size_t size, gfp_t gfp)
{
	return mmsim_kmalloc(size, gfp | __GFP_ZERO);
}

/* Mirrors: include/linux/slab.h:kmalloc_array(): NULL on overflow. */
MMSIM_EXPORT void *mmsim_kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return mmsim_kmalloc(bytes, gfp);
}

MMSIM_EXPORT void *mmsim_kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return mmsim_kmalloc_array(n, size, gfp | __GFP_ZERO);
}

/* Mirrors: mm/slub.c:kfree() */
MMSIM_EXPORT void mmsim_kfree(const void *x)
{
	struct mmsim_cpu *cpu = this_cpu();
	struct page *page;
	struct slab *slab;

	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return;
	if (unlikely(!cpu)) {
		api_cpu("kfree");
		return;
	}
	page = obj_head_page(cpu->machine, x, "kfree");
	if (unlikely(!page))
		return;
	if (unlikely(!PageSlab(page))) {
		free_large_kmalloc(cpu->machine, page, x);
		return;
	}
	slab = (struct slab *)page;
	if (unlikely(!slab_obj_start(slab->slab_cache, slab, x))) {
		report_invalid_object(cpu->machine, slab->slab_cache, slab, x);
		return;
	}
	slab_free(slab->slab_cache, slab, (void *)x);
}

/*
 * The bytes of an object a user may touch: all of s->size unless debug
 * metadata or an RCU free pointer sits behind the object.
 * Mirrors: mm/slab.h:slab_ksize()
 */
static size_t slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

/*
 * The usable size of kmalloc object @x, or 0 after a report when @x is
 * not one.
 * Mirrors: mm/slab_common.c:__ksize()
 */
static size_t __ksize(struct mmsim *m, const void *x, const char *what)
{
	struct page *page = obj_head_page(m, x, what);
	struct slab *slab;

	if (!page)
		return 0;
	if (PageLargeKmalloc(page)) {
		if (WARN_ON(x != page_address(page)))
			return 0;
		return PAGE_SIZE << compound_order(page);
	}
	if (!PageSlab(page)) {
		slab_warn(m, page, "Not a kmalloc allocation",
			  "%s: %p is not a kmalloc object", what, x);
		return 0;
	}
	slab = (struct slab *)page;
	if (!slab_obj_start(slab->slab_cache, slab, x)) {
		report_invalid_object(m, slab->slab_cache, slab, x);
		return 0;
	}
	skip_orig_size_check(slab->slab_cache, x);
	return slab_ksize(slab->slab_cache);
}

/* Mirrors: mm/slab_common.c:ksize() */
MMSIM_EXPORT size_t mmsim_ksize(const void *x)
{
	struct mmsim_cpu *cpu = api_cpu("ksize");

	if (!cpu || ZERO_OR_NULL_PTR(x))
		return 0;
	return __ksize(cpu->machine, x, "ksize");
}

/*
 * Keep @p if @new_size fits in its usable size (zeroing the spare tail
 * with __GFP_ZERO), else allocate anew and copy the old usable size.
 * NULL, without freeing @p, if @p is not a kmalloc object.
 * Mirrors: mm/slub.c:__do_krealloc() with NUMA_NO_NODE and no alignment
 */
static void *__do_krealloc(struct mmsim *m, const void *p, size_t new_size,
			   gfp_t flags)
{
	size_t ks = 0;
	void *ret;

	if (!ZERO_OR_NULL_PTR(p)) {
		ks = __ksize(m, p, "krealloc");
		if (!ks)
			return NULL;
		if (new_size <= ks) {
			if (flags & __GFP_ZERO)
				memset((char *)p + new_size, 0, ks - new_size);
			return (void *)p;
		}
	}
	ret = __do_kmalloc_node(m, new_size, flags, NUMA_NO_NODE);
	if (ret && ks)
		memcpy(ret, p, ks);
	return ret;
}

/* Mirrors: mm/slub.c:krealloc_node_align_noprof() */
MMSIM_EXPORT void *mmsim_krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	struct mmsim_cpu *cpu = api_cpu("krealloc");
	void *ret;

	if (!cpu)
		return NULL;
	if (unlikely(!new_size)) {
		mmsim_kfree(p);
		return ZERO_SIZE_PTR;
	}
	ret = __do_krealloc(cpu->machine, p, new_size, gfp);
	if (ret && ret != p)
		mmsim_kfree(p);
	return ret;
}

/* Mirrors: mm/util.c:kstrdup() */
MMSIM_EXPORT char *mmsim_kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	buf = mmsim_kmalloc(len, gfp);
	if (buf)
		memcpy(buf, s, len);
	return buf;
}

/* Mirrors: mm/util.c:kmemdup_noprof() */
MMSIM_EXPORT void *mmsim_kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = mmsim_kmalloc(len, gfp);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

/*
 * kmalloc() first, as physically contiguous memory fragments less in the
 * long run; above a page, without disruptive reclaim and quietly, then
 * vmalloc() for what kmalloc() could not give (not for atomic callers,
 * not for sizes above INT_MAX).
 * Mirrors: mm/slub.c:__kvmalloc_node_noprof() (align 1, any node)
 */
MMSIM_EXPORT void *mmsim_kvmalloc(size_t size, gfp_t gfp)
{
	gfp_t kmalloc_flags = gfp;
	void *ret;

	/* kmalloc_gfp_adjust(): no disruptive reclaim for large sizes */
	if (size > PAGE_SIZE) {
		kmalloc_flags |= __GFP_NOWARN;
		if (!(kmalloc_flags & __GFP_RETRY_MAYFAIL))
			kmalloc_flags &= ~__GFP_DIRECT_RECLAIM;
		/* nofail semantic is implemented by the vmalloc fallback */
		kmalloc_flags &= ~__GFP_NOFAIL;
	}
	ret = mmsim_kmalloc(size, kmalloc_flags);
	/* it makes no sense to fall back to vmalloc for sub-page requests */
	if (ret || size <= PAGE_SIZE)
		return ret;
	/* non-sleeping allocations are not supported by vmalloc */
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		return NULL;
	/* don't even allow crazy sizes */
	if (unlikely(size > INT_MAX)) {
		WARN_ON_ONCE(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	return __vmalloc_node_noprof(size, 1, gfp, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

/* Mirrors: mm/slub.c:kvfree() */
MMSIM_EXPORT void mmsim_kvfree(const void *p)
{
	if (is_vmalloc_addr(p))
		mmsim_vfree(p);
	else
		mmsim_kfree(p);
}

/* ------------------------------------------------------------------ */
/* /proc/slabinfo                                                       */

/* Mirrors: mm/slab_common.c:print_slabinfo_header() */
static void print_slabinfo_header(FILE *out)
{
	fputs("slabinfo - version: 2.1\n", out);
	fputs("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>",
	      out);
	fputs(" : tunables <limit> <batchcount> <sharedfactor>", out);
	fputs(" : slabdata <active_slabs> <num_slabs> <sharedavail>", out);
	fputc('\n', out);
}

/* Mirrors: mm/slab_common.c:cache_show() (SLUB has no extra stats) */
static void cache_show(struct kmem_cache *s, FILE *out)
{
	struct slabinfo sinfo;

	memset(&sinfo, 0, sizeof(sinfo));
	get_slabinfo(s, &sinfo);
	fprintf(out, "%-17s %6lu %6lu %6u %4u %4d", s->name, sinfo.active_objs,
		sinfo.num_objs, s->size, sinfo.objects_per_slab,
		1 << sinfo.cache_order);
	fprintf(out, " : tunables %4u %4u %4u", sinfo.limit, sinfo.batchcount,
		sinfo.shared);
	fprintf(out, " : slabdata %6lu %6lu %6lu", sinfo.active_slabs,
		sinfo.num_slabs, sinfo.shared_avail);
	fputc('\n', out);
}

/*
 * /proc/slabinfo: the header, then every cache in slab_caches order
 * (newest first), under slab_mutex.
 * Mirrors: mm/slab_common.c:slab_start()/slab_show()/slab_stop()
 */
int show_slabinfo(struct mmsim *m, FILE *out)
{
	struct slab_state *st = slab_state(m);
	struct kmem_cache *s;

	if (!st)
		return 0;
	pthread_mutex_lock(&st->slab_mutex);
	list_for_each_entry(s, &st->slab_caches, list) {
		if (&s->list == st->slab_caches.next)
			print_slabinfo_header(out);
		cache_show(s, out);
	}
	pthread_mutex_unlock(&st->slab_mutex);
	return 0;
}
