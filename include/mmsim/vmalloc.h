/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/vmalloc.h> - vmalloc, vmap and friends (mm/vmalloc.c).
 *
 * Virtually contiguous kernel memory built from scattered order-0 pages.
 * Like kmalloc(), the allocators return a pointer the program can use
 * directly: the pages are mapped both in the simulated kernel's page
 * tables (swapper_pg_dir, at a kernel VA in [VMALLOC_START, VMALLOC_END))
 * and into a host window that mirrors that range.  mmsim_kernel_va()
 * (<mmsim/mmu.h>) gives the kernel VA the simulated MMU translates;
 * /proc/vmallocinfo (mmsim_show(m, "vmallocinfo")) lists kernel VAs.
 *
 * Every call acts on the calling thread's machine and CPU.  Allocators
 * return NULL on failure (mmsim_strerror() says why for bad arguments;
 * the kernel's "vmalloc error: ..." report for allocation failures).
 * A guard page follows every area: touching it through the host pointer
 * kills the process (SIGSEGV), as the kernel would oops.  vfree() unmaps
 * at once; the TLB flush is lazy (mmsim_vm_unmap_aliases() forces it).
 */
#ifndef MMSIM_VMALLOC_H
#define MMSIM_VMALLOC_H

#include <stdbool.h>
#include <mmsim/gfp.h>
#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* vm_struct flags (include/linux/vmalloc.h), for mmsim_vmap() */
#define MMSIM_VM_IOREMAP	0x00000001ul
#define MMSIM_VM_ALLOC		0x00000002ul	/* vmalloc() */
#define MMSIM_VM_MAP		0x00000004ul	/* vmap()ed pages */
#define MMSIM_VM_USERMAP	0x00000008ul
#define MMSIM_VM_NO_GUARD	0x00000040ul	/* refused by vmap() */
#define MMSIM_VM_MAP_PUT_PAGES	0x00000200ul	/* vfree() frees the pages
						   and the (kmalloc()ed) array */

/*
 * Page protections for mmsim_vmap(): the arm64 descriptor attributes of
 * the kernel's pgprot_t values (pgtable-prot.h: PROT_NORMAL and friends;
 * global, Inner Shareable, AF, AttrIndx MT_NORMAL).  vmap() adds PXN.
 */
#define MMSIM_PAGE_KERNEL	0x0068000000000703ull	/* RW, XN */
#define MMSIM_PAGE_KERNEL_RO	0x0060000000000783ull	/* RO, XN */
#define MMSIM_PAGE_KERNEL_EXEC	0x0048000000000703ull	/* RWX */
#define MMSIM_PAGE_KERNEL_ROX	0x0040000000000783ull	/* RX */

/* vmalloc(): uninitialised memory; vzalloc(): zeroed.  GFP_KERNEL. */
void *mmsim_vmalloc(unsigned long size);
void *mmsim_vzalloc(unsigned long size);
/* ... with the pages from node @node (-1: any) */
void *mmsim_vmalloc_node(unsigned long size, int node);
void *mmsim_vzalloc_node(unsigned long size, int node);
/* ... with the caller's GFP flags (__GFP_ZERO, __GFP_NOWARN ...) */
void *mmsim___vmalloc(unsigned long size, mmsim_gfp_t gfp);
/* Free what the above returned.  Anything else: a WARNING report. */
void mmsim_vfree(const void *addr);

/*
 * Map @count pages, in order, at consecutive kernel VAs with @prot
 * (MMSIM_PAGE_KERNEL ...) and @flags (usually MMSIM_VM_MAP).  The pages
 * stay the caller's unless MMSIM_VM_MAP_PUT_PAGES.  Undo with vunmap().
 */
void *mmsim_vmap(struct page **pages, unsigned int count, unsigned long flags,
		 uint64_t prot);
void mmsim_vunmap(const void *addr);

/*
 * The page behind @addr, by walking the kernel's page tables (vmalloc
 * memory, or any other kernel address: kmalloc, page_address()).  NULL
 * (and 0 for the pfn) if @addr is unmapped.
 */
struct page *mmsim_vmalloc_to_page(const void *addr);
unsigned long mmsim_vmalloc_to_pfn(const void *addr);
/* Is @addr in the vmalloc range (the host window)? */
bool mmsim_is_vmalloc_addr(const void *addr);
/* Purge lazily freed areas now: one TLB flush over all of them. */
void mmsim_vm_unmap_aliases(void);

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_VMALLOC_H */
