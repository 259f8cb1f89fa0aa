// SPDX-License-Identifier: MIT
/*
 * The VMSAv8-64 stage-1 translation table walk of the EL1&0 regime, as
 * the Arm Architecture Reference Manual describes it (D8.2-D8.4, D8.6;
 * pseudocode AArch64.S1Translate, AArch64.S1Walk, AArch64.S1DecodeDescriptor,
 * AArch64.S1ComputePermissions).  QEMU's target/arm/ptw.c reads the same
 * chapter; this is our own reading of it.
 *
 * What is modelled (an ARMv8.2-like PE with a 48-bit PA, no FEAT_LPA/LPA2,
 * no FEAT_TTST, no PIE/POE):
 *   - region selection by VA[55] with TBI0/TBI1, TxSZ clamped to 16..39,
 *     EPD0/EPD1, granules 4K/16K/64K per TTBR (TG0/TG1), the start level
 *     from TxSZ, IPS limited by PARange;
 *   - table, block (only where the architecture allows one) and page
 *     descriptors; reserved encodings give translation faults;
 *   - APTable/UXNTable/PXNTable (unless TCR_EL1.HPDn), AP[2:1], UXN, PXN,
 *     the implicit PXN of EL0-writable memory, SCTLR_EL1.WXN, PSTATE.PAN
 *     (and SCTLR_EL1.EPAN);
 *   - the access flag: a fault, or with TCR_EL1.HA the hardware sets it;
 *     dirty state: with TCR_EL1.HD a write to a DBM page clears AP[2];
 *     both written back with an atomic compare-and-swap, as the hardware
 *     performs them, only for accesses that do not fault;
 *   - address size faults for the TTBR, table and output addresses;
 *     synchronous external aborts for descriptors outside RAM.
 * Fault priority: translation and address size as the walk meets them,
 * then access flag, then permission (D8.? "Prioritization of aborts").
 */
#include <errno.h>
#include <string.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <hw/mmu.h>
#include <sim/machine.h>

bool phys_is_ram(const struct mmsim *m, u64 pa)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long i;

	for (i = 0; i < mem->cnt; i++)
		if (pa - mem->regions[i].base < mem->regions[i].size)
			return true;
	return false;
}

static u64 *phys_to_host(const struct mmsim *m, u64 pa)
{
	return (u64 *)(m->arena + (pa - m->phys_offset));
}

u64 mmu_fault_esr(enum mmsim_fault_type type, int level,
		  enum mmsim_access acc, int el)
{
	u64 ec, fsc;

	if (acc == MMSIM_ACCESS_EXEC)
		ec = el == 0 ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR;
	else
		ec = el == 0 ? ESR_ELx_EC_DABT_LOW : ESR_ELx_EC_DABT_CUR;
	switch (type) {
	case MMSIM_FAULT_ADDRESS_SIZE: fsc = ESR_ELx_FSC_ADDRSZ + level; break;
	case MMSIM_FAULT_TRANSLATION: fsc = ESR_ELx_FSC_FAULT + level; break;
	case MMSIM_FAULT_ACCESS_FLAG: fsc = ESR_ELx_FSC_ACCESS + level; break;
	case MMSIM_FAULT_PERMISSION: fsc = ESR_ELx_FSC_PERM + level; break;
	case MMSIM_FAULT_EXTERNAL_WALK: fsc = ESR_ELx_FSC_SEA_TTW(level); break;
	default: fsc = ESR_ELx_FSC_EXTABT; break;
	}
	return (ec << ESR_ELx_EC_SHIFT) | ESR_ELx_IL | fsc |
	       (acc == MMSIM_ACCESS_WRITE ? ESR_ELx_WNR : 0);
}

/* The exception level the abort is taken from: an unprivileged access
 * (LDTR/STTR) is still an instruction executed at EL1. */
static int fault(struct mmsim_walk *w, enum mmsim_fault_type type,
		 int level, unsigned int flags)
{
	int from_el = (flags & WALK_UNPRIV) ? 1 : w->el;

	w->fault.type = type;
	w->fault.level = level;
	w->fault.esr = mmu_fault_esr(type, level < 0 ? 0 : level, w->access,
				     from_el);
	w->fault.far = w->va;
	return -EFAULT;
}

/* The granule of TTBRn's half (TCR_EL1.TG0/TG1, whose encodings differ);
 * the reserved encodings are treated as 4K. */
static unsigned int tcr_granule_shift(u64 tcr, bool ttbr1)
{
	if (ttbr1) {
		switch ((tcr & TCR_TG1_MASK) >> TCR_TG1_SHIFT) {
		case 1: return 14;
		case 3: return 16;
		default: return 12;
		}
	}
	switch ((tcr & TCR_TG0_MASK) >> TCR_TG0_SHIFT) {
	case 1: return 16;
	case 2: return 14;
	default: return 12;
	}
}

/*
 * Effective permissions of a leaf (AArch64.S1ComputePermissions for the
 * EL1&0 regime without permission indirection).  @desc is the leaf,
 * @tbl the accumulated table bits: bit 0 APTable[0], bit 1 APTable[1],
 * bit 2 UXNTable, bit 3 PXNTable.
 */
static unsigned int leaf_perms(u64 desc, unsigned int tbl, u64 sctlr,
			       bool ignore_ap2)
{
	bool user = (desc & PTE_USER) && !(tbl & 1);
	bool ro = ((desc & PTE_RDONLY) && !ignore_ap2) || (tbl & 2);
	bool uxn = (desc & PTE_UXN) || (tbl & 4);
	bool pxn = (desc & PTE_PXN) || (tbl & 8);
	bool wxn = sctlr & SCTLR_ELx_WXN;
	bool pw = !ro, ur = user, uw = user && !ro;
	unsigned int p = MMSIM_PERM_EL1_R;

	if (pw)
		p |= MMSIM_PERM_EL1_W;
	if (!pxn && !uw && !(wxn && pw))
		p |= MMSIM_PERM_EL1_X;
	if (ur)
		p |= MMSIM_PERM_EL0_R;
	if (uw)
		p |= MMSIM_PERM_EL0_W;
	if (!uxn && !(wxn && uw))
		p |= MMSIM_PERM_EL0_X;
	return p;
}

/* PSTATE.PAN: privileged data accesses to EL0-accessible memory fault
 * (with SCTLR_EL1.EPAN, EL0-executable memory counts too). */
static bool pan_denies(const struct cpu_sysregs *r, unsigned int perms,
		       enum mmsim_access acc, int el, unsigned int flags)
{
	if (!r->pan || el != 1 || (flags & (WALK_UNPRIV | WALK_NO_PAN)) ||
	    acc == MMSIM_ACCESS_EXEC)
		return false;
	return (perms & MMSIM_PERM_EL0_R) ||
	       ((r->sctlr_el1 & SCTLR_EL1_EPAN) && (perms & MMSIM_PERM_EL0_X));
}

static bool perms_allow(unsigned int perms, enum mmsim_access acc, int el)
{
	static const unsigned int need[2][3] = {
		{ MMSIM_PERM_EL0_R, MMSIM_PERM_EL0_W, MMSIM_PERM_EL0_X },
		{ MMSIM_PERM_EL1_R, MMSIM_PERM_EL1_W, MMSIM_PERM_EL1_X },
	};

	return perms & need[el][acc];
}

/* Can @perms (computed by leaf_perms) serve this access, PAN included? */
bool mmu_perms_allow(const struct cpu_sysregs *r, unsigned int perms,
		     enum mmsim_access acc, int el, unsigned int flags)
{
	int pel = (flags & WALK_UNPRIV) ? 0 : el;

	return perms_allow(perms, acc, pel) &&
	       !pan_denies(r, perms, acc, el, flags);
}

/* Translation with SCTLR_EL1.M == 0: VA is PA (D8.2.11). */
static int walk_mmu_off(struct mmsim_cpu *cpu, struct mmsim_walk *w,
			unsigned int flags)
{
	(void)cpu;
	w->pa_bits = MMSIM_PA_BITS;
	if (w->va >> MMSIM_PA_BITS)
		return fault(w, MMSIM_FAULT_ADDRESS_SIZE, 0, flags);
	w->pa = w->va;
	w->size_shift = 12;
	w->global = true;
	w->perms = MMSIM_PERM_EL1_R | MMSIM_PERM_EL1_W | MMSIM_PERM_EL1_X |
		   MMSIM_PERM_EL0_R | MMSIM_PERM_EL0_W | MMSIM_PERM_EL0_X;
	/* data: Device-nGnRnE, instructions: Normal cacheable */
	w->mair_attr = w->access == MMSIM_ACCESS_EXEC ? 0xff : 0x00;
	w->sh = 2;
	return 0;
}

/*
 * Select the TTBR and the walk's geometry for w->va.  Returns 0, or a
 * translation fault at level 0 when the VA is in neither range or the
 * range's walks are disabled (EPDn).
 */
static int walk_setup(const struct mmsim *m, const struct cpu_sysregs *r,
		      struct mmsim_walk *w, unsigned int flags)
{
	u64 tcr = r->tcr_el1, va = w->va, mask;
	bool top = (va >> 55) & 1;
	bool tbi = tcr & (top ? TCR_TBI1 : TCR_TBI0);
	unsigned int ips, hi = tbi ? 55 : 63;
	unsigned int levels;

	w->tcr = tcr;
	w->ia_bits = tcr_ia_bits(tcr, top);
	ips = (unsigned int)((tcr & TCR_IPS_MASK) >> TCR_IPS_SHIFT);
	w->pa_bits = id_aa64mmfr0_parange_bits(ips);
	if (w->pa_bits > MMSIM_PA_BITS)
		w->pa_bits = MMSIM_PA_BITS;
	w->asid = regs_asid(r, m->cfg.mmu.asid_bits);

	mask = GENMASK_ULL(hi, w->ia_bits);
	if ((va & mask) != (top ? mask : 0)) {
		w->ttbr = -1;
		return fault(w, MMSIM_FAULT_TRANSLATION, 0, flags);
	}
	w->ttbr = top;
	w->ttbr_value = top ? r->ttbr1_el1 : r->ttbr0_el1;
	w->granule_shift = tcr_granule_shift(tcr, top);
	if (tcr & (top ? TCR_EPD1 : TCR_EPD0))
		return fault(w, MMSIM_FAULT_TRANSLATION, 0, flags);
	levels = (w->ia_bits - w->granule_shift + gran_stride(w->granule_shift) -
		  1) / gran_stride(w->granule_shift);
	w->start_level = 4 - (int)levels;
	return 0;
}

int mmu_walk_from(struct mmsim_cpu *cpu, u64 va, enum mmsim_access acc,
		  int el, unsigned int flags, const struct walk_resume *resume,
		  struct mmsim_walk *w)
{
	const struct mmsim *m = cpu->machine;
	const struct cpu_sysregs *r = &cpu->regs;
	unsigned int gshift, tbl, idx_bits;
	bool ha, hd, hpd;
	u64 table, desc, oa, *hostp;
	int level, ret;

restart:
	memset(w, 0, sizeof(*w));
	w->va = va;
	w->access = acc;
	w->el = el;
	w->fault.level = -1;
	if (!(r->sctlr_el1 & SCTLR_ELx_M))
		return walk_mmu_off(cpu, w, flags);
	ret = walk_setup(m, r, w, flags);
	if (ret)
		return ret;
	gshift = w->granule_shift;
	ha = m->cfg.mmu.hafdbs && (w->tcr & TCR_HA);
	hd = ha && (w->tcr & TCR_HD);	/* HD is ignored without HA */
	hpd = w->tcr & (w->ttbr ? TCR_HPD1 : TCR_HPD0);

	if (resume) {
		level = resume->level;
		table = resume->table;
		tbl = resume->tbl;
	} else {
		unsigned int top_bits = w->ia_bits -
					gran_level_shift(gshift, w->start_level);
		u64 align = 8ULL << top_bits;

		if (align < 64)
			align = 64;
		table = w->ttbr_value & TTBR_BADDR_MASK & ~(align - 1);
		if (table >> w->pa_bits)
			return fault(w, MMSIM_FAULT_ADDRESS_SIZE, 0, flags);
		level = w->start_level;
		tbl = 0;
	}

	for (;;) {
		struct mmsim_walk_level *l = &w->levels[w->nr_levels++];
		unsigned int shift = gran_level_shift(gshift, level);
		u64 idx;

		idx_bits = level == w->start_level ?
				   w->ia_bits - shift : gran_stride(gshift);
		idx = (va >> shift) & ((1ULL << idx_bits) - 1);
		l->level = level;
		l->table_pa = table;
		l->index = (unsigned int)idx;
		l->desc_pa = table + idx * 8;
		if (!phys_is_ram(m, l->desc_pa)) {
			l->kind = MMSIM_DESC_INVALID;
			return fault(w, MMSIM_FAULT_EXTERNAL_WALK, level, flags);
		}
		hostp = phys_to_host(m, l->desc_pa);
		desc = __atomic_load_n(hostp, __ATOMIC_RELAXED);
		l->desc = desc;
		if (!(desc & PTE_VALID)) {
			l->kind = MMSIM_DESC_INVALID;
			return fault(w, MMSIM_FAULT_TRANSLATION, level, flags);
		}
		if ((desc & PTE_TYPE_MASK) == PMD_TYPE_SECT) {
			if (!gran_block_allowed(gshift, level)) {
				l->kind = MMSIM_DESC_RESERVED;
				return fault(w, MMSIM_FAULT_TRANSLATION, level,
					     flags);
			}
			l->kind = MMSIM_DESC_BLOCK;
			break;
		}
		if (level == 3) {
			l->kind = MMSIM_DESC_PAGE;
			break;
		}
		l->kind = MMSIM_DESC_TABLE;
		table = desc & GENMASK_ULL(47, gshift);
		if (table >> w->pa_bits)
			return fault(w, MMSIM_FAULT_ADDRESS_SIZE, level, flags);
		if (!hpd)
			tbl |= (unsigned int)((desc >> 61) & 3) |
			       ((desc & PMD_TABLE_UXN) ? 4 : 0) |
			       ((desc & PMD_TABLE_PXN) ? 8 : 0);
		level++;
	}

	/* the leaf: output address, attributes, permissions */
	{
		unsigned int shift = gran_level_shift(gshift, level);
		unsigned int cont = (desc & PTE_CONT) ?
					    gran_cont_bits(gshift, level) : 0;
		bool hd_dbm;
		u64 newdesc = desc;

		oa = desc & GENMASK_ULL(47, shift);
		if (oa >> w->pa_bits)
			return fault(w, MMSIM_FAULT_ADDRESS_SIZE, level, flags);
		w->pa = oa | (va & ((1ULL << shift) - 1));
		w->size_shift = shift + cont;
		w->contiguous = desc & PTE_CONT;
		w->global = !(desc & PTE_NG);
		w->attrindx = (unsigned int)((desc & PTE_ATTRINDX_MASK) >>
					     PTE_ATTRINDX_SHIFT);
		w->mair_attr = (unsigned int)(r->mair_el1 >> (8 * w->attrindx)) &
			       0xff;
		w->sh = (unsigned int)((desc & PTE_SH_MASK) >> PTE_SH_SHIFT);

		if (!(desc & PTE_AF)) {
			if (!ha)
				return fault(w, MMSIM_FAULT_ACCESS_FLAG, level,
					     flags);
			newdesc |= PTE_AF;
			w->af_set_by_hw = true;
		}
		/*
		 * With TCR_EL1.HD a DBM descriptor counts as writable for
		 * every permission, WXN included: AP[2] only records that
		 * the page is still clean, and a write clears it.
		 */
		hd_dbm = hd && (desc & PTE_DBM);
		w->perms = leaf_perms(desc, tbl, r->sctlr_el1, hd_dbm);
		if (!mmu_perms_allow(r, w->perms, acc, el, flags)) {
			w->af_set_by_hw = false;
			return fault(w, MMSIM_FAULT_PERMISSION, level, flags);
		}
		if (acc == MMSIM_ACCESS_WRITE && hd_dbm && (desc & PTE_RDONLY)) {
			newdesc &= ~PTE_RDONLY;
			w->dirty_set_by_hw = true;
		}
		if (newdesc != desc && !(flags & WALK_PURE)) {
			/* the hardware's atomic update; if the descriptor
			 * changed under us, walk again with the new one */
			if (!__atomic_compare_exchange_n(hostp, &desc, newdesc,
							 false, __ATOMIC_RELAXED,
							 __ATOMIC_RELAXED))
				goto restart;
		}
	}
	return 0;
}

int mmu_walk(struct mmsim_cpu *cpu, u64 va, enum mmsim_access acc, int el,
	     unsigned int flags, struct mmsim_walk *w)
{
	return mmu_walk_from(cpu, va, acc, el, flags, NULL, w);
}
