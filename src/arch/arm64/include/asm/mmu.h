/* SPDX-License-Identifier: MIT */
/*
 * Boot and teardown hooks of the kernel's MMU code (arch/arm64/mm/mmu.c,
 * context.c; mm/vmalloc.c), called from sim/machine.c and mm/mm_init.c
 * in start_kernel()'s order, and what the two files share with the rest
 * of the kernel side (include/linux/vmalloc.h's part of it).
 */
#ifndef _ASM_MMU_H
#define _ASM_MMU_H

#include <stdio.h>

#include <linux/types.h>

struct mmsim;
struct page;

/* setup_arch(): paging_init() builds swapper_pg_dir (the linear map of
 * all memblock memory) from memblock and programs every CPU's TCR, MAIR,
 * SCTLR, TTBR0 (reserved_pg_dir) and TTBR1 (swapper) as __cpu_setup and
 * cpu_replace_ttbr1() do.  Returns 0 or -errno. */
int paging_init(struct mmsim *m);

/* mm_core_init(): vmalloc_init() after kmem_cache_init(). */
int vmalloc_init(struct mmsim *m);
void vmalloc_exit(struct mmsim *m);

/* early_initcall(asids_init) */
int asids_init(struct mmsim *m);
void asids_exit(struct mmsim *m);

/* reports (mmsim_show()): "layout" prints the kernel's virtual memory
 * layout as arm64's boot message did; "vmallocinfo" /proc/vmallocinfo */
int show_kernel_layout(struct mmsim *m, FILE *out);
int show_vmallocinfo(struct mmsim *m, FILE *out);
/* the same layout, to the kernel log (where mem_init() printed it) */
void print_kernel_layout(struct mmsim *m);

/* ---- arch/arm64/mm/mmu.c --------------------------------------------- */

/* The kernel image's segments, by physical address (vmlinux.lds.S). */
enum kernel_segment_id {
	KSEG_TEXT,		/* _stext .. _etext */
	KSEG_RODATA,		/* __start_rodata .. __inittext_begin */
	KSEG_INITTEXT,		/* __inittext_begin .. __inittext_end */
	KSEG_INITDATA,		/* __initdata_begin .. __initdata_end */
	KSEG_DATA,		/* _data .. _end (data, bss) */
	KERNEL_SEGMENT_COUNT
};

struct kernel_segment {
	phys_addr_t start, end;
};

void kernel_image_segments(const struct mmsim *m,
			   struct kernel_segment seg[KERNEL_SEGMENT_COUNT]);

/*
 * A kernel page-table page after boot: pagetable_alloc() + ctor (the page
 * is PageTable and counts in NR_PAGETABLE).  INVALID (~0) if none; with
 * __GFP_ZERO in @gfp the page is zeroed.  Free with kernel_pgtable_free().
 */
phys_addr_t kernel_pgtable_alloc(struct mmsim *m, gfp_t gfp);
void kernel_pgtable_free(struct mmsim *m, phys_addr_t pa);

/* ---- include/linux/vmalloc.h ----------------------------------------- */

/* vm_struct flags (include/linux/vmalloc.h) */
#define VM_IOREMAP		0x00000001	/* ioremap() and friends */
#define VM_ALLOC		0x00000002	/* vmalloc() */
#define VM_MAP			0x00000004	/* vmap()ed pages */
#define VM_USERMAP		0x00000008	/* suitable for remap_vmalloc_range */
#define VM_DMA_COHERENT		0x00000010	/* dma_alloc_coherent */
#define VM_UNINITIALIZED	0x00000020	/* not fully initialized yet */
#define VM_NO_GUARD		0x00000040	/* don't add guard page */
#define VM_KASAN		0x00000080	/* has allocated kasan shadow */
#define VM_FLUSH_RESET_PERMS	0x00000100	/* reset direct map on unmap */
#define VM_MAP_PUT_PAGES	0x00000200	/* put pages, free array in vfree */
#define VM_ALLOW_HUGE_VMAP	0x00000400	/* allow huge pages */
#define VM_DEFER_KMEMLEAK	0x00000800	/* defer kmemleak object */
#define VM_SPARSE		0x00001000	/* not all pages present */

/*
 * One area of the vmalloc space.  @addr is a kernel VA (the kernel's
 * void *addr); the host pointer of it is vmalloc_va_to_host().  @size
 * includes the guard page unless VM_NO_GUARD.
 */
struct vm_struct {
	struct vm_struct *next;
	u64 addr;
	unsigned long size;
	unsigned long flags;
	struct page **pages;		/* a host pointer (kmalloc or vmalloc) */
	unsigned int page_order;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;
	unsigned long requested_size;
};

/* mmu.c: the kernel image's areas, before vmalloc_init() (vmlist) */
void declare_kernel_vmas(struct mmsim *m,
			 struct vm_struct vmlinux_seg[KERNEL_SEGMENT_COUNT]);

/* mm/vmalloc.c, for the rest of the kernel side.  Host pointers in and
 * out, as the public API; @caller is what /proc/vmallocinfo names. */
void *__vmalloc_node_noprof(unsigned long size, unsigned long align,
			    gfp_t gfp_mask, int node, const void *caller);
void *__vmalloc_node_range_noprof(unsigned long size, unsigned long align,
				  u64 start, u64 end, gfp_t gfp_mask,
				  u64 prot, unsigned long vm_flags, int node,
				  const void *caller);
bool is_vmalloc_addr(const void *x);
struct vm_struct *find_vm_area(const void *addr);
/* The page mapped at kernel VA @va of @m (the calling thread's machine),
 * by walking swapper_pg_dir; NULL if unmapped. */
struct page *vmalloc_va_to_page(struct mmsim *m, u64 va);
/* vmalloc_nr_pages(): what meminfo's VmallocUsed shows */
unsigned long vmalloc_nr_pages(const struct mmsim *m);
/* What the lazy purge did (for tests and examples). */
struct vmap_purge_stats {
	unsigned long nr_purges;	/* __purge_vmap_area_lazy() that found work */
	unsigned long nr_purged_areas;
	u64 last_start, last_end;	/* the last flush_tlb_kernel_range() */
	unsigned long lazy_nr;		/* vmap_lazy_nr: pages waiting */
	unsigned long lazy_max;		/* lazy_max_pages() */
	u64 window_va, window_size;	/* the host window's kernel VA range */
};
void vmap_purge_stats(struct mmsim *m, struct vmap_purge_stats *st);
/* host pointer <-> kernel VA in vmalloc's host window (0 / NULL if not) */
u64 vmalloc_host_to_va(const struct mmsim *m, const void *ptr);
void *vmalloc_va_to_host(const struct mmsim *m, u64 va);

#endif /* _ASM_MMU_H */
