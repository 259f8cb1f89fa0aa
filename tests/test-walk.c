// SPDX-License-Identifier: MIT
/*
 * The stage-1 table walk (src/hw/walk.c, mmsim_walk() and mmsim_at() in
 * src/hw/access.c), checked against the Arm Architecture Reference
 * Manual (DDI 0487, chapter D8, VMSAv8-64; pseudocode AArch64.S1Translate,
 * AArch64.S1Walk, AArch64.S1DecodeDescriptor, AArch64.S1ApplyOutputPerms,
 * AArch64.S1ApplyTablePerms, AArch64.S1DirectBasePermissions,
 * AArch64.S1ComputePermissions, AArch64.S1CheckPermissions,
 * AArch64.BlockDescSupported, AArch64.VAIsOutOfRange, AArch64.OAOutOfRange,
 * AArch64.PhysicalAddressSize, StageOA) and the register descriptions of
 * TCR_EL1, SCTLR_EL1, ESR_EL1, FAR_EL1 and PAR_EL1 (D19).
 *
 * The expectations are written from the architecture, not from walk.c:
 * the tests build their own tables in simulated RAM, descriptor by
 * descriptor, program TTBR0/TTBR1/TCR/MAIR/SCTLR, and compare what
 * mmsim_walk() records, what mmsim_at() leaves in PAR_EL1, and what a
 * real access (mmsim_mmu_read/write/fetch) writes to ESR_EL1 and FAR_EL1,
 * with a small reference model of the permission rules below.
 *
 * The PE modelled here (ID_AA64MMFR0_EL1): 48-bit PA, no FEAT_LPA,
 * FEAT_LPA2, FEAT_LVA or FEAT_TTST; FEAT_HAFDBS (hafdbs=on), FEAT_HPDS,
 * FEAT_PAN.  What the architecture leaves to the implementation
 * (CONSTRAINED UNPREDICTABLE, IMPLEMENTATION DEFINED) is not tested:
 * TxSZ outside 16..39, reserved TGx, IPS 0b111, RES0 descriptor bits
 * (OA[51:48], low OA bits of blocks, 64K OA[15:12]), misprogrammed
 * contiguous runs, SH = 0b01, whether a permission fault sets AF,
 * whether AT sets AF (the project's AT is pure), instruction fetches
 * from Device memory, FnV/EA of an external abort, PAR_EL1.NS and bit
 * 10, PAR_EL1.{ATTR,SH} of Normal memory with SCTLR_EL1.C = 0 (the
 * descriptor's or the resulting attributes), FAR[63:56] of a tagged
 * address, SCTLR_EL1.EPAN (FEAT_PAN3).
 *
 * MMSIM_WALK_TEST_ALL=1 prints every mismatch, not the first 60.
 *
 * A VA and its index at each level (4K granule, 48-bit VA, TTBR0):
 *
 *   63    48 47     39 38     30 29     21 20     12 11        0
 *  +--------+---------+---------+---------+---------+-----------+
 *  |  0...0 | level 0 | level 1 | level 2 | level 3 | page off. |
 *  +--------+---------+---------+---------+---------+-----------+
 *   = VA[55]  9 bits    9 bits    9 bits    9 bits    12 bits
 *
 * 16K resolves 11 bits a level (level 0 has 1 bit at 48-bit), 64K 13
 * bits (level 1 has 6 bits at 48-bit); the start level is the one that
 * resolves the top of the VA: 4 - ceil((VA bits - granule bits) / stride).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

#include "test-util.h"

/* ---- the architecture's numbers, written out from the ARM ARM ------- */

/* DFSC/IFSC and PAR_EL1.FST (ESR_ELx ISS, D19.2): type | level */
#define FSC_ADDRSZ(l)	(0x00 + (l))
#define FSC_TRANS(l)	(0x04 + (l))
#define FSC_ACCESS(l)	(0x08 + (l))
#define FSC_PERM(l)	(0x0c + (l))
#define FSC_SEA		0x10
#define FSC_SEA_TTW(l)	(0x14 + (l))

/* ESR_ELx.EC of aborts */
#define EC_IABT_LOW	0x20
#define EC_IABT_CUR	0x21
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25

/* MAIR_EL1 attributes used here, one per AttrIndx */
#define ATTR_NORMAL	0xffULL		/* Normal, Inner/Outer WB RW-alloc */
#define ATTR_DEV_nGnRnE	0x00ULL
#define ATTR_NORMAL_NC	0x44ULL
#define ATTR_DEV_nGnRE	0x04ULL
#define IDX_NORMAL	0
#define IDX_DEV_nGnRnE	1
#define IDX_NORMAL_NC	2
#define IDX_DEV_nGnRE	3
#define TEST_MAIR	(ATTR_NORMAL | ATTR_DEV_nGnRnE << 8 | \
			 ATTR_NORMAL_NC << 16 | ATTR_DEV_nGnRE << 24)

#define PAGE_4K		4096ULL

static const char *const acc_name[] = { "read", "write", "exec" };

/* ---- the machine and bookkeeping ------------------------------------ */

#define RAM_BASE	0x40000000ULL
#define RAM_SIZE	(64ULL << 20)
#define HOLE_BASE	0x43000000ULL	/* hole=2M@0x43000000 */
#define HOLE_SIZE	(2ULL << 20)
#define NOT_RAM		0x80000000ULL	/* beyond the end of RAM, < 4G */

static struct mmsim *m;
static u64 saved_regs[MMSIM_NR_SYSREGS];
static const enum mmsim_sysreg saved_list[] = {
	MMSIM_TTBR0_EL1, MMSIM_TTBR1_EL1, MMSIM_TCR_EL1, MMSIM_MAIR_EL1,
	MMSIM_SCTLR_EL1, MMSIM_PSTATE_PAN,
};

/* pages the tests allocated, freed at teardown */
static struct {
	struct page *page;
	unsigned int order;
} allocs[4096];
static int nr_allocs;

/* mismatches of this test: printed, counted, and the test fails at the
 * end, so that one run lists every disagreement */
static int failures;
static char ctx[512];

static void ctx_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void ctx_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
}

static void mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mismatch(const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (failures++ < 60 || getenv("MMSIM_WALK_TEST_ALL"))
		print_error("MISMATCH [%s]: %s\n", ctx, msg);
}

#define CHECK_EQ(what, got, want)                                           \
	do {                                                                \
		unsigned long long g_ = (unsigned long long)(got);          \
		unsigned long long w_ = (unsigned long long)(want);         \
		if (g_ != w_)                                               \
			mismatch("%s: got %#llx, want %#llx", what, g_, w_); \
	} while (0)

static void end_test(void)
{
	if (failures > 60)
		print_error("... %d mismatches in all\n", failures);
	assert_int_equal(failures, 0);
}

static int setup(void **state)
{
	size_t i;

	(void)state;
	failures = 0;
	nr_allocs = 0;
	for (i = 0; i < ARRAY_SIZE(saved_list); i++)
		mmsim_read_sysreg(saved_list[i], &saved_regs[saved_list[i]]);
	return 0;
}

static int teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(saved_list); i++)
		mmsim_write_sysreg(saved_list[i], saved_regs[saved_list[i]]);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	while (nr_allocs > 0) {
		nr_allocs--;
		mmsim___free_pages(allocs[nr_allocs].page,
				   allocs[nr_allocs].order);
	}
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	m = boot("mem=64M hole=2M@0x43000000");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	mmsim_shutdown(m);
	return 0;
}

/* A zeroed, naturally aligned block of 2^order pages; its PA. */
static u64 alloc_phys(unsigned int order)
{
	struct page *page = mmsim_alloc_pages(MMSIM_GFP_KERNEL |
					      MMSIM___GFP_ZERO, order);

	assert_non_null(page);
	assert_true(nr_allocs < (int)ARRAY_SIZE(allocs));
	allocs[nr_allocs].page = page;
	allocs[nr_allocs].order = order;
	nr_allocs++;
	return mmsim_page_to_phys(page);
}

static u64 *host(u64 pa)
{
	return mmsim_phys_to_virt(pa);
}

/* Is @pa simulated RAM (inside [RAM_BASE, RAM_BASE + RAM_SIZE), not the hole)? */
static bool is_ram(u64 pa)
{
	return pa >= RAM_BASE && pa < RAM_BASE + RAM_SIZE &&
	       (pa < HOLE_BASE || pa >= HOLE_BASE + HOLE_SIZE);
}

/* A data block of one granule whose words say where they are. */
static u64 data_granule(unsigned int gshift)
{
	u64 pa = alloc_phys(gshift - 12);
	u64 off;

	for (off = 0; off < (1ULL << gshift); off += 8)
		*host(pa + off) = (pa + off) ^ 0x5a5a5a5a00000000ULL;
	return pa;
}

/* ---- geometry (D8.2) ---------------------------------------------- */

/* log2 of what one entry at @level maps: granule + (3 - level) strides */
static unsigned int lvl_shift(unsigned int g, int level)
{
	return g + (unsigned int)(3 - level) * (g - 3);
}

/* the start level: 4 - ceil((ia - g) / stride) */
static int start_level(unsigned int g, unsigned int ia)
{
	unsigned int stride = g - 3;

	return 4 - (int)((ia - g + stride - 1) / stride);
}

/* AArch64.BlockDescSupported() with no FEAT_LPA2, PAMax 48 */
static bool block_ok(unsigned int g, int level)
{
	if (g == 12)
		return level == 1 || level == 2;
	return level == 2;
}

/* log2 of the entries in a contiguous run (ContiguousSize()), 0: none */
static unsigned int cont_bits(unsigned int g, int level)
{
	switch (g) {
	case 12: return level >= 1 ? 4 : 0;
	case 14: return level == 3 ? 7 : level == 2 ? 5 : 0;
	default: return level >= 2 ? 5 : 0;
	}
}

struct geom {
	unsigned int g, ia;
	int start;		/* from the ARM ARM's tables (D8.2.x) */
};

/* clang-format off */
static const struct geom geoms[] = {
	{ 12, 39, 1 }, { 12, 42, 0 }, { 12, 47, 0 }, { 12, 48, 0 },
	{ 14, 39, 1 }, { 14, 42, 1 }, { 14, 47, 1 }, { 14, 48, 0 },
	{ 16, 39, 2 }, { 16, 42, 2 }, { 16, 47, 1 }, { 16, 48, 1 },
};
/* clang-format on */

/* TCR_EL1.TG0 and TG1 encodings differ (D19.2.x) */
static u64 tg0(unsigned int g)
{
	return g == 12 ? 0ULL << 14 : g == 16 ? 1ULL << 14 : 2ULL << 14;
}

static u64 tg1(unsigned int g)
{
	return g == 14 ? 1ULL << 30 : g == 12 ? 2ULL << 30 : 3ULL << 30;
}

/* ---- table builder -------------------------------------------------- */

/* One half of the address space: its granule, size and first table. */
struct tt {
	unsigned int g, ia;
	int start;
	int ttbr;
	u64 root;		/* PA of the start-level table */
};

static void tt_init(struct tt *t, unsigned int g, unsigned int ia, int ttbr)
{
	t->g = g;
	t->ia = ia;
	t->start = start_level(g, ia);
	t->ttbr = ttbr;
	t->root = alloc_phys(g - 12);
}

static unsigned int tt_index(const struct tt *t, u64 va, int level)
{
	unsigned int bits = level == t->start ? t->ia - lvl_shift(t->g, level)
					      : t->g - 3;

	return (unsigned int)((va >> lvl_shift(t->g, level)) &
			      ((1ULL << bits) - 1));
}

static u64 tbl_addr(const struct tt *t, u64 desc)
{
	return desc & GENMASK_ULL(47, t->g);
}

/*
 * The entry for @va at @level, creating table descriptors above it
 * (with no attributes) where the entries are still zero.
 */
static u64 *tt_entry(struct tt *t, u64 va, int level)
{
	u64 table = t->root;
	int l;

	for (l = t->start; l < level; l++) {
		u64 *e = host(table + 8ULL * tt_index(t, va, l));

		if (!*e)
			*e = alloc_phys(t->g - 12) | PMD_TYPE_TABLE;
		assert_true((*e & PTE_TYPE_MASK) == PMD_TYPE_TABLE);
		table = tbl_addr(t, *e);
	}
	return host(table + 8ULL * tt_index(t, va, level));
}

/* A block (levels 0-2) or page (level 3) descriptor. */
static u64 leaf(u64 oa, int level, u64 attrs)
{
	return oa | (level == 3 ? PTE_TYPE_PAGE : PMD_TYPE_SECT) | attrs;
}

/* what Linux would call PAGE_SHARED_EXEC for both ELs: AP = 01 */
#define RW_ALL		(PTE_AF | PTE_SHARED | PTE_USER | \
			 PTE_ATTRINDX(IDX_NORMAL))
/* EL1 only, read-write: AP = 00 */
#define RW_EL1		(PTE_AF | PTE_SHARED | PTE_ATTRINDX(IDX_NORMAL))

/*
 * Map the block or page of @va at @level over a fresh data granule and
 * return the granule's PA.  A block maps the aligned block around the
 * granule: the granule is at offset (PA & block mask) in it, so the VA
 * that reaches it is the block's VA plus that offset.
 */
static u64 map_data(struct tt *t, u64 va, int level, u64 attrs)
{
	u64 mask = (1ULL << lvl_shift(t->g, level)) - 1;
	u64 data = data_granule(t->g);

	*tt_entry(t, va, level) = leaf(data & ~mask, level, attrs);
	return data;
}

/* ---- registers ----------------------------------------------------- */

struct regs {
	u64 ttbr0, ttbr1, tcr, mair, sctlr;
	int pan;
};

#define SCTLR_ON	INIT_SCTLR_EL1_MMU_ON

static u64 tcr_of(const struct tt *t0, const struct tt *t1, unsigned int ips)
{
	return (u64)(64 - t0->ia) | tg0(t0->g) |
	       (u64)(64 - t1->ia) << 16 | tg1(t1->g) |
	       (u64)ips << 32 | TCR_SHARED | TCR_CACHE_FLAGS | TCR_ASID16;
}

static void regs_for(struct regs *r, const struct tt *t0, const struct tt *t1)
{
	r->ttbr0 = t0->root;
	r->ttbr1 = t1->root;
	r->tcr = tcr_of(t0, t1, 5);	/* IPS 0b101: 48 bits */
	r->mair = TEST_MAIR;
	r->sctlr = SCTLR_ON;
	r->pan = 0;
}

static void load(const struct regs *r)
{
	assert_int_equal(mmsim_write_sysreg(MMSIM_TTBR0_EL1, r->ttbr0), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_TTBR1_EL1, r->ttbr1), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_TCR_EL1, r->tcr), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_MAIR_EL1, r->mair), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_SCTLR_EL1, r->sctlr), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_PSTATE_PAN, (u64)r->pan), 0);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
}

/* Two halves with the same geometry, and registers for them. */
static void setup_pair(struct tt *t0, struct tt *t1, struct regs *r,
		       unsigned int g, unsigned int ia)
{
	tt_init(t0, g, ia, 0);
	tt_init(t1, g, ia, 1);
	regs_for(r, t0, t1);
	load(r);
}

/* the lowest VA of a half, and the VA of index pattern @n (the top index
 * bits resolved at every level set to n) */
static u64 half_base(const struct tt *t)
{
	return t->ttbr ? ~0ULL << t->ia : 0;
}

static u64 half_top_page(const struct tt *t)
{
	return t->ttbr ? ~0ULL << t->g : (1ULL << t->ia) - (1ULL << t->g);
}

/* ---- expectations ------------------------------------------------- */

/* What the architecture says happens. */
struct want {
	enum mmsim_fault_type type;	/* MMSIM_FAULT_NONE: translated */
	int level;			/* of the fault */
	u64 pa;				/* translated: the output address */
	bool out_not_ram;		/* translated, but the access aborts */
	bool no_access;			/* no real access (PA not ours) */
	bool tagged;			/* FAR[63:56] UNKNOWN (TBI) */
};

static struct want ok(u64 pa)
{
	return (struct want){ .type = MMSIM_FAULT_NONE, .pa = pa };
}

static struct want fault(enum mmsim_fault_type type, int level)
{
	return (struct want){ .type = type, .level = level };
}

static unsigned int fsc_of(const struct want *w)
{
	switch (w->type) {
	case MMSIM_FAULT_ADDRESS_SIZE:	return FSC_ADDRSZ(w->level);
	case MMSIM_FAULT_TRANSLATION:	return FSC_TRANS(w->level);
	case MMSIM_FAULT_ACCESS_FLAG:	return FSC_ACCESS(w->level);
	case MMSIM_FAULT_PERMISSION:	return FSC_PERM(w->level);
	case MMSIM_FAULT_EXTERNAL:	return FSC_SEA;
	case MMSIM_FAULT_EXTERNAL_WALK:	return FSC_SEA_TTW(w->level);
	default:			return 0xff;
	}
}

/* ESR_EL1 of an abort (D19.2: ESR_ELx, ISS encoding for an Instruction
 * or Data Abort): EC, IL = 1, WnR for a write, the fault status code. */
static u64 abort_esr(unsigned int fsc, enum mmsim_access acc, int el)
{
	u64 ec = acc == MMSIM_ACCESS_EXEC ? (el ? EC_IABT_CUR : EC_IABT_LOW)
					   : (el ? EC_DABT_CUR : EC_DABT_LOW);

	return ec << 26 | 1ULL << 25 |
	       (acc == MMSIM_ACCESS_WRITE ? 1ULL << 6 : 0) | fsc;
}

static const char *type_name(enum mmsim_fault_type t)
{
	static const char *const names[] = {
		"none", "address-size", "translation", "access-flag",
		"permission", "external", "external-walk",
	};

	return (unsigned int)t < ARRAY_SIZE(names) ? names[t] : "?";
}

static void check_fault_record(const char *who, const struct mmsim_fault *f,
			       const struct want *w, u64 va,
			       enum mmsim_access acc, int el)
{
	u64 far_mask = w->tagged ? GENMASK_ULL(55, 0) : ~0ULL;
	char what[64];

	if (f->type != w->type) {
		mismatch("%s: fault type %s level %d (esr %#llx), want %s level %d",
			 who, type_name(f->type), f->level,
			 (unsigned long long)f->esr, type_name(w->type),
			 w->level);
		return;
	}
	if (w->type != MMSIM_FAULT_EXTERNAL) {
		snprintf(what, sizeof(what), "%s: fault level", who);
		CHECK_EQ(what, f->level, w->level);
	}
	snprintf(what, sizeof(what), "%s: ESR_EL1", who);
	if (w->type == MMSIM_FAULT_EXTERNAL) {
		/* EA and FnV (FAR not valid) are the implementation's */
		CHECK_EQ(what, f->esr & ~(ESR_ELx_EA | ESR_ELx_FnV),
			 abort_esr(FSC_SEA, acc, el));
		if (f->esr & ESR_ELx_FnV)
			return;
	} else if (w->type == MMSIM_FAULT_EXTERNAL_WALK) {
		CHECK_EQ(what, f->esr & ~ESR_ELx_EA, abort_esr(fsc_of(w), acc, el));
	} else {
		CHECK_EQ(what, f->esr, abort_esr(fsc_of(w), acc, el));
	}
	snprintf(what, sizeof(what), "%s: FAR_EL1", who);
	CHECK_EQ(what, f->far & far_mask, va & far_mask);
}

/* mmsim_walk(): pure, and says what the architecture says. */
static void check_walk(u64 va, enum mmsim_access acc, int el,
		       const struct want *w)
{
	struct mmsim_walk rec;
	int ret, i;

	memset(&rec, 0xa5, sizeof(rec));
	ret = mmsim_walk(va, acc, el, &rec);
	if (w->type == MMSIM_FAULT_NONE || w->out_not_ram) {
		if (w->out_not_ram && ret == -EFAULT &&
		    rec.fault.type == MMSIM_FAULT_EXTERNAL)
			return;	/* the walk may report the access's abort */
		if (ret) {
			mismatch("walk: returned %d, fault %s level %d esr %#llx; want PA %#llx",
				 ret, type_name(rec.fault.type), rec.fault.level,
				 (unsigned long long)rec.fault.esr,
				 (unsigned long long)w->pa);
			return;
		}
		CHECK_EQ("walk: fault.type", rec.fault.type, MMSIM_FAULT_NONE);
		CHECK_EQ("walk: pa", rec.pa, w->pa);
	} else {
		CHECK_EQ("walk: return", ret, -EFAULT);
		check_fault_record("walk", &rec.fault, w, va, acc, el);
	}
	CHECK_EQ("walk: va", rec.va, va);
	CHECK_EQ("walk: el", rec.el, el);
	CHECK_EQ("walk: access", rec.access, acc);
	/* pure: every descriptor it read is still what it read */
	if (rec.nr_levels < 0 || rec.nr_levels > 4) {
		mismatch("walk: nr_levels %d", rec.nr_levels);
		return;
	}
	for (i = 0; i < rec.nr_levels; i++)
		if (is_ram(rec.levels[i].desc_pa))
			CHECK_EQ("walk: descriptor changed by a pure walk",
				 *host(rec.levels[i].desc_pa), rec.levels[i].desc);
}

/* PAR_EL1 after AT (D19.2, PAR_EL1): F, FST, bit 11 RES1; or PA, SH, ATTR. */
static void check_par(const char *who, u64 par, const struct want *w,
		      int attr, int sh)
{
	char what[64];

	snprintf(what, sizeof(what), "%s: PAR_EL1 RES1 bit 11", who);
	CHECK_EQ(what, par & SYS_PAR_EL1_RES1, SYS_PAR_EL1_RES1);
	if (w->type == MMSIM_FAULT_NONE || w->out_not_ram) {
		snprintf(what, sizeof(what), "%s: PAR_EL1.F (PAR %#llx)", who,
			 (unsigned long long)par);
		CHECK_EQ(what, par & 1, 0);
		if (par & 1)
			return;
		snprintf(what, sizeof(what), "%s: PAR_EL1.PA", who);
		CHECK_EQ(what, par & GENMASK_ULL(47, 12),
			 w->pa & GENMASK_ULL(47, 12));
		if (attr >= 0) {
			snprintf(what, sizeof(what), "%s: PAR_EL1.ATTR", who);
			CHECK_EQ(what, par >> 56, attr);
		}
		if (sh >= 0) {
			snprintf(what, sizeof(what), "%s: PAR_EL1.SH", who);
			CHECK_EQ(what, (par >> 7) & 3, sh);
		}
	} else {
		snprintf(what, sizeof(what), "%s: PAR_EL1.F", who);
		CHECK_EQ(what, par & 1, 1);
		snprintf(what, sizeof(what), "%s: PAR_EL1.FST", who);
		CHECK_EQ(what, (par >> 1) & 0x3f, fsc_of(w));
		snprintf(what, sizeof(what), "%s: PAR_EL1.PTW/S", who);
		CHECK_EQ(what, par & (SYS_PAR_EL1_PTW | SYS_PAR_EL1_S), 0);
	}
}

/*
 * AT S1E{0,1}{R,W}: PAR_EL1 written and returned.  Except for an
 * External abort on the walk: "the encodings for FST do not include
 * Synchronous External abort on translation table walk ... because these
 * MMU faults are reported as a Data Abort exception instead of being
 * recorded in PAR_EL1" (PAR_EL1.FST).  AT executes at EL1, so the abort is
 * taken from EL1 (EC 0x25) with CM = 1 and WnR = 1 ("for faults on cache
 * maintenance and address translation instructions, this bit always
 * returns a value of 1", ESR_ELx.WnR).
 */
static void check_at(u64 va, enum mmsim_access acc, int el,
		     const struct want *w, int attr, int sh)
{
	u64 par = 0xdead, reg = 0;
	int ret;

	if (w->type == MMSIM_FAULT_EXTERNAL_WALK) {
		u64 esr = 0, far = 0, far_mask = w->tagged ? GENMASK_ULL(55, 0)
							   : ~0ULL;

		mmsim_write_sysreg(MMSIM_ESR_EL1, 0);
		mmsim_write_sysreg(MMSIM_FAR_EL1, 0);
		ret = mmsim_at(va, acc, el, &par);
		/* the abort is taken, not reported in PAR: -EIO says so */
		CHECK_EQ("AT: return", ret, -EIO);
		mmsim_read_sysreg(MMSIM_ESR_EL1, &esr);
		mmsim_read_sysreg(MMSIM_FAR_EL1, &far);
		CHECK_EQ("AT: external abort on the walk: a Data Abort, ESR_EL1",
			 esr & ~ESR_ELx_EA,
			 abort_esr(fsc_of(w), MMSIM_ACCESS_WRITE, 1) |
				 ESR_ELx_CM);
		CHECK_EQ("AT: external abort on the walk: a Data Abort, FAR_EL1",
			 far & far_mask, va & far_mask);
		return;
	}
	ret = mmsim_at(va, acc, el, &par);

	CHECK_EQ("AT: return", ret,
		 (w->type == MMSIM_FAULT_NONE || w->out_not_ram) ? 0 : -EFAULT);
	mmsim_read_sysreg(MMSIM_PAR_EL1, &reg);
	CHECK_EQ("AT: PAR_EL1 register == *par", reg, par);
	check_par("AT", par, w, attr, sh);
}

/* A real access through the TLBs: the data, or ESR_EL1/FAR_EL1. */
static void check_access(u64 va, enum mmsim_access acc, int el,
			 const struct want *w)
{
	struct mmsim_fault f;
	u64 buf = 0, esr = 0, far = 0;
	int ret;

	if (w->no_access)
		return;
	if (w->type == MMSIM_FAULT_NONE && !w->out_not_ram &&
	    (w->pa < RAM_BASE || w->pa >= RAM_BASE + RAM_SIZE))
		return;	/* not a page of ours */
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	memset(&f, 0xa5, sizeof(f));
	mmsim_write_sysreg(MMSIM_ESR_EL1, 0);
	mmsim_write_sysreg(MMSIM_FAR_EL1, 0);
	switch (acc) {
	case MMSIM_ACCESS_READ:
		ret = mmsim_mmu_read(va, &buf, 8, el, &f);
		break;
	case MMSIM_ACCESS_WRITE:
		buf = w->pa ^ 0x5a5a5a5a00000000ULL;	/* what is there */
		ret = mmsim_mmu_write(va, &buf, 8, el, &f);
		break;
	default:
		ret = mmsim_mmu_fetch(va, &buf, 4, el, &f);
		break;
	}
	if (w->type == MMSIM_FAULT_NONE && !w->out_not_ram) {
		if (ret) {
			mismatch("access: returned %d, fault %s level %d esr %#llx; want PA %#llx",
				 ret, type_name(f.type), f.level,
				 (unsigned long long)f.esr,
				 (unsigned long long)w->pa);
			return;
		}
		if (acc == MMSIM_ACCESS_READ)
			CHECK_EQ("access: data read", buf, *host(w->pa));
		return;
	}
	CHECK_EQ("access: return", ret, -EFAULT);
	if (ret != -EFAULT)
		return;
	if (w->out_not_ram) {
		struct want x = fault(MMSIM_FAULT_EXTERNAL, 0);

		x.tagged = w->tagged;
		check_fault_record("access", &f, &x, va, acc, el);
	} else {
		check_fault_record("access", &f, w, va, acc, el);
	}
	mmsim_read_sysreg(MMSIM_ESR_EL1, &esr);
	mmsim_read_sysreg(MMSIM_FAR_EL1, &far);
	CHECK_EQ("access: ESR_EL1 register", esr, f.esr);
	CHECK_EQ("access: FAR_EL1 register", far, f.far);
}

/* Everything: the walk, AT (reads and writes), and the access itself. */
static void expect(u64 va, enum mmsim_access acc, int el, struct want w)
{
	char saved[sizeof(ctx)];

	memcpy(saved, ctx, sizeof(ctx));
	snprintf(ctx + strlen(ctx), sizeof(ctx) - strlen(ctx),
		 " | va %#llx %s el%d", (unsigned long long)va, acc_name[acc],
		 el);
	check_walk(va, acc, el, &w);
	/* AT's External aborts on the walk: test_at_external_abort */
	if (acc != MMSIM_ACCESS_EXEC && w.type != MMSIM_FAULT_EXTERNAL_WALK)
		check_at(va, acc, el, &w, -1, -1);
	check_access(va, acc, el, &w);
	memcpy(ctx, saved, sizeof(ctx));
}

/* The same for all six kinds of access. */
static void expect_all(u64 va, struct want w)
{
	int el, acc;

	for (el = 0; el <= 1; el++)
		for (acc = 0; acc <= MMSIM_ACCESS_EXEC; acc++)
			expect(va, acc, el, w);
}

/* ---- the permission rules: a reference model ---------------------- */

/*
 * AArch64.S1ApplyOutputPerms + S1ApplyTablePerms + S1DirectBasePermissions
 * + S1ComputePermissions for the EL1&0 regime, without FEAT_S1PIE and
 * overlays.  @pan: PSTATE.PAN applies (a data access at EL1 by a load or
 * store; not AT S1E1R/W, not an instruction fetch).
 */
struct perm_in {
	unsigned int ap;		/* AP[2:1] of the leaf */
	bool uxn, pxn, dbm;
	unsigned int aptable;		/* accumulated APTable */
	bool uxntable, pxntable;
	bool hpd;			/* TCR_EL1.HPDn: tables ignored */
	bool wxn;			/* SCTLR_EL1.WXN */
	bool hahd;			/* TCR_EL1.HA && TCR_EL1.HD */
};

static bool ref_allowed(const struct perm_in *p, enum mmsim_access acc,
			int el, bool pan)
{
	unsigned int ap = p->ap, apt = p->hpd ? 0 : p->aptable;
	bool uxnt = p->hpd ? false : p->uxntable;
	bool pxnt = p->hpd ? false : p->pxntable;
	bool pr, pw, ur, uw, px, ux, r, w, x;

	if (p->hahd && p->dbm)
		ap &= ~2u;	/* DBM: AP[2] effectively 0 */
	pr = true;
	pw = !(ap & 2);
	ur = ap & 1;
	uw = ap == 1;
	if (apt & 1)		/* APTable[0]: no EL0 access */
		ur = uw = false;
	if (apt & 2)		/* APTable[1]: no writes */
		pw = uw = false;
	px = !(p->pxn || pxnt || uw);	/* EL0-writable: implicit PXN */
	ux = !(p->uxn || uxnt);
	if (pan && acc != MMSIM_ACCESS_EXEC && (ur || uw))
		pr = pw = false;
	r = el ? pr : ur;
	w = el ? pw : uw;
	x = el ? px : ux;
	if (p->wxn && w && x)
		x = false;
	switch (acc) {
	case MMSIM_ACCESS_READ:		return r;
	case MMSIM_ACCESS_WRITE:	return w;
	default:			return x;
	}
}

/* MMSIM_PERM_* for the record (no PAN) */
static unsigned int ref_perms(const struct perm_in *p)
{
	unsigned int perms = 0;

	if (ref_allowed(p, MMSIM_ACCESS_READ, 1, false))
		perms |= MMSIM_PERM_EL1_R;
	if (ref_allowed(p, MMSIM_ACCESS_WRITE, 1, false))
		perms |= MMSIM_PERM_EL1_W;
	if (ref_allowed(p, MMSIM_ACCESS_EXEC, 1, false))
		perms |= MMSIM_PERM_EL1_X;
	if (ref_allowed(p, MMSIM_ACCESS_READ, 0, false))
		perms |= MMSIM_PERM_EL0_R;
	if (ref_allowed(p, MMSIM_ACCESS_WRITE, 0, false))
		perms |= MMSIM_PERM_EL0_W;
	if (ref_allowed(p, MMSIM_ACCESS_EXEC, 0, false))
		perms |= MMSIM_PERM_EL0_X;
	return perms;
}

/* ==================================================================== */

/*
 * Every descriptor bit and register field the walk reads, as the ARM
 * ARM numbers it, against the one definition the library uses.
 */
static void test_hwdef_encodings(void **state)
{
	(void)state;
	ctx_set("hwdef");
	/* D8.3: block and page descriptors */
	CHECK_EQ("AttrIndx", PTE_ATTRINDX_MASK, 7ULL << 2);
	CHECK_EQ("AP[1]", PTE_USER, 1ULL << 6);
	CHECK_EQ("AP[2]", PTE_RDONLY, 1ULL << 7);
	CHECK_EQ("SH", PTE_SH_MASK, 3ULL << 8);
	CHECK_EQ("AF", PTE_AF, 1ULL << 10);
	CHECK_EQ("nG", PTE_NG, 1ULL << 11);
	CHECK_EQ("DBM", PTE_DBM, 1ULL << 51);
	CHECK_EQ("Contiguous", PTE_CONT, 1ULL << 52);
	CHECK_EQ("PXN", PTE_PXN, 1ULL << 53);
	CHECK_EQ("UXN", PTE_UXN, 1ULL << 54);
	/* table descriptors */
	CHECK_EQ("PXNTable", PMD_TABLE_PXN, 1ULL << 59);
	CHECK_EQ("UXNTable", PMD_TABLE_UXN, 1ULL << 60);
	CHECK_EQ("APTable", S1_TABLE_AP, 3ULL << 61);
	/* TCR_EL1 */
	CHECK_EQ("EPD0", TCR_EPD0, 1ULL << 7);
	CHECK_EQ("TG0 64K", TCR_TG0_64K, 1ULL << 14);
	CHECK_EQ("TG0 16K", TCR_TG0_16K, 2ULL << 14);
	CHECK_EQ("A1", TCR_A1, 1ULL << 22);
	CHECK_EQ("EPD1", TCR_EPD1, 1ULL << 23);
	CHECK_EQ("TG1 16K", TCR_TG1_16K, 1ULL << 30);
	CHECK_EQ("TG1 4K", TCR_TG1_4K, 2ULL << 30);
	CHECK_EQ("TG1 64K", TCR_TG1_64K, 3ULL << 30);
	CHECK_EQ("IPS", TCR_IPS_MASK, 7ULL << 32);
	CHECK_EQ("AS", TCR_ASID16, 1ULL << 36);
	CHECK_EQ("TBI0", TCR_TBI0, 1ULL << 37);
	CHECK_EQ("TBI1", TCR_TBI1, 1ULL << 38);
	CHECK_EQ("HA", TCR_HA, 1ULL << 39);
	CHECK_EQ("HD", TCR_HD, 1ULL << 40);
	CHECK_EQ("HPD0", TCR_HPD0, 1ULL << 41);
	CHECK_EQ("HPD1", TCR_HPD1, 1ULL << 42);
	/* SCTLR_EL1, ESR_ELx */
	CHECK_EQ("SCTLR.M", SCTLR_ELx_M, 1ULL << 0);
	CHECK_EQ("SCTLR.WXN", SCTLR_ELx_WXN, 1ULL << 19);
	CHECK_EQ("ESR.IL", ESR_ELx_IL, 1ULL << 25);
	CHECK_EQ("ESR.WnR", ESR_ELx_WNR, 1ULL << 6);
	CHECK_EQ("EC DABT_LOW", ESR_ELx_EC_DABT_LOW, EC_DABT_LOW);
	CHECK_EQ("EC IABT_CUR", ESR_ELx_EC_IABT_CUR, EC_IABT_CUR);
	/* geometry helpers against the ARM ARM's tables */
	{
		size_t i;

		for (i = 0; i < ARRAY_SIZE(geoms); i++) {
			ctx_set("geometry %uK/%u", 1u << (geoms[i].g - 10),
				geoms[i].ia);
			CHECK_EQ("start level formula",
				 start_level(geoms[i].g, geoms[i].ia),
				 geoms[i].start);
		}
		for (i = 0; i < 3; i++) {
			unsigned int g = 12 + 2 * (unsigned int)i;
			int l;

			for (l = 0; l <= 3; l++) {
				ctx_set("granule %u level %d", g, l);
				CHECK_EQ("gran_level_shift",
					 gran_level_shift(g, l), lvl_shift(g, l));
				CHECK_EQ("gran_block_allowed",
					 gran_block_allowed(g, l), block_ok(g, l));
				CHECK_EQ("gran_cont_bits", gran_cont_bits(g, l),
					 cont_bits(g, l));
			}
		}
	}
	end_test();
}

/*
 * Every granule and VA size, both halves: the walk starts at the level
 * the ARM ARM gives, indexes each table with the right VA bits, reads
 * one descriptor per level, and lands on the page.
 */
static void test_geometry(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct geom *gm = &geoms[i];
		struct tt t[2];
		struct regs r;
		int h;

		setup_pair(&t[0], &t[1], &r, gm->g, gm->ia);
		for (h = 0; h < 2; h++) {
			u64 vas[3], pas[3];
			int k;

			vas[0] = half_base(&t[h]);
			vas[1] = half_top_page(&t[h]);
			/* alternating index bits */
			vas[2] = (half_base(&t[h]) |
				  (0x5555555555555555ULL &
				   GENMASK_ULL(t[h].ia - 1, gm->g))) + 0x128;
			for (k = 0; k < 3; k++) {
				pas[k] = map_data(&t[h], vas[k], 3, RW_ALL);
				pas[k] += vas[k] & ((1ULL << gm->g) - 1);
			}
			for (k = 0; k < 3; k++) {
				struct mmsim_walk w;
				u64 table = t[h].root;
				int l, n;

				ctx_set("%uK/%u TTBR%d va %#llx",
					1u << (gm->g - 10), gm->ia, h,
					(unsigned long long)vas[k]);
				expect(vas[k], MMSIM_ACCESS_READ, 0, ok(pas[k]));
				expect(vas[k], MMSIM_ACCESS_WRITE, 1, ok(pas[k]));
				expect(vas[k], MMSIM_ACCESS_EXEC, 0, ok(pas[k]));
				if (mmsim_walk(vas[k], MMSIM_ACCESS_READ, 1, &w))
					continue;
				CHECK_EQ("ttbr", w.ttbr, h);
				CHECK_EQ("ttbr_value", w.ttbr_value,
					 h ? r.ttbr1 : r.ttbr0);
				CHECK_EQ("tcr", w.tcr, r.tcr);
				CHECK_EQ("granule_shift", w.granule_shift, gm->g);
				CHECK_EQ("ia_bits", w.ia_bits, gm->ia);
				CHECK_EQ("pa_bits", w.pa_bits, 48);
				CHECK_EQ("start_level", w.start_level, gm->start);
				CHECK_EQ("nr_levels", w.nr_levels, 4 - gm->start);
				CHECK_EQ("size_shift", w.size_shift, gm->g);
				CHECK_EQ("contiguous", w.contiguous, 0);
				CHECK_EQ("attrindx", w.attrindx, IDX_NORMAL);
				CHECK_EQ("mair_attr", w.mair_attr, ATTR_NORMAL);
				CHECK_EQ("sh", w.sh, 3);
				for (n = 0, l = gm->start; l <= 3 && n < w.nr_levels;
				     l++, n++) {
					const struct mmsim_walk_level *lv =
						&w.levels[n];
					u64 d = *host(table +
						      8ULL * tt_index(&t[h], vas[k], l));

					CHECK_EQ("levels[].level", lv->level, l);
					CHECK_EQ("levels[].table_pa", lv->table_pa,
						 table);
					CHECK_EQ("levels[].index", lv->index,
						 tt_index(&t[h], vas[k], l));
					CHECK_EQ("levels[].desc_pa", lv->desc_pa,
						 table + 8ULL * lv->index);
					CHECK_EQ("levels[].desc", lv->desc, d);
					CHECK_EQ("levels[].kind", lv->kind,
						 l == 3 ? MMSIM_DESC_PAGE
							: MMSIM_DESC_TABLE);
					table = tbl_addr(&t[h], d);
				}
			}
		}
	}
	end_test();
}

/* A faulting walk of @va read @n levels, the last of kind @kind. */
static void check_kinds(u64 va, int n, enum mmsim_desc_kind kind)
{
	struct mmsim_walk w;
	int ret = mmsim_walk(va, MMSIM_ACCESS_READ, 1, &w);

	if (ret != -EFAULT || w.nr_levels != n) {
		mismatch("walk returned %d after %d levels, want -EFAULT after %d",
			 ret, w.nr_levels, n);
		return;
	}
	CHECK_EQ("kind of the last descriptor", w.levels[n - 1].kind, kind);
}

/*
 * Each kind of descriptor at each level (D8.3.1, AArch64.DecodeDescriptorType
 * and AArch64.BlockDescSupported): bit 0 clear is invalid whatever the
 * other bits; 0b01 is a block where the granule allows one (4K: levels
 * 1-2; 16K and 64K: level 2, without FEAT_LPA/LPA2) and reserved
 * elsewhere, level 3 included; 0b11 is a table above level 3 and a page
 * at level 3.  Invalid and reserved descriptors give a translation fault
 * at their level, with the same ESR for every access.
 */
static void test_descriptor_kinds(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct geom *gm = &geoms[i];
		struct tt t0, t1;
		struct regs r;
		int l;

		setup_pair(&t0, &t1, &r, gm->g, gm->ia);
		for (l = gm->start; l <= 3; l++) {
			/* one VA per level, under a table of its own */
			u64 va = ((u64)(l - gm->start) + 1) << lvl_shift(gm->g, gm->start);
			u64 *e;
			u64 junk[] = { 0, 2, ~1ULL & ~GENMASK_ULL(47, 12),
				       0x0040000000000ffeULL };
			struct mmsim_walk w;
			size_t j;

			if (gm->start == 0 && gm->g == 14)
				va = (u64)l << lvl_shift(gm->g, 1);	/* 2 entries */
			va &= GENMASK_ULL(gm->ia - 1, 0);
			e = tt_entry(&t0, va, l);

			for (j = 0; j < ARRAY_SIZE(junk); j++) {
				*e = junk[j];
				ctx_set("%uK/%u level %d desc %#llx (invalid)",
					1u << (gm->g - 10), gm->ia, l,
					(unsigned long long)*e);
				expect_all(va, fault(MMSIM_FAULT_TRANSLATION, l));
				check_kinds(va, l - gm->start + 1,
					    MMSIM_DESC_INVALID);
			}

			/* 0b01: a block, or reserved */
			ctx_set("%uK/%u level %d 0b01", 1u << (gm->g - 10),
				gm->ia, l);
			if (block_ok(gm->g, l)) {
				u64 pa = map_data(&t0, va, l, RW_EL1);

				/* the data granule lies at its offset in the block */
				u64 bva = va + (pa & ((1ULL << lvl_shift(gm->g, l)) - 1));

				expect(bva, MMSIM_ACCESS_READ, 1, ok(pa));
				expect(bva + 8, MMSIM_ACCESS_WRITE, 1, ok(pa + 8));
				if (!mmsim_walk(bva, MMSIM_ACCESS_READ, 1, &w)) {
					CHECK_EQ("kind", w.levels[w.nr_levels - 1].kind,
						 MMSIM_DESC_BLOCK);
					CHECK_EQ("size_shift", w.size_shift,
						 lvl_shift(gm->g, l));
				}
			} else {
				*e = (RAM_BASE & GENMASK_ULL(47, gm->g)) |
				     PMD_TYPE_SECT | RW_ALL;
				expect_all(va, fault(MMSIM_FAULT_TRANSLATION, l));
				check_kinds(va, l - gm->start + 1,
					    MMSIM_DESC_RESERVED);
			}

			/* 0b11: a table (then an empty one) or a page */
			ctx_set("%uK/%u level %d 0b11", 1u << (gm->g - 10),
				gm->ia, l);
			if (l < 3) {
				*e = alloc_phys(gm->g - 12) | PMD_TYPE_TABLE;
				expect_all(va, fault(MMSIM_FAULT_TRANSLATION, l + 1));
				check_kinds(va, l - gm->start + 2,
					    MMSIM_DESC_INVALID);
				if (mmsim_walk(va, MMSIM_ACCESS_READ, 1, &w) == -EFAULT &&
				    w.nr_levels == l - gm->start + 2)
					CHECK_EQ("kind of the table",
						 w.levels[l - gm->start].kind,
						 MMSIM_DESC_TABLE);
			} else {
				u64 pa = map_data(&t0, va, 3, RW_ALL | PTE_PXN);

				expect(va, MMSIM_ACCESS_READ, 0, ok(pa));
				expect(va, MMSIM_ACCESS_EXEC, 0, ok(pa));
			}
			*e = 0;
		}
	}
	end_test();
}

/*
 * Address-size faults (AArch64.OAOutOfRange with AArch64.PhysicalAddressSize):
 * the output size is IPS, at most the PE's 48 bits (0b110, 52 bits,
 * means 48 here).  A TTBR beyond it faults at level 0; a table
 * descriptor's next-table address beyond it faults at the level of that
 * descriptor; a leaf's output address beyond it at the leaf's level.
 * The same addresses inside IPS but outside RAM are external aborts on
 * the walk instead (at the level of the table that cannot be read), or
 * for an output address, a translation that succeeds (AT) and an access
 * that aborts.
 */
static void test_address_size(void **state)
{
	static const unsigned int ips_bits[] = { 32, 36, 40, 42, 44, 48, 48 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct geom *gm = &geoms[i];
		struct tt t0, t1;
		struct regs r;
		unsigned int ips;
		int l;

		setup_pair(&t0, &t1, &r, gm->g, gm->ia);
		for (ips = 0; ips <= 6; ips++) {
			u64 beyond = 1ULL << ips_bits[ips];	/* first PA out */
			u64 va = 0;

			r.tcr = (r.tcr & ~TCR_IPS_MASK) | (u64)ips << 32;
			load(&r);

			/* the TTBR */
			ctx_set("%uK/%u IPS %u TTBR0 %#llx", 1u << (gm->g - 10),
				gm->ia, ips, (unsigned long long)beyond);
			if (ips_bits[ips] < 48) {
				r.ttbr0 = beyond;
				load(&r);
				expect_all(va, fault(MMSIM_FAULT_ADDRESS_SIZE, 0));
				/* inside IPS, not RAM: the first read aborts */
				r.ttbr0 = ips ? NOT_RAM << 4 : NOT_RAM;
				load(&r);
				ctx_set("%uK/%u IPS %u TTBR0 %#llx (not RAM)",
					1u << (gm->g - 10), gm->ia, ips,
					(unsigned long long)r.ttbr0);
				expect_all(va, fault(MMSIM_FAULT_EXTERNAL_WALK,
						     gm->start));
				r.ttbr0 = t0.root;
				load(&r);
			}

			for (l = gm->start; l <= 3; l++) {
				u64 lva = ((u64)(l - gm->start) + 2) <<
					  lvl_shift(gm->g, gm->start);
				u64 *e;

				if (gm->start == 0 && gm->g == 14)
					lva = (u64)(l + 4) << lvl_shift(gm->g, 1);
				lva &= GENMASK_ULL(gm->ia - 1, 0);
				e = tt_entry(&t0, lva, l);

				if (l < 3) {
					ctx_set("%uK/%u IPS %u level %d table -> %#llx",
						1u << (gm->g - 10), gm->ia, ips, l,
						(unsigned long long)beyond);
					if (ips_bits[ips] < 48) {
						*e = beyond | PMD_TYPE_TABLE;
						expect_all(lva, fault(MMSIM_FAULT_ADDRESS_SIZE, l));
					}
					*e = NOT_RAM | PMD_TYPE_TABLE;
					ctx_set("%uK/%u IPS %u level %d table -> %#llx (not RAM)",
						1u << (gm->g - 10), gm->ia, ips, l,
						(unsigned long long)NOT_RAM);
					expect_all(lva, fault(MMSIM_FAULT_EXTERNAL_WALK, l + 1));
					*e = HOLE_BASE | PMD_TYPE_TABLE;
					ctx_set("%uK/%u IPS %u level %d table -> %#llx (hole)",
						1u << (gm->g - 10), gm->ia, ips, l,
						(unsigned long long)HOLE_BASE);
					expect_all(lva, fault(MMSIM_FAULT_EXTERNAL_WALK, l + 1));
				}
				if (l == 3 || block_ok(gm->g, l)) {
					u64 bsz = 1ULL << lvl_shift(gm->g, l);
					struct want w;

					ctx_set("%uK/%u IPS %u level %d leaf -> %#llx",
						1u << (gm->g - 10), gm->ia, ips, l,
						(unsigned long long)beyond);
					if (ips_bits[ips] < 48) {
						*e = leaf(beyond, l, RW_EL1);
						expect_all(lva, fault(MMSIM_FAULT_ADDRESS_SIZE, l));
					}
					/* the last block inside IPS */
					*e = leaf((beyond - bsz) & GENMASK_ULL(47, 0), l, RW_EL1);
					ctx_set("%uK/%u IPS %u level %d leaf -> %#llx",
						1u << (gm->g - 10), gm->ia, ips, l,
						(unsigned long long)(beyond - bsz));
					w = ok(((beyond - bsz) & GENMASK_ULL(47, 0)) + 0x10);
					w.out_not_ram = true;
					expect(lva + 0x10, MMSIM_ACCESS_READ, 1, w);
					expect(lva + 0x10, MMSIM_ACCESS_WRITE, 1, w);
					/* a hole */
					if (l == 3) {
						*e = leaf(HOLE_BASE, l, RW_EL1);
						ctx_set("%uK/%u IPS %u level 3 page -> hole",
							1u << (gm->g - 10), gm->ia, ips);
						w = ok(HOLE_BASE + 0x18);
						w.out_not_ram = true;
						expect(lva + 0x18, MMSIM_ACCESS_READ, 1, w);
					}
				}
				*e = 0;
			}
		}
	}
	end_test();
}

/*
 * The access flag (D8.4.x, AArch64.S1Walk "Check descriptor AF bit"):
 * with TCR_EL1.HA clear, AF = 0 is an access-flag fault at the leaf's
 * level, for every kind of access, before any permission fault.  With HA
 * set the translation succeeds: AT and mmsim_walk() leave the
 * descriptor alone, a real access sets AF.  Without FEAT_HAFDBS
 * (hafdbs=off) TCR_EL1.HA is RES0: AF = 0 faults whatever HA says.
 */
static void test_access_flag(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct geom *gm = &geoms[i];
		struct tt t0, t1;
		struct regs r;
		int l;

		setup_pair(&t0, &t1, &r, gm->g, gm->ia);
		for (l = 1; l <= 3; l++) {
			u64 va = (u64)(l + 1) << lvl_shift(gm->g, gm->start);
			u64 pa, bva, *e, d;
			struct mmsim_walk w;

			if (l != 3 && !block_ok(gm->g, l))
				continue;
			if (gm->start == 0 && gm->g == 14)
				va = (u64)(l + 1) << lvl_shift(gm->g, 1);
			va &= GENMASK_ULL(gm->ia - 1, 0);
			pa = map_data(&t0, va, l, RW_ALL & ~PTE_AF);
			bva = va + (pa & ((1ULL << lvl_shift(gm->g, l)) - 1));
			e = tt_entry(&t0, va, l);
			d = *e;

			r.tcr &= ~(TCR_HA | TCR_HD);
			load(&r);
			ctx_set("%uK/%u level %d AF=0 HA=0", 1u << (gm->g - 10),
				gm->ia, l);
			/* AP = 01 makes EL1 exec a permission fault: AF first */
			expect_all(bva, fault(MMSIM_FAULT_ACCESS_FLAG, l));
			/* EL0 has no access at all with AP = 00: AF first too */
			*e = d & ~PTE_USER;
			expect(bva, MMSIM_ACCESS_READ, 0,
			       fault(MMSIM_FAULT_ACCESS_FLAG, l));
			*e = d;

			r.tcr |= TCR_HA;
			load(&r);
			ctx_set("%uK/%u level %d AF=0 HA=1", 1u << (gm->g - 10),
				gm->ia, l);
			if (!mmsim_walk(bva, MMSIM_ACCESS_READ, 0, &w))
				CHECK_EQ("af_set_by_hw", w.af_set_by_hw, 1);
			else
				mismatch("walk with HA faulted: %s",
					 type_name(w.fault.type));
			check_walk(bva, MMSIM_ACCESS_WRITE, 0, &(struct want){ .pa = pa });
			check_at(bva, MMSIM_ACCESS_READ, 0, &(struct want){ .pa = pa }, -1, -1);
			CHECK_EQ("descriptor after walk and AT", *e, d);
			/* a permission fault: no update is architected, AF is
			 * CONSTRAINED UNPREDICTABLE, not checked */
			expect(bva, MMSIM_ACCESS_EXEC, 1,
			       fault(MMSIM_FAULT_PERMISSION, l));
			*e = d;
			/* a real read sets AF */
			check_access(bva, MMSIM_ACCESS_READ, 0, &(struct want){ .pa = pa });
			CHECK_EQ("descriptor after a read with HA", *e, d | PTE_AF);
			*e = d;
			mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
			check_access(bva, MMSIM_ACCESS_EXEC, 0, &(struct want){ .pa = pa });
			CHECK_EQ("descriptor after a fetch with HA", *e, d | PTE_AF);
			*e = d;
			mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
			r.tcr &= ~TCR_HA;
			load(&r);
		}
	}

	/* without FEAT_HAFDBS */
	{
		struct mmsim *m2 = boot("mem=32M hafdbs=off");
		struct tt t0, t1;
		struct regs r;
		struct mmsim_walk w;
		int ret, before = nr_allocs;

		tt_init(&t0, 12, 48, 0);
		tt_init(&t1, 12, 48, 1);
		regs_for(&r, &t0, &t1);
		r.tcr |= TCR_HA | TCR_HD;
		load(&r);
		map_data(&t0, 0x1000, 3, RW_ALL & ~PTE_AF);
		ctx_set("hafdbs=off, TCR.HA=1, AF=0");
		memset(&w, 0, sizeof(w));
		ret = mmsim_walk(0x1000, MMSIM_ACCESS_READ, 1, &w);
		CHECK_EQ("walk return", ret, -EFAULT);
		CHECK_EQ("fault type", w.fault.type, MMSIM_FAULT_ACCESS_FLAG);
		CHECK_EQ("esr", w.fault.esr,
			 abort_esr(FSC_ACCESS(3), MMSIM_ACCESS_READ, 1));
		nr_allocs = before;	/* m2's pages go with m2 */
		mmsim_shutdown(m2);
		assert_int_equal(mmsim_cpu_enter(m, 0), 0);
	}
	end_test();
}

/*
 * The permission rules (D8.4.x, AArch64.S1DirectBasePermissions), on a
 * page and on a block, for every combination of AP, UXN, PXN, APTable
 * (APTable[0] at the start level and APTable[1] at level 2 accumulate),
 * UXNTable, PXNTable, HPD, WXN and PAN, against the reference model
 * above: mmsim_walk() and real accesses at EL0 and EL1, and AT with
 * PSTATE.PAN clear (AT and PAN: test_pan).
 */
static void perm_matrix(unsigned int g, unsigned int ia, int ttbr, int level)
{
	struct tt t[2];
	struct regs r;
	u64 va, pa, bva, *e, *tstart, *t2, *tmid = NULL;
	unsigned int bits;
	int start = start_level(g, ia);

	setup_pair(&t[0], &t[1], &r, g, ia);
	va = half_base(&t[ttbr]) + (3ULL << lvl_shift(g, start > 1 ? start : 1));
	if (g == 14 && start == 0)
		va = half_base(&t[ttbr]) + (1ULL << lvl_shift(g, 1));
	pa = map_data(&t[ttbr], va, level, RW_EL1);
	bva = va + (pa & ((1ULL << lvl_shift(g, level)) - 1));
	e = tt_entry(&t[ttbr], va, level);
	tstart = tt_entry(&t[ttbr], va, start);
	t2 = level == 3 ? tt_entry(&t[ttbr], va, 2) : NULL;
	if (start + 1 < level)
		tmid = tt_entry(&t[ttbr], va, start + 1);

	for (bits = 0; bits < (1u << 12); bits++) {
		struct perm_in p = {
			.ap = bits & 3,
			.uxn = bits >> 2 & 1,
			.pxn = bits >> 3 & 1,
			.aptable = bits >> 4 & 3,
			.uxntable = bits >> 6 & 1,
			.pxntable = bits >> 7 & 1,
			.hpd = bits >> 8 & 1,
			.wxn = bits >> 9 & 1,
		};
		bool pan = bits >> 10 & 1;
		bool other_hpd = bits >> 11 & 1;  /* HPD of the other half */
		u64 leafd = leaf(pa & ~((1ULL << lvl_shift(g, level)) - 1), level,
				 PTE_AF | PTE_SHARED | PTE_ATTRINDX(IDX_NORMAL) |
				 (u64)p.ap << 6 | (p.uxn ? PTE_UXN : 0) |
				 (p.pxn ? PTE_PXN : 0));
		int el, acc;

		/* table attributes can only sit in tables above the leaf */
		if (level - start < 1 && (p.aptable || p.uxntable || p.pxntable))
			continue;
		*e = leafd;
		*tstart = (*tstart & ~(S1_TABLE_AP | PMD_TABLE_UXN | PMD_TABLE_PXN)) |
			  ((p.aptable & 1) ? PMD_TABLE_AP_NO_EL0 : 0) |
			  (p.pxntable ? PMD_TABLE_PXN : 0);
		if (t2 && t2 != tstart)
			*t2 = (*t2 & ~(S1_TABLE_AP | PMD_TABLE_UXN | PMD_TABLE_PXN)) |
			      ((p.aptable & 2) ? PMD_TABLE_AP_RDONLY : 0);
		else
			*tstart |= (p.aptable & 2) ? PMD_TABLE_AP_RDONLY : 0;
		if (tmid && tmid != t2)
			*tmid = (*tmid & ~PMD_TABLE_UXN) |
				(p.uxntable ? PMD_TABLE_UXN : 0);
		else if (t2)
			*t2 |= p.uxntable ? PMD_TABLE_UXN : 0;
		else
			*tstart |= p.uxntable ? PMD_TABLE_UXN : 0;

		r.tcr &= ~(TCR_HPD0 | TCR_HPD1);
		if (p.hpd)
			r.tcr |= ttbr ? TCR_HPD1 : TCR_HPD0;
		if (other_hpd)
			r.tcr |= ttbr ? TCR_HPD0 : TCR_HPD1;
		r.sctlr = SCTLR_ON | (p.wxn ? SCTLR_ELx_WXN : 0);
		r.pan = pan;
		load(&r);

		for (el = 0; el <= 1; el++) {
			for (acc = 0; acc <= MMSIM_ACCESS_EXEC; acc++) {
				bool allowed = ref_allowed(&p, acc, el, pan);
				struct want w = allowed ? ok(pa) :
					fault(MMSIM_FAULT_PERMISSION, level);
				struct want okw = ok(pa);

				ctx_set("%uK/%u TTBR%d level %d AP=%u UXN=%d PXN=%d APTable=%u UXNTable=%d PXNTable=%d HPD=%d otherHPD=%d WXN=%d PAN=%d",
					1u << (g - 10), ia, ttbr, level, p.ap,
					p.uxn, p.pxn, p.aptable, p.uxntable,
					p.pxntable, p.hpd, other_hpd, p.wxn, pan);
				snprintf(ctx + strlen(ctx), sizeof(ctx) - strlen(ctx),
					 " | %s el%d", acc_name[acc], el);
				check_walk(bva, acc, el, &w);
				/* only some real accesses: they are slow */
				if ((bits & 0x30f) == 0 || (bits * 7 + acc) % 13 == 0)
					check_access(bva, acc, el, &w);
				/* AT S1E1R/W and PAN: test_pan */
				if (acc != MMSIM_ACCESS_EXEC && !pan) {
					bool at_ok = ref_allowed(&p, acc, el, false);

					check_at(bva, acc, el, at_ok ? &okw : &w,
						 -1, -1);
				}
			}
		}
		if (!pan) {
			struct mmsim_walk w;

			ctx_set("%uK/%u TTBR%d level %d AP=%u UXN=%d PXN=%d APTable=%u UXNTable=%d PXNTable=%d HPD=%d WXN=%d: perms",
				1u << (g - 10), ia, ttbr, level, p.ap, p.uxn,
				p.pxn, p.aptable, p.uxntable, p.pxntable, p.hpd,
				p.wxn);
			/* a walk that succeeds records the permissions */
			if (!mmsim_walk(bva, MMSIM_ACCESS_READ, 1, &w))
				CHECK_EQ("walk.perms", w.perms, ref_perms(&p));
		}
	}
}

static void test_permissions(void **state)
{
	(void)state;
	perm_matrix(12, 48, 0, 3);
	perm_matrix(12, 39, 1, 2);	/* a 2M block under TTBR1 */
	perm_matrix(16, 42, 0, 3);
	perm_matrix(14, 47, 1, 3);
	end_test();
}

/*
 * PSTATE.PAN, the cases by name: an EL1 load or store to memory EL0 can
 * access faults; an EL1 instruction fetch, EL0 accesses, and memory EL0
 * cannot access (AP[1] = 0, or APTable[0]) do not care; AT S1E1R/W
 * ignore PAN.
 */
static void test_pan(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 pa_user, pa_kern, pa_tbl;
	u64 va_user = 0x200000, va_kern = 0x400000, va_tbl = 0x80000000ULL;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	pa_user = map_data(&t0, va_user, 3, RW_ALL | PTE_PXN);
	pa_kern = map_data(&t0, va_kern, 3, RW_EL1);
	pa_tbl = map_data(&t0, va_tbl, 3, RW_ALL);
	*tt_entry(&t0, va_tbl, 1) |= PMD_TABLE_AP_NO_EL0;
	r.pan = 1;
	load(&r);

	ctx_set("PAN=1, AP=01 page");
	check_walk(va_user, MMSIM_ACCESS_READ, 1,
		   &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	check_access(va_user, MMSIM_ACCESS_READ, 1,
		     &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	check_walk(va_user, MMSIM_ACCESS_WRITE, 1,
		   &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	check_access(va_user, MMSIM_ACCESS_WRITE, 1,
		     &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	/* AT S1E1R/W: no PAN */
	check_at(va_user, MMSIM_ACCESS_READ, 1, &(struct want){ .pa = pa_user }, -1, -1);
	check_at(va_user, MMSIM_ACCESS_WRITE, 1, &(struct want){ .pa = pa_user }, -1, -1);
	expect(va_user, MMSIM_ACCESS_READ, 0, ok(pa_user));
	expect(va_user, MMSIM_ACCESS_WRITE, 0, ok(pa_user));

	ctx_set("PAN=1, AP=00 page");
	expect(va_kern, MMSIM_ACCESS_READ, 1, ok(pa_kern));
	expect(va_kern, MMSIM_ACCESS_WRITE, 1, ok(pa_kern));
	expect(va_kern, MMSIM_ACCESS_EXEC, 1, ok(pa_kern));

	ctx_set("PAN=1, AP=01 page under APTable[0]");
	expect(va_tbl, MMSIM_ACCESS_READ, 1, ok(pa_tbl));
	/* APTable[0] took EL0's write away, so no implicit PXN either */
	expect(va_tbl, MMSIM_ACCESS_EXEC, 1, ok(pa_tbl));
	expect(va_tbl, MMSIM_ACCESS_READ, 0, fault(MMSIM_FAULT_PERMISSION, 3));

	ctx_set("PAN=1, HPD0: APTable ignored");
	r.tcr |= TCR_HPD0;
	load(&r);
	check_walk(va_tbl, MMSIM_ACCESS_READ, 1,
		   &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	expect(va_tbl, MMSIM_ACCESS_READ, 0, ok(pa_tbl));

	ctx_set("PAN=0");
	r.pan = 0;
	r.tcr &= ~TCR_HPD0;
	load(&r);
	expect(va_user, MMSIM_ACCESS_READ, 1, ok(pa_user));
	end_test();
}

/*
 * Execute permissions by name: the implicit PXN of EL0-writable memory
 * (AP = 01), which APTable[1] or APTable[0] lifts since they take EL0's
 * write away; EL0 execute-only memory (AP = 00, UXN = 0) is executable
 * at EL0 though not readable; WXN makes writable memory non-executable
 * at the EL that can write it.
 */
static void test_execute(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 pa, pa_rw, pa_ro;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);

	ctx_set("AP=01 UXN=0 PXN=0");
	pa_rw = map_data(&t0, 0x10000, 3, RW_ALL);
	expect(0x10000, MMSIM_ACCESS_EXEC, 1, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(0x10000, MMSIM_ACCESS_EXEC, 0, ok(pa_rw));

	ctx_set("AP=11 UXN=0 PXN=0");
	pa_ro = map_data(&t0, 0x20000, 3, RW_ALL | PTE_RDONLY);
	expect(0x20000, MMSIM_ACCESS_EXEC, 1, ok(pa_ro));
	expect(0x20000, MMSIM_ACCESS_WRITE, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(0x20000, MMSIM_ACCESS_WRITE, 1, fault(MMSIM_FAULT_PERMISSION, 3));

	ctx_set("execute-only: AP=00 UXN=0 PXN=1");
	pa = map_data(&t0, 0x30000, 3, RW_EL1 | PTE_RDONLY | PTE_PXN);
	expect(0x30000, MMSIM_ACCESS_EXEC, 0, ok(pa));
	expect(0x30000, MMSIM_ACCESS_READ, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(0x30000, MMSIM_ACCESS_EXEC, 1, fault(MMSIM_FAULT_PERMISSION, 3));

	ctx_set("WXN=1, AP=00 (EL1 RW)");
	pa = map_data(&t0, 0x40000, 3, RW_EL1);
	r.sctlr |= SCTLR_ELx_WXN;
	load(&r);
	expect(0x40000, MMSIM_ACCESS_EXEC, 1, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(0x40000, MMSIM_ACCESS_WRITE, 1, ok(pa));
	ctx_set("WXN=1, AP=10 (EL1 RO)");
	pa = map_data(&t0, 0x50000, 3, RW_EL1 | PTE_RDONLY);
	expect(0x50000, MMSIM_ACCESS_EXEC, 1, ok(pa));
	ctx_set("WXN=1, AP=01 (EL0 RW)");
	expect(0x10000, MMSIM_ACCESS_EXEC, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	ctx_set("WXN=1, AP=11 (EL0 RO)");
	expect(0x20000, MMSIM_ACCESS_EXEC, 0, ok(pa_ro));
	ctx_set("WXN=1, AP=01 under APTable[1]: read-only, executable at EL0");
	*tt_entry(&t0, 0x10000, 2) |= PMD_TABLE_AP_RDONLY;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	expect(0x10000, MMSIM_ACCESS_EXEC, 0, ok(pa_rw));
	ctx_set("AP=01 under APTable[1]: no implicit PXN");
	r.sctlr &= ~SCTLR_ELx_WXN;
	load(&r);
	expect(0x10000, MMSIM_ACCESS_EXEC, 1, ok(pa_rw));
	expect(0x10000, MMSIM_ACCESS_WRITE, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	ctx_set("UXNTable, PXNTable");
	*tt_entry(&t0, 0x10000, 1) |= PMD_TABLE_UXN;
	*tt_entry(&t0, 0x20000, 0) |= PMD_TABLE_PXN;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	expect(0x10000, MMSIM_ACCESS_EXEC, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(0x20000, MMSIM_ACCESS_EXEC, 1, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(0x10000, MMSIM_ACCESS_READ, 0, ok(pa_rw));
	end_test();
}

/*
 * Hardware dirty state (D8.4.x, TCR_EL1.HD with HA, DBM = 1): a write
 * to a page that is read-only only by AP[2] succeeds, and the access
 * clears AP[2]; AT and mmsim_walk() report the write as allowed and
 * change nothing.  Without HA, or without HD, DBM means nothing.
 * DBM does not lift APTable[1], nor give EL0 access AP[1] withholds.
 */
static void test_dirty(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 pa, *e, d;
	u64 va = 0x7000000;
	struct mmsim_walk w;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	pa = map_data(&t0, va, 3, RW_ALL | PTE_RDONLY | PTE_DBM | PTE_UXN |
				   PTE_PXN);
	e = tt_entry(&t0, va, 3);
	d = *e;

	ctx_set("DBM=1 AP=11, HA=0 HD=0");
	expect(va, MMSIM_ACCESS_WRITE, 1, fault(MMSIM_FAULT_PERMISSION, 3));
	ctx_set("DBM=1 AP=11, HA=0 HD=1");
	r.tcr |= TCR_HD;
	load(&r);
	expect(va, MMSIM_ACCESS_WRITE, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	ctx_set("DBM=1 AP=11, HA=1 HD=0");
	r.tcr = (r.tcr & ~TCR_HD) | TCR_HA;
	load(&r);
	expect(va, MMSIM_ACCESS_WRITE, 1, fault(MMSIM_FAULT_PERMISSION, 3));

	ctx_set("DBM=1 AP=11, HA=1 HD=1");
	r.tcr |= TCR_HD;
	load(&r);
	if (!mmsim_walk(va, MMSIM_ACCESS_WRITE, 0, &w)) {
		CHECK_EQ("dirty_set_by_hw", w.dirty_set_by_hw, 1);
		CHECK_EQ("perms EL0_W", !!(w.perms & MMSIM_PERM_EL0_W), 1);
	} else {
		mismatch("walk: write to a DBM page faulted: %s level %d",
			 type_name(w.fault.type), w.fault.level);
	}
	if (!mmsim_walk(va, MMSIM_ACCESS_READ, 0, &w))
		CHECK_EQ("read: dirty_set_by_hw", w.dirty_set_by_hw, 0);
	check_at(va, MMSIM_ACCESS_WRITE, 0, &(struct want){ .pa = pa }, -1, -1);
	check_at(va, MMSIM_ACCESS_WRITE, 1, &(struct want){ .pa = pa }, -1, -1);
	CHECK_EQ("descriptor after walk and AT", *e, d);
	check_access(va, MMSIM_ACCESS_READ, 1, &(struct want){ .pa = pa });
	CHECK_EQ("descriptor after a read", *e, d);
	check_access(va, MMSIM_ACCESS_WRITE, 0, &(struct want){ .pa = pa });
	CHECK_EQ("descriptor after a write: AP[2] cleared", *e, d & ~PTE_RDONLY);

	ctx_set("DBM=1 AP=11 AF=0, HA=1 HD=1: one update sets both");
	*e = d & ~PTE_AF;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	check_access(va, MMSIM_ACCESS_WRITE, 1, &(struct want){ .pa = pa });
	CHECK_EQ("descriptor after a write", *e, (d | PTE_AF) & ~PTE_RDONLY);

	ctx_set("DBM=1 AP=10 (no EL0), HA=1 HD=1");
	*e = d & ~PTE_USER;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	expect(va, MMSIM_ACCESS_WRITE, 0, fault(MMSIM_FAULT_PERMISSION, 3));
	expect(va, MMSIM_ACCESS_WRITE, 1, ok(pa));

	ctx_set("DBM=1 AP=11 under APTable[1], HA=1 HD=1");
	*e = d;
	*tt_entry(&t0, va, 2) |= PMD_TABLE_AP_RDONLY;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	expect(va, MMSIM_ACCESS_WRITE, 1, fault(MMSIM_FAULT_PERMISSION, 3));
	CHECK_EQ("descriptor unchanged", *e, d);
	*tt_entry(&t0, va, 2) &= ~PMD_TABLE_AP_RDONLY;

	end_test();
}

/*
 * WXN sees the write permission DBM gives: AArch64.S1ApplyOutputPerms
 * clears the effective AP[2] of a DBM descriptor when HA and HD are set
 * ("Descriptors marked with DBM set have the effective value of AP[2]
 * cleared"), before S1DirectBasePermissions computes w and WXN removes
 * x from what is writable.  So a clean (AP[2] = 1) DBM page is not
 * executable at EL1 under WXN, as its dirty twin is not.
 */
static void test_dirty_wxn(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 pa, va = 0x7000000;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	/* AP = 10 (EL1 read-only), DBM, PXN = 0 */
	pa = map_data(&t0, va, 3, RW_EL1 | PTE_RDONLY | PTE_DBM | PTE_UXN);
	r.tcr |= TCR_HA | TCR_HD;
	load(&r);
	ctx_set("DBM=1 AP=10 PXN=0, HA=1 HD=1, WXN=0");
	expect(va, MMSIM_ACCESS_EXEC, 1, ok(pa));
	ctx_set("DBM=1 AP=10 PXN=0, HA=1 HD=1, WXN=1");
	r.sctlr |= SCTLR_ELx_WXN;
	load(&r);
	expect(va, MMSIM_ACCESS_EXEC, 1, fault(MMSIM_FAULT_PERMISSION, 3));
	ctx_set("DBM=1 AP=10 PXN=0, HA=1 HD=0, WXN=1: read-only, executable");
	r.tcr &= ~TCR_HD;
	load(&r);
	expect(va, MMSIM_ACCESS_EXEC, 1, ok(pa));
	end_test();
}

/*
 * AT and a synchronous External abort on the walk (a table, or the
 * TTBR, outside RAM): a Data Abort exception, not a PAR_EL1 value
 * (PAR_EL1.FST: "these MMU faults are reported as a Data Abort exception
 * instead of being recorded in PAR_EL1"); check_at() says what it
 * looks like.
 */
static void test_at_external_abort(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 va = 0x40000000;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	*tt_entry(&t0, va, 1) = NOT_RAM | PMD_TYPE_TABLE;
	*tt_entry(&t0, 0x80000000ULL, 2) = HOLE_BASE | PMD_TYPE_TABLE;
	ctx_set("level 1 table -> not RAM");
	check_at(va, MMSIM_ACCESS_READ, 1,
		 &(struct want){ .type = MMSIM_FAULT_EXTERNAL_WALK, .level = 2 },
		 -1, -1);
	check_at(va, MMSIM_ACCESS_WRITE, 0,
		 &(struct want){ .type = MMSIM_FAULT_EXTERNAL_WALK, .level = 2 },
		 -1, -1);
	ctx_set("level 2 table -> hole");
	check_at(0x80000000ULL, MMSIM_ACCESS_READ, 0,
		 &(struct want){ .type = MMSIM_FAULT_EXTERNAL_WALK, .level = 3 },
		 -1, -1);
	ctx_set("TTBR0 -> not RAM");
	r.ttbr0 = NOT_RAM;
	load(&r);
	check_at(0x1000, MMSIM_ACCESS_WRITE, 1,
		 &(struct want){ .type = MMSIM_FAULT_EXTERNAL_WALK, .level = 0 },
		 -1, -1);
	end_test();
}

/*
 * Which half, and whether a VA is in it (AArch64.VAIsOutOfRange): VA[55]
 * picks TTBR0 or TTBR1 even when TBI ignores the top byte; the bits
 * from the top (63, or 55 with TBIn for that half) down to the VA size
 * must all equal VA[55], else a translation fault at level 0, as for a
 * half whose walks EPDn disables.  Each half uses its own TxSZ and TGx.
 */
static void test_va_ranges(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		const struct geom *gm = &geoms[i];
		/* TTBR1 gets another geometry than TTBR0 */
		const struct geom *g1 = &geoms[(i + 5) % ARRAY_SIZE(geoms)];
		struct tt t0, t1;
		struct regs r;
		u64 p0, p1, lo, hi, lo_top, hi_bot;
		struct mmsim_walk w;

		tt_init(&t0, gm->g, gm->ia, 0);
		tt_init(&t1, g1->g, g1->ia, 1);
		regs_for(&r, &t0, &t1);
		load(&r);
		lo_top = half_top_page(&t0);
		hi_bot = half_base(&t1);
		p0 = map_data(&t0, lo_top, 3, RW_ALL);
		p1 = map_data(&t1, hi_bot, 3, RW_EL1);
		ctx_set("TTBR0 %uK/%u, TTBR1 %uK/%u", 1u << (gm->g - 10),
			gm->ia, 1u << (g1->g - 10), g1->ia);
		expect(lo_top + 8, MMSIM_ACCESS_READ, 0, ok(p0 + 8));
		expect(hi_bot + 8, MMSIM_ACCESS_READ, 1, ok(p1 + 8));
		if (!mmsim_walk(hi_bot, MMSIM_ACCESS_READ, 1, &w)) {
			CHECK_EQ("TTBR1 granule", w.granule_shift, g1->g);
			CHECK_EQ("TTBR1 ia_bits", w.ia_bits, g1->ia);
			CHECK_EQ("TTBR1 start", w.start_level, g1->start);
		}
		/* just outside each half */
		lo = 1ULL << gm->ia;
		hi = hi_bot - 8;
		expect_all(lo, fault(MMSIM_FAULT_TRANSLATION, 0));
		expect_all(hi, fault(MMSIM_FAULT_TRANSLATION, 0));
		expect_all(1ULL << 55, fault(MMSIM_FAULT_TRANSLATION, 0));
		expect_all(~(1ULL << 55) & ~0xfffULL,
			   fault(MMSIM_FAULT_TRANSLATION, 0));
		memset(&w, 0, sizeof(w));
		mmsim_walk(lo, MMSIM_ACCESS_READ, 1, &w);
		CHECK_EQ("out of range: ttbr", w.ttbr, -1);
		CHECK_EQ("out of range: levels read", w.nr_levels, 0);

		/* TBI0: the top byte of a TTBR0 address is ignored */
		ctx_set("TTBR0 %uK/%u TBI0", 1u << (gm->g - 10), gm->ia);
		{
			struct want wt = ok(p0 + 8);
			u64 tagged = (lo_top + 8) | 0x5a00000000000000ULL;

			wt.tagged = true;
			expect(tagged, MMSIM_ACCESS_READ, 0,
			       fault(MMSIM_FAULT_TRANSLATION, 0));
			r.tcr |= TCR_TBI0;
			load(&r);
			expect(tagged, MMSIM_ACCESS_READ, 0, wt);
			expect(tagged, MMSIM_ACCESS_WRITE, 1, wt);
			/* bit 55 set: TTBR1's half, where TBI1 = 0 */
			expect(tagged | 1ULL << 55, MMSIM_ACCESS_READ, 1,
			       fault(MMSIM_FAULT_TRANSLATION, 0));
			/* bits [55:ia] still count */
			wt = fault(MMSIM_FAULT_TRANSLATION, 0);
			wt.tagged = true;
			expect(tagged | 1ULL << 54, MMSIM_ACCESS_READ, 1, wt);
			r.tcr &= ~TCR_TBI0;
		}
		/* TBI1: VA[55] = 1 with any top byte */
		ctx_set("TTBR1 %uK/%u TBI1", 1u << (g1->g - 10), g1->ia);
		{
			struct want wt = ok(p1 + 8);
			u64 tagged = (hi_bot + 8) & ~0xff00000000000000ULL;

			wt.tagged = true;
			expect(tagged, MMSIM_ACCESS_READ, 1,
			       fault(MMSIM_FAULT_TRANSLATION, 0));
			r.tcr |= TCR_TBI1;
			load(&r);
			expect(tagged, MMSIM_ACCESS_READ, 1, wt);
			expect(tagged | 0x1200000000000000ULL,
			       MMSIM_ACCESS_WRITE, 1, wt);
			/* TBI0 does not apply to the upper half */
			r.tcr = (r.tcr & ~TCR_TBI1) | TCR_TBI0;
			load(&r);
			expect(tagged, MMSIM_ACCESS_READ, 1,
			       fault(MMSIM_FAULT_TRANSLATION, 0));
			r.tcr &= ~TCR_TBI0;
			load(&r);
		}

		/* EPD0, EPD1 */
		ctx_set("EPD0 (TTBR0 %uK/%u)", 1u << (gm->g - 10), gm->ia);
		r.tcr |= TCR_EPD0;
		load(&r);
		expect_all(lo_top, fault(MMSIM_FAULT_TRANSLATION, 0));
		expect(hi_bot, MMSIM_ACCESS_READ, 1, ok(p1));
		ctx_set("EPD1 (TTBR1 %uK/%u)", 1u << (g1->g - 10), g1->ia);
		r.tcr = (r.tcr & ~TCR_EPD0) | TCR_EPD1;
		load(&r);
		expect_all(hi_bot, fault(MMSIM_FAULT_TRANSLATION, 0));
		expect(lo_top, MMSIM_ACCESS_READ, 1, ok(p0));
		r.tcr &= ~TCR_EPD1;
		load(&r);
	}
	end_test();
}

/*
 * The ASID of a walk (TCR_EL1.A1 picks TTBR0's or TTBR1's, TCR_EL1.AS
 * says 8 or 16 bits; with 8-bit ASIDs, ID_AA64MMFR0_EL1.ASIDBits = 0,
 * AS is RES0), whichever half the VA is in; nG makes it matter.
 */
static void test_asid(void **state)
{
	struct tt t0, t1;
	struct regs r;
	struct mmsim_walk w;
	u64 mmfr0 = 0;
	int a1, as;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	map_data(&t0, 0x1000, 3, RW_ALL | PTE_NG);
	map_data(&t1, ~0ULL << 48, 3, RW_EL1);
	r.ttbr0 |= 0x1234ULL << 48;
	r.ttbr1 |= 0xabcdULL << 48;
	mmsim_read_sysreg(MMSIM_ID_AA64MMFR0_EL1, &mmfr0);
	ctx_set("ID_AA64MMFR0_EL1");
	CHECK_EQ("PARange", mmfr0 & 0xf, 5);
	CHECK_EQ("ASIDBits (asid_bits=16)", (mmfr0 >> 4) & 0xf, 2);
	CHECK_EQ("TGran16 (supported)", (mmfr0 >> 20) & 0xf, 1);
	CHECK_EQ("TGran64 (supported)", (mmfr0 >> 24) & 0xf, 0);
	CHECK_EQ("TGran4 (supported)", (mmfr0 >> 28) & 0xf, 0);
	for (a1 = 0; a1 <= 1; a1++) {
		for (as = 0; as <= 1; as++) {
			u64 want = a1 ? 0xabcd : 0x1234;

			if (!as)
				want &= 0xff;
			r.tcr = (r.tcr & ~(TCR_A1 | TCR_ASID16)) |
				(a1 ? TCR_A1 : 0) | (as ? TCR_ASID16 : 0);
			load(&r);
			ctx_set("A1=%d AS=%d", a1, as);
			if (!mmsim_walk(0x1000, MMSIM_ACCESS_READ, 0, &w)) {
				CHECK_EQ("asid (TTBR0 walk)", w.asid, want);
				CHECK_EQ("global (nG=1)", w.global, 0);
			} else {
				mismatch("walk faulted");
			}
			if (!mmsim_walk(~0ULL << 48, MMSIM_ACCESS_READ, 1, &w)) {
				CHECK_EQ("asid (TTBR1 walk)", w.asid, want);
				CHECK_EQ("global (nG=0)", w.global, 1);
			} else {
				mismatch("walk faulted");
			}
		}
	}

	/* 8-bit ASIDs: TCR_EL1.AS is RES0 */
	{
		struct mmsim *m2 = boot("mem=32M asid_bits=8");
		struct tt u0, u1;
		int before = nr_allocs;

		tt_init(&u0, 12, 48, 0);
		tt_init(&u1, 12, 48, 1);
		regs_for(&r, &u0, &u1);
		r.ttbr0 |= 0x1234ULL << 48;
		r.tcr |= TCR_ASID16;
		load(&r);
		map_data(&u0, 0x1000, 3, RW_ALL | PTE_NG);
		ctx_set("asid_bits=8, TCR.AS=1");
		mmsim_read_sysreg(MMSIM_ID_AA64MMFR0_EL1, &mmfr0);
		CHECK_EQ("ASIDBits", (mmfr0 >> 4) & 0xf, 0);
		if (!mmsim_walk(0x1000, MMSIM_ACCESS_READ, 0, &w))
			CHECK_EQ("asid", w.asid, 0x34);
		else
			mismatch("walk faulted");
		nr_allocs = before;	/* m2's pages go with m2 */
		mmsim_shutdown(m2);
		assert_int_equal(mmsim_cpu_enter(m, 0), 0);
	}
	end_test();
}

/*
 * PAR_EL1 after AT (D19.2, PAR_EL1, 64-bit format): F = 0 with PA[47:12],
 * SH [8:7] from the descriptor for Normal cacheable memory, ATTR [63:56]
 * the MAIR_EL1 attribute, bit 11 RES1; F = 1 with FST [6:1], PTW = S = 0
 * (stage 1).  With SCTLR_EL1.C = 0 data accesses, and AT, see Normal
 * memory as Normal Non-cacheable (AArch64.S1Translate: S1DCacheEnabled).
 */
static void test_par(void **state)
{
	static const struct {
		unsigned int idx;
		unsigned int attr;
	} attrs[] = {
		{ IDX_NORMAL, ATTR_NORMAL }, { IDX_DEV_nGnRnE, ATTR_DEV_nGnRnE },
		{ IDX_NORMAL_NC, ATTR_NORMAL_NC }, { IDX_DEV_nGnRE, ATTR_DEV_nGnRE },
	};
	static const unsigned int shs[] = { 0, 2, 3 };
	struct tt t0, t1;
	struct regs r;
	size_t i, j;
	u64 par;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		for (j = 0; j < ARRAY_SIZE(shs); j++) {
			u64 va = 0x100000 + ((i * 4 + j) << 12);
			u64 pa = map_data(&t0, va, 3,
					  PTE_AF | PTE_USER |
					  PTE_ATTRINDX(attrs[i].idx) |
					  (u64)shs[j] << 8);
			struct want w = ok(pa + 0x234);

			ctx_set("AttrIndx %u (MAIR %#x) SH %u", attrs[i].idx,
				attrs[i].attr, shs[j]);
			/* "This field returns the value 0b10 for: Any type of
			 * Device memory; Normal memory with both Inner
			 * Non-cacheable and Outer Non-cacheable attributes"
			 * (PAR_EL1.SH); else the descriptor's */
			int sh = attrs[i].attr == ATTR_NORMAL ? (int)shs[j] : 2;

			check_at(va + 0x234, MMSIM_ACCESS_READ, 1, &w,
				 (int)attrs[i].attr, sh);
			check_at(va + 0x234, MMSIM_ACCESS_WRITE, 0, &w,
				 (int)attrs[i].attr, sh);
		}
	}
	/*
	 * SCTLR_EL1.C = 0 makes the Normal memory Non-cacheable for data
	 * accesses and AT (AArch64.S1Translate), but "the PAR_EL1.{ATTR, SH}
	 * fields are permitted to report the resulting attributes ...
	 * instead of reporting the values that appear in the Translation
	 * table descriptors": 0xff and 0x44 are both right.
	 */
	ctx_set("SCTLR_EL1.C=0");
	r.sctlr &= ~SCTLR_ELx_C;
	load(&r);
	par = 0;
	mmsim_at(0x100000, MMSIM_ACCESS_READ, 1, &par);
	if (par >> 56 != ATTR_NORMAL && par >> 56 != ATTR_NORMAL_NC)
		mismatch("PAR_EL1.ATTR %#llx, want 0xff or 0x44",
			 (unsigned long long)(par >> 56));
	r.sctlr |= SCTLR_ELx_C;
	load(&r);

	ctx_set("fault PAR");
	par = 0;
	CHECK_EQ("AT return", mmsim_at(0x5000000, MMSIM_ACCESS_READ, 0, &par),
		 -EFAULT);
	CHECK_EQ("PAR.F", par & 1, 1);
	CHECK_EQ("PAR.FST", (par >> 1) & 0x3f, FSC_TRANS(2));
	CHECK_EQ("PAR RES0 [47:12]", par & GENMASK_ULL(47, 12), 0);
	CHECK_EQ("PAR RES1 [11]", par & SYS_PAR_EL1_RES1, SYS_PAR_EL1_RES1);
	CHECK_EQ("PAR.PTW/S", par & (SYS_PAR_EL1_PTW | SYS_PAR_EL1_S), 0);
	CHECK_EQ("AT exec is not an AT", mmsim_at(0x100000, MMSIM_ACCESS_EXEC,
						  1, &par), -EINVAL);
	end_test();
}

/*
 * The contiguous hint (D8.6.1): an aligned run of entries with the same
 * attributes and consecutive output addresses, each with Contiguous = 1,
 * translates as the same entries without the hint would; the record says
 * so.  Runs: 4K 16 entries at levels 1-3; 16K 128 at level 3, 32 at
 * level 2; 64K 32 at levels 2-3.
 */
static void test_contiguous(void **state)
{
	static const struct {
		unsigned int g, ia;
		int level;
	} runs[] = {
		{ 12, 48, 3 }, { 12, 48, 2 }, { 12, 39, 1 },
		{ 14, 47, 3 }, { 14, 48, 2 }, { 16, 42, 3 }, { 16, 48, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		unsigned int g = runs[i].g, cb;
		int l = runs[i].level;
		struct tt t0, t1;
		struct regs r;
		u64 esz, run, va, oa, data;
		unsigned int n;

		setup_pair(&t0, &t1, &r, g, runs[i].ia);
		cb = cont_bits(g, l);
		esz = 1ULL << lvl_shift(g, l);
		run = esz << cb;
		/* a data granule somewhere in RAM, the run's OA around it */
		data = data_granule(g);
		oa = data & ~(run - 1);	/* may start below RAM: AT only */
		va = run * 3;
		if (va >= 1ULL << runs[i].ia)
			va = run;
		for (n = 0; n < (1u << cb); n++)
			*tt_entry(&t0, va + n * esz, l) =
				leaf(oa + n * esz, l, RW_ALL | PTE_CONT);
		ctx_set("%uK/%u contiguous level %d", 1u << (g - 10),
			runs[i].ia, l);
		/* first, the one holding the data, last */
		expect(va, MMSIM_ACCESS_READ, 1,
		       (struct want){ .pa = oa, .no_access = true,
				      .out_not_ram = !is_ram(oa) });
		expect(va + (data - oa) + 0x40, MMSIM_ACCESS_READ, 0,
		       ok(data + 0x40));
		expect(va + (data - oa) + 0x48, MMSIM_ACCESS_WRITE, 1,
		       ok(data + 0x48));
		expect(va + run - 8, MMSIM_ACCESS_READ, 1,
		       (struct want){ .pa = oa + run - 8, .no_access = true,
				      .out_not_ram = !is_ram(oa + run - 8) });
		{
			struct mmsim_walk w;

			if (!mmsim_walk(va + (data - oa), MMSIM_ACCESS_READ, 1, &w)) {
				CHECK_EQ("contiguous", w.contiguous, 1);
				if (w.size_shift != lvl_shift(g, l) &&
				    w.size_shift != lvl_shift(g, l) + cb)
					mismatch("size_shift %u", w.size_shift);
			}
		}
	}
	end_test();
}

/*
 * Fault priority (AArch64.S1Translate, AArch64.S1Walk): a VA out of
 * range or an EPD half faults before the TTBR is looked at; a reserved
 * descriptor is a translation fault whatever its address; at the leaf,
 * address size before access flag, access flag before permission.
 */
static void test_priority(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 *e;

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	r.tcr = (r.tcr & ~TCR_IPS_MASK);	/* 32-bit output */
	r.ttbr0 = 1ULL << 40;			/* beyond it */
	load(&r);
	ctx_set("VA out of range, TTBR0 beyond IPS");
	expect_all(1ULL << 50, fault(MMSIM_FAULT_TRANSLATION, 0));
	ctx_set("EPD0, TTBR0 beyond IPS");
	r.tcr |= TCR_EPD0;
	load(&r);
	expect_all(0x1000, fault(MMSIM_FAULT_TRANSLATION, 0));
	ctx_set("TTBR0 beyond IPS");
	r.tcr &= ~TCR_EPD0;
	load(&r);
	expect_all(0x1000, fault(MMSIM_FAULT_ADDRESS_SIZE, 0));
	r.ttbr0 = t0.root;
	load(&r);

	ctx_set("level 0 block (reserved) beyond IPS");
	e = tt_entry(&t0, 0x1000, 0);
	*e = (1ULL << 40) | PMD_TYPE_SECT | PTE_AF;
	expect_all(0x1000, fault(MMSIM_FAULT_TRANSLATION, 0));
	*e = 0;

	e = tt_entry(&t0, 0x1000, 3);
	ctx_set("leaf beyond IPS, AF=0, no permission");
	*e = leaf(1ULL << 40, 3, PTE_RDONLY | PTE_UXN | PTE_PXN);
	expect_all(0x1000, fault(MMSIM_FAULT_ADDRESS_SIZE, 3));
	ctx_set("AF=0, no permission");
	*e = leaf(RAM_BASE, 3, PTE_RDONLY | PTE_UXN | PTE_PXN);
	expect_all(0x1000, fault(MMSIM_FAULT_ACCESS_FLAG, 3));
	ctx_set("AF=0, no permission, HA=1");
	r.tcr |= TCR_HA;
	load(&r);
	check_walk(0x1000, MMSIM_ACCESS_WRITE, 1,
		   &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	check_walk(0x1000, MMSIM_ACCESS_READ, 0,
		   &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 });
	check_at(0x1000, MMSIM_ACCESS_WRITE, 0,
		 &(struct want){ .type = MMSIM_FAULT_PERMISSION, .level = 3 }, -1, -1);
	*e = 0;
	end_test();
}

/* A real access, no TLBI before it: what the TLBs and walk caches say. */
static void access_now(u64 va, const struct want *w)
{
	struct mmsim_fault f;
	u64 buf;
	int ret;

	memset(&f, 0, sizeof(f));
	ret = mmsim_mmu_read(va, &buf, 8, 1, &f);
	if (w->type == MMSIM_FAULT_NONE) {
		CHECK_EQ("access: return", ret, 0);
		if (!ret)
			CHECK_EQ("access: data", buf, *host(w->pa));
		return;
	}
	CHECK_EQ("access: return", ret, -EFAULT);
	if (ret == -EFAULT)
		check_fault_record("access", &f, w, va, MMSIM_ACCESS_READ, 1);
}

/*
 * "Translation table entries that generate a Translation fault, an
 * Address size fault, or an Access flag fault are never cached in a
 * TLB" (D8.13, TLB behavior): the same access faults again, and once
 * software has fixed the descriptor the next access sees the fix with no
 * TLBI, as Linux's set_pte() of an invalid entry relies on.  A table
 * descriptor whose next-level address is beyond IPS is such an entry
 * too: no walk cache may keep it.
 */
static void test_faults_not_cached(void **state)
{
	struct tt t0, t1;
	struct regs r;
	u64 pa, *e, d, va = 0x8000000000ULL;	/* level 0 index 1 */

	(void)state;
	setup_pair(&t0, &t1, &r, 12, 48);
	pa = map_data(&t0, va, 3, RW_EL1);
	r.tcr &= ~TCR_IPS_MASK;		/* 32-bit output */
	load(&r);

	ctx_set("level 0 table beyond IPS, accessed twice, then fixed");
	e = tt_entry(&t0, va, 0);
	d = *e;
	*e = (1ULL << 32) | PMD_TYPE_TABLE;
	access_now(va, &(struct want){ .type = MMSIM_FAULT_ADDRESS_SIZE });
	access_now(va, &(struct want){ .type = MMSIM_FAULT_ADDRESS_SIZE });
	*e = d;
	access_now(va, &(struct want){ .pa = pa });

	ctx_set("invalid page, then valid");
	e = tt_entry(&t0, va, 3);
	d = *e;
	*e = 0;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	access_now(va, &(struct want){ .type = MMSIM_FAULT_TRANSLATION, .level = 3 });
	access_now(va, &(struct want){ .type = MMSIM_FAULT_TRANSLATION, .level = 3 });
	*e = d;
	access_now(va, &(struct want){ .pa = pa });

	ctx_set("AF = 0, then AF = 1");
	*e = d & ~PTE_AF;
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	access_now(va, &(struct want){ .type = MMSIM_FAULT_ACCESS_FLAG, .level = 3 });
	access_now(va, &(struct want){ .type = MMSIM_FAULT_ACCESS_FLAG, .level = 3 });
	*e = d;
	access_now(va, &(struct want){ .pa = pa });

	ctx_set("output beyond IPS, then fixed");
	*e = leaf(1ULL << 32, 3, RW_EL1);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	access_now(va, &(struct want){ .type = MMSIM_FAULT_ADDRESS_SIZE, .level = 3 });
	access_now(va, &(struct want){ .type = MMSIM_FAULT_ADDRESS_SIZE, .level = 3 });
	*e = d;
	access_now(va, &(struct want){ .pa = pa });
	end_test();
}

/*
 * SCTLR_EL1.M = 0 (AArch64.S1DisabledOutput): the output address is the
 * VA, data accesses are Device-nGnRnE (PAR_EL1.ATTR 0x00), and a VA
 * with bits set at or above the PA size (48) is an address-size fault
 * at level 0.
 */
static void test_mmu_off(void **state)
{
	struct regs r = {
		.mair = TEST_MAIR,
		.sctlr = SCTLR_ON & ~SCTLR_ELx_M,
		.tcr = (u64)16 | (u64)16 << 16 | TCR_TG1_4K | 5ULL << 32,
	};
	u64 pa = data_granule(12);

	(void)state;
	load(&r);
	ctx_set("MMU off");
	expect(pa + 0x10, MMSIM_ACCESS_READ, 1, ok(pa + 0x10));
	expect(pa + 0x10, MMSIM_ACCESS_WRITE, 0, ok(pa + 0x10));
	/* Device-nGnRnE: Outer Shareable (PAR_EL1.SH) */
	check_at(pa + 0x10, MMSIM_ACCESS_READ, 1,
		 &(struct want){ .pa = pa + 0x10 }, ATTR_DEV_nGnRnE, 2);
	expect_all(1ULL << 48, fault(MMSIM_FAULT_ADDRESS_SIZE, 0));
	end_test();
}

struct unbound_result {
	int walk, at;
};

static void *unbound_thread(void *arg)
{
	struct unbound_result *res = arg;
	struct mmsim_walk w;
	u64 par;

	res->walk = mmsim_walk(0, MMSIM_ACCESS_READ, 1, &w);
	res->at = mmsim_at(0, MMSIM_ACCESS_READ, 1, &par);
	return NULL;
}

/* The calls' contracts: -EINVAL for bad arguments, -EPERM unbound. */
static void test_arguments(void **state)
{
	struct mmsim_walk w;
	struct unbound_result res;
	pthread_t th;
	u64 par;

	(void)state;
	ctx_set("arguments");
	CHECK_EQ("walk el 2", mmsim_walk(0, MMSIM_ACCESS_READ, 2, &w), -EINVAL);
	CHECK_EQ("walk el -1", mmsim_walk(0, MMSIM_ACCESS_READ, -1, &w), -EINVAL);
	CHECK_EQ("walk access 3", mmsim_walk(0, 3, 1, &w), -EINVAL);
	CHECK_EQ("walk NULL", mmsim_walk(0, MMSIM_ACCESS_READ, 1, NULL), -EINVAL);
	CHECK_EQ("at el 3", mmsim_at(0, MMSIM_ACCESS_READ, 3, &par), -EINVAL);
	assert_int_equal(pthread_create(&th, NULL, unbound_thread, &res), 0);
	pthread_join(th, NULL);
	CHECK_EQ("walk unbound", res.walk, -EPERM);
	CHECK_EQ("at unbound", res.at, -EPERM);
	end_test();
}

/* ---- mmsim_dump() ------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/*
 * mmsim_dump() writes every byte of RAM at its offset from PHYS_OFFSET
 * (holes as zeroes) and the registers of the calling thread's CPU.
 */
static void test_dump(void **state)
{
	struct tt t0, t1;
	struct regs r;
	char dir[] = "/tmp/mmsim-walk-dump-XXXXXX", path[128], want[512];
	char *ram, *regs;
	size_t len;
	u64 pa;

	(void)state;
	setup_pair(&t0, &t1, &r, 16, 42);
	pa = map_data(&t0, 0x20000, 3, RW_ALL);
	r.ttbr0 |= 0x77ULL << 48;
	load(&r);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(mmsim_dump(m, dir), 0);

	snprintf(path, sizeof(path), "%s/ram.bin", dir);
	ram = read_file(path, &len);
	assert_non_null(ram);
	assert_int_equal(len, RAM_SIZE);
	assert_memory_equal(ram + (pa - RAM_BASE), host(pa), 65536);
	assert_memory_equal(ram + (t0.root - RAM_BASE), host(t0.root), 65536);
	{
		static const char zero[4096];

		assert_memory_equal(ram + (HOLE_BASE - RAM_BASE), zero,
				    sizeof(zero));
	}
	free(ram);
	unlink(path);

	snprintf(path, sizeof(path), "%s/regs", dir);
	regs = read_file(path, &len);
	assert_non_null(regs);
	snprintf(want, sizeof(want),
		 "PHYS_OFFSET=0x40000000\nRAM_SIZE=0x%llx\nTTBR0_EL1=0x%llx\n"
		 "TTBR1_EL1=0x%llx\nTCR_EL1=0x%llx\nMAIR_EL1=0x%llx\n"
		 "SCTLR_EL1=0x%llx\n",
		 RAM_SIZE, (unsigned long long)r.ttbr0,
		 (unsigned long long)r.ttbr1, (unsigned long long)r.tcr,
		 (unsigned long long)r.mair, (unsigned long long)r.sctlr);
	assert_string_equal(regs, want);
	free(regs);
	unlink(path);
	rmdir(dir);

	/* a bad directory is an error that names it */
	assert_int_equal(mmsim_dump(m, "/proc/self/no/such/dir"), -ENOENT);
	assert_non_null(strstr(mmsim_strerror(), "/proc/self/no/such/dir"));
	assert_int_equal(mmsim_dump(m, "/dev/null"), -ENOTDIR);
	assert_int_equal(mmsim_dump(NULL, "/tmp"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hwdef_encodings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_geometry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_execute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty_wxn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_external_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_va_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_par, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contiguous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_faults_not_cached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmu_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
