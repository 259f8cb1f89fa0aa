/* SPDX-License-Identifier: MIT */
/*
 * TLB maintenance as the kernel issues it (arch/arm64/include/asm/
 * tlbflush.h): each function is the TLBI sequence Linux emits, followed
 * by the DSB that waits for it.  The hardware side is hw/tlb.c.
 */
#ifndef _ASM_TLBFLUSH_H
#define _ASM_TLBFLUSH_H

#include <hw/mmu.h>
#include <sim/machine.h>

/* The largest number of per-page TLBIs before a full flush is cheaper
 * (MAX_DVM_OPS = PTRS_PER_PTE), and the largest range op. */
#define MAX_DVM_OPS		PTRS_PER_PTE
#define __TLBI_RANGE_PAGES(num, scale) \
	((unsigned long)((num) + 1) << (5 * (scale) + 1))
#define MAX_TLBI_RANGE_PAGES	__TLBI_RANGE_PAGES(31, 3)

static inline void local_flush_tlb_all(void)
{
	tlbi(this_cpu(), MMSIM_TLBI_VMALLE1, 0, false);
}

static inline void flush_tlb_all(void)
{
	tlbi(this_cpu(), MMSIM_TLBI_VMALLE1, 0, true);
}

/* All of one ASID's entries, on every CPU (flush_tlb_mm()). */
static inline void flush_tlb_asid(u16 asid)
{
	tlbi(this_cpu(), MMSIM_TLBI_ASIDE1, (u64)asid << 48, true);
}

/* One page of one ASID on every CPU (flush_tlb_page_nosync + dsb). */
static inline void flush_tlb_page_asid(u64 va, u16 asid)
{
	tlbi(this_cpu(), MMSIM_TLBI_VAE1, tlbi_vaddr(va, asid), true);
}

/*
 * __flush_tlb_range_op(): per-page TLBIs, or the range forms where they
 * cover more (FEAT_TLBIRANGE), of @pages pages from @start.  @op is the
 * per-page operation (VAE1, VAAE1, VALE1, VAALE1); its range form is
 * used for runs of more than one page.
 */
void __flush_tlb_range_op(enum mmsim_tlbi_op op, u64 start,
			  unsigned long pages, u16 asid);

/* flush_tlb_kernel_range(): kernel mappings [start, end), every CPU. */
void flush_tlb_kernel_range(u64 start, u64 end);

/* __flush_tlb_range() for one ASID's user mappings [start, end);
 * @last_level: only leaf entries changed (the page tables stay). */
void flush_tlb_user_range(u16 asid, u64 start, u64 end, bool last_level);

#endif /* _ASM_TLBFLUSH_H */
