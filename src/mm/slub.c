// SPDX-License-Identifier: MIT
/*
 * SLUB: the slab allocator (mm/slub.c, Linux 6.18; its CONFIG_SLUB_DEBUG
 * half -- slub_debug= red zones, poisoning, owner tracking, consistency
 * checks -- is slub_debug.c, and the helpers both use are in slub.h).
 *
 * A cache hands out objects of one size, cut from slabs: pages (order
 * s->oo) of the buddy allocator.  Free objects are chained through a
 * free pointer at s->offset inside each free object.  There are three
 * places a free object can wait:
 *
 *   c->freelist	  this CPU's lockless list, from its CPU slab c->slab
 *			  (the slab is "frozen": owned by the CPU);
 *   slab->freelist	  objects freed into a slab by anyone but its owning
 *			  CPU (remote frees), or of a slab no CPU owns;
 *			  guarded by slab_lock();
 *   partial slabs	  per CPU (c->partial, a chain through slab->next,
 *			  not frozen since 6.8) and per node (n->partial,
 *			  under n->list_lock).
 *
 * Allocation (slab_alloc_node): pop c->freelist.  When it is empty,
 * ___slab_alloc() takes the remote frees of the CPU slab (get_freelist),
 * else the next per-CPU partial slab, else a node partial slab (moving a
 * few more to the per-CPU list), else a new slab from the page allocator.
 *
 * Free (slab_free): an object of this CPU's slab is pushed on
 * c->freelist.  Anything else goes through __slab_free(): onto
 * slab->freelist under slab_lock(), and a slab that was full goes onto
 * this CPU's partial list; a slab on a node partial list that becomes
 * empty is discarded if the node keeps enough partial slabs
 * (min_partial).
 *
 * Counters: slab->inuse counts objects not on slab->freelist (so a
 * frozen slab counts its CPU's free objects as in use, as the kernel's
 * does); slabinfo reports with the same approximation.
 *
 * Concurrency: a CPU is held by one host thread, so its kmem_cache_cpu
 * needs no lock and no transaction id cmpxchg; the kernel's
 * cmpxchg_double on (freelist, counters) is its slab_lock() fallback
 * here, a bit spinlock in the slab's flags.  Lock order: n->list_lock,
 * then slab_lock().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <mm/internal.h>
#include <mm/slab.h>
#include <sim/debug.h>
#include <sim/machine.h>
#include <sim/track.h>

#include <mm/slub.h>

#define MAX_PARTIAL_TO_SCAN	10000

/* gfp bits a slab allocation passes on to the page allocator */
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)

/* slab->inuse read in one go (a bit-field of the counters word) */
static inline unsigned int slab_inuse(const struct slab *slab)
{
	struct slab tmp;

	tmp.counters = READ_ONCE(slab->counters);
	return tmp.inuse;
}



/* ------------------------------------------------------------------ */
/* Slabs from and to the page allocator                                 */

static inline enum node_stat_item cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B
						 : NR_SLAB_UNRECLAIMABLE_B;
}

/* Mirrors: mm/slub.c:alloc_slab_page() */
static struct slab *alloc_slab_page(gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	unsigned int order = oo_order(oo);
	struct page *page;

	if (node == NUMA_NO_NODE)
		page = mmsim_alloc_pages(flags, order);
	else
		page = mmsim_alloc_pages_node(node, flags, order);
	if (!page)
		return NULL;
	__SetPageSlab(page);
	return (struct slab *)page;
}

static void *setup_object(struct kmem_cache *s, void *object)
{
	if (unlikely(kmem_cache_debug(s)))
		setup_object_debug(s, object);
	if (unlikely(s->ctor))
		s->ctor(object);
	return object;
}

/*
 * A new slab, its objects chained in address order.
 * Mirrors: mm/slub.c:allocate_slab() (no freelist shuffling)
 */
static struct slab *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	struct slab *slab;
	gfp_t alloc_gfp;
	char *start, *p;
	unsigned int idx;

	flags |= s->allocflags;
	/* let the higher order fail under pressure: the minimum order may not */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(alloc_gfp, node, oo);
	if (unlikely(!slab)) {
		oo = s->min;
		alloc_gfp = flags;
		slab = alloc_slab_page(alloc_gfp, node, oo);
		if (unlikely(!slab))
			return NULL;
	}
	slab->objects = oo_objects(oo);
	slab->inuse = 0;
	slab->frozen = 0;
	slab->slab_cache = s;
	INIT_LIST_HEAD(&slab->slab_list);
	mod_node_page_state(NODE_DATA(s->machine, slab_nid(slab)),
			    cache_vmstat_idx(s), (long)PAGE_SIZE << oo_order(oo));

	if (unlikely(kmem_cache_debug(s)))
		setup_slab_debug(s, slab, slab_address(slab));
	start = fixup_red_left(s, slab_address(slab));
	start = setup_object(s, start);
	slab->freelist = start;
	for (idx = 0, p = start; idx < slab->objects - 1; idx++) {
		char *next = setup_object(s, p + s->size);

		set_freepointer(s, p, next);
		p = next;
	}
	set_freepointer(s, p, NULL);
	if (unlikely(s->track))
		track_mem_noaccess(slab_address(slab), PAGE_SIZE << oo_order(oo));
	return slab;
}

/* Mirrors: mm/slub.c:new_slab() */
struct slab *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(s->machine, flags);
	if (unlikely(s->ctor && (flags & __GFP_ZERO)))
		WARN_ON_ONCE(s->ctor && (flags & __GFP_ZERO));
	return allocate_slab(s, flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK),
			     node);
}

/* Mirrors: mm/slub.c:__free_slab() */
static void __free_slab(struct kmem_cache *s, struct slab *slab)
{
	struct page *page = slab_page(slab);
	unsigned int order = slab_order(slab);

	if (unlikely(s->flags & SLAB_CONSISTENCY_CHECKS))
		free_slab_debug(s, slab);
	mod_node_page_state(NODE_DATA(s->machine, slab_nid(slab)),
			    cache_vmstat_idx(s), -((long)PAGE_SIZE << order));
	/* give the struct page words back as the page allocator wants them */
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	slab->counters = 0;
	INIT_LIST_HEAD(&page->lru);
	page->mapping = NULL;
	__ClearPageSlab(page);
	__ClearPageWorkingset(page);
	mmsim___free_pages(page, order);
}

void discard_slab(struct kmem_cache *s, struct slab *slab)
{
	dec_slabs_node(s, slab_nid(slab), slab->objects);
	__free_slab(s, slab);
}

/* ------------------------------------------------------------------ */
/* Moving slabs between CPU and node                                    */

/*
 * Take all of a slab's remote frees for the CPU slab; a slab with none
 * stops being frozen (it is full and on no list).
 * Mirrors: mm/slub.c:get_freelist()
 */
static void *get_freelist(struct slab *slab)
{
	void *freelist;

	slab_lock(slab);
	freelist = slab->freelist;
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = freelist != NULL;
	slab_unlock(slab);
	return freelist;
}

/* Mirrors: mm/slub.c:freeze_slab(): a partial slab becomes a CPU slab */
static void *freeze_slab(struct slab *slab)
{
	void *freelist;

	slab_lock(slab);
	VM_BUG_ON(slab->frozen);
	freelist = slab->freelist;
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	slab_unlock(slab);
	return freelist;
}

/*
 * Give a CPU slab back: splice the CPU's free objects onto the slab's
 * freelist, unfreeze it, and put it where its state says (node partial
 * list, discarded if empty and the node has enough, or on no list when
 * full).  Mirrors: mm/slub.c:deactivate_slab()
 */
static void deactivate_slab(struct kmem_cache *s, struct slab *slab,
			    void *freelist)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));
	int free_delta = 0, tail = DEACTIVATE_TO_HEAD;
	void *freelist_tail = NULL, *iter;
	void *new_freelist;
	unsigned int new_inuse;

	if (READ_ONCE(slab->freelist))
		tail = DEACTIVATE_TO_TAIL;	/* remote frees: cold */
	for (iter = freelist; iter; iter = get_freepointer(s, iter)) {
		freelist_tail = iter;
		free_delta++;
	}
	slab_lock(slab);
	VM_BUG_ON(!slab->frozen);
	if (freelist_tail) {
		set_freepointer(s, freelist_tail, slab->freelist);
		slab->freelist = freelist;
		slab->inuse -= free_delta;
	}
	slab->frozen = 0;
	new_freelist = slab->freelist;
	new_inuse = slab->inuse;
	slab_unlock(slab);

	if (!new_inuse && READ_ONCE(n->nr_partial) >= s->min_partial) {
		discard_slab(s, slab);
	} else if (new_freelist) {
		spin_lock(&n->list_lock);
		add_partial(n, slab, tail);
		spin_unlock(&n->list_lock);
	}
}

/*
 * Move a chain of per-CPU partial slabs to their nodes' partial lists,
 * discarding the empty ones the nodes do not need.
 * Mirrors: mm/slub.c:__put_partials()
 */
static void __put_partials(struct kmem_cache *s, struct slab *partial_slab)
{
	struct kmem_cache_node *n = NULL, *n2;
	struct slab *slab, *slab_to_discard = NULL;

	while (partial_slab) {
		slab = partial_slab;
		partial_slab = slab->next;
		n2 = get_node(s, slab_nid(slab));
		if (n != n2) {
			if (n)
				spin_unlock(&n->list_lock);
			n = n2;
			spin_lock(&n->list_lock);
		}
		if (unlikely(!slab_inuse(slab) &&
			     n->nr_partial >= s->min_partial)) {
			slab->next = slab_to_discard;
			slab_to_discard = slab;
		} else {
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
	}
	if (n)
		spin_unlock(&n->list_lock);
	while (slab_to_discard) {
		slab = slab_to_discard;
		slab_to_discard = slab_to_discard->next;
		discard_slab(s, slab);
	}
}

static void put_partials_cpu(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct slab *partial = c->partial;

	c->partial = NULL;
	if (partial)
		__put_partials(s, partial);
}

/*
 * Put a slab on this CPU's partial chain; when the chain is full and
 * @drain, the old chain moves to the node lists first.
 * Mirrors: mm/slub.c:put_cpu_partial()
 */
static void put_cpu_partial(struct kmem_cache *s, struct slab *slab, int drain)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	struct slab *oldslab = c->partial, *slab_to_put = NULL;
	int slabs = 0;

	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			slab_to_put = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slabs++;
	slab->slabs = slabs;
	slab->next = oldslab;
	c->partial = slab;
	if (slab_to_put)
		__put_partials(s, slab_to_put);
}

static inline bool kmem_cache_has_cpu_partial(const struct kmem_cache *s)
{
	return !(s->flags & SLAB_DEBUG_FLAGS);
}

/*
 * A partial slab of node @n: the first one becomes the CPU slab, and up
 * to half the per-CPU partial budget more go to this CPU's chain.
 * Mirrors: mm/slub.c:get_partial_node()
 */
static struct slab *get_partial_node(struct kmem_cache *s,
				     struct kmem_cache_node *n)
{
	struct slab *slab, *slab2, *partial = NULL;
	unsigned int partial_slabs = 0;

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock(&n->list_lock);
	list_for_each_entry_safe(slab, slab2, &n->partial, slab_list) {
		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			if (!s->cpu_partial_slabs)
				break;
		} else {
			put_cpu_partial(s, slab, 0);
			if (++partial_slabs > s->cpu_partial_slabs / 2)
				break;
		}
	}
	spin_unlock(&n->list_lock);
	return partial;
}

/* Mirrors: mm/slub.c:get_partial() + get_any_partial() (other nodes in
 * order, without the kernel's defrag ratio) */
static struct slab *get_partial(struct kmem_cache *s, int node, gfp_t flags)
{
	struct mmsim *m = s->machine;
	int searchnode = node == NUMA_NO_NODE ? this_cpu()->node : node;
	struct slab *slab;
	int nid;

	slab = get_partial_node(s, get_node(s, searchnode));
	if (slab || (node != NUMA_NO_NODE && (flags & __GFP_THISNODE)))
		return slab;
	for_each_online_node(m, nid) {
		if (nid == searchnode)
			continue;
		slab = get_partial_node(s, get_node(s, nid));
		if (slab)
			return slab;
	}
	return NULL;
}


/* ------------------------------------------------------------------ */
/* Allocation                                                           */

/* Mirrors: mm/slub.c:slab_out_of_memory() */
void slab_out_of_memory(struct kmem_cache *s, gfp_t gfpflags, int nid)
{
	struct report r;
	char gfp[160];
	int node;

	if (gfpflags & __GFP_NOWARN)
		return;
	mmsim_gfp_format(gfpflags, gfp, sizeof(gfp));
	report_begin(&r, s->machine);
	report_printf(&r, "SLUB: Unable to allocate memory on node %d, gfp=%#x(%s)\n",
		      nid, gfpflags, gfp);
	report_printf(&r, "  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		      s->name, s->object_size, s->size, oo_order(s->oo),
		      oo_order(s->min));
	for_each_online_node(s->machine, node) {
		struct kmem_cache_node *n = get_node(s, node);

		report_printf(&r, "  node %d: slabs: %ld, objs: %ld, free: %lu\n",
			      node, atomic_long_read(&n->nr_slabs),
			      atomic_long_read(&n->total_objects), 0UL);
	}
	report_end(&r, REPORT_NOTICE);
}

/*
 * The slow path of allocation, with the CPU's state in @c: in order,
 * remote frees of the CPU slab, the per-CPU partial slabs, a node
 * partial slab, a new slab.  Debug caches go to slub_debug.c instead.
 * Mirrors: mm/slub.c:___slab_alloc()
 */
static noinline void *___slab_alloc(struct kmem_cache *s, gfp_t gfpflags,
				    int node, struct kmem_cache_cpu *c,
				    size_t orig_size)
{
	struct slab *slab;
	void *freelist;
	bool try_thisnode = true;
	gfp_t pc_flags;

	/*
	 * A debug cache never has a CPU slab, so its c->freelist is always
	 * empty and every allocation lands here, off the fast path.
	 */
	if (unlikely(kmem_cache_debug(s)))
		return slab_alloc_debug(s, gfpflags, node, orig_size);
	slab = c->slab;
	if (!slab)
		goto new_slab;
	if (unlikely(!node_match(slab, node)))
		goto deactivate;
	freelist = c->freelist;
	if (freelist)
		goto load_freelist;
	freelist = get_freelist(slab);
	if (!freelist) {
		c->slab = NULL;
		c->tid++;
		goto new_slab;
	}
load_freelist:
	VM_BUG_ON(!c->slab->frozen);
	c->freelist = get_freepointer(s, freelist);
	c->tid++;
	return freelist;

deactivate:
	freelist = c->freelist;
	c->slab = NULL;
	c->freelist = NULL;
	c->tid++;
	deactivate_slab(s, slab, freelist);

new_slab:
	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (likely(node_match(slab, node))) {
			c->slab = slab;
			freelist = freeze_slab(slab);
			VM_BUG_ON(!freelist);
			goto load_freelist;
		}
		slab->next = NULL;
		__put_partials(s, slab);
	}

new_objects:
	pc_flags = gfpflags;
	if (node != NUMA_NO_NODE && !(gfpflags & __GFP_THISNODE) && try_thisnode)
		pc_flags = GFP_NOWAIT | __GFP_THISNODE;
	slab = get_partial(s, node, pc_flags);
	if (slab) {
		freelist = freeze_slab(slab);
		goto retry_load_slab;
	}
	slab = new_slab(s, pc_flags, node);
	if (unlikely(!slab)) {
		if (node != NUMA_NO_NODE && !(gfpflags & __GFP_THISNODE) &&
		    try_thisnode) {
			try_thisnode = false;
			goto new_objects;
		}
		slab_out_of_memory(s, gfpflags, node);
		return NULL;
	}
	freelist = slab->freelist;
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	inc_slabs_node(s, slab_nid(slab), slab->objects);

retry_load_slab:
	if (unlikely(c->slab)) {
		/* new_slab() may have refilled a CPU slab behind us */
		void *flush_freelist = c->freelist;
		struct slab *flush_slab = c->slab;

		c->slab = NULL;
		c->freelist = NULL;
		c->tid++;
		deactivate_slab(s, flush_slab, flush_freelist);
	}
	c->slab = slab;
	goto load_freelist;
}


/*
 * What slab_post_alloc_hook() does after the pop: tell Memcheck about the
 * object and zero it for __GFP_ZERO.  Out of line, so that the fast path
 * below saves no registers for it.
 * Mirrors: mm/slub.c:slab_post_alloc_hook()
 */
noinline void *slab_post_alloc(struct kmem_cache *s, void *object,
				      gfp_t gfpflags, size_t orig_size)
{
	if (unlikely(!object))
		return NULL;
	if (unlikely(s->track)) {
		/*
		 * A Memcheck chunk of the object (ksize() bytes, which a
		 * caller may use): past it is an overflow into the next
		 * object, caught while that one is free.
		 */
		track_pool_alloc(s, object, s->object_size);
		if (s->ctor)
			track_mem_defined(object, s->object_size);
	}
	if (unlikely(gfpflags & __GFP_ZERO))
		memset(object, 0, unlikely(kmem_cache_debug(s)) ?
			slab_debug_zero_size(s, orig_size) : s->object_size);
	return object;
}

/*
 * Everything off the fast path: fault injection (slab_pre_alloc_hook(),
 * tested here only while failslab is armed), ___slab_alloc() and the
 * post-allocation hook.  ___slab_alloc() copes with a loaded CPU
 * freelist, as the kernel's does after a failed cmpxchg.
 */
noinline void *slab_alloc_slow(struct kmem_cache *s, gfp_t gfpflags,
				      int node, size_t orig_size)
{
	void *object;

#if MMSIM_FAULT_INJECTION
	if (unlikely(s->machine->failslab.enabled) &&
	    s != &slab_state(s->machine)->boot_kmem_cache &&
	    should_failslab(s->machine, s->object_size, gfpflags))
		return NULL;
#endif
	object = ___slab_alloc(s, gfpflags, node, this_cpu_slab(s), orig_size);

	return slab_post_alloc(s, object, gfpflags, orig_size);
}


/* ------------------------------------------------------------------ */
/* Free                                                                 */

/* The Memcheck client requests stay out of the inlined slab_free(). */
noinline void slab_free_tracked(struct kmem_cache *s, struct slab *slab,
				void *object)
{
	do_slab_free(s, slab, object, true);
}

/*
 * Free into a slab that is not this CPU's slab.
 * Mirrors: mm/slub.c:__slab_free()
 */
noinline void __slab_free(struct kmem_cache *s, struct slab *slab,
			 void *object)
{
	struct kmem_cache_node *n = NULL;
	bool was_frozen, on_node_partial = false;
	void *prior;
	unsigned int inuse;

	n = get_node(s, slab_nid(slab));
	/*
	 * The kernel takes the list lock speculatively only when the slab
	 * may need moving; the lock order (list_lock, slab_lock) makes us
	 * decide that under slab_lock first and retry with the list lock.
	 */
	slab_lock(slab);
	prior = slab->freelist;
	was_frozen = slab->frozen;
	if ((slab->inuse == 1 || !prior) && !was_frozen &&
	    (!kmem_cache_has_cpu_partial(s) || prior)) {
		slab_unlock(slab);
		spin_lock(&n->list_lock);
		slab_lock(slab);
		prior = slab->freelist;
		was_frozen = slab->frozen;
		if (!((slab->inuse == 1 || !prior) && !was_frozen &&
		      (!kmem_cache_has_cpu_partial(s) || prior))) {
			spin_unlock(&n->list_lock);
			n = NULL;
		}
	} else {
		n = NULL;
	}
	set_freepointer(s, object, prior);
	slab->freelist = object;
	inuse = --slab->inuse;
	if (n)
		on_node_partial = slab_test_node_partial(slab);
	slab_unlock(slab);

	if (likely(!n)) {
		if (likely(was_frozen))
			return;		/* the owning CPU will collect it */
		if (kmem_cache_has_cpu_partial(s) && !prior)
			put_cpu_partial(s, slab, 1);	/* was full */
		return;
	}
	/* partially empty, but on a CPU's partial chain: leave it there */
	if (prior && !on_node_partial) {
		spin_unlock(&n->list_lock);
		return;
	}
	if (unlikely(!inuse && n->nr_partial >= s->min_partial))
		goto slab_empty;
	if (!kmem_cache_has_cpu_partial(s) && unlikely(!prior))
		add_partial(n, slab, DEACTIVATE_TO_TAIL);
	spin_unlock(&n->list_lock);
	return;

slab_empty:
	if (prior)
		remove_partial(n, slab);
	spin_unlock(&n->list_lock);
	discard_slab(s, slab);
}

/* A naive double free: the object is already at the head of the list. */
noinline __cold void report_double_free(struct kmem_cache *s, void *object)
{
	struct report r;

	report_begin(&r, s->machine);
	report_printf(&r, "kernel BUG at mm/slub.c: set_freepointer: object %p freed twice in a row (%s)\n",
		      object, s->name);
	report_backtrace(&r, 2);
	report_end(&r, REPORT_BUG);
}


/* ------------------------------------------------------------------ */
/* Flushing, shrinking, shutdown                                        */

/* Give back CPU @cpu's slab and partial chain (its thread is us, or the
 * CPU is lent to us, or the cache is being destroyed). */
static void __flush_cpu_slab(struct kmem_cache *s, int cpu)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
	struct slab *slab = c->slab;

	if (slab) {
		void *freelist = c->freelist;

		c->slab = NULL;
		c->freelist = NULL;
		c->tid++;
		deactivate_slab(s, slab, freelist);
	}
	put_partials_cpu(s, c);
}

/*
 * Flush every CPU's slabs of @s: ours, the idle ones, and -- when
 * @all (the cache is being destroyed, so no CPU may be using it) -- those
 * held by other threads too.  The kernel sends an IPI to each CPU.
 * Mirrors: mm/slub.c:flush_all()
 */
static void flush_all(struct kmem_cache *s, bool all)
{
	struct mmsim *m = s->machine;
	int cpu;

	for_each_possible_cpu(m, cpu) {
		struct mmsim_cpu *c = &m->cpus[cpu];

		if (c == this_cpu() || all) {
			__flush_cpu_slab(s, cpu);
		} else if (cpu_borrow(c)) {
			__flush_cpu_slab(s, cpu);
			cpu_return(c);
		}
	}
}

/*
 * Release the empty slabs of every node partial list.
 * Mirrors: mm/slub.c:__kmem_cache_do_shrink() (without the re-sorting
 * of partial lists by fullness)
 */
int __kmem_cache_shrink(struct kmem_cache *s)
{
	int node, ret = 0;

	flush_all(s, false);
	for_each_online_node(s->machine, node) {
		struct kmem_cache_node *n = get_node(s, node);
		struct slab *slab, *t;
		LIST_HEAD(discard);

		spin_lock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
			if (!slab_inuse(slab)) {
				remove_partial(n, slab);
				list_add(&slab->slab_list, &discard);
			}
		}
		spin_unlock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &discard, slab_list)
			discard_slab(s, slab);
		if (atomic_long_read(&n->nr_slabs))
			ret = 1;
	}
	return ret;
}

/* Report the objects still allocated in @slab (mm/slub.c:list_slab_objects()) */
static void list_slab_objects(struct kmem_cache *s, struct slab *slab,
			      struct report *r)
{
	char *addr = slab_address(slab);
	unsigned long *free_map;
	unsigned int i;
	void *p;

	free_map = calloc(BITS_TO_LONGS(slab->objects), sizeof(long));
	if (!free_map)
		return;
	for (p = slab->freelist; p; p = get_freepointer(s, p)) {
		i = (unsigned int)(((char *)p - addr - s->red_left_pad) / s->size);
		if (i < slab->objects)
			free_map[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	}
	for (i = 0; i < slab->objects; i++)
		if (!(free_map[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG))))
			report_printf(r, "Object 0x%p @offset=%lu\n",
				      addr + s->red_left_pad + (size_t)i * s->size,
				      (unsigned long)i * s->size);
	free(free_map);
}

/*
 * Flush, free every empty slab, and say whether objects remain: the
 * kernel's shutdown reports each slab that still has them.
 * Mirrors: mm/slub.c:__kmem_cache_shutdown() + free_partial()
 */
int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct mmsim *m = s->machine;
	int node, busy = 0;

	flush_all(s, true);
	for_each_online_node(m, node) {
		struct kmem_cache_node *n = get_node(s, node);
		struct slab *slab, *t;
		LIST_HEAD(discard);

		spin_lock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &n->partial, slab_list) {
			if (!slab->inuse) {
				remove_partial(n, slab);
				list_add(&slab->slab_list, &discard);
			} else {
				struct report r;

				report_begin(&r, m);
				report_printf(&r, "BUG %s: Objects remaining on __kmem_cache_shutdown()\n",
					      s->name);
				report_printf(&r, "Slab 0x%p objects=%u used=%u fp=0x%p\n",
					      (void *)slab, slab->objects,
					      slab->inuse, slab->freelist);
				list_slab_objects(s, slab, &r);
				report_end(&r, REPORT_NOTICE);
			}
		}
		spin_unlock(&n->list_lock);
		list_for_each_entry_safe(slab, t, &discard, slab_list)
			discard_slab(s, slab);
		if (atomic_long_read(&n->nr_slabs))
			busy = 1;
	}
	return busy ? -EBUSY : 0;
}

/* ------------------------------------------------------------------ */
/* Cache set-up                                                         */

/* Mirrors: mm/slab_common.c:calculate_alignment() */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order,
						      unsigned int size)
{
	struct kmem_cache_order_objects x = {
		(order << 16) + order_objects(order, size)
	};

	return x;
}

static inline unsigned int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return (unsigned int)(64 - __builtin_clzl((size - 1) >> PAGE_SHIFT));
}

static inline unsigned int fls(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* Mirrors: mm/slub.c:calc_slab_order() */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order,
				    unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;
		unsigned int rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/*
 * The slab order: the smallest order from the one min_objects needs up
 * to slab_max_order that wastes at most 1/16 of the slab, then 1/8, 1/4.
 * Mirrors: mm/slub.c:calculate_order()
 */
static int calculate_order(struct mmsim *m, unsigned int size)
{
	struct slab_state *st = slab_state(m);
	unsigned int order, min_objects, max_objects, min_order, fraction;

	min_objects = st->min_objects;
	if (!min_objects) {
		unsigned int nr_cpus = (unsigned int)m->nr_cpu_ids;

		min_objects = 4 * (fls(nr_cpus) + 1);
	}
	max_objects = max(order_objects(st->max_order, size), 1U);
	min_objects = min(min_objects, max_objects);
	min_order = max(st->min_order, get_order((unsigned long)min_objects * size));
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (int)get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, st->max_order, fraction);
		if (order <= st->max_order)
			return (int)order;
	}
	order = get_order(size);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/*
 * Object layout: the object, the free pointer (inside it, in the middle,
 * unless a constructor or poisoning needs the object intact while free:
 * then after it), red zones and owner tracking for debug caches, all
 * rounded to the alignment.  Mirrors: mm/slub.c:calculate_sizes()
 */
static bool calculate_sizes(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	/* poison the object itself only if nobody may touch it while free */
	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);
	s->inuse = size;
	/*
	 * The free pointer goes after the object when the object must stay
	 * intact while free, or when a red zone must not be overlapped: an
	 * object smaller than a pointer, or a kmalloc cache that keeps the
	 * requested size (slub_debug_orig_size(): its right red zone may
	 * extend into the object).
	 */
	if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) &&
	     (s->object_size < sizeof(void *) ||
	      ((flags & SLAB_STORE_USER) && (flags & SLAB_KMALLOC))))) {
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2,
				       (unsigned int)sizeof(void *));
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * slub_debug_track_size();
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned int);
	}
	if (flags & SLAB_RED_ZONE) {
		size += sizeof(void *);
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	size = ALIGN(size, s->align);
	s->size = size;
	order = calculate_order(s->machine, size);
	if (order < 0)
		return false;
	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= MMSIM_GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= MMSIM_GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(get_order(size), size);
	return oo_objects(s->oo) != 0;
}

/* Mirrors: mm/slub.c:set_cpu_partial() + slub_set_cpu_partial() */
static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, oo_objects(s->oo));
}

static inline bool is_boot_cache(const struct kmem_cache *s)
{
	struct slab_state *st = slab_state(s->machine);

	return s == &st->boot_kmem_cache || s == &st->boot_kmem_cache_node;
}

static void init_kmem_cache_node(struct kmem_cache_node *n)
{
	spin_lock_init(&n->list_lock);
	n->nr_partial = 0;
	INIT_LIST_HEAD(&n->partial);
	atomic_long_set(&n->nr_slabs, 0);
	atomic_long_set(&n->total_objects, 0);
}

/* Mirrors: mm/slub.c:init_kmem_cache_nodes(): node structures come from
 * the "kmem_cache_node" cache, except the boot caches' own. */
static int init_kmem_cache_nodes(struct kmem_cache *s)
{
	struct slab_state *st = slab_state(s->machine);
	int node;

	for_each_online_node(s->machine, node) {
		struct kmem_cache_node *n;

		if (is_boot_cache(s))
			n = calloc(1, sizeof(*n));
		else
			n = slab_alloc_node(&st->boot_kmem_cache_node,
					    GFP_KERNEL, node, sizeof(*n));
		if (!n)
			return -ENOMEM;
		init_kmem_cache_node(n);
		s->node[node] = n;
	}
	return 0;
}

static void free_kmem_cache_nodes(struct kmem_cache *s)
{
	struct slab_state *st = slab_state(s->machine);
	int node;

	for_each_online_node(s->machine, node) {
		struct kmem_cache_node *n = s->node[node];

		if (!n)
			continue;
		s->node[node] = NULL;
		if (is_boot_cache(s))
			free(n);
		else
			slab_free(&st->boot_kmem_cache_node, virt_to_slab(n), n);
	}
}

/* The random value of freelist hardening (get_random_long()). */
static unsigned long cache_random(struct mmsim *m)
{
	u64 x = m->rnd_state + 0x9e3779b97f4a7c15ULL;

	m->rnd_state = x;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned long)(x ^ (x >> 31));
}

/*
 * Set up a cache whose name, object_size, align, ctor and machine are
 * filled in.  Mirrors: mm/slub.c:do_kmem_cache_create() / kmem_cache_open()
 */
int __kmem_cache_create(struct kmem_cache *s, slab_flags_t flags)
{
	struct mmsim *m = s->machine;
	int cpu;

	s->flags = kmem_cache_flags(slab_state(m), flags, s->name);
	s->refcount = 1;
	s->random = cache_random(m);
	/* the machine's boot-time switches, where the hot paths look */
	s->hardened = slab_state(m)->freelist_hardened;
	s->track = m->track;
	if (!calculate_sizes(s))
		return -EINVAL;
	s->min_partial = min_t(unsigned long, MAX_PARTIAL,
			       (unsigned long)(63 - __builtin_clzl(s->size)) / 2);
	s->min_partial = max_t(unsigned long, MIN_PARTIAL, s->min_partial);
	set_cpu_partial(s);
	s->cpu_slab = aligned_alloc(64, sizeof(*s->cpu_slab) *
					(size_t)m->nr_cpu_ids);
	if (!s->cpu_slab)
		return -ENOMEM;
	if (unlikely(m->track))
		track_pool_create(s);
	for_each_possible_cpu(m, cpu)
		memset(&s->cpu_slab[cpu], 0, sizeof(s->cpu_slab[cpu]));
	if (init_kmem_cache_nodes(s)) {
		__kmem_cache_release(s);
		return -ENOMEM;
	}
	return 0;
}

/* Free what __kmem_cache_create() set up (the cache must be empty). */
void __kmem_cache_release(struct kmem_cache *s)
{
	free_kmem_cache_nodes(s);
	free(s->cpu_slab);
	s->cpu_slab = NULL;
	if (unlikely(s->track))
		track_pool_destroy(s);
}

/* Mirrors: mm/slub.c:get_slabinfo() + count_partial_free_approx() */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	int node;

	for_each_online_node(s->machine, node) {
		struct kmem_cache_node *n = get_node(s, node);
		struct slab *slab;

		nr_slabs += (unsigned long)atomic_long_read(&n->nr_slabs);
		nr_objs += (unsigned long)atomic_long_read(&n->total_objects);
		spin_lock(&n->list_lock);
		if (n->nr_partial <= MAX_PARTIAL_TO_SCAN)
			list_for_each_entry(slab, &n->partial, slab_list)
				nr_free += slab->objects - slab->inuse;
		spin_unlock(&n->list_lock);
	}
	memset(sinfo, 0, sizeof(*sinfo));
	sinfo->active_objs = nr_objs - nr_free;
	sinfo->num_objs = nr_objs;
	sinfo->active_slabs = nr_slabs;
	sinfo->num_slabs = nr_slabs;
	sinfo->objects_per_slab = oo_objects(s->oo);
	sinfo->cache_order = oo_order(s->oo);
}

/* ------------------------------------------------------------------ */
/* Boot and shutdown                                                    */

static int create_boot_cache(struct mmsim *m, struct kmem_cache *s,
			     const char *name, unsigned int size,
			     slab_flags_t flags)
{
	s->name = name;
	s->object_size = size;
	s->machine = m;
	s->align = calculate_alignment(flags, ARCH_KMALLOC_MINALIGN, size);
	if (__kmem_cache_create(s, flags))
		return -ENOMEM;
	s->refcount = -1;	/* never merged with, never destroyed */
	list_add_tail(&s->list, &slab_state(m)->slab_caches);
	return 0;
}

/*
 * The slab allocator comes up: the two caches that hold the others'
 * structures, then the kmalloc caches.
 * Mirrors: mm/slub.c:kmem_cache_init()
 */
int kmem_cache_init(struct mmsim *m)
{
	struct slab_state *st = calloc(1, sizeof(*st));

	if (!st)
		return mmsim_set_error(ENOMEM, "out of host memory");
	m->slab = st;
	pthread_mutex_init(&st->slab_mutex, NULL);
	INIT_LIST_HEAD(&st->slab_caches);
	st->nomerge = m->cfg.slab_nomerge;
	st->freelist_hardened = m->cfg.slub_freelist_hardened;
	st->min_order = (unsigned int)m->cfg.slub_min_order;
	st->max_order = (unsigned int)max(m->cfg.slub_max_order,
					  m->cfg.slub_min_order);
	st->min_objects = (unsigned int)m->cfg.slub_min_objects;
	setup_slub_debug(m);

	if (create_boot_cache(m, &st->boot_kmem_cache_node, "kmem_cache_node",
			      sizeof(struct kmem_cache_node),
			      SLAB_HWCACHE_ALIGN) ||
	    create_boot_cache(m, &st->boot_kmem_cache, "kmem_cache",
			      sizeof(struct kmem_cache), SLAB_HWCACHE_ALIGN))
		return mmsim_set_error(ENOMEM, "no memory for the boot slab caches");
	if (create_kmalloc_caches(m))
		return mmsim_set_error(ENOMEM, "no memory for the kmalloc caches");
	st->up = true;
	pr_info(m, "SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%d, Nodes=%d",
		CACHE_LINE_SIZE, st->min_order, st->max_order, st->min_objects,
		m->nr_cpu_ids, m->nr_node_ids);
	return 0;
}

/* Free the host memory of every cache (their objects die with the RAM). */
void kmem_cache_exit(struct mmsim *m)
{
	struct slab_state *st = slab_state(m);
	struct kmem_cache *s, *t;

	if (!st)
		return;
	list_for_each_entry_safe(s, t, &st->slab_caches, list) {
		/* objects still allocated die with the machine, not leaks */
		if (unlikely(m->track))
			track_pool_destroy(s);
		free(s->cpu_slab);
		free(s->name_copy);
		if (is_boot_cache(s)) {
			int node;

			for_each_online_node(m, node)
				free(s->node[node]);
		}
	}
	pthread_mutex_destroy(&st->slab_mutex);
	free(st);
	m->slab = NULL;
}
