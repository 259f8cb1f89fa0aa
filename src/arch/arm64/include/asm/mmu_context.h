/* SPDX-License-Identifier: MIT */
/*
 * Switching address spaces (arch/arm64/include/asm/mmu_context.h) and
 * the ASID allocator behind it (arch/arm64/mm/context.c).
 *
 * An mm runs on a CPU when TTBR0_EL1 holds its page table and the
 * CPU's current ASID is the mm's.  Linux sets TCR_EL1.A1, so the ASID
 * that tags TLB entries comes from TTBR1_EL1, not TTBR0_EL1:
 *
 *	TTBR0_EL1	[47:1] the mm's pgd             (user half)
 *	TTBR1_EL1	[63:48] ASID  [47:1] swapper_pg_dir (kernel half)
 *
 * so that one write of TTBR1 changes the ASID for both halves, and the
 * kernel can point TTBR0 at reserved_pg_dir without changing ASID.
 *
 * Kernel-style calls act on the calling thread's CPU (this_cpu()).
 * Nothing here takes a task: there are no tasks yet, and the @tsk
 * arguments are kept (and ignored) so that the processes work can
 * call these with the kernel's argument lists.
 */
#ifndef _ASM_MMU_CONTEXT_H
#define _ASM_MMU_CONTEXT_H

#include <asm/pgtable-hwdef.h>
#include <linux/mm_types.h>
#include <linux/types.h>

struct mmsim;
struct task_struct;

/*
 * The ASID of @mm as the kernel writes it into TTBR1_EL1[63:48]: the low
 * 16 bits of its context id.  With 16-bit ASIDs that is the ASID; with
 * 8-bit ASIDs the top byte is the low byte of the generation, which the
 * hardware ignores (TCR_EL1.AS == 0 uses ASID[7:0] only), so the kernel
 * does not bother to mask it, and neither do we.
 */
#define ASID(mm)	((u16)(atomic64_read(&(mm)->context.id) & 0xffff))

/*
 * kpti (CONFIG_UNMAP_KERNEL_AT_EL0) unmaps the kernel while EL0 runs and
 * then allocates ASIDs in pairs, the odd one for user space.  The
 * simulator has no EL0 to defend from Meltdown, so this is never on:
 * every ASID is one mm's (asm/mmu.h: arm64_kernel_unmapped_at_el0()).
 */
static inline bool arm64_kernel_unmapped_at_el0(void)
{
	return false;
}

/* The BADDR field of TTBRn for a table at @pa (48-bit PAs: the address
 * itself; asm/pgtable.h: phys_to_ttbr()). */
static inline u64 phys_to_ttbr(phys_addr_t pa)
{
	return (u64)pa & TTBR_BADDR_MASK;
}

/*
 * mm/init-mm.c's init_mm, one per machine: the kernel's own address
 * space (pgd = swapper_pg_dir, context id 0).  A CPU that switches to it
 * gets the reserved (empty) TTBR0 and keeps its ASID.  Lives in the ASID
 * state until the processes work gives it a home of its own.
 */
struct mm_struct *machine_init_mm(struct mmsim *m);

/*
 * Set up @mm's arch context: no ASID yet (the first switch allocates
 * one), not pinned.  @mm->pgd must be set by the caller.  Returns 0.
 * Mirrors: arch/arm64/include/asm/mmu_context.h:init_new_context().
 */
int init_new_context(struct task_struct *tsk, struct mm_struct *mm);

/*
 * The end of @mm's context.  arm64 has nothing to undo: an ASID is
 * never given back, it stays taken in asid_map until the next rollover
 * reclaims every ASID at once (and flushes every TLB), so stale entries
 * tagged with it can never be hit by another mm.  Checks that @mm is
 * not pinned and runs on no CPU.
 * Mirrors: include/asm-generic/mmu_context.h:destroy_context() (empty).
 */
void destroy_context(struct mm_struct *mm);

/*
 * Make @mm's ASID current on this CPU, allocating one (and rolling the
 * generation over) if it has none in the current generation, then
 * program TTBR0/TTBR1 (cpu_switch_mm()).  @mm must not be init_mm.
 * Mirrors: arch/arm64/mm/context.c:check_and_switch_context().
 */
void check_and_switch_context(struct mm_struct *mm);

/*
 * TTBR0_EL1 := reserved_pg_dir (no user mappings), ASID unchanged.
 * Mirrors: asm/mmu_context.h:cpu_set_reserved_ttbr0().
 */
void cpu_set_reserved_ttbr0(void);

/*
 * Program this CPU for @mm: TTBR1_EL1.ASID := ASID(@mm), TTBR0_EL1 :=
 * @pgd_phys, with TTBR0 pointing at reserved_pg_dir in between so that
 * no walk pairs the new table with the old ASID.
 * Mirrors: arch/arm64/mm/context.c:cpu_do_switch_mm().
 */
void cpu_do_switch_mm(phys_addr_t pgd_phys, struct mm_struct *mm);

/* Mirrors: asm/mmu_context.h:cpu_switch_mm() (BUG on swapper_pg_dir). */
void cpu_switch_mm(phys_addr_t pgd, struct mm_struct *mm);

/*
 * Switch this CPU from @prev to @next (either may be init_mm).
 * Mirrors: asm/mmu_context.h:switch_mm() and __switch_mm().
 */
void switch_mm(struct mm_struct *prev, struct mm_struct *next,
	       struct task_struct *tsk);

/*
 * Pin @mm's ASID so that it survives rollovers: for a device (SMMU)
 * that shares the page tables and caches the ASID.  Returns the ASID,
 * or 0 when too many are pinned.  arm64_mm_context_put() drops a pin.
 * Mirrors: arch/arm64/mm/context.c:arm64_mm_context_get()/_put().
 */
unsigned long arm64_mm_context_get(struct mm_struct *mm);
void arm64_mm_context_put(struct mm_struct *mm);

/*
 * Introspection for tests and reports (not kernel functions): the
 * current generation (a multiple of 1 << asid_bits), the number of
 * usable ASIDs, what CPU @cpu's active_asids and reserved_asids hold,
 * and a check of the allocator's invariants, under cpu_asid_lock,
 * which returns how many are broken (each printed with pr_err).
 */
u64 asid_generation_read(struct mmsim *m);
unsigned long asid_num_user_asids(struct mmsim *m);
u64 asid_cpu_active(struct mmsim *m, int cpu);
u64 asid_cpu_reserved(struct mmsim *m, int cpu);
int asids_validate(struct mmsim *m);

#endif /* _ASM_MMU_CONTEXT_H */
