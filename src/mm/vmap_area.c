// SPDX-License-Identifier: MIT
/*
 * The lower half of mm/vmalloc.c (Linux 6.18), what lies below struct
 * vm_struct: the vmap area trees, alloc_vmap_area(), lazy freeing and
 * the purge, and the page-table range code that maps pages into
 * swapper_pg_dir.  mm/vmalloc.c builds vm_struct, vmalloc() and vmap()
 * on top; mm/vmalloc.h is what the two share.
 *
 * The kernel VA range [VMALLOC_START, VMALLOC_END) is handed out in
 * struct vmap_area pieces (mm/vmalloc.h) kept in three address-ordered
 * structures:
 *
 *	free	the holes, with each node's subtree_max_size (the largest
 *		hole below it), so that the lowest hole that fits is found
 *		in O(log n) (find_vmap_lowest_match())
 *	busy	areas in use, each with its struct vm_struct
 *	lazy	areas vfree()d whose TLB entries may still be live
 *
 * A page vmap_pages_range() maps gets two mappings: a PTE in
 * swapper_pg_dir, for the simulated CPUs, and an alias in the host
 * window (mm/vmalloc.c), for the host program.  vunmap_range_noflush()
 * takes both away at once; the TLBs wait for the lazy purge.
 *
 * Lock order: vmap_purge_lock -> free_vmap_area_lock / busy_lock /
 * lazy_lock (never two of these at once); page_table_lock (init_mm's)
 * only around populating a table entry.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <asm/memory.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <hw/ram.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <mm/vmalloc.h>
#include <sim/debug.h>
#include <sim/machine.h>

#define GFP_PGTABLE_KERNEL	(GFP_KERNEL | __GFP_ZERO)
#define INVALID_PHYS_ADDR	(~(phys_addr_t)0)

/* ------------------------------------------------------------------ */
/* The trees                                                            */

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

/* Mirrors: mm/vmalloc.c:insert_vmap_area(): into the tree and the list */
void insert_vmap_area(struct vmap_area *va, struct va_root *root)
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

void unlink_va(struct vmap_area *va, struct va_root *root)
{
	root->root = __va_erase(root->root, va, root->augment);
	list_del_init(&va->list);
}

/* Mirrors: mm/vmalloc.c:__find_vmap_area(): the area containing @addr */
struct vmap_area *__find_vmap_area(unsigned long addr,
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

struct vmap_area *alloc_va(struct vmalloc_state *vs)
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

/*
 * Mirrors: mm/vmalloc.c:vmap_init_free_space(): the free tree is all of
 * [1, ULONG_MAX) but the kernel image's areas (vmlist).
 */
int vmap_init_free_space(struct vmalloc_state *vs)
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

/* Teardown: free every area of @head (the vm_structs are not ours) */
void free_va_list(struct list_head *head)
{
	struct vmap_area *va, *n;

	list_for_each_entry_safe(va, n, head, list)
		free(va);
	INIT_LIST_HEAD(head);
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
 * Cut the lowest fit out of the free tree: 0 and *@addr, or -ENOENT (no
 * hole fits), -ERANGE (the fit ends above @vend).  *@lva is set to NULL
 * if it was used.  Mirrors: mm/vmalloc.c:__alloc_vmap_area()
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

/* Mirrors: mm/vmalloc.c:lazy_max_pages(): 32 MiB of pages per fls(CPUs) */
unsigned long lazy_max_pages(const struct mmsim *m)
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
 * Mirrors: mm/vmalloc.c:reclaim_and_purge_vmap_areas(),
 * drain_vmap_area_work()
 */
void purge_vmap_area_lazy(struct mmsim *m)
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
void free_vmap_area_noflush(struct mmsim *m, struct vmap_area *va)
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
struct vmap_area *alloc_vmap_area(struct mmsim *m, unsigned long size,
				  unsigned long align, unsigned long vstart,
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
 * Mirrors: mm/vmalloc.c:vmap_pages_range() ->
 * vmap_small_pages_range_noflush() -> vmap_pages_pte_range()
 * (flush_cache_vmap() is a no-op on arm64)
 */
int vmap_pages_range(struct mmsim *m, u64 addr, u64 end, pgprot_t prot,
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
void vunmap_range_noflush(struct mmsim *m, u64 addr, u64 end)
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
