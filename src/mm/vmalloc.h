/* SPDX-License-Identifier: MIT */
/*
 * What mm/vmap_area.c and mm/vmalloc.c share: struct vmap_area, the
 * vmalloc state of a machine, and the functions of the lower half
 * (vmap areas, the lazy purge, the page-table range code) that the
 * upper half (vm_struct, vmalloc(), vmap(), boot, reports) calls.
 * Private to those two files; the rest of the kernel side uses
 * asm/mmu.h.
 */
#ifndef _MM_VMALLOC_H
#define _MM_VMALLOC_H

#include <pthread.h>

#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <sim/machine.h>

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

/*
 * One per machine (m->vmalloc): what the kernel keeps in mm/vmalloc.c's
 * globals.  vmap_lazy_nr = the pages of the areas on the lazy list;
 * nr_vmalloc_pages = the pages vmalloc() holds (not vmap()'s).
 */
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

/* host = window + (kernel VA - window_va) */
static inline char *window_ptr(const struct vmalloc_state *vs, u64 va)
{
	return vs->window + (va - vs->window_va);
}

/* ---- mm/vmap_area.c ------------------------------------------------- */

/*
 * The trees.  A new struct vmap_area (host memory) with its treap
 * priority, or NULL; insert/unlink keep @root's tree and list in step;
 * __find_vmap_area() returns the area containing @addr.  Callers hold
 * the lock of @root.
 */
struct vmap_area *alloc_va(struct vmalloc_state *vs);
void insert_vmap_area(struct vmap_area *va, struct va_root *root);
void unlink_va(struct vmap_area *va, struct va_root *root);
struct vmap_area *__find_vmap_area(unsigned long addr,
				   const struct va_root *root);
/* Boot: the free tree is all of [1, ULONG_MAX) but vmlist; teardown:
 * free every area of a list (not the vm_structs). */
int vmap_init_free_space(struct vmalloc_state *vs);
void free_va_list(struct list_head *head);

/*
 * A busy area of @size (guard included) at @align in [vstart, vend),
 * purging the lazy areas once if nothing fits; NULL on failure.  With
 * @vm, its addr and size are set.
 */
struct vmap_area *alloc_vmap_area(struct mmsim *m, unsigned long size,
				  unsigned long align, unsigned long vstart,
				  unsigned long vend, gfp_t gfp_mask,
				  struct vm_struct *vm);
/* Past this many lazy pages, free_vmap_area_noflush() purges. */
unsigned long lazy_max_pages(const struct mmsim *m);
/* An unlinked busy area whose PTEs are cleared goes to the lazy list. */
void free_vmap_area_noflush(struct mmsim *m, struct vmap_area *va);
/* Flush the TLBs of the lazy areas and free them (vm_unmap_aliases()). */
void purge_vmap_area_lazy(struct mmsim *m);

/*
 * Map @pages at kernel VA [addr, end) in swapper_pg_dir and in the host
 * window; 0 or -errno.  vunmap_range_noflush() clears both, leaving the
 * TLBs to the lazy purge.
 */
int vmap_pages_range(struct mmsim *m, u64 addr, u64 end, pgprot_t prot,
		     struct page **pages);
void vunmap_range_noflush(struct mmsim *m, u64 addr, u64 end);

#endif /* _MM_VMALLOC_H */
