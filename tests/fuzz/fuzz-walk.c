// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the stage-1 table walk (src/hw/walk.c, mmsim_walk() and
 * mmsim_at() in src/hw/access.c) fed random registers and descriptors.
 *
 * One small machine is booted once (with a hole, so that some table and
 * output addresses are not RAM).  Each input programs TCR_EL1, MAIR_EL1,
 * SCTLR_EL1, PSTATE.PAN and both TTBRs, writes descriptors into eight
 * 64 KiB table slots (any granule fits one), walks VAs with every kind
 * of access at EL0 and EL1, then undoes its writes.  Whatever the bytes,
 * the walk must come back, and with an answer the architecture allows:
 *
 *  - 0 and an output address inside the output size (IPS), which a real
 *    access reads (RAM) or takes a synchronous external abort on (not
 *    RAM); or -EFAULT and a well-formed fault: a known type, a level
 *    0-3 (permission and access-flag faults only where leaves live),
 *    ESR_EL1 with the EC of the access and EL, IL = 1, WnR for writes,
 *    the fault status code of the type and level, FAR = the VA;
 *  - the same answer twice, and from AT (PAR_EL1) as from the walk;
 *  - no descriptor changed (mmsim_walk() and AT are pure);
 *  - with TCR_EL1.HA clear (no hardware updates), a real read or fetch
 *    through the TLBs agrees with the walk, on a TLB miss and a hit.
 *
 * A broken contract prints the registers, the walk and the fault, and
 * aborts.  MMSIM_FUZZ_STATS=1 prints at exit how many walks ended in
 * each fault type, to judge what a corpus reaches.
 *
 * Input (missing bytes read as zero):
 *
 *	0	TG0[1:0] TG1[3:2] IPS[6:4] M[7]
 *	1	T0SZ[5:0] RAWSZ[6] (T0SZ/T1SZ taken raw, else 16 + x % 24)
 *	2	T1SZ[5:0]
 *	3	EPD0 EPD1 A1 AS TBI0 TBI1 HA HD
 *	4	HPD0 HPD1 WXN C PAN CNP
 *	5-12	MAIR_EL1
 *	13-16	TTBR0: slot[2:0] RAW[7] | offset/64 | ASID (2 bytes)
 *	17-20	TTBR1: the same (RAW: 8 more bytes are the whole TTBR)
 *	then	records: op byte, kind in [7:6]
 *		  0: descriptor  slot[2:0], index (2 bytes), value (below)
 *		  1: VA          mode[1:0]: raw 8 bytes, TTBR0 6 bytes,
 *		                 TTBR1 6 bytes, tagged 8 bytes
 *		  2, 3: skip
 *	value	kind byte, [2:0]: raw 8 bytes | table -> slot | leaf -> RAM
 *		| table or leaf -> not RAM | invalid with junk | table ->
 *		any RAM page; then attribute bytes
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <hw/mmu.h>
#include <mmsim/mmsim.h>
#include <sim/machine.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NR_SLOTS	8
#define SLOT_ORDER	4		/* 64 KiB */
#define SLOT_SIZE	(4096ULL << SLOT_ORDER)
#define MAX_WRITES	256
#define MAX_VAS		16
#define FUZZ_RAM	(32ULL << 20)
#define FUZZ_HOLE	0x41000000ULL	/* hole=1M@0x41000000 */

static struct mmsim *m;
/* what the inputs reached, by fault type (0: translated); printed at
 * exit with MMSIM_FUZZ_STATS=1 to judge a corpus */
static unsigned long walks[MMSIM_FAULT_EXTERNAL_WALK + 1];
static struct page *slot_page[NR_SLOTS];
static u64 slot_pa[NR_SLOTS];
static u64 ram_base;

static void shutdown_machine(void)
{
	int i;

	if (!m)
		return;
	if (getenv("MMSIM_FUZZ_STATS"))
		for (i = 0; i <= MMSIM_FAULT_EXTERNAL_WALK; i++)
			fprintf(stderr, "%s: %lu walks\n",
				i ? mmsim_fault_name(i) : "translated", walks[i]);
	for (i = 0; i < NR_SLOTS; i++)
		mmsim___free_pages(slot_page[i], SLOT_ORDER);
	mmsim_shutdown(m);
	m = NULL;
}

static void boot_once(void)
{
	int i;

	if (m)
		return;
	m = mmsim_boot("mem=32M hole=1M@0x41000000");
	if (!m)
		abort();
	mmsim_set_report_stream(m, NULL);
	ram_base = m->phys_offset;
	for (i = 0; i < NR_SLOTS; i++) {
		slot_page[i] = mmsim_alloc_pages(MMSIM_GFP_KERNEL |
						 MMSIM___GFP_ZERO, SLOT_ORDER);
		if (!slot_page[i])
			abort();
		slot_pa[i] = mmsim_page_to_phys(slot_page[i]);
	}
	atexit(shutdown_machine);
}

/* ---- reading the input ---------------------------------------------- */

struct input {
	const uint8_t *p;
	size_t n;
};

static u64 get(struct input *in, int bytes)
{
	u64 v = 0;
	int i;

	for (i = 0; i < bytes; i++) {
		u64 b = 0;

		if (in->n) {
			b = *in->p++;
			in->n--;
		}
		v |= b << (8 * i);
	}
	return v;
}

static u64 *slot_entry(unsigned int slot, unsigned int index)
{
	return (u64 *)mmsim_phys_to_virt(slot_pa[slot % NR_SLOTS] +
					 8ULL * (index % (SLOT_SIZE / 8)));
}

/* A descriptor value of the kind the input asks for. */
static u64 make_desc(struct input *in)
{
	unsigned int kind = (unsigned int)get(in, 1);
	u64 lo = get(in, 2) & GENMASK_ULL(11, 2);	/* lower attributes */
	u64 hi = get(in, 2) << 50;			/* upper attributes */
	u64 pick = get(in, 3);

	switch (kind & 7) {
	case 0:
		return get(in, 8);
	case 1:		/* a table in another slot */
		return slot_pa[pick % NR_SLOTS] | PMD_TYPE_TABLE | lo | hi;
	case 2:		/* a leaf to RAM (maybe the hole), any granule alignment */
		return (ram_base + ((pick << 12) % FUZZ_RAM)) |
		       (kind & 8 ? PMD_TYPE_SECT : PTE_TYPE_PAGE) | lo | hi;
	case 3: {	/* not RAM: beyond the end, the hole, beyond 48 bits */
		static const u64 where[] = {
			0x80000000ULL, FUZZ_HOLE, 1ULL << 32, 1ULL << 36,
			1ULL << 40, 1ULL << 44, 1ULL << 47, 0,
		};

		return where[pick % 8] | (kind & 8 ? PMD_TYPE_SECT
						   : PMD_TYPE_TABLE) | lo | hi;
	}
	case 4:		/* invalid, every other bit junk */
		return get(in, 8) & ~PTE_VALID;
	default:	/* a table anywhere in RAM: descriptors are whatever is there */
		return (ram_base + ((pick << 12) % FUZZ_RAM)) | PMD_TYPE_TABLE;
	}
}

static u64 make_ttbr(struct input *in)
{
	u64 b = get(in, 1), off = get(in, 1), asid = get(in, 2);

	if (b & 0x80)
		return get(in, 8);
	return (slot_pa[b % NR_SLOTS] + off * 64) | asid << 48;
}

static u64 make_va(struct input *in, unsigned int mode)
{
	switch (mode & 3) {
	case 0:
		return get(in, 8);
	case 1:
		return get(in, 6);
	case 2:
		return ~get(in, 6);
	default:
		return get(in, 6) | get(in, 1) << 56;
	}
}

/* ---- checking one walk --------------------------------------------- */

/* A broken contract: say what the walk and the access saw, then abort. */
static void __attribute__((noreturn))
broken(const char *what, const struct mmsim_walk *w, int ret,
       const struct mmsim_fault *f)
{
	u64 reg;
	int i;

	fprintf(stderr, "fuzz-walk: %s\n", what);
	for (i = 0; i < MMSIM_NR_SYSREGS; i++)
		if (!mmsim_read_sysreg(i, &reg))
			fprintf(stderr, "  %s = %#llx\n", mmsim_sysreg_name(i),
				(unsigned long long)reg);
	if (w)
		mmsim_walk_print(w, stderr);
	if (f)
		fprintf(stderr, "  fault (returned %d): %s level %d ESR %#llx FAR %#llx\n",
			ret, mmsim_fault_name(f->type), f->level,
			(unsigned long long)f->esr, (unsigned long long)f->far);
	abort();
}

static unsigned int fsc_of(enum mmsim_fault_type type, int level)
{
	switch (type) {
	case MMSIM_FAULT_ADDRESS_SIZE:	return ESR_ELx_FSC_ADDRSZ + level;
	case MMSIM_FAULT_TRANSLATION:	return ESR_ELx_FSC_FAULT + level;
	case MMSIM_FAULT_ACCESS_FLAG:	return ESR_ELx_FSC_ACCESS + level;
	case MMSIM_FAULT_PERMISSION:	return ESR_ELx_FSC_PERM + level;
	case MMSIM_FAULT_EXTERNAL:	return ESR_ELx_FSC_EXTABT;
	case MMSIM_FAULT_EXTERNAL_WALK:	return ESR_ELx_FSC_SEA_TTW(level);
	default:			abort();
	}
}

/* A fault as the architecture could report it for this access. */
static void check_fault(const struct mmsim_fault *f, u64 va,
			enum mmsim_access acc, int el, bool tbi)
{
	u64 ec = acc == MMSIM_ACCESS_EXEC ?
			 (el ? ESR_ELx_EC_IABT_CUR : ESR_ELx_EC_IABT_LOW) :
			 (el ? ESR_ELx_EC_DABT_CUR : ESR_ELx_EC_DABT_LOW);
	u64 want, mask = ~(ESR_ELx_EA | ESR_ELx_FnV);
	u64 far_mask = tbi ? GENMASK_ULL(55, 0) : ~0ULL;

	if (f->type < MMSIM_FAULT_ADDRESS_SIZE ||
	    f->type > MMSIM_FAULT_EXTERNAL_WALK)
		broken("an unknown fault type", NULL, -EFAULT, f);
	if (f->type != MMSIM_FAULT_EXTERNAL &&
	    (f->level < 0 || f->level > 3))
		broken("a fault level out of 0-3", NULL, -EFAULT, f);
	/* no leaf lives at level 0 without FEAT_LPA2 */
	if ((f->type == MMSIM_FAULT_ACCESS_FLAG ||
	     f->type == MMSIM_FAULT_PERMISSION) && f->level < 1)
		broken("a leaf's fault at level 0", NULL, -EFAULT, f);
	want = ec << ESR_ELx_EC_SHIFT | ESR_ELx_IL |
	       (acc == MMSIM_ACCESS_WRITE ? ESR_ELx_WNR : 0) |
	       fsc_of(f->type, f->type == MMSIM_FAULT_EXTERNAL ? 0 : f->level);
	if (f->type != MMSIM_FAULT_EXTERNAL)
		mask = ~0ULL;
	if ((f->esr & mask) != want)
		broken("ESR_EL1 is not the architecture's", NULL, -EFAULT, f);
	if (!(f->esr & ESR_ELx_FnV) && (f->far & far_mask) != (va & far_mask))
		broken("FAR_EL1 is not the VA", NULL, -EFAULT, f);
}

/* Pure: the descriptors the walk read are still what it read. */
static void check_unchanged(const struct mmsim_walk *w)
{
	int i;

	if (w->nr_levels < 0 || w->nr_levels > 4)
		broken("more than 4 levels", w, 0, NULL);
	for (i = 0; i < w->nr_levels; i++)
		if (phys_is_ram(m, w->levels[i].desc_pa) &&
		    *(u64 *)mmsim_phys_to_virt(w->levels[i].desc_pa) !=
			    w->levels[i].desc)
			broken("a pure walk changed a descriptor", w, 0, NULL);
}

/* A real access through the TLBs agrees with the walk @w. */
static void check_access(const struct mmsim_walk *w, u64 va,
			 enum mmsim_access acc, int el, bool tbi)
{
	struct mmsim_fault f;
	u64 buf = 0;
	int ret;

	memset(&f, 0, sizeof(f));
	if (acc == MMSIM_ACCESS_READ)
		ret = mmsim_mmu_read(va, &buf, 1, el, &f);
	else
		ret = mmsim_mmu_fetch(va, &buf, 1, el, &f);
	if (w->fault.type == MMSIM_FAULT_NONE) {
		if (phys_is_ram(m, w->pa)) {
			if (ret)
				broken("the walk translated, the access faulted",
				       w, ret, &f);
			if ((buf & 0xff) != *(u8 *)mmsim_phys_to_virt(w->pa))
				broken("the access read another byte", w, ret, &f);
			return;
		}
		if (ret != -EFAULT || f.type != MMSIM_FAULT_EXTERNAL)
			broken("an access to no RAM did not abort", w, ret, &f);
		check_fault(&f, va, acc, el, tbi);
		return;
	}
	if (ret != -EFAULT || f.type != w->fault.type ||
	    (f.type != MMSIM_FAULT_EXTERNAL && f.level != w->fault.level) ||
	    f.esr != w->fault.esr)
		broken("the walk and the access disagree", w, ret, &f);
}

/* AT agrees with the walk @w (returned @ret). */
static void check_at(const struct mmsim_walk *w, int ret, u64 va,
		     enum mmsim_access acc, int el)
{
	u64 par = 0;
	int r = mmsim_at(va, acc, el, &par);
	bool walk_ok = ret == 0 || w->fault.type == MMSIM_FAULT_EXTERNAL;

	if ((r == 0) != walk_ok)
		broken("AT and the walk disagree", w, ret, NULL);
	if (w->fault.type == MMSIM_FAULT_EXTERNAL_WALK)
		return;
	if ((par & 1) != (r != 0))
		broken("AT returned one thing, PAR_EL1.F says another", w, ret,
		       NULL);
	if (r == 0 && ret == 0 &&
	    (par & GENMASK_ULL(47, 12)) != (w->pa & GENMASK_ULL(47, 12)))
		broken("AT and the walk translate to two PAs", w, ret, NULL);
	if (r && ((par >> 1) & 0x3f) != (w->fault.esr & ESR_ELx_FSC))
		broken("PAR_EL1.FST is not the walk's fault", w, ret, NULL);
}

static bool va_tagged(u64 va, u64 tcr)
{
	return (va >> 55 & 1) ? !!(tcr & TCR_TBI1) : !!(tcr & TCR_TBI0);
}

static void walk_all(u64 va, u64 tcr, bool pan)
{
	bool tbi = va_tagged(va, tcr);
	int el, acc;

	for (el = 0; el <= 1; el++) {
		for (acc = 0; acc <= MMSIM_ACCESS_EXEC; acc++) {
			struct mmsim_walk w, again;
			int ret;

			ret = mmsim_walk(va, acc, el, &w);
			walks[ret ? w.fault.type : 0]++;
			if (ret == 0) {
				if (w.fault.type != MMSIM_FAULT_NONE ||
				    w.pa >> w.pa_bits || w.pa_bits > 48 ||
				    w.size_shift < 12 || w.size_shift > 48)
					broken("a translation out of range", &w, 0, NULL);
			} else if (ret == -EFAULT) {
				check_fault(&w.fault, va, acc, el, tbi);
			} else {
				broken("mmsim_walk() returned neither 0 nor -EFAULT",
				       &w, ret, NULL);
			}
			check_unchanged(&w);
			if (mmsim_walk(va, acc, el, &again) != ret ||
			    again.fault.type != w.fault.type ||
			    again.fault.esr != w.fault.esr ||
			    (ret == 0 && again.pa != w.pa))
				broken("the same walk twice, two answers", &w, ret, NULL);
			/* AT S1E1R/W ignore PAN; AT and an External abort
			 * on the walk: a Data Abort, PAR_EL1 unknown */
			if (acc != MMSIM_ACCESS_EXEC && !(el && pan))
				check_at(&w, ret, va, acc, el);
			/* real accesses only without hardware updates:
			 * they must not write the tables */
			if (!(tcr & TCR_HA) && acc != MMSIM_ACCESS_WRITE) {
				mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
				check_access(&w, va, acc, el, tbi);	/* miss */
				check_access(&w, va, acc, el, tbi);	/* hit */
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct {
		unsigned int slot, index;
	} writes[MAX_WRITES];
	int nw = 0, nva = 0, i;
	u64 b0, b1, b2, b3, b4, tcr, sctlr, t0sz, t1sz, dummy;
	struct mmsim_walk w;

	boot_once();
	b0 = get(&in, 1);
	b1 = get(&in, 1);
	b2 = get(&in, 1);
	b3 = get(&in, 1);
	b4 = get(&in, 1);
	t0sz = b1 & 0x3f;
	t1sz = b2 & 0x3f;
	if (!(b1 & 0x40)) {
		t0sz = 16 + t0sz % 24;
		t1sz = 16 + t1sz % 24;
	}
	tcr = t0sz | (b0 & 3) << 14 | t1sz << 16 | ((b0 >> 2) & 3) << 30 |
	      ((b0 >> 4) & 7) << 32 |
	      ((b3 & 1) ? TCR_EPD0 : 0) | ((b3 & 2) ? TCR_EPD1 : 0) |
	      ((b3 & 4) ? TCR_A1 : 0) | ((b3 & 8) ? TCR_ASID16 : 0) |
	      ((b3 & 16) ? TCR_TBI0 : 0) | ((b3 & 32) ? TCR_TBI1 : 0) |
	      ((b3 & 64) ? TCR_HA : 0) | ((b3 & 128) ? TCR_HD : 0) |
	      ((b4 & 1) ? TCR_HPD0 : 0) | ((b4 & 2) ? TCR_HPD1 : 0);
	sctlr = SCTLR_EL1_RES1 | ((b0 & 0x80) ? 0 : SCTLR_ELx_M) |
		((b4 & 4) ? SCTLR_ELx_WXN : 0) | ((b4 & 8) ? 0 : SCTLR_ELx_C);
	if (mmsim_write_sysreg(MMSIM_TCR_EL1, tcr) ||
	    mmsim_write_sysreg(MMSIM_SCTLR_EL1, sctlr) ||
	    mmsim_write_sysreg(MMSIM_MAIR_EL1, get(&in, 8)) ||
	    mmsim_write_sysreg(MMSIM_PSTATE_PAN, (b4 >> 4) & 1) ||
	    mmsim_write_sysreg(MMSIM_TTBR0_EL1,
			       make_ttbr(&in) | ((b4 & 32) ? TTBR_CNP_BIT : 0)) ||
	    mmsim_write_sysreg(MMSIM_TTBR1_EL1, make_ttbr(&in)))
		abort();
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);

	while (in.n && nva < MAX_VAS) {
		unsigned int op = (unsigned int)get(&in, 1);

		switch (op >> 6) {
		case 0: {
			unsigned int slot = op & 7;
			unsigned int index = (unsigned int)get(&in, 2);

			if (nw == MAX_WRITES)
				break;
			writes[nw].slot = slot;
			writes[nw].index = index;
			nw++;
			*slot_entry(slot, index) = make_desc(&in);
			break;
		}
		case 1:
			/* the tables changed: as software would, TLBI */
			mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
			walk_all(make_va(&in, op), tcr, (b4 >> 4) & 1);
			nva++;
			break;
		default:
			break;
		}
	}

	/* the calls' own contracts */
	if (mmsim_walk(0, MMSIM_ACCESS_READ, 2, &w) != -EINVAL ||
	    mmsim_walk(0, (enum mmsim_access)3, 0, &w) != -EINVAL ||
	    mmsim_at(0, MMSIM_ACCESS_EXEC, 1, &dummy) != -EINVAL)
		broken("a bad argument was not -EINVAL", NULL, 0, NULL);

	for (i = 0; i < nw; i++)
		*slot_entry(writes[i].slot, writes[i].index) = 0;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	return 0;
}
