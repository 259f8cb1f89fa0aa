// SPDX-License-Identifier: MIT
/*
 * Virtually contiguous memory (mm/vmalloc.c, Linux 6.18): vmalloc(),
 * vzalloc(), vmap(), vfree(), vunmap(), /proc/vmallocinfo.
 *
 * The kernel VA range [VMALLOC_START, VMALLOC_END) is handed out in
 * struct vmap_area pieces kept in three address-ordered structures:
 *
 *	free	the holes, with each node's subtree_max_size (the largest
 *		hole below it), so that the lowest hole that fits is found
 *		in O(log n) (find_vmap_lowest_match())
 *	busy	areas in use, each with its struct vm_struct
 *	lazy	areas vfree()d whose TLB entries may still be live
 *
 * vmalloc(size) = alloc_vmap_area(size + guard page, lowest fit) +
 * order-0 pages from the buddy allocator + PTEs in swapper_pg_dir
 * (vmap_pages_range(), allocating page tables as needed).  vfree()
 * clears the PTEs at once but leaves the TLBs alone: the area goes to
 * the lazy list, and only when more than lazy_max_pages() pages are
 * lazy does __purge_vmap_area_lazy() issue one flush_tlb_kernel_range()
 * over the whole purged span and return the areas to the free tree.
 *
 * The simulator's part (DESIGN.md 3.3): the pointer vmalloc() returns
 * must be usable by the host program.  A host window, reserved PROT_NONE
 * at boot, mirrors the low end of the vmalloc range,
 *
 *	host = window + (kernel VA - VMALLOC_START)
 *
 * and each page vmalloc maps in swapper_pg_dir is also mapped there
 * (the same memfd page as the arena's).  Allocations are confined to the
 * window: vend is VMALLOC_START + window size (4 times the RAM, 1 GiB
 * to 64 GiB; less under Valgrind, see window_init()).  The API takes and
 * returns host pointers, as kmalloc() does; vmallocinfo shows kernel
 * VAs, mmsim_kernel_va()/_ptr() convert.
 *
 * Simplifications: one vmap node (6.9 spreads busy areas over per-CPU
 * vmap_nodes and keeps pools of small freed areas; the free tree and
 * the lazy purge are the same), order-0 pages only (no huge vmalloc,
 * VM_ALLOW_HUGE_VMAP is accepted and ignored), no vm_map_ram() blocks,
 * the purge runs synchronously where the kernel queues drain_vmap_work,
 * struct vmap_area lives in host memory (the kernel: vmap_area_cachep).
 * vm_struct and the pages array are kmalloc()/vmalloc() memory, as in
 * the kernel.
 *
 * Lock order: vmap_purge_lock -> free_vmap_area_lock / busy.lock /
 * lazy.lock (never two of these at once); page_table_lock (init_mm's)
 * only around populating a table entry.
 */
#include "mmsim-config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if MMSIM_HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>
#endif

#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <hw/ram.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>
#include <sim/track.h>

#ifndef GFP_RECLAIM_MASK
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#endif
#define GFP_PGTABLE_KERNEL	(GFP_KERNEL | __GFP_ZERO)
#define INVALID_PHYS_ADDR	(~(phys_addr_t)0)

BUILD_BUG_ON(MMSIM_PAGE_KERNEL != _PAGE_KERNEL);
BUILD_BUG_ON(MMSIM_PAGE_KERNEL_RO != _PAGE_KERNEL_RO);
BUILD_BUG_ON(MMSIM_PAGE_KERNEL_EXEC != _PAGE_KERNEL_EXEC);
BUILD_BUG_ON(MMSIM_PAGE_KERNEL_ROX != _PAGE_KERNEL_ROX);
BUILD_BUG_ON(MMSIM_VM_MAP != VM_MAP || MMSIM_VM_ALLOC != VM_ALLOC ||
	     MMSIM_VM_NO_GUARD != VM_NO_GUARD ||
	     MMSIM_VM_MAP_PUT_PAGES != VM_MAP_PUT_PAGES);

/* ------------------------------------------------------------------ */
/* struct vmap_area and its trees                                       */

/*
 * The kernel keeps vmap areas in red-black trees; here a treap (a binary
 * search tree by va_start that is also a heap by a random priority) has
 * the same O(log n) expected shape with less code.  The free tree is
 * augmented as the kernel's: subtree_max_size = the largest va_size()
 * in the subtree (compute_subtree_max_size()).
 */
struct vmap_area {
	unsigned long va_start, va_end;
	struct vmap_area *left, *right;	/* the kernel: struct rb_node */
	u32 prio;
	struct list_head list;		/* address-sorted */
	union {
		unsigned long subtree_max_size;	/* in the free tree */
		struct vm_struct *vm;		/* in the busy tree */
	};
	unsigned long flags;
};

struct va_root {
	struct vmap_area *root;
	struct list_head head;
	bool augment;
};

struct vmalloc_state {
	spinlock_t free_vmap_area_lock;
	struct va_root free;		/* free_vmap_area_root/_list */
	spinlock_t busy_lock, lazy_lock;
	struct va_root busy, lazy;	/* vmap_node's busy and lazy */
	pthread_mutex_t vmap_purge_lock;
	atomic_long_t vmap_lazy_nr;
	atomic_long_t nr_vmalloc_pages;
	spinlock_t page_table_lock;		/* init_mm.page_table_lock */
	u32 prio_seq;
	/* the host window: kernel VA window_va is host address window */
	char *window;
	u64 window_va, window_size;
	void *reservation;
	size_t reservation_size;
	struct vm_struct vmlinux_seg[KERNEL_SEGMENT_COUNT];	/* vmlist */
	struct vmap_purge_stats stats;
};

static inline struct vmalloc_state *vmalloc_state(const struct mmsim *m)
{
	return m->vmalloc;
}

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

static inline unsigned long get_subtree_max_size(const struct vmap_area *va)
{
	return va ? va->subtree_max_size : 0;
}

static inline void va_update(struct vmap_area *va, bool augment)
{
	if (augment)
		va->subtree_max_size =
			max(va_size(va), max(get_subtree_max_size(va->left),
					     get_subtree_max_size(va->right)));
}

/* Split @t into the areas below @key and those at or above it. */
static void va_split(struct vmap_area *t, unsigned long key,
		     struct vmap_area **l, struct vmap_area **r, bool augment)
{
	if (!t) {
		*l = *r = NULL;
		return;
	}
	if (t->va_start < key) {
		va_split(t->right, key, &t->right, r, augment);
		*l = t;
	} else {
		va_split(t->left, key, l, &t->left, augment);
		*r = t;
	}
	va_update(t, augment);
}

static struct vmap_area *va_join(struct vmap_area *l, struct vmap_area *r,
				 bool augment)
{
	if (!l || !r)
		return l ? l : r;
	if (l->prio > r->prio) {
		l->right = va_join(l->right, r, augment);
		va_update(l, augment);
		return l;
	}
	r->left = va_join(l, r->left, augment);
	va_update(r, augment);
	return r;
}

static struct vmap_area *__va_insert(struct vmap_area *t, struct vmap_area *va,
				     bool augment)
{
	if (!t)
		return va;
	if (va->prio > t->prio) {
		va_split(t, va->va_start, &va->left, &va->right, augment);
		va_update(va, augment);
		return va;
	}
	if (va->va_start < t->va_start)
		t->left = __va_insert(t->left, va, augment);
	else
		t->right = __va_insert(t->right, va, augment);
	va_update(t, augment);
	return t;
}

static struct vmap_area *__va_erase(struct vmap_area *t, struct vmap_area *va,
				    bool augment)
{
	if (!t)
		return NULL;
	if (t == va)
		return va_join(t->left, t->right, augment);
	if (va->va_start < t->va_start)
		t->left = __va_erase(t->left, va, augment);
	else
		t->right = __va_erase(t->right, va, augment);
	va_update(t, augment);
	return t;
}

/* Mirrors: mm/vmalloc.c:augment_tree_propagate_from(): @va's size changed. */
static void augment_tree_propagate_from(struct vmap_area *t,
					struct vmap_area *va)
{
	if (!t)
		return;
	if (t != va)
		augment_tree_propagate_from(va->va_start < t->va_start ?
					    t->left : t->right, va);
	va_update(t, true);
}

/*
 * Mirrors: mm/vmalloc.c:insert_vmap_area(): into the tree and, in order, the
 * list.
 */
static void insert_vmap_area(struct vmap_area *va, struct va_root *root)
{
	struct vmap_area *t = root->root, *prev = NULL;

	while (t) {
		if (t->va_start < va->va_start) {
			prev = t;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	va->left = va->right = NULL;
	va_update(va, root->augment);
	list_add(&va->list, prev ? &prev->list : &root->head);
	root->root = __va_insert(root->root, va, root->augment);
}

static void unlink_va(struct vmap_area *va, struct va_root *root)
{
	root->root = __va_erase(root->root, va, root->augment);
	list_del_init(&va->list);
}

/* Mirrors: mm/vmalloc.c:__find_vmap_area(): the area containing @addr */
static struct vmap_area *__find_vmap_area(unsigned long addr,
					  const struct va_root *root)
{
	struct vmap_area *va = root->root;

	while (va) {
		if (addr < va->va_start)
			va = va->left;
		else if (addr >= va->va_end)
			va = va->right;
		else
			return va;
	}
	return NULL;
}

static struct vmap_area *alloc_va(struct vmalloc_state *vs)
{
	struct vmap_area *va = calloc(1, sizeof(*va));
	u32 x;

	if (!va)
		return NULL;
	/* a fixed, well-mixed priority per node (lowbias32 of a sequence) */
	x = __atomic_add_fetch(&vs->prio_seq, 1, __ATOMIC_RELAXED);
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	va->prio = x;
	INIT_LIST_HEAD(&va->list);
	return va;
}

/* ------------------------------------------------------------------ */
/* Finding and cutting free space (the kernel's words and steps)       */

/* Mirrors: mm/vmalloc.c:is_within_this_va() */
static bool is_within_this_va(const struct vmap_area *va, unsigned long size,
			      unsigned long align, unsigned long vstart)
{
	unsigned long nva_start_addr;

	if (va->va_start > vstart)
		nva_start_addr = ALIGN(va->va_start, align);
	else
		nva_start_addr = ALIGN(vstart, align);
	/* can be overflowed due to big size or alignment */
	if (nva_start_addr + size < nva_start_addr || nva_start_addr < vstart)
		return false;
	return nva_start_addr + size <= va->va_end;
}

/*
 * The lowest free area where @size fits at @align above @vstart: go left
 * while the left subtree has a big enough hole and lies above vstart,
 * else take this node if it fits, else go right; when stuck, climb back
 * (the kernel follows rb_parent(); we keep the path) to the first
 * ancestor whose right subtree may fit.
 * Mirrors: mm/vmalloc.c:find_vmap_lowest_match()
 */
#define VA_PATH_MAX	256
static struct vmap_area *find_vmap_lowest_match(struct va_root *root,
						unsigned long size,
						unsigned long align,
						unsigned long vstart,
						bool adjust_search_size)
{
	struct vmap_area *path[VA_PATH_MAX], *va, *node = root->root;
	unsigned long length = adjust_search_size ? size + align - 1 : size;
	int depth = 0;

	while (node) {
		va = node;
		if (depth == VA_PATH_MAX)
			goto linear;	/* an absurdly unlucky treap */
		path[depth++] = node;
		if (get_subtree_max_size(node->left) >= length &&
		    vstart < va->va_start) {
			node = node->left;
			continue;
		}
		if (is_within_this_va(va, size, align, vstart))
			return va;
		if (get_subtree_max_size(node->right) >= length) {
			node = node->right;
			continue;
		}
		/* roll back to the first right subtree that may fit */
		node = NULL;
		while (--depth > 0) {
			va = path[depth - 1];
			if (is_within_this_va(va, size, align, vstart))
				return va;
			if (get_subtree_max_size(va->right) >= length &&
			    vstart <= va->va_start) {
				/* do not enter the checked subtree again */
				vstart = va->va_start + 1;
				node = va->right;
				break;
			}
		}
	}
	return NULL;

linear:
	list_for_each_entry(va, &root->head, list)
		if (is_within_this_va(va, size, align, vstart))
			return va;
	return NULL;
}

enum fit_type {
	NOTHING_FIT,
	FL_FIT_TYPE,	/* the whole free area */
	LE_FIT_TYPE,	/* its left edge */
	RE_FIT_TYPE,	/* its right edge */
	NE_FIT_TYPE,	/* its middle: no edge */
};

/* Mirrors: mm/vmalloc.c:classify_va_fit_type() */
static enum fit_type classify_va_fit_type(struct vmap_area *va,
					  unsigned long nva_start_addr,
					  unsigned long size)
{
	if (nva_start_addr < va->va_start ||
	    nva_start_addr + size > va->va_end)
		return NOTHING_FIT;
	if (va->va_start == nva_start_addr)
		return va->va_end == nva_start_addr + size ? FL_FIT_TYPE
							   : LE_FIT_TYPE;
	if (va->va_end == nva_start_addr + size)
		return RE_FIT_TYPE;
	return NE_FIT_TYPE;
}

/*
 * Cut [nva_start_addr, +size) out of free area @va: all of it (FL), its
 * left or right edge (LE, RE), or its middle (NE: a new area for the
 * left part).  Mirrors: mm/vmalloc.c:va_clip()
 */
static int va_clip(struct vmalloc_state *vs, struct vmap_area *va,
		   unsigned long nva_start_addr, unsigned long size,
		   struct vmap_area *lva)
{
	switch (classify_va_fit_type(va, nva_start_addr, size)) {
	case FL_FIT_TYPE:
		unlink_va(va, &vs->free);
		free(va);
		break;
	case LE_FIT_TYPE:
		va->va_start += size;
		augment_tree_propagate_from(vs->free.root, va);
		break;
	case RE_FIT_TYPE:
		va->va_end = nva_start_addr;
		augment_tree_propagate_from(vs->free.root, va);
		break;
	case NE_FIT_TYPE:
		if (!lva)
			return -ENOMEM;
		lva->va_start = va->va_start;
		lva->va_end = nva_start_addr;
		va->va_start = nva_start_addr + size;
		augment_tree_propagate_from(vs->free.root, va);
		insert_vmap_area(lva, &vs->free);
		return 1;	/* lva used */
	default:
		return -EINVAL;
	}
	return 0;
}

/*
 * Mirrors: mm/vmalloc.c:__alloc_vmap_area(); -ENOENT, -ERANGE or the address.
 */
static long __alloc_vmap_area(struct vmalloc_state *vs, unsigned long size,
			      unsigned long align, unsigned long vstart,
			      unsigned long vend, struct vmap_area **lva,
			      unsigned long *addr)
{
	bool adjust_search_size = true;
	unsigned long nva_start_addr;
	struct vmap_area *va;
	int ret;

	/* page-aligned blocks, or an exact [vstart, vend) fit: no slack */
	if (align <= PAGE_SIZE || (vend - vstart) == size)
		adjust_search_size = false;
	va = find_vmap_lowest_match(&vs->free, size, align, vstart,
				    adjust_search_size);
	if (unlikely(!va))
		return -ENOENT;
	nva_start_addr = va->va_start > vstart ? ALIGN(va->va_start, align)
					       : ALIGN(vstart, align);
	if (nva_start_addr + size > vend)
		return -ERANGE;
	ret = va_clip(vs, va, nva_start_addr, size, *lva);
	if (WARN_ON_ONCE(ret < 0))
		return ret;
	if (ret == 1)
		*lva = NULL;
	*addr = nva_start_addr;
	return 0;
}

/*
 * Return @va to the free tree, merged with its free neighbours.
 * Mirrors: mm/vmalloc.c:__merge_or_add_vmap_area() +
 * augment_tree_propagate_from()
 */
static void merge_or_add_vmap_area(struct vmalloc_state *vs,
				   struct vmap_area *va)
{
	struct va_root *root = &vs->free;
	struct vmap_area *t = root->root, *prev = NULL, *sibling;
	struct list_head *next;
	bool merged = false;

	while (t) {
		if (t->va_start < va->va_start) {
			prev = t;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	next = prev ? prev->list.next : root->head.next;
	/* |<--va-->|<--next-->| */
	if (next != &root->head) {
		sibling = list_entry(next, struct vmap_area, list);
		if (sibling->va_start == va->va_end) {
			sibling->va_start = va->va_start;
			free(va);
			va = sibling;
			merged = true;
		}
	}
	/* |<--prev-->|<--va-->| */
	if (prev && prev->va_end == va->va_start) {
		if (merged)
			unlink_va(va, root);
		prev->va_end = va->va_end;
		free(va);
		va = prev;
		merged = true;
	}
	if (!merged)
		insert_vmap_area(va, root);
	else
		augment_tree_propagate_from(root->root, va);
}

/* ------------------------------------------------------------------ */
/* Lazy freeing and the purge                                           */

/*
 * Mirrors: mm/vmalloc.c:lazy_max_pages(): 32 MiB worth of pages per fls(CPUs)
 */
static unsigned long lazy_max_pages(const struct mmsim *m)
{
	unsigned int cpus = (unsigned int)m->nr_cpu_ids;

	return (unsigned long)(32 - __builtin_clz(cpus)) *
	       (32UL * 1024 * 1024 / PAGE_SIZE);
}

/*
 * Flush the TLBs once for every lazily freed area and give the areas
 * back to the free tree.  Returns true if anything was purged.
 * Mirrors: mm/vmalloc.c:__purge_vmap_area_lazy() + purge_vmap_node() +
 * reclaim_list_global() (one node, no pools to decay).  Caller holds
 * vmap_purge_lock.
 */
static bool __purge_vmap_area_lazy(struct mmsim *m, u64 start, u64 end)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	struct vmap_area *va, *n;
	unsigned long nr_purged_pages = 0, nr_purged = 0;
	LIST_HEAD(purge_list);

	spin_lock(&vs->lazy_lock);
	if (!list_empty(&vs->lazy.head)) {
		/* list_replace_init(): the whole lazy list, in address order */
		purge_list.next = vs->lazy.head.next;
		purge_list.prev = vs->lazy.head.prev;
		purge_list.next->prev = &purge_list;
		purge_list.prev->next = &purge_list;
		INIT_LIST_HEAD(&vs->lazy.head);
		vs->lazy.root = NULL;
	}
	spin_unlock(&vs->lazy_lock);
	if (list_empty(&purge_list))
		return false;

	start = min(start, (u64)list_first_entry(&purge_list, struct vmap_area,
						 list)->va_start);
	end = max(end, (u64)list_last_entry(&purge_list, struct vmap_area,
					    list)->va_end);
	flush_tlb_kernel_range(start, end);

	spin_lock(&vs->free_vmap_area_lock);
	list_for_each_entry_safe(va, n, &purge_list, list) {
		nr_purged_pages += va_size(va) >> PAGE_SHIFT;
		nr_purged++;
		list_del_init(&va->list);
		merge_or_add_vmap_area(vs, va);
	}
	spin_unlock(&vs->free_vmap_area_lock);
	atomic_long_add(-(long)nr_purged_pages, &vs->vmap_lazy_nr);

	vs->stats.nr_purges++;
	vs->stats.nr_purged_areas += nr_purged;
	vs->stats.last_start = start;
	vs->stats.last_end = end;
	return nr_purged > 0;
}

/*
 * Mirrors: mm/vmalloc.c:reclaim_and_purge_vmap_areas(), drain_vmap_area_work()
 */
static void purge_vmap_area_lazy(struct mmsim *m)
{
	struct vmalloc_state *vs = vmalloc_state(m);

	pthread_mutex_lock(&vs->vmap_purge_lock);
	__purge_vmap_area_lazy(m, ~0ULL, 0);
	pthread_mutex_unlock(&vs->vmap_purge_lock);
}

/*
 * The area's PTEs are gone but the TLBs may still hold them: park it on
 * the lazy list; past lazy_max_pages(), purge (the kernel schedules
 * drain_vmap_work, which does the same on a workqueue).
 * Mirrors: mm/vmalloc.c:free_vmap_area_noflush()
 */
static void free_vmap_area_noflush(struct mmsim *m, struct vmap_area *va)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	unsigned long nr_lazy;

	nr_lazy = (unsigned long)atomic_long_add_return(
		(long)(va_size(va) >> PAGE_SHIFT), &vs->vmap_lazy_nr);
	va->vm = NULL;
	spin_lock(&vs->lazy_lock);
	insert_vmap_area(va, &vs->lazy);
	spin_unlock(&vs->lazy_lock);
	if (unlikely(nr_lazy > lazy_max_pages(m)))
		purge_vmap_area_lazy(m);
}

/*
 * Allocate a range of kernel VA of @size (guard included) at @align in
 * [vstart, vend); on failure purge the lazy areas once and retry.
 * Mirrors: mm/vmalloc.c:alloc_vmap_area() (no node pools)
 */
static struct vmap_area *alloc_vmap_area(struct mmsim *m, unsigned long size,
					 unsigned long align,
					 unsigned long vstart,
					 unsigned long vend, gfp_t gfp_mask,
					 struct vm_struct *vm)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	struct vmap_area *va, *lva;
	unsigned long addr = 0;
	bool purged = false;
	long ret;

	if (unlikely(!size || (size & ~PAGE_MASK) || (align & (align - 1))))
		return NULL;
	va = alloc_va(vs);
	lva = alloc_va(vs);	/* the kernel's ne_fit_preload_node */
	if (!va || !lva)
		goto fail;
retry:
	spin_lock(&vs->free_vmap_area_lock);
	ret = __alloc_vmap_area(vs, size, align, vstart, vend, &lva, &addr);
	spin_unlock(&vs->free_vmap_area_lock);
	if (ret) {
		if (!purged) {
			purge_vmap_area_lazy(m);
			purged = true;
			goto retry;
		}
		if (!(gfp_mask & __GFP_NOWARN))
			pr_warn(m, "vmalloc_node_range for size %lu failed: Address range restricted to %#lx - %#lx",
				size, vstart, vend);
		goto fail;
	}
	free(lva);
	va->va_start = addr;
	va->va_end = addr + size;
	va->vm = vm;
	if (vm) {
		vm->addr = va->va_start;
		vm->size = va_size(va);
	}
	spin_lock(&vs->busy_lock);
	insert_vmap_area(va, &vs->busy);
	spin_unlock(&vs->busy_lock);
	return va;
fail:
	free(va);
	free(lva);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Kernel page tables of the vmalloc range                              */

/*
 * Populate an empty entry with a new zeroed table, unless another CPU
 * did meanwhile.  Mirrors: mm/memory.c:__pmd_alloc(), __pud_alloc(),
 * __pte_alloc_kernel() with pud/pmd_populate_kernel() (init_mm: UXNTable)
 */
static int __table_alloc(struct mmsim *m, u64 *entry, u64 table_bits)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	phys_addr_t pa = kernel_pgtable_alloc(m, GFP_PGTABLE_KERNEL);
	bool used = false;

	if (pa == INVALID_PHYS_ADDR)
		return -ENOMEM;
	spin_lock(&vs->page_table_lock);
	if (!__atomic_load_n(entry, __ATOMIC_RELAXED)) {
		__atomic_store_n(entry, pa | table_bits, __ATOMIC_RELEASE);
		dsb(ishst);
		used = true;
	}
	spin_unlock(&vs->page_table_lock);
	if (!used)
		kernel_pgtable_free(m, pa);
	return 0;
}

/* The pte of @addr in swapper_pg_dir, tables allocated as needed. */
static pte_t *vmap_pte_alloc(struct mmsim *m, u64 addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;
	pmd_t *pmd;

	if (p4d_none(p4dp_get(p4d)) &&
	    __table_alloc(m, &p4d->p4d, P4D_TYPE_TABLE | P4D_TABLE_AF |
					    P4D_TABLE_UXN))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(pudp_get(pud)) &&
	    __table_alloc(m, &pud->pud, PUD_TYPE_TABLE | PUD_TABLE_AF |
					    PUD_TABLE_UXN))
		return NULL;
	if (WARN_ON(!pud_table(pudp_get(pud))))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(pmdp_get(pmd)) &&
	    __table_alloc(m, &pmd->pmd, PMD_TYPE_TABLE | PMD_TABLE_AF |
					    PMD_TABLE_UXN))
		return NULL;
	if (WARN_ON(!pmd_table(pmdp_get(pmd))))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/* The pte of @addr if all levels above it are tables, else NULL. */
static pte_t *vmap_pte_lookup(u64 addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;
	pmd_t *pmd;

	if (p4d_none(p4dp_get(p4d)))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_table(pudp_get(pud)))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_table(pmdp_get(pmd)))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

static bool vmap_page_valid(const struct mmsim *m, const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)m->vmemmap_window;

	return off < m->vmemmap_window_size && !(off % sizeof(struct page)) &&
	       memblock_is_memory(&m->memblock,
				  PFN_PHYS((unsigned long)(page - m->vmemmap)));
}

/* ---- the host window ---- */

static char *window_ptr(const struct vmalloc_state *vs, u64 va)
{
	return vs->window + (va - vs->window_va);
}

/* Alias each page's memfd page at its place in the window. */
static int window_map(struct mmsim *m, u64 addr, struct page **pages,
		      unsigned int nr, bool rdonly)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	unsigned int i = 0, run;

	while (i < nr) {
		unsigned long pfn = page_to_pfn(pages[i]);

		for (run = 1; i + run < nr &&
			      page_to_pfn(pages[i + run]) == pfn + run; run++)
			;
		if (ram_map_at(m, window_ptr(vs, addr + (u64)i * PAGE_SIZE),
			       PFN_PHYS(pfn), (size_t)run * PAGE_SIZE))
			return -ENOMEM;
		i += run;
	}
	if (rdonly)
		mprotect(window_ptr(vs, addr), (size_t)nr * PAGE_SIZE,
			 PROT_READ);
	return 0;
}

static void window_unmap(struct vmalloc_state *vs, u64 start, u64 end)
{
	mmap(window_ptr(vs, start), end - start, PROT_NONE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
}

/*
 * Map @pages at [addr, end) with @prot in swapper_pg_dir, then in the
 * host window.
 * Mirrors: mm/vmalloc.c:vmap_pages_range() -> vmap_small_pages_range_noflush()
 * -> vmap_pages_pte_range() (flush_cache_vmap() is a no-op on arm64)
 */
static int vmap_pages_range(struct mmsim *m, u64 addr, u64 end, pgprot_t prot,
			    struct page **pages)
{
	unsigned int nr = 0;
	u64 start = addr;
	pte_t *pte = NULL;

	for (; addr != end; addr += PAGE_SIZE, nr++) {
		struct page *page = pages[nr];

		if (!pte || !pte_index(addr)) {	/* a new pte table */
			pte = vmap_pte_alloc(m, addr);
			if (!pte)
				return -ENOMEM;
		} else {
			pte++;
		}
		if (WARN_ON(!pte_none(__ptep_get(pte))))
			return -EBUSY;
		if (WARN_ON(!page))
			return -ENOMEM;
		if (WARN_ON(!vmap_page_valid(m, page)))
			return -EINVAL;
		set_pte(pte, mk_pte(page, prot));
	}
	return window_map(m, start, pages, nr,
			  pgprot_val(prot) & PTE_RDONLY);
}

/*
 * Clear the PTEs of [addr, end), leaving the TLBs and the page tables.
 * Mirrors: mm/vmalloc.c:vunmap_range_noflush() -> vunmap_pte_range()
 */
static void vunmap_range_noflush(struct mmsim *m, u64 addr, u64 end)
{
	u64 start = addr;

	while (addr < end) {
		pte_t *pte = vmap_pte_lookup(addr);
		u64 next = pmd_addr_end(addr, end);

		for (; pte && addr < next; addr += PAGE_SIZE, pte++) {
			pte_t ptent = __ptep_get_and_clear(pte);

			WARN_ON(!pte_none(ptent) && !pte_present(ptent));
		}
		addr = next;
	}
	window_unmap(vmalloc_state(m), start, end);
}

/* Mirrors: mm/vmalloc.c:vmalloc_to_page(): walk swapper_pg_dir for @va */
struct page *vmalloc_va_to_page(struct mmsim *m, u64 va)
{
	pgd_t *pgd = pgd_offset_pgd(pa_to_host(m, m->swapper_pg_dir), va);
	p4d_t *p4d = p4d_offset(pgd, va);
	pud_t *pud, pudv;
	pmd_t *pmd, pmdv;
	pte_t pte;

	if (p4d_none(p4dp_get(p4d)) || p4d_bad(p4dp_get(p4d)))
		return NULL;
	pud = pud_offset(p4d, va);
	pudv = pudp_get(pud);
	if (pud_none(pudv))
		return NULL;
	if (pud_leaf(pudv))
		return pfn_to_page(pud_pfn(pudv) +
				   ((va & ~PUD_MASK) >> PAGE_SHIFT));
	if (WARN_ON_ONCE(pud_bad(pudv)))
		return NULL;
	pmd = pmd_offset(pud, va);
	pmdv = pmdp_get(pmd);
	if (pmd_none(pmdv))
		return NULL;
	if (pmd_leaf(pmdv))
		return pfn_to_page(pmd_pfn(pmdv) +
				   ((va & ~PMD_MASK) >> PAGE_SHIFT));
	if (WARN_ON_ONCE(pmd_bad(pmdv)))
		return NULL;
	pte = __ptep_get(pte_offset_kernel(pmd, va));
	if (!pte_present(pte))
		return NULL;
	return pte_page(pte);
}

/* ------------------------------------------------------------------ */
/* Reports                                                              */

/* WARN(1, fmt, ...): the message, the WARNING line, a backtrace. */
static void __printf(4, 5) vm_warn(struct mmsim *m, const char *func,
				   int line, const char *fmt, ...)
{
	struct report r;
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report_begin(&r, m);
	report_printf(&r, "------------[ cut here ]------------\n%s\n", msg);
	report_printf(&r, "WARNING: CPU: %d PID: 0 at mm/vmalloc.c:%d %s\n",
		      this_cpu() ? this_cpu()->id : 0, line, func);
	report_backtrace(&r, 1);
	report_printf(&r, "---[ end trace 0000000000000000 ]---\n");
	m->taint |= BIT(TAINT_WARN);
	report_end(&r, REPORT_WARN);
}
/* @func: the kernel function whose WARN() this is */
#define VM_WARN_MSG(m, func, fmt, ...) \
	vm_warn(m, func, __LINE__, fmt, ##__VA_ARGS__)

/* Mirrors: mm/page_alloc.c:warn_alloc() with vmalloc's messages */
static void __printf(3, 4) vmalloc_warn_alloc(struct mmsim *m, gfp_t gfp,
					      const char *fmt, ...)
{
	char msg[160], flags[160];
	struct report r;
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mmsim_gfp_format(gfp, flags, sizeof(flags));
	report_begin(&r, m);
	report_printf(&r, "%s: %s, mode:%#x(%s), nodemask=(null)\n",
		      current_comm(), msg, gfp, flags);
	report_backtrace(&r, 2);
	report_free_areas(&r, m);
	report_end(&r, REPORT_NOTICE);
}

/* %pS: "function+0xoffset/0xsize" of a code address (libunwind) */
static void print_symbol(FILE *out, const void *ip)
{
#if MMSIM_HAVE_LIBUNWIND
	unw_context_t uc;
	unw_cursor_t c;
	unw_proc_info_t pi;
	unw_word_t off = 0;
	char name[128];

	if (!unw_getcontext(&uc) && !unw_init_local(&c, &uc) &&
	    !unw_set_reg(&c, UNW_REG_IP, (unw_word_t)ip) &&
	    !unw_get_proc_name(&c, name, sizeof(name), &off)) {
		if (!unw_get_proc_info(&c, &pi) && pi.end_ip > pi.start_ip)
			fprintf(out, " %s+0x%lx/0x%lx", name, (unsigned long)off,
				(unsigned long)(pi.end_ip - pi.start_ip));
		else
			fprintf(out, " %s+0x%lx", name, (unsigned long)off);
		return;
	}
#endif
	fprintf(out, " %p", ip);
}

/* Mirrors: mm/vmalloc.c:show_numa_info() */
static void show_numa_info(struct mmsim *m, FILE *out,
			   const struct vm_struct *v, unsigned int *counters)
{
	unsigned int nr;
	int nid;

	memset(counters, 0, sizeof(*counters) * (size_t)m->nr_node_ids);
	for (nr = 0; nr < v->nr_pages; nr++)
		counters[page_to_nid(v->pages[nr])]++;
	for (nid = 0; nid < m->nr_node_ids; nid++)
		if (counters[nid])
			fprintf(out, " N%d=%u", nid, counters[nid]);
}

/*
 * /proc/vmallocinfo: every busy area in address order, then the lazily
 * freed ones not purged yet.  Mirrors: mm/vmalloc.c:vmalloc_info_show(),
 * show_purge_info() (%pK as root: the real address)
 */
int show_vmallocinfo(struct mmsim *m, FILE *out)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	unsigned int counters[MAX_NUMNODES];
	struct vmap_area *va;

	if (!vs)
		return 0;
	spin_lock(&vs->busy_lock);
	list_for_each_entry(va, &vs->busy.head, list) {
		const struct vm_struct *v = va->vm;

		if (!v || (READ_ONCE(v->flags) & VM_UNINITIALIZED))
			continue;
		fprintf(out, "0x%016llx-0x%016llx %7ld", (unsigned long long)v->addr,
			(unsigned long long)(v->addr + v->size), (long)v->size);
		if (v->caller)
			print_symbol(out, v->caller);
		if (v->nr_pages)
			fprintf(out, " pages=%d", (int)v->nr_pages);
		if (v->phys_addr)
			fprintf(out, " phys=0x%016llx",
				(unsigned long long)v->phys_addr);
		if (v->flags & VM_IOREMAP)
			fputs(" ioremap", out);
		if (v->flags & VM_SPARSE)
			fputs(" sparse", out);
		if (v->flags & VM_ALLOC)
			fputs(" vmalloc", out);
		if (v->flags & VM_MAP)
			fputs(" vmap", out);
		if (v->flags & VM_USERMAP)
			fputs(" user", out);
		if (v->flags & VM_DMA_COHERENT)
			fputs(" dma-coherent", out);
		if (vmalloc_host_to_va(m, v->pages))
			fputs(" vpages", out);
		show_numa_info(m, out, v, counters);
		fputc('\n', out);
	}
	spin_unlock(&vs->busy_lock);

	spin_lock(&vs->lazy_lock);
	list_for_each_entry(va, &vs->lazy.head, list)
		fprintf(out, "0x%016llx-0x%016llx %7ld unpurged vm_area\n",
			(unsigned long long)va->va_start,
			(unsigned long long)va->va_end, (long)va_size(va));
	spin_unlock(&vs->lazy_lock);
	return 0;
}

/* ------------------------------------------------------------------ */
/* vm areas                                                             */

/*
 * An area of @size (rounded up to pages, plus a guard page unless
 * VM_NO_GUARD) in [start, end), within the host window.
 * Mirrors: mm/vmalloc.c:__get_vm_area_node()
 */
static struct vm_struct *__get_vm_area_node(struct mmsim *m, unsigned long size,
					    unsigned long align,
					    unsigned long flags, u64 start,
					    u64 end, int node, gfp_t gfp_mask,
					    const void *caller)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	unsigned long requested_size = size;
	struct vm_struct *area;

	size = ALIGN(size, PAGE_SIZE);
	if (unlikely(!size))
		return NULL;
	area = mmsim_kmalloc_node(sizeof(*area),
				  (gfp_mask & GFP_RECLAIM_MASK) | __GFP_ZERO,
				  node);
	if (unlikely(!area))
		return NULL;
	if (!(flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	area->flags = flags;
	area->caller = caller;
	area->requested_size = requested_size;
	/* the simulator: only the part of the range the host window shows */
	end = min(end, vs->window_va + vs->window_size);
	if (!alloc_vmap_area(m, size, align, start, end, gfp_mask, area)) {
		mmsim_kfree(area);
		return NULL;
	}
	return area;
}

/*
 * Take the area of kernel VA @addr out of the busy tree and unmap it
 * (PTEs now, TLBs lazily).  Returns its vm_struct, NULL if none (the
 * kernel image's areas are never removed here).
 * Mirrors: mm/vmalloc.c:remove_vm_area() + find_unlink_vmap_area() +
 * free_unmap_vmap_area()
 */
static struct vm_struct *remove_vm_area(struct mmsim *m, u64 addr)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	struct vmap_area *va;
	struct vm_struct *vm;

	spin_lock(&vs->busy_lock);
	va = __find_vmap_area(addr, &vs->busy);
	if (va && va->vm >= vs->vmlinux_seg &&
	    va->vm < vs->vmlinux_seg + KERNEL_SEGMENT_COUNT)
		va = NULL;
	if (va)
		unlink_va(va, &vs->busy);
	spin_unlock(&vs->busy_lock);
	if (!va || !va->vm)
		return NULL;
	vm = va->vm;
	vunmap_range_noflush(m, va->va_start, va->va_end);
	free_vmap_area_noflush(m, va);
	return vm;
}

static void __vfree(struct mmsim *m, const void *addr);

/* kvfree() of an array the kernel kmalloc()ed or vmalloc()ed */
static void kvfree_array(struct mmsim *m, void *p)
{
	if (vmalloc_host_to_va(m, p))
		__vfree(m, p);
	else
		mmsim_kfree(p);
}

/* Mirrors: mm/vmalloc.c:vfree() */
static void __vfree(struct mmsim *m, const void *addr)
{
	struct vm_struct *vm;
	u64 va;
	unsigned int i;

	if (!addr)
		return;
	if ((uintptr_t)addr & ~PAGE_MASK) {
		VM_WARN_MSG(m, "remove_vm_area", "Trying to vfree() bad address (%p)", addr);
		return;
	}
	va = vmalloc_host_to_va(m, addr);
	vm = va ? remove_vm_area(m, va) : NULL;
	if (unlikely(!vm)) {
		VM_WARN_MSG(m, "vfree", "Trying to vfree() nonexistent vm area (%p)",
			    addr);
		return;
	}
	for (i = 0; i < vm->nr_pages; i++)
		mmsim___free_pages(vm->pages[i], 0);
	if (!(vm->flags & VM_MAP_PUT_PAGES))
		atomic_long_add(-(long)vm->nr_pages,
				&vmalloc_state(m)->nr_vmalloc_pages);
	if (vm->pages)
		kvfree_array(m, vm->pages);
	mmsim_kfree(vm);
}

/* Mirrors: mm/vmalloc.c:vm_area_alloc_pages() for order 0 (the bulk allocator's
 * pages, one at a time) */
static unsigned int vm_area_alloc_pages(gfp_t gfp, int nid,
					unsigned int nr_pages,
					struct page **pages)
{
	unsigned int nr_allocated = 0;

	while (nr_allocated < nr_pages) {
		struct page *page = nid == NUMA_NO_NODE ?
			mmsim_alloc_pages(gfp, 0) :
			mmsim_alloc_pages_node(nid, gfp, 0);

		if (!page)
			break;
		pages[nr_allocated++] = page;
	}
	return nr_allocated;
}

/*
 * The pages array, the pages, the mapping.  Returns the host pointer or
 * NULL (the area freed).  Mirrors: mm/vmalloc.c:__vmalloc_area_node()
 */
static void *__vmalloc_area_node(struct mmsim *m, struct vm_struct *area,
				 gfp_t gfp_mask, pgprot_t prot, int node)
{
	struct vmalloc_state *vs = vmalloc_state(m);
	const gfp_t nested_gfp = (gfp_mask & GFP_RECLAIM_MASK) | __GFP_ZERO;
	unsigned long size = area->size -
			     (area->flags & VM_NO_GUARD ? 0 : PAGE_SIZE);
	unsigned int nr_small_pages = (unsigned int)(size >> PAGE_SHIFT), i;
	unsigned long array_size = (unsigned long)nr_small_pages *
				   sizeof(struct page *);
	char *host = window_ptr(vs, area->addr);

	if (!(gfp_mask & (__GFP_DMA | __GFP_DMA32)))
		gfp_mask |= __GFP_HIGHMEM;
	/* the recursion is strictly bounded */
	if (array_size > PAGE_SIZE)
		area->pages = __vmalloc_node_noprof(array_size, 1, nested_gfp,
						    node, area->caller);
	else
		area->pages = mmsim_kmalloc_node(array_size, nested_gfp, node);
	if (!area->pages) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, failed to allocated page array size %lu",
				   (unsigned long)nr_small_pages * PAGE_SIZE,
				   array_size);
		goto fail;
	}
	area->page_order = 0;
	area->nr_pages = vm_area_alloc_pages(gfp_mask | __GFP_NOWARN, node,
					     nr_small_pages, area->pages);
	atomic_long_add(area->nr_pages, &vs->nr_vmalloc_pages);
	if (area->nr_pages != nr_small_pages) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, failed to allocate pages",
				   (unsigned long)area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	if (vmap_pages_range(m, area->addr, area->addr + size, prot,
			     area->pages) < 0) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, failed to map pages",
				   (unsigned long)area->nr_pages * PAGE_SIZE);
		goto fail;
	}
	/* Memcheck: vmalloc() memory is undefined, vzalloc()'s zero; the
	 * linear alias is left readable (Memcheck cannot see aliasing) */
	if (m->track) {
		if (!(gfp_mask & __GFP_ZERO))
			track_mem_undefined(host, size);
		for (i = 0; i < area->nr_pages; i++)
			track_mem_defined(page_address(area->pages[i]),
					  PAGE_SIZE);
	}
	return host;
fail:
	__vfree(m, host);
	return NULL;
}

static bool node_valid(struct mmsim *m, int node)
{
	if (node == NUMA_NO_NODE || (node >= 0 && node < m->nr_node_ids))
		return true;
	mmsim_set_error(EINVAL, "vmalloc_node: no node %d", node);
	return false;
}

/*
 * Allocate @size bytes of virtually contiguous memory in [start, end).
 * Returns a host pointer, page aligned, or NULL.
 * Mirrors: mm/vmalloc.c:__vmalloc_node_range_noprof() (no huge mappings; a
 * failing
 * __GFP_NOFAIL allocation fails instead of retrying forever)
 */
void *__vmalloc_node_range_noprof(unsigned long size, unsigned long align,
				  u64 start, u64 end, gfp_t gfp_mask, u64 prot,
				  unsigned long vm_flags, int node,
				  const void *caller)
{
	struct mmsim_cpu *cpu = api_cpu("vmalloc");
	struct vm_struct *area;
	struct mmsim *m;
	void *ret;

	if (!cpu)
		return NULL;
	m = cpu->machine;
	if (!vmalloc_state(m) || !node_valid(m, node))
		return NULL;
	if (WARN_ON_ONCE(!size))
		return NULL;
	if ((size >> PAGE_SHIFT) >
	    (unsigned long)atomic_long_read(&m->totalram_pages)) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, exceeds total pages",
				   size);
		return NULL;
	}
	area = __get_vm_area_node(m, size, align,
				  VM_ALLOC | VM_UNINITIALIZED | vm_flags, start,
				  end, node, gfp_mask, caller);
	if (!area) {
		vmalloc_warn_alloc(m, gfp_mask, "vmalloc error: size %lu, vm_struct allocation failed",
				   size);
		return NULL;
	}
	ret = __vmalloc_area_node(m, area, gfp_mask, __pgprot(prot), node);
	if (!ret)
		return NULL;
	/* clear_vm_uninitialized_flag(): now vmallocinfo may show it */
	__atomic_fetch_and(&area->flags, ~(unsigned long)VM_UNINITIALIZED,
			   __ATOMIC_RELEASE);
	return ret;
}

/* Mirrors: mm/vmalloc.c:__vmalloc_node_noprof() */
void *__vmalloc_node_noprof(unsigned long size, unsigned long align,
			    gfp_t gfp_mask, int node, const void *caller)
{
	struct mmsim *m = this_machine();

	if (!m) {
		api_cpu("vmalloc");
		return NULL;
	}
	return __vmalloc_node_range_noprof(size, align, VMALLOC_START,
					   VMALLOC_END, gfp_mask, _PAGE_KERNEL,
					   0, node, caller);
}

/* Mirrors: mm/vmalloc.c:vmap() */
static void *__vmap(struct mmsim *m, struct page **pages, unsigned int count,
		    unsigned long flags, pgprot_t prot, const void *caller)
{
	struct vm_struct *area;
	unsigned long size;
	char *host;

	if (WARN_ON_ONCE(flags & VM_FLUSH_RESET_PERMS))
		return NULL;
	/* your top guard is someone else's bottom guard */
	if (WARN_ON_ONCE(flags & VM_NO_GUARD))
		flags &= ~VM_NO_GUARD;
	if (count > (unsigned long)atomic_long_read(&m->totalram_pages))
		return NULL;
	size = (unsigned long)count << PAGE_SHIFT;
	area = __get_vm_area_node(m, size, 1, flags, VMALLOC_START, VMALLOC_END,
				  NUMA_NO_NODE, GFP_KERNEL, caller);
	if (!area)
		return NULL;
	host = window_ptr(vmalloc_state(m), area->addr);
	if (vmap_pages_range(m, area->addr, area->addr + size, pgprot_nx(prot),
			     pages) < 0) {
		remove_vm_area(m, area->addr);
		mmsim_kfree(area);
		return NULL;
	}
	if (flags & VM_MAP_PUT_PAGES) {
		area->pages = pages;
		area->nr_pages = count;
	}
	return host;
}

/* ------------------------------------------------------------------ */
/* Boot and teardown                                                    */

/*
 * The host window: 4 times the RAM (a one-page vmalloc() takes two pages
 * of VA with its guard, and lazily freed areas hold theirs until the
 * purge), at least 1 GiB, at most 64 GiB, never more than the vmalloc
 * range.  Under Valgrind twice the RAM, 256 MiB to 1 GiB: Memcheck pays
 * for every byte of a reservation when it tracks origins.  2 MiB
 * aligned on the host, so that a block-aligned kernel VA has a
 * block-aligned host address.
 */
#define WINDOW_ALIGN	(2ULL << 20)

static int window_init(struct mmsim *m, struct vmalloc_state *vs)
{
	u64 range = m->layout.vmalloc_end - m->layout.vmalloc_start;
	u64 size = m->track ?
		clamp(m->cfg.mem * 2, (u64)256 << 20, (u64)SZ_1G) :
		clamp(m->cfg.mem * 4, (u64)SZ_1G, (u64)64 << 30);

	size = min(ALIGN(size, WINDOW_ALIGN), ALIGN_DOWN(range, WINDOW_ALIGN));
	vs->reservation_size = size + WINDOW_ALIGN;
	vs->reservation = mmap(NULL, vs->reservation_size, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			       0);
	if (vs->reservation == MAP_FAILED) {
		vs->reservation = NULL;
		return mmsim_set_error(ENOMEM, "vmalloc: cannot reserve a %llu MiB host window",
				       (unsigned long long)(size >> 20));
	}
	vs->window = (char *)ALIGN((uintptr_t)vs->reservation, WINDOW_ALIGN);
	vs->window_va = m->layout.vmalloc_start;
	vs->window_size = size;
	return 0;
}

/*
 * Mirrors: mm/vmalloc.c:vmap_init_free_space(): all of [1, ULONG_MAX) but
 * vmlist
 */
static int vmap_init_free_space(struct vmalloc_state *vs)
{
	unsigned long vmap_start = 1;
	const unsigned long vmap_end = ~0UL;
	struct vm_struct *vm;
	struct vmap_area *free;

	for (vm = &vs->vmlinux_seg[0]; vm; vm = vm->next) {
		if (vmap_start < vm->addr) {
			free = alloc_va(vs);
			if (!free)
				return -ENOMEM;
			free->va_start = vmap_start;
			free->va_end = vm->addr;
			insert_vmap_area(free, &vs->free);
		}
		vmap_start = vm->addr + vm->size;
	}
	free = alloc_va(vs);
	if (!free)
		return -ENOMEM;
	free->va_start = vmap_start;
	free->va_end = vmap_end;
	insert_vmap_area(free, &vs->free);
	return 0;
}

static void free_va_list(struct list_head *head)
{
	struct vmap_area *va, *n;

	list_for_each_entry_safe(va, n, head, list)
		free(va);
	INIT_LIST_HEAD(head);
}

/*
 * Mirrors: mm/vmalloc.c:vmalloc_init(): the kernel image's areas (vmlist)
 * become busy
 * areas, everything else free.  Also prints the layout, as mem_init()
 * did just before.
 */
int vmalloc_init(struct mmsim *m)
{
	struct vmalloc_state *vs;
	int i;

	print_kernel_layout(m);
	vs = calloc(1, sizeof(*vs));
	if (!vs)
		return mmsim_set_error(ENOMEM, "out of host memory");
	INIT_LIST_HEAD(&vs->free.head);
	INIT_LIST_HEAD(&vs->busy.head);
	INIT_LIST_HEAD(&vs->lazy.head);
	vs->free.augment = true;
	pthread_mutex_init(&vs->vmap_purge_lock, NULL);
	m->vmalloc = vs;
	if (window_init(m, vs))
		goto fail;

	declare_kernel_vmas(m, vs->vmlinux_seg);
	for (i = 0; i < KERNEL_SEGMENT_COUNT; i++) {
		struct vm_struct *vm = &vs->vmlinux_seg[i];
		struct vmap_area *va = alloc_va(vs);

		vm->next = i + 1 < KERNEL_SEGMENT_COUNT ? vm + 1 : NULL;
		if (!va)
			goto nomem;
		va->va_start = vm->addr;
		va->va_end = vm->addr + vm->size;
		va->vm = vm;
		insert_vmap_area(va, &vs->busy);
	}
	if (vmap_init_free_space(vs))
		goto nomem;
	return 0;
nomem:
	mmsim_set_error(ENOMEM, "out of host memory");
fail:
	vmalloc_exit(m);
	return -ENOMEM;
}

/* The machine goes away: its RAM (vm_structs, pages) with it. */
void vmalloc_exit(struct mmsim *m)
{
	struct vmalloc_state *vs = vmalloc_state(m);

	if (!vs)
		return;
	free_va_list(&vs->free.head);
	free_va_list(&vs->busy.head);
	free_va_list(&vs->lazy.head);
	if (vs->reservation)
		munmap(vs->reservation, vs->reservation_size);
	pthread_mutex_destroy(&vs->vmap_purge_lock);
	free(vs);
	m->vmalloc = NULL;
}

/* ------------------------------------------------------------------ */
/* Queries                                                              */

u64 vmalloc_host_to_va(const struct mmsim *m, const void *ptr)
{
	const struct vmalloc_state *vs = m ? vmalloc_state(m) : NULL;
	uintptr_t off;

	if (!vs || !ptr)
		return 0;
	off = (uintptr_t)ptr - (uintptr_t)vs->window;
	return off < vs->window_size ? vs->window_va + off : 0;
}

void *vmalloc_va_to_host(const struct mmsim *m, u64 va)
{
	const struct vmalloc_state *vs = m ? vmalloc_state(m) : NULL;

	if (!vs || va - vs->window_va >= vs->window_size)
		return NULL;
	return window_ptr(vs, va);
}

/* Mirrors: mm/vmalloc.c:is_vmalloc_addr(), for host pointers */
bool is_vmalloc_addr(const void *x)
{
	return vmalloc_host_to_va(this_machine(), x) != 0;
}

/* Mirrors: mm/vmalloc.c:find_vm_area() */
struct vm_struct *find_vm_area(const void *addr)
{
	struct mmsim *m = this_machine();
	u64 va = vmalloc_host_to_va(m, addr);
	struct vmalloc_state *vs;
	struct vmap_area *area;

	if (!va)
		return NULL;
	vs = vmalloc_state(m);
	spin_lock(&vs->busy_lock);
	area = __find_vmap_area(va, &vs->busy);
	spin_unlock(&vs->busy_lock);
	return area ? area->vm : NULL;
}

unsigned long vmalloc_nr_pages(const struct mmsim *m)
{
	const struct vmalloc_state *vs = vmalloc_state(m);

	return vs ? (unsigned long)atomic_long_read(&vs->nr_vmalloc_pages) : 0;
}

void vmap_purge_stats(struct mmsim *m, struct vmap_purge_stats *st)
{
	struct vmalloc_state *vs = vmalloc_state(m);

	memset(st, 0, sizeof(*st));
	if (!vs)
		return;
	pthread_mutex_lock(&vs->vmap_purge_lock);
	*st = vs->stats;
	pthread_mutex_unlock(&vs->vmap_purge_lock);
	st->lazy_nr = (unsigned long)atomic_long_read(&vs->vmap_lazy_nr);
	st->lazy_max = lazy_max_pages(m);
	st->window_va = vs->window_va;
	st->window_size = vs->window_size;
}

/* ------------------------------------------------------------------ */
/* The API: host pointers in and out, on the calling thread's CPU     */

MMSIM_EXPORT void *mmsim_vmalloc(unsigned long size)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim_vzalloc(unsigned long size)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL | __GFP_ZERO,
				     NUMA_NO_NODE, __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim_vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL, node,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim_vzalloc_node(unsigned long size, int node)
{
	return __vmalloc_node_noprof(size, 1, GFP_KERNEL | __GFP_ZERO, node,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void *mmsim___vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node_noprof(size, 1, gfp_mask, NUMA_NO_NODE,
				     __builtin_return_address(0));
}

MMSIM_EXPORT void mmsim_vfree(const void *addr)
{
	struct mmsim_cpu *cpu = api_cpu("vfree");

	if (cpu && vmalloc_state(cpu->machine))
		__vfree(cpu->machine, addr);
}

MMSIM_EXPORT void *mmsim_vmap(struct page **pages, unsigned int count,
			      unsigned long flags, uint64_t prot)
{
	struct mmsim_cpu *cpu = api_cpu("vmap");

	if (!cpu || !vmalloc_state(cpu->machine))
		return NULL;
	if (!pages || !count) {
		mmsim_set_error(EINVAL, "vmap: %s", pages ? "no pages" : "NULL pages");
		return NULL;
	}
	/* a kernel page mapping: a page descriptor's attributes, no EL0 */
	if ((prot & (PTE_ADDR_LOW | PTE_USER)) ||
	    (prot & PTE_TYPE_MASK) != PTE_TYPE_PAGE || !(prot & PTE_AF)) {
		mmsim_set_error(EINVAL, "vmap: %#llx is not a kernel page protection",
				(unsigned long long)prot);
		return NULL;
	}
	return __vmap(cpu->machine, pages, count, flags, __pgprot(prot),
		      __builtin_return_address(0));
}

/* Mirrors: mm/vmalloc.c:vunmap() */
MMSIM_EXPORT void mmsim_vunmap(const void *addr)
{
	struct mmsim_cpu *cpu = api_cpu("vunmap");
	struct vm_struct *vm = NULL;
	struct mmsim *m;
	u64 va;

	if (!cpu || !addr || !vmalloc_state(cpu->machine))
		return;
	m = cpu->machine;
	va = vmalloc_host_to_va(m, addr);
	if (va && !((uintptr_t)addr & ~PAGE_MASK))
		vm = remove_vm_area(m, va);
	if (unlikely(!vm)) {
		VM_WARN_MSG(m, "vunmap", "Trying to vunmap() nonexistent vm area (%p)",
			    addr);
		return;
	}
	mmsim_kfree(vm);
}

/* Any kernel address the program holds: vmalloc, or the linear map. */
MMSIM_EXPORT struct page *mmsim_vmalloc_to_page(const void *addr)
{
	struct mmsim_cpu *cpu = api_cpu("vmalloc_to_page");
	u64 va;

	if (!cpu)
		return NULL;
	va = mmsim_kernel_va(cpu->machine, addr);
	return va ? vmalloc_va_to_page(cpu->machine, va) : NULL;
}

MMSIM_EXPORT unsigned long mmsim_vmalloc_to_pfn(const void *addr)
{
	struct page *page = mmsim_vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

MMSIM_EXPORT bool mmsim_is_vmalloc_addr(const void *addr)
{
	return is_vmalloc_addr(addr);
}

/*
 * Mirrors: mm/vmalloc.c:vm_unmap_aliases(): purge the lazy areas now (one
 * TLBI).
 */
MMSIM_EXPORT void mmsim_vm_unmap_aliases(void)
{
	struct mmsim_cpu *cpu = api_cpu("vm_unmap_aliases");

	if (cpu && vmalloc_state(cpu->machine))
		purge_vmap_area_lazy(cpu->machine);
}
