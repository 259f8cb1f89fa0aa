/* SPDX-License-Identifier: MIT */
/*
 * SLUB internals shared by slub.c and slub_debug.c: the free pointer
 * accessors, the slab lock, the node partial lists and the slab
 * lifetime (new_slab/discard_slab), plus the contract between the
 * allocator and its debugging half (mm/slub.c keeps all of this in one
 * file; the simulator splits CONFIG_SLUB_DEBUG out into slub_debug.c).
 *
 * Everything used on the allocation and free fast paths is static
 * inline here, so splitting the file costs the fast paths nothing.
 *
 * Lock order: n->list_lock, then slab_lock().
 */
#ifndef _MM_SLUB_H
#define _MM_SLUB_H

#include <sched.h>

#include <linux/mm.h>
#include <mm/slab.h>
#include <sim/machine.h>
#include <sim/track.h>

#define MIN_PARTIAL		5
#define MAX_PARTIAL		10
#define MAX_OBJS_PER_PAGE	32767
#define DEACTIVATE_TO_HEAD	0
#define DEACTIVATE_TO_TAIL	1
#define CACHE_LINE_SIZE		64

static inline int slab_nid(const struct slab *slab)
{
	return page_to_nid(slab_page(slab));
}

static inline unsigned int slab_order(const struct slab *slab)
{
	return compound_order(slab_page(slab));
}


/* ------------------------------------------------------------------ */
/* Free pointers                                                        */

/*
 * With slub_freelist_hardened=on the stored pointer is mixed with a
 * per-cache random value and its own (byte-swapped) address, as
 * CONFIG_SLAB_FREELIST_HARDENED does, so a leaked or overwritten free
 * pointer does not point anywhere useful.
 */
static inline unsigned long freelist_ptr_encode(const struct kmem_cache *s,
						void *ptr, unsigned long ptr_addr)
{
	if (!s->hardened)
		return (unsigned long)ptr;
	return (unsigned long)ptr ^ s->random ^ __builtin_bswap64(ptr_addr);
}

static inline void *freelist_ptr_decode(const struct kmem_cache *s,
					unsigned long ptr, unsigned long ptr_addr)
{
	if (!s->hardened)
		return (void *)ptr;
	return (void *)(ptr ^ s->random ^ __builtin_bswap64(ptr_addr));
}

/*
 * Under Valgrind a free object is no-access memory: only the allocator
 * may touch its free pointer, for the moment it reads or writes it.
 * The fast paths leave tracked caches to the slow paths before they get
 * here, so the client requests are compiled out of them.
 */
static inline void *get_freepointer(const struct kmem_cache *s, void *object)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;
	unsigned long v;

	if (unlikely(s->track)) {
		track_mem_defined((void *)ptr_addr, sizeof(v));
		v = *(unsigned long *)ptr_addr;
		track_mem_noaccess((void *)ptr_addr, sizeof(v));
	} else {
		v = *(unsigned long *)ptr_addr;
	}
	return freelist_ptr_decode(s, v, ptr_addr);
}

static inline void set_freepointer(const struct kmem_cache *s, void *object,
				   void *fp)
{
	unsigned long ptr_addr = (unsigned long)object + s->offset;

	if (unlikely(s->track))
		track_mem_undefined((void *)ptr_addr, sizeof(unsigned long));
	*(unsigned long *)ptr_addr = freelist_ptr_encode(s, fp, ptr_addr);
	if (unlikely(s->track))
		track_mem_noaccess((void *)ptr_addr, sizeof(unsigned long));
}

static inline void *fixup_red_left(const struct kmem_cache *s, void *p)
{
	return (char *)p + s->red_left_pad;
}

/* ------------------------------------------------------------------ */
/* The slab lock and the node lists                                     */

static inline void slab_lock(struct slab *slab)
{
	unsigned int spins = 0;

	while (test_and_set_bit(PG_locked, &slab->flags))
		if (++spins % 128 == 0)
			sched_yield();
}

static inline void slab_unlock(struct slab *slab)
{
	__atomic_fetch_and(&slab->flags, ~BIT(PG_locked), __ATOMIC_RELEASE);
}

/* PG_workingset marks a slab on a node partial list (SL_partial). */
static inline bool slab_test_node_partial(const struct slab *slab)
{
	return test_bit(PG_workingset, &slab->flags);
}

static inline void add_partial(struct kmem_cache_node *n, struct slab *slab,
			       int tail)
{
	n->nr_partial++;
	if (tail == DEACTIVATE_TO_TAIL)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
	set_bit(PG_workingset, &slab->flags);
}

static inline void remove_partial(struct kmem_cache_node *n, struct slab *slab)
{
	list_del(&slab->slab_list);
	clear_bit(PG_workingset, &slab->flags);
	n->nr_partial--;
}

static inline void inc_slabs_node(struct kmem_cache *s, int node, int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	atomic_long_add(1, &n->nr_slabs);
	atomic_long_add(objects, &n->total_objects);
}

static inline void dec_slabs_node(struct kmem_cache *s, int node, int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	atomic_long_add(-1, &n->nr_slabs);
	atomic_long_add(-objects, &n->total_objects);
}

/* ------------------------------------------------------------------ */
/* slub.c, for slub_debug.c                                             */

struct slab *new_slab(struct kmem_cache *s, gfp_t flags, int node);
void discard_slab(struct kmem_cache *s, struct slab *slab);
void slab_out_of_memory(struct kmem_cache *s, gfp_t gfpflags, int nid);

/* ------------------------------------------------------------------ */
/* slub_debug.c: CONFIG_SLUB_DEBUG                                      */

/* Internal flag: the object itself is poisoned while free (no ctor, no RCU) */
#define __OBJECT_POISON		0x80000000U

/*
 * A debug cache (any slub_debug flag) never uses the per-CPU freelists:
 * every allocation and free goes through slub_debug.c under
 * n->list_lock, as the kernel's kmem_cache_debug() caches do.
 */
static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

/* slub_debug= parsed into slab_state at kmem_cache_init() */
void setup_slub_debug(struct mmsim *m);
/* The bytes __GFP_ZERO clears in a debug cache's object */
size_t slab_debug_zero_size(const struct kmem_cache *s, size_t orig_size);
/* Poison a new slab's bytes / set up one object (allocate_slab()) */
void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr);
void setup_object_debug(struct kmem_cache *s, void *object);
/* Consistency checks of a slab given back to the page allocator */
void free_slab_debug(struct kmem_cache *s, struct slab *slab);
/* The size of the owner tracking metadata (calculate_sizes()) */
unsigned int slub_debug_track_size(void);
/* ___slab_alloc() and slab_free() of a debug cache */
void *slab_alloc_debug(struct kmem_cache *s, gfp_t gfpflags, int node,
		       size_t orig_size);
void slab_free_debug(struct kmem_cache *s, struct slab *slab, void *object);

/* ------------------------------------------------------------------ */
/* The fast paths                                                       */

/*
 * slab_alloc_node() and slab_free() are inlined into their callers
 * (kmalloc, kmem_cache_alloc, kfree, ...), as the kernel's are within
 * mm/slub.c; everything off the fast path is out of line in slub.c.
 */
void *slab_post_alloc(struct kmem_cache *s, void *object, gfp_t gfpflags,
		      size_t orig_size);
void *slab_alloc_slow(struct kmem_cache *s, gfp_t gfpflags, int node,
		      size_t orig_size);
void __slab_free(struct kmem_cache *s, struct slab *slab, void *object);
void report_double_free(struct kmem_cache *s, void *object);

static __always_inline struct kmem_cache_cpu *this_cpu_slab(struct kmem_cache *s)
{
	return &s->cpu_slab[this_cpu()->id];
}

static __always_inline bool node_match(const struct slab *slab, int node)
{
	return node == NUMA_NO_NODE || slab_nid(slab) == node;
}

static __always_inline bool slab_failslab_armed(const struct kmem_cache *s)
{
#if MMSIM_FAULT_INJECTION
	return s->machine->failslab.enabled;
#else
	return false;
#endif
}

/*
 * Allocate one object: pop this CPU's freelist, or take the slow path.
 * The pop touches only the kmem_cache_cpu (the kernel's lockless
 * this_cpu_cmpxchg of freelist and tid; here the CPU is the thread).
 * Mirrors: mm/slub.c:slab_alloc_node() + __slab_alloc_node()
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s,
					     gfp_t gfpflags, int node,
					     size_t orig_size)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	void *object = c->freelist;
	struct slab *slab = c->slab;

	/*
	 * Under Valgrind (s->track) every allocation takes the slow path,
	 * which pops the CPU freelist too but keeps the client requests
	 * (and their stack frame) out of this one.
	 */
	if (unlikely(!object || !slab || s->track || !node_match(slab, node) ||
		     slab_failslab_armed(s)))
		return slab_alloc_slow(s, gfpflags, node, orig_size);
	c->freelist = get_freepointer(s, object);
	c->tid++;
	if (unlikely(gfpflags & __GFP_ZERO))
		return slab_post_alloc(s, object, gfpflags, orig_size);
	return object;
}

/* slab_free() of a cache described to Memcheck (out of line, slub.c) */
void slab_free_tracked(struct kmem_cache *s, struct slab *slab, void *object);

/* Mirrors: mm/slub.c:do_slab_free() */
static __always_inline void do_slab_free(struct kmem_cache *s,
					 struct slab *slab, void *object,
					 bool tracked)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);

	if (unlikely(slab == c->slab && object == (void *)c->freelist &&
		     s->hardened)) {
		/* CONFIG_SLAB_FREELIST_HARDENED's BUG_ON(object == fp) */
		report_double_free(s, object);
		return;
	}
	if (tracked)
		track_pool_free(s, object);
	if (unlikely(slab != c->slab)) {
		__slab_free(s, slab, object);
		return;
	}
	set_freepointer(s, object, c->freelist);
	c->freelist = object;
	c->tid++;
}

/*
 * Free one object: push it on this CPU's freelist if it belongs to the
 * CPU slab, else __slab_free(); a debug cache's object goes through
 * slub_debug.c.  Mirrors: mm/slub.c:slab_free()
 */
static __always_inline void slab_free(struct kmem_cache *s,
				      struct slab *slab, void *object)
{
	if (unlikely(kmem_cache_debug(s))) {
		/* checked, and freed under n->list_lock (free_to_partial_list) */
		slab_free_debug(s, slab, object);
		return;
	}
	if (unlikely(s->track)) {
		slab_free_tracked(s, slab, object);
		return;
	}
	do_slab_free(s, slab, object, false);
}

#endif /* _MM_SLUB_H */
