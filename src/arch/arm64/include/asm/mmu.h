/* SPDX-License-Identifier: MIT */
/*
 * Boot and teardown hooks of the kernel's MMU code (arch/arm64/mm/mmu.c,
 * context.c; mm/vmalloc.c), called from sim/machine.c and mm/mm_init.c
 * in start_kernel()'s order.
 */
#ifndef _ASM_MMU_H
#define _ASM_MMU_H

struct mmsim;

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
#include <stdio.h>
int show_kernel_layout(struct mmsim *m, FILE *out);
int show_vmallocinfo(struct mmsim *m, FILE *out);

#endif /* _ASM_MMU_H */
