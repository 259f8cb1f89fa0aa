/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/mmu.h> - the software ARM64 MMU: system registers, the stage-1
 * table walk, the TLBs, TLBI, and memory accesses through all of them.
 *
 * Every call acts on the calling thread's CPU (mmsim_cpu_enter()), as an
 * instruction acts on the CPU that executes it.  Translation tables are
 * AArch64 VMSAv8-64 stage-1 descriptors in simulated RAM; the walk reads
 * them through the CPU's TTBR0_EL1, TTBR1_EL1, TCR_EL1, MAIR_EL1 and
 * SCTLR_EL1 exactly as the Arm Architecture Reference Manual (chapter D8)
 * says.  See docs/mmu.md.
 */
#ifndef MMSIM_MMU_H
#define MMSIM_MMU_H

#include <stdbool.h>
#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The system registers a program may read and write (MSR/MRS). */
enum mmsim_sysreg {
	MMSIM_TTBR0_EL1,
	MMSIM_TTBR1_EL1,
	MMSIM_TCR_EL1,
	MMSIM_MAIR_EL1,
	MMSIM_SCTLR_EL1,
	MMSIM_PAR_EL1,		/* written by AT (mmsim_at()) */
	MMSIM_ESR_EL1,		/* written when an access faults */
	MMSIM_FAR_EL1,
	MMSIM_CONTEXTIDR_EL1,
	MMSIM_ID_AA64MMFR0_EL1,	/* read-only: PARange, ASIDBits, TGran* */
	MMSIM_PSTATE_PAN,	/* PSTATE.PAN, 0 or 1 */
	MMSIM_NR_SYSREGS
};

/* Name as the ARM ARM spells it ("TTBR0_EL1"), NULL if out of range. */
const char *mmsim_sysreg_name(enum mmsim_sysreg reg);
/* MRS/MSR on the calling thread's CPU.  -EINVAL for an unknown or
 * read-only register (mmsim_strerror() names it), -EPERM if unbound. */
int mmsim_read_sysreg(enum mmsim_sysreg reg, uint64_t *val);
int mmsim_write_sysreg(enum mmsim_sysreg reg, uint64_t val);

/* What an access does. */
enum mmsim_access {
	MMSIM_ACCESS_READ,
	MMSIM_ACCESS_WRITE,
	MMSIM_ACCESS_EXEC,	/* instruction fetch */
};

/* Architected fault kinds (the DFSC/IFSC groups of ESR_ELx.ISS). */
enum mmsim_fault_type {
	MMSIM_FAULT_NONE,
	MMSIM_FAULT_ADDRESS_SIZE,	/* table or output address beyond IPS */
	MMSIM_FAULT_TRANSLATION,	/* invalid or reserved descriptor */
	MMSIM_FAULT_ACCESS_FLAG,	/* AF == 0 and TCR_EL1.HA == 0 */
	MMSIM_FAULT_PERMISSION,		/* AP/UXN/PXN/WXN/PAN said no */
	MMSIM_FAULT_EXTERNAL,		/* output address is not RAM */
	MMSIM_FAULT_EXTERNAL_WALK,	/* a table address is not RAM */
};

/* "translation", "access", "permission", "address-size" ... */
const char *mmsim_fault_name(enum mmsim_fault_type type);

struct mmsim_fault {
	enum mmsim_fault_type type;
	int level;		/* lookup level the fault is reported at */
	uint64_t esr;		/* ESR_EL1 as the hardware writes it */
	uint64_t far;		/* FAR_EL1: the faulting virtual address */
};

/* What one descriptor turned out to be. */
enum mmsim_desc_kind {
	MMSIM_DESC_INVALID,	/* bit 0 clear */
	MMSIM_DESC_RESERVED,	/* 0b01 where no block is allowed */
	MMSIM_DESC_TABLE,
	MMSIM_DESC_BLOCK,
	MMSIM_DESC_PAGE,
};

/* Permission bits of a translation (MMSIM_PERM_EL0_R ...). */
#define MMSIM_PERM_EL1_R	0x01u
#define MMSIM_PERM_EL1_W	0x02u
#define MMSIM_PERM_EL1_X	0x04u
#define MMSIM_PERM_EL0_R	0x08u
#define MMSIM_PERM_EL0_W	0x10u
#define MMSIM_PERM_EL0_X	0x20u

struct mmsim_walk_level {
	int level;			/* 0..3 */
	uint64_t table_pa;		/* the table this level reads */
	unsigned int index;		/* entry index in it */
	uint64_t desc_pa;		/* the descriptor's physical address */
	uint64_t desc;			/* its value, as read */
	enum mmsim_desc_kind kind;
};

/*
 * The record of one table walk: the registers it used, every level it
 * read, and the result (pa and attributes) or the fault.
 */
struct mmsim_walk {
	uint64_t va;
	enum mmsim_access access;
	int el;				/* 0 or 1 */
	int ttbr;			/* 0 or 1; -1: VA in neither range */
	uint64_t ttbr_value;
	uint64_t tcr;
	unsigned int granule_shift;	/* 12, 14 or 16 */
	unsigned int ia_bits;		/* 64 - TxSZ */
	unsigned int pa_bits;		/* effective output size (IPS) */
	int start_level;
	unsigned int asid;		/* from TTBR0 or TTBR1 as TCR_EL1.A1 says */
	int nr_levels;
	struct mmsim_walk_level levels[4];

	/* valid when fault.type == MMSIM_FAULT_NONE */
	uint64_t pa;
	unsigned int size_shift;	/* log2 of the bytes the leaf maps */
	bool contiguous;		/* leaf has the contiguous hint */
	bool global;			/* nG == 0 */
	unsigned int attrindx;		/* AttrIndx */
	unsigned int mair_attr;		/* MAIR_EL1.Attr<AttrIndx> */
	unsigned int sh;		/* shareability */
	unsigned int perms;		/* MMSIM_PERM_* after every check */
	bool af_set_by_hw;		/* the access would set AF (TCR.HA) */
	bool dirty_set_by_hw;		/* ... or clear AP[2] (TCR.HD + DBM) */
	struct mmsim_fault fault;
};

/*
 * Walk the tables for @va as an access of kind @access at EL @el would,
 * on the calling thread's CPU, and record every step in @w.  Pure: like
 * the AT instruction, it fills no TLB entry, changes no descriptor and
 * takes no fault.  Returns 0, or -EFAULT when the walk faults (w->fault
 * says how), -EINVAL for a bad argument, -EPERM if the thread is unbound.
 */
int mmsim_walk(uint64_t va, enum mmsim_access access, int el,
	       struct mmsim_walk *w);
/* Print the record as `walk` does: one line per level, the decoded fields,
 * the result or the fault.  Returns 0 or -errno. */
int mmsim_walk_print(const struct mmsim_walk *w, FILE *out);

/*
 * AT S1E0R, S1E0W, S1E1R, S1E1W (el 0/1, read/write) on the calling
 * thread's CPU: the result goes to PAR_EL1 (also returned in *par) in the
 * architected format.  Returns 0 (translated) or -EFAULT (PAR_EL1.F set).
 * A synchronous external abort on the walk is not reported in PAR_EL1:
 * the instruction takes a data abort (ESR_EL1 and FAR_EL1 written, *par
 * and PAR_EL1 unchanged) and the call returns -EIO.  PSTATE.PAN does
 * not apply (the S1E1RP/WP forms would check it).
 */
int mmsim_at(uint64_t va, enum mmsim_access access, int el, uint64_t *par);

/*
 * Loads and stores through the MMU of the calling thread's CPU: TLB
 * lookup, table walk on a miss, the hardware's access-flag and dirty
 * updates, permission checks.  A fault is not handled here: the access
 * stops at the first faulting byte, ESR_EL1/FAR_EL1 are written as the
 * hardware writes them, *fault (if not NULL) says what happened and the
 * call returns -EFAULT.  Bytes before the faulting one are done.
 */
int mmsim_mmu_read(uint64_t va, void *buf, size_t len, int el,
		   struct mmsim_fault *fault);
int mmsim_mmu_write(uint64_t va, const void *buf, size_t len, int el,
		    struct mmsim_fault *fault);
int mmsim_mmu_fetch(uint64_t va, void *buf, size_t len, int el,
		    struct mmsim_fault *fault);
/* One naturally aligned 8-byte load or store at EL1 (the fast path). */
int mmsim_mmu_load64(uint64_t va, uint64_t *val);
int mmsim_mmu_store64(uint64_t va, uint64_t val);
/* The same load as LDR does it: the value comes back in a register (0 on
 * a fault); *err (if not NULL) gets 0 or the -errno of mmsim_mmu_load64. */
uint64_t mmsim_mmu_ldr64(uint64_t va, int *err);

/*
 * TLB maintenance, as the instructions of the same names followed by
 * DSB: when the call returns no CPU it applies to uses the old entries.
 * The operand is encoded as the architecture encodes Xt:
 *   VAE1, VAAE1, VALE1, VAALE1: ASID in [63:48], VA[55:12] in [43:0];
 *   ASIDE1: ASID in [63:48];
 *   RVAE1, RVAAE1, RVALE1, RVAALE1: ASID [63:48], TG [47:46], SCALE
 *   [45:44], NUM [43:39], TTL [38:37], BaseADDR [36:0] (in granules);
 *   VMALLE1: ignored.
 */
enum mmsim_tlbi_op {
	MMSIM_TLBI_VMALLE1,
	MMSIM_TLBI_ASIDE1,
	MMSIM_TLBI_VAE1,
	MMSIM_TLBI_VAAE1,
	MMSIM_TLBI_VALE1,
	MMSIM_TLBI_VAALE1,
	MMSIM_TLBI_RVAE1,
	MMSIM_TLBI_RVAAE1,
	MMSIM_TLBI_RVALE1,
	MMSIM_TLBI_RVAALE1,
	MMSIM_TLBI_NR_OPS
};
/* @broadcast: the Inner Shareable form (...IS): every CPU of the machine. */
int mmsim_tlbi(enum mmsim_tlbi_op op, uint64_t operand, bool broadcast);

/*
 * What the calling thread's CPU's TLB holds for @va under the current
 * ASID, without counting it as a lookup: 0 nothing, 1 an L1 data TLB
 * entry, 2 an L2 entry, with *pa the address the entry translates to
 * (which may differ from the tables: a stale entry).  -EPERM if unbound.
 */
int mmsim_tlb_lookup(uint64_t va, uint64_t *pa);

/* Statistics of one CPU's TLBs since boot (or mmsim_tlb_reset_stats()). */
struct mmsim_tlb_stats {
	uint64_t l1i_hits, l1i_misses;
	uint64_t l1d_hits, l1d_misses;
	uint64_t l2_hits, l2_misses;
	uint64_t walks;			/* table walks started */
	uint64_t walk_cache_hits;	/* walks that skipped levels */
	uint64_t desc_reads;		/* descriptors read from RAM */
	uint64_t hw_updates;		/* AF/dirty updates written back */
	uint64_t faults;
	uint64_t flushes;		/* TLBI operations this CPU applied */
	uint64_t flushed_entries;	/* entries they removed */
};
int mmsim_tlb_stats(struct mmsim *m, int cpu, struct mmsim_tlb_stats *st);
int mmsim_tlb_reset_stats(struct mmsim *m, int cpu);
/* Print CPU @cpu's TLB geometry and statistics (scenario `tlb`). */
int mmsim_tlb_print(struct mmsim *m, int cpu, FILE *out);

/*
 * Kernel virtual addresses.  The linear map and vmalloc memory are also
 * host memory a program dereferences directly; these convert between
 * the two views.  0 / NULL when the address is in neither.
 */
uint64_t mmsim_kernel_va(struct mmsim *m, const void *ptr);
void *mmsim_kernel_ptr(struct mmsim *m, uint64_t va);

/*
 * Write DIR/ram.bin (all simulated RAM, PHYS_OFFSET at offset 0, holes
 * as zeroes) and DIR/regs (NAME=0xVALUE lines) from the calling thread's
 * CPU, so that another ARM64 model can replay its translations
 * (SCENARIO.md `dump`).  Returns 0 or -errno.
 */
int mmsim_dump(struct mmsim *m, const char *dir);

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_MMU_H */
