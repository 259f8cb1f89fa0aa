/* SPDX-License-Identifier: MIT */
/*
 * The hardware model's MMU: per-CPU system registers, the stage-1 table
 * walk (hw/walk.c), the TLBs and TLBI (hw/tlb.c), and accesses through
 * them (hw/access.c).  DESIGN.md 3.5 and 3.6.
 *
 * Nothing here knows about the kernel: the walker reads descriptors from
 * simulated RAM through the registers, as silicon does.  The kernel side
 * programs it only by writing descriptors, registers and TLBI
 * (asm/tlbflush.h, arch/arm64/mm/).
 */
#ifndef _HW_MMU_H
#define _HW_MMU_H

#include <stdio.h>

#include <asm/pgtable-hwdef.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <mmsim/mmu.h>

struct mmsim;
struct mmsim_cpu;

/* The EL1&0 translation regime's registers of one CPU. */
struct cpu_sysregs {
	u64 ttbr0_el1;
	u64 ttbr1_el1;
	u64 tcr_el1;
	u64 mair_el1;
	u64 sctlr_el1;
	u64 par_el1;
	u64 esr_el1;
	u64 far_el1;
	u64 contextidr_el1;
	bool pan;			/* PSTATE.PAN */
};

/* Machine-wide MMU implementation choices (boot parameters). */
struct mmu_config {
	unsigned int asid_bits;		/* asid_bits=8|16 */
	bool hafdbs;			/* hafdbs=on: FEAT_HAFDBS present */
	unsigned int l1i_entries;	/* tlb=l1i:N */
	unsigned int l1d_entries;	/* tlb=l1d:N */
	unsigned int l2_entries;	/* tlb=l2:N/WAYS */
	unsigned int l2_ways;
	unsigned int walk_entries;	/* tlb=walk:N (0: no walk cache) */
	bool random_replacement;	/* tlb=...,repl:random (else LRU) */
};

/* ---- what the translation registers say (shared by walk and TLB) ---- */

/* The input size of TTBRn's half: 64 - TxSZ, TxSZ clamped to 16..39 as
 * the architecture lets an implementation do for out-of-range values. */
static inline unsigned int tcr_ia_bits(u64 tcr, bool ttbr1)
{
	unsigned int txsz = (unsigned int)(tcr >> (ttbr1 ? TCR_T1SZ_OFFSET :
						       TCR_T0SZ_OFFSET)) & 0x3f;

	if (txsz < TCR_TxSZ_MIN)
		txsz = TCR_TxSZ_MIN;
	if (txsz > TCR_TxSZ_MAX)
		txsz = TCR_TxSZ_MAX;
	return 64 - txsz;
}

/* The current ASID: TTBR1's if TCR_EL1.A1, 16 bits only with TCR_EL1.AS
 * on a CPU that has 16-bit ASIDs (@asid_bits). */
static inline u16 regs_asid(const struct cpu_sysregs *r,
			    unsigned int asid_bits)
{
	u64 tcr = r->tcr_el1;
	u16 asid = (u16)(((tcr & TCR_A1) ? r->ttbr1_el1 : r->ttbr0_el1) >>
			 TTBR_ASID_SHIFT);

	if (!(tcr & TCR_ASID16) || asid_bits == 8)
		asid &= 0xff;
	return asid;
}

/* ---- the table walk (hw/walk.c) ----------------------------------------- */

#define WALK_PURE	0x1	/* AT: no AF/dirty updates written */
#define WALK_UNPRIV	0x2	/* LDTR/STTR: EL1 access checked as EL0 */
#define WALK_NO_PAN	0x4	/* AT S1E1R/W: PSTATE.PAN does not apply */

/*
 * Translate @va for an access of kind @acc at @el with @cpu's registers,
 * recording every level in @w.  Unless WALK_PURE, a hardware AF or dirty
 * update is written back atomically.  @start_level/@start_table let a
 * walk-cache hit skip the levels above (start_table 0: from TTBRn).
 * Returns 0 or -EFAULT (w->fault).
 */
int mmu_walk(struct mmsim_cpu *cpu, u64 va, enum mmsim_access acc, int el,
	     unsigned int flags, struct mmsim_walk *w);

/* Where a walk-cache hit lets a walk begin: the table of @level, and the
 * hierarchical bits gathered above it (bit 0 APTable[0], bit 1
 * APTable[1], bit 2 UXNTable, bit 3 PXNTable). */
struct walk_resume {
	int level;
	u64 table;
	unsigned int tbl;
};
int mmu_walk_from(struct mmsim_cpu *cpu, u64 va, enum mmsim_access acc,
		  int el, unsigned int flags, const struct walk_resume *resume,
		  struct mmsim_walk *w);

/* May a translation with MMSIM_PERM_* @perms serve this access (PSTATE.PAN
 * applied)? */
bool mmu_perms_allow(const struct cpu_sysregs *r, unsigned int perms,
		     enum mmsim_access acc, int el, unsigned int flags);

/* The ESR_EL1 value of a fault of @type at @level. */
u64 mmu_fault_esr(enum mmsim_fault_type type, int level,
		  enum mmsim_access acc, int el);

/* Is @pa backed by simulated RAM (not a hole, not beyond the end)? */
bool phys_is_ram(const struct mmsim *m, u64 pa);

/* ---- TLBs (hw/tlb.c) ----------------------------------------------------- */

int tlb_init(struct mmsim *m);
void tlb_exit(struct mmsim *m);

/* A TLBI by the calling CPU, then DSB (ISH if @broadcast). */
void tlbi(struct mmsim_cpu *cpu, enum mmsim_tlbi_op op, u64 operand,
	  bool broadcast);

/* A system register write that changes the translation context (TTBRn,
 * TCR, SCTLR, PSTATE.PAN): the access fast path forgets what it knew. */
void tlb_context_changed(struct mmsim_cpu *cpu);

/*
 * One access to the page holding @va (the range must not cross a 4 KiB
 * boundary): copy @len bytes between @buf and the memory @va maps.
 * Returns 0 or -EFAULT with *fault filled (and ESR/FAR written).
 */
int mmu_access_page(struct mmsim_cpu *cpu, u64 va, void *buf, size_t len,
		    enum mmsim_access acc, int el, struct mmsim_fault *fault);

/* The modelled TLB's answer for @va under the current ASID, for `walk`:
 * 0 if no level holds it, else 1 (L1), 2 (L2) with *pa the output. */
int tlb_probe(struct mmsim_cpu *cpu, u64 va, u64 *pa);

/* mmsim_show(m, "tlb"): every CPU's TLB statistics */
int show_tlb(struct mmsim *m, FILE *out);

/* ---- TLBI operand encoding (asm/tlbflush.h: __TLBI_VADDR ...) --------- */

static inline u64 tlbi_vaddr(u64 va, u16 asid)
{
	return ((va >> 12) & ((1ULL << 44) - 1)) | ((u64)asid << 48);
}

/* TG field of the range operations */
#define TLBI_TG_4K	1
#define TLBI_TG_16K	2
#define TLBI_TG_64K	3

static inline u64 tlbi_vaddr_range(u64 va, u16 asid, unsigned int gshift,
				   unsigned int scale, unsigned int num,
				   unsigned int ttl)
{
	unsigned int tg = gshift == 12 ? TLBI_TG_4K :
			  gshift == 14 ? TLBI_TG_16K : TLBI_TG_64K;

	return ((va >> gshift) & ((1ULL << 37) - 1)) |
	       ((u64)(ttl & 3) << 37) | ((u64)(num & 31) << 39) |
	       ((u64)(scale & 3) << 44) | ((u64)tg << 46) |
	       ((u64)asid << 48);
}

#endif /* _HW_MMU_H */
