// SPDX-License-Identifier: MIT
/*
 * The MMU's public face (include/mmsim/mmu.h): system register access,
 * AT, recorded walks and their printout, loads and stores through the
 * TLBs, TLBI, and the TLB statistics.  Every call acts on the calling
 * thread's CPU, as an instruction acts on the CPU that executes it.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <hw/tlb.h>
#include <sim/machine.h>

static struct mmsim_cpu *bound_cpu(const char *fn)
{
	struct mmsim_cpu *cpu = this_cpu();

	if (!cpu)
		mmsim_set_error(EPERM, "%s: this thread is not bound to a CPU (mmsim_cpu_enter)",
				fn);
	return cpu;
}

/* ---- system registers ------------------------------------------------- */

static const char *const sysreg_names[MMSIM_NR_SYSREGS] = {
	[MMSIM_TTBR0_EL1] = "TTBR0_EL1",
	[MMSIM_TTBR1_EL1] = "TTBR1_EL1",
	[MMSIM_TCR_EL1] = "TCR_EL1",
	[MMSIM_MAIR_EL1] = "MAIR_EL1",
	[MMSIM_SCTLR_EL1] = "SCTLR_EL1",
	[MMSIM_PAR_EL1] = "PAR_EL1",
	[MMSIM_ESR_EL1] = "ESR_EL1",
	[MMSIM_FAR_EL1] = "FAR_EL1",
	[MMSIM_CONTEXTIDR_EL1] = "CONTEXTIDR_EL1",
	[MMSIM_ID_AA64MMFR0_EL1] = "ID_AA64MMFR0_EL1",
	[MMSIM_PSTATE_PAN] = "PSTATE.PAN",
};

MMSIM_EXPORT const char *mmsim_sysreg_name(enum mmsim_sysreg reg)
{
	return (unsigned int)reg < MMSIM_NR_SYSREGS ? sysreg_names[reg] : NULL;
}

static u64 id_aa64mmfr0(const struct mmsim *m)
{
	return ((u64)ID_AA64MMFR0_PARANGE_48 << ID_AA64MMFR0_PARANGE_SHIFT) |
	       ((u64)(m->cfg.mmu.asid_bits == 16 ? 2 : 0)
		<< ID_AA64MMFR0_ASIDBITS_SHIFT) |
	       (1ULL << ID_AA64MMFR0_TGRAN16_SHIFT);
}

static u64 *sysreg_slot(struct cpu_sysregs *r, enum mmsim_sysreg reg)
{
	switch (reg) {
	case MMSIM_TTBR0_EL1: return &r->ttbr0_el1;
	case MMSIM_TTBR1_EL1: return &r->ttbr1_el1;
	case MMSIM_TCR_EL1: return &r->tcr_el1;
	case MMSIM_MAIR_EL1: return &r->mair_el1;
	case MMSIM_SCTLR_EL1: return &r->sctlr_el1;
	case MMSIM_PAR_EL1: return &r->par_el1;
	case MMSIM_ESR_EL1: return &r->esr_el1;
	case MMSIM_FAR_EL1: return &r->far_el1;
	case MMSIM_CONTEXTIDR_EL1: return &r->contextidr_el1;
	default: return NULL;
	}
}

MMSIM_EXPORT int mmsim_read_sysreg(enum mmsim_sysreg reg, uint64_t *val)
{
	struct mmsim_cpu *cpu = bound_cpu("mmsim_read_sysreg");
	u64 *slot;

	if (!cpu)
		return -EPERM;
	if (!val)
		return mmsim_set_error(EINVAL, "mmsim_read_sysreg: NULL value");
	if (reg == MMSIM_ID_AA64MMFR0_EL1) {
		*val = id_aa64mmfr0(cpu->machine);
		return 0;
	}
	if (reg == MMSIM_PSTATE_PAN) {
		*val = cpu->regs.pan;
		return 0;
	}
	slot = sysreg_slot(&cpu->regs, reg);
	if (!slot)
		return mmsim_set_error(EINVAL, "no system register number %d",
				       (int)reg);
	*val = *slot;
	return 0;
}

MMSIM_EXPORT int mmsim_write_sysreg(enum mmsim_sysreg reg, uint64_t val)
{
	struct mmsim_cpu *cpu = bound_cpu("mmsim_write_sysreg");
	u64 *slot;

	if (!cpu)
		return -EPERM;
	if (reg == MMSIM_ID_AA64MMFR0_EL1)
		return mmsim_set_error(EINVAL, "ID_AA64MMFR0_EL1 is read-only");
	if (reg == MMSIM_PSTATE_PAN) {
		if (val > 1)
			return mmsim_set_error(EINVAL, "PSTATE.PAN is one bit, not %#" PRIx64,
					       val);
		cpu->regs.pan = val;
		tlb_context_changed(cpu);
		return 0;
	}
	slot = sysreg_slot(&cpu->regs, reg);
	if (!slot)
		return mmsim_set_error(EINVAL, "no system register number %d",
				       (int)reg);
	*slot = val;
	if (reg == MMSIM_TTBR0_EL1 || reg == MMSIM_TTBR1_EL1 ||
	    reg == MMSIM_TCR_EL1 || reg == MMSIM_SCTLR_EL1)
		tlb_context_changed(cpu);
	return 0;
}

/* ---- walks and AT ----------------------------------------------------- */

MMSIM_EXPORT const char *mmsim_fault_name(enum mmsim_fault_type type)
{
	switch (type) {
	case MMSIM_FAULT_NONE: return "none";
	case MMSIM_FAULT_ADDRESS_SIZE: return "address-size";
	case MMSIM_FAULT_TRANSLATION: return "translation";
	case MMSIM_FAULT_ACCESS_FLAG: return "access";
	case MMSIM_FAULT_PERMISSION: return "permission";
	case MMSIM_FAULT_EXTERNAL: return "external";
	case MMSIM_FAULT_EXTERNAL_WALK: return "external-walk";
	}
	return "?";
}

static int check_access(enum mmsim_access access, int el, const char *fn)
{
	if ((unsigned int)access > MMSIM_ACCESS_EXEC)
		return mmsim_set_error(EINVAL, "%s: access must be read, write or exec",
				       fn);
	if (el != 0 && el != 1)
		return mmsim_set_error(EINVAL, "%s: EL must be 0 or 1, not %d",
				       fn, el);
	return 0;
}

MMSIM_EXPORT int mmsim_walk(uint64_t va, enum mmsim_access access, int el,
			    struct mmsim_walk *w)
{
	struct mmsim_cpu *cpu = bound_cpu("mmsim_walk");
	int ret;

	if (!cpu)
		return -EPERM;
	if (!w)
		return mmsim_set_error(EINVAL, "mmsim_walk: NULL record");
	ret = check_access(access, el, "mmsim_walk");
	if (ret)
		return ret;
	return mmu_walk(cpu, va, access, el, WALK_PURE, w);
}

MMSIM_EXPORT int mmsim_at(uint64_t va, enum mmsim_access access, int el,
			  uint64_t *par)
{
	struct mmsim_cpu *cpu = bound_cpu("mmsim_at");
	struct mmsim_walk w;
	u64 v;
	int ret;

	if (!cpu)
		return -EPERM;
	ret = check_access(access, el, "mmsim_at");
	if (ret)
		return ret;
	if (access == MMSIM_ACCESS_EXEC)
		return mmsim_set_error(EINVAL, "mmsim_at: AT translates reads and writes only");
	/* AT S1E1R/W ignore PSTATE.PAN (only the ...RP/WP forms check it) */
	ret = mmu_walk(cpu, va, access, el, WALK_PURE | WALK_NO_PAN, &w);
	if (w.fault.type == MMSIM_FAULT_EXTERNAL_WALK) {
		/* not reported in PAR_EL1: the AT instruction itself takes a
		 * data abort (EC from EL1, CM and WnR set, as for cache
		 * maintenance instructions) */
		cpu->regs.esr_el1 =
			((u64)ESR_ELx_EC_DABT_CUR << ESR_ELx_EC_SHIFT) |
			ESR_ELx_IL | ESR_ELx_CM | ESR_ELx_WNR |
			ESR_ELx_FSC_SEA_TTW(w.fault.level);
		cpu->regs.far_el1 = va;
		return -EIO;
	}
	v = SYS_PAR_EL1_RES1;
	if (ret) {
		v |= SYS_PAR_EL1_F |
		     ((w.fault.esr & ESR_ELx_FSC) << SYS_PAR_EL1_FST_SHIFT);
	} else {
		/* Device and Normal Non-cacheable memory report Outer
		 * Shareable */
		unsigned int sh = w.sh;

		if ((w.mair_attr & 0xf0) == 0 || w.mair_attr == 0x44)
			sh = 2;
		v |= (w.pa & SYS_PAR_EL1_PA) | ((u64)sh << SYS_PAR_EL1_SH_SHIFT) |
		     ((u64)w.mair_attr << SYS_PAR_EL1_ATTR_SHIFT);
	}
	cpu->regs.par_el1 = v;
	if (par)
		*par = v;
	return ret ? -EFAULT : 0;
}

/* ---- accesses --------------------------------------------------------- */

static int mmu_rw(u64 va, void *buf, size_t len, int el,
		  enum mmsim_access acc, struct mmsim_fault *fault,
		  const char *fn)
{
	struct mmsim_cpu *cpu = bound_cpu(fn);
	char *p = buf;
	int ret;

	if (!cpu)
		return -EPERM;
	ret = check_access(acc, el, fn);
	if (ret)
		return ret;
	if (len && !buf)
		return mmsim_set_error(EINVAL, "%s: NULL buffer", fn);
	while (len) {
		size_t chunk = 4096 - (va & 4095);

		if (chunk > len)
			chunk = len;
		ret = mmu_access_page(cpu, va, p, chunk, acc, el, fault);
		if (ret)
			return ret;
		va += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

MMSIM_EXPORT int mmsim_mmu_read(uint64_t va, void *buf, size_t len, int el,
				struct mmsim_fault *fault)
{
	return mmu_rw(va, buf, len, el, MMSIM_ACCESS_READ, fault,
		      "mmsim_mmu_read");
}

MMSIM_EXPORT int mmsim_mmu_write(uint64_t va, const void *buf, size_t len,
				 int el, struct mmsim_fault *fault)
{
	return mmu_rw(va, (void *)buf, len, el, MMSIM_ACCESS_WRITE, fault,
		      "mmsim_mmu_write");
}

MMSIM_EXPORT int mmsim_mmu_fetch(uint64_t va, void *buf, size_t len, int el,
				 struct mmsim_fault *fault)
{
	return mmu_rw(va, buf, len, el, MMSIM_ACCESS_EXEC, fault,
		      "mmsim_mmu_fetch");
}

/*
 * One aligned 8-byte access at EL1 through the fast table only: true if
 * it hit (and the load or store is done), false to take the slow path.
 */
static __always_inline bool access64_fast(u64 va, enum mmsim_access acc,
					  u64 *val)
{
	struct mmsim_cpu *cpu = mmsim_this_cpu;
	unsigned long seq;
	struct cpu_tlb *t;
	u64 *host;

	if (unlikely(!cpu || (va & 7)))
		return false;
	t = cpu->tlb;
	seq = tlb_access_begin(t);
	host = tlb_fast_lookup(t, va, acc, 1);
	if (likely(host)) {
		if (acc == MMSIM_ACCESS_WRITE)
			*host = *val;
		else
			*val = *host;
	}
	tlb_access_end(t, seq);
	return host;
}

static noinline int access64_slow(u64 va, enum mmsim_access acc, u64 *val,
				  const char *fn)
{
	if (va & 7)
		return mmsim_set_error(EINVAL, "%s: %#" PRIx64 " is not 8-byte aligned",
				       fn, va);
	return mmu_rw(va, val, 8, 1, acc, NULL, fn);
}

MMSIM_EXPORT int mmsim_mmu_load64(uint64_t va, uint64_t *val)
{
	if (likely(access64_fast(va, MMSIM_ACCESS_READ, val)))
		return 0;
	return access64_slow(va, MMSIM_ACCESS_READ, val, "mmsim_mmu_load64");
}

static noinline u64 ldr64_slow(u64 va, int *err)
{
	u64 val = 0;
	int ret = access64_slow(va, MMSIM_ACCESS_READ, &val, "mmsim_mmu_ldr64");

	if (err)
		*err = ret;
	return ret ? 0 : val;
}

MMSIM_EXPORT uint64_t mmsim_mmu_ldr64(uint64_t va, int *err)
{
	u64 val;

	if (unlikely(!access64_fast(va, MMSIM_ACCESS_READ, &val)))
		return ldr64_slow(va, err);
	if (err)
		*err = 0;
	return val;
}

MMSIM_EXPORT int mmsim_mmu_store64(uint64_t va, uint64_t val)
{
	if (likely(access64_fast(va, MMSIM_ACCESS_WRITE, &val)))
		return 0;
	return access64_slow(va, MMSIM_ACCESS_WRITE, &val, "mmsim_mmu_store64");
}

/* ---- TLBI and statistics ---------------------------------------------- */

MMSIM_EXPORT int mmsim_tlbi(enum mmsim_tlbi_op op, uint64_t operand,
			    bool broadcast)
{
	struct mmsim_cpu *cpu = bound_cpu("mmsim_tlbi");

	if (!cpu)
		return -EPERM;
	if ((unsigned int)op >= MMSIM_TLBI_NR_OPS)
		return mmsim_set_error(EINVAL, "no TLBI operation number %d",
				       (int)op);
	tlbi(cpu, op, operand, broadcast);
	return 0;
}

MMSIM_EXPORT int mmsim_tlb_lookup(uint64_t va, uint64_t *pa)
{
	struct mmsim_cpu *cpu = bound_cpu("mmsim_tlb_lookup");
	u64 dummy;

	if (!cpu)
		return -EPERM;
	return tlb_probe(cpu, va, pa ? pa : &dummy);
}

static struct cpu_tlb *cpu_tlb_of(struct mmsim *m, int cpu, const char *fn)
{
	if (!m || cpu < 0 || cpu >= m->nr_cpu_ids) {
		mmsim_set_error(EINVAL, "%s: no CPU %d", fn, cpu);
		return NULL;
	}
	return m->cpus[cpu].tlb;
}

MMSIM_EXPORT int mmsim_tlb_stats(struct mmsim *m, int cpu,
				 struct mmsim_tlb_stats *st)
{
	struct cpu_tlb *t = cpu_tlb_of(m, cpu, "mmsim_tlb_stats");

	if (!t)
		return -EINVAL;
	if (!st)
		return mmsim_set_error(EINVAL, "mmsim_tlb_stats: NULL");
	*st = t->stats;
	st->flushes = __atomic_load_n(&t->stats.flushes, __ATOMIC_RELAXED);
	st->flushed_entries = __atomic_load_n(&t->stats.flushed_entries,
					      __ATOMIC_RELAXED);
	return 0;
}

MMSIM_EXPORT int mmsim_tlb_reset_stats(struct mmsim *m, int cpu)
{
	struct cpu_tlb *t = cpu_tlb_of(m, cpu, "mmsim_tlb_reset_stats");

	if (!t)
		return -EINVAL;
	memset(&t->stats, 0, sizeof(t->stats));
	return 0;
}

static unsigned int count_valid(const struct tlb_array *a)
{
	unsigned int i, n = 0;

	for (i = 0; i < a->entries; i++)
		n += a->e[i].valid;
	return n;
}

MMSIM_EXPORT int mmsim_tlb_print(struct mmsim *m, int cpu, FILE *out)
{
	struct cpu_tlb *t = cpu_tlb_of(m, cpu, "mmsim_tlb_print");
	struct mmsim_tlb_stats s;
	unsigned int i, wc = 0;

	if (!t)
		return -EINVAL;
	mmsim_tlb_stats(m, cpu, &s);
	for (i = 0; i < t->wc_entries; i++)
		wc += t->wc[i].valid;
	fprintf(out, "cpu%d l1i %u/%u l1d %u/%u l2 %u/%u (%u-way) walk %u/%u\n",
		cpu, count_valid(&t->l1i), t->l1i.entries, count_valid(&t->l1d),
		t->l1d.entries, count_valid(&t->l2), t->l2.entries, t->l2.ways,
		wc, t->wc_entries);
	fprintf(out,
		"cpu%d l1i_hits %" PRIu64 " l1i_misses %" PRIu64
		" l1d_hits %" PRIu64 " l1d_misses %" PRIu64 " l2_hits %" PRIu64
		" l2_misses %" PRIu64 "\n",
		cpu, s.l1i_hits, s.l1i_misses, s.l1d_hits, s.l1d_misses,
		s.l2_hits, s.l2_misses);
	fprintf(out,
		"cpu%d walks %" PRIu64 " walk_cache_hits %" PRIu64
		" desc_reads %" PRIu64 " hw_updates %" PRIu64 " faults %" PRIu64
		" flushes %" PRIu64 " flushed_entries %" PRIu64 "\n",
		cpu, s.walks, s.walk_cache_hits, s.desc_reads, s.hw_updates,
		s.faults, s.flushes, s.flushed_entries);
	return 0;
}

int show_tlb(struct mmsim *m, FILE *out)
{
	int cpu;

	for_each_possible_cpu(m, cpu)
		mmsim_tlb_print(m, cpu, out);
	return 0;
}
