// SPDX-License-Identifier: MIT
/*
 * 12-asids-and-tlbi: two address spaces, their ASIDs, and a missing TLBI.
 *
 *	./build/examples/12-asids-and-tlbi
 *
 * A TLB caches translations.  With two processes on one CPU, the same
 * user address means two different things, so each TLB entry of a user
 * page is tagged with the ASID (address space identifier) that was
 * current when it was filled, and a lookup only matches entries of the
 * current ASID (or global ones, nG = 0: the kernel's).  Linux sets
 * TCR_EL1.A1, so the current ASID is TTBR1_EL1[63:48], and a context
 * switch (arch/arm64/mm/context.c: cpu_do_switch_mm()) is two register
 * writes and no TLB flush:
 *
 *	TTBR1_EL1 = swapper_pg_dir | ASID << 48     kernel half + ASID
 *	TTBR0_EL1 = the process's level-0 table     user half
 *
 * We build two tiny user address spaces by hand, A and B, each mapping
 * one page at the same user address USER_VA, with four levels of
 * tables in simulated RAM (4K granule, 48-bit VA, as Linux uses):
 *
 *	TTBR0 --> L0[0] --> L1[0] --> L2[2] --> L3[0] --> data page
 *	          VA[47:39]  [38:30]   [29:21]   [20:12]   + VA[11:0]
 *
 * and then:
 *   1. switch between them: both translations stay in the TLB side by
 *	side, one per ASID, and switching back costs no walk;
 *   2. what if A and B shared an ASID?  B would read A's page;
 *   3. change A's PTE to a new page WITHOUT a TLBI: the CPU keeps using
 *	the old translation (a stale TLB entry), exactly as hardware does;
 *   4. TLBI VAE1 (ASID, VA): now the new page is seen.
 *
 * Kernel code never writes TTBRs by hand (switch_mm() does, with ASIDs
 * from the allocator, which recycles them with generations); nor does it
 * change a PTE without the TLBI that its helpers issue (flush_tlb_page()
 * after set_pte(), in the order break-before-make requires).  This
 * example does both by hand to show why those rules exist.
 */
#include <inttypes.h>

#include "example.h"

/* Descriptor bits, named as the ARM ARM (D8.3) and Linux's
 * arch/arm64/include/asm/pgtable-hwdef.h name them. */
#define PTE_VALID	(1ULL << 0)
#define PTE_TABLE	(1ULL << 1)	/* table at 0-2, page at 3 */
#define PMD_TYPE_TABLE	(PTE_VALID | PTE_TABLE)
#define PTE_TYPE_PAGE	(PTE_VALID | PTE_TABLE)
#define PTE_ATTRINDX(i)	((uint64_t)(i) << 2)	/* MAIR_EL1 index */
#define MT_NORMAL	0		/* Linux's MAIR_EL1 index 0 */
#define PTE_USER	(1ULL << 6)	/* AP[1]: EL0 may access */
#define PTE_SHARED	(3ULL << 8)	/* SH: Inner Shareable */
#define PTE_AF		(1ULL << 10)	/* Access Flag */
#define PTE_NG		(1ULL << 11)	/* not global: ASID-tagged */
#define PTE_PXN		(1ULL << 53)
#define PTE_UXN		(1ULL << 54)
#define PTE_ADDR_MASK	0x0000fffffffff000ULL

/* what Linux's PAGE_SHARED user page looks like (read/write at EL0) */
#define USER_PAGE	(PTE_TYPE_PAGE | PTE_ATTRINDX(MT_NORMAL) | PTE_USER | \
			 PTE_SHARED | PTE_AF | PTE_NG | PTE_PXN | PTE_UXN)

#define TTBR_ASID_SHIFT	48
#define TTBR_ASID_MASK	(0xffffULL << TTBR_ASID_SHIFT)

#define USER_VA		0x400000ULL	/* L0[0] L1[0] L2[2] L3[0] */

struct space {
	const char *name;
	uint16_t asid;
	uint64_t pgd;		/* physical address of the level-0 table */
	uint64_t *pte;		/* host pointer to the level-3 entry */
	char *data;		/* host pointer to the data page */
};

static struct mmsim *m;

/* A zeroed page of simulated RAM: its physical address, and *host. */
static uint64_t new_page(void **host)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page) {
		fprintf(stderr, "alloc_page: %s\n", mmsim_strerror());
		exit(1);
	}
	*host = page_address(page);
	return page_to_phys(page);
}

static void build_space(struct space *s, const char *name, uint16_t asid,
			const char *text)
{
	uint64_t pa[4], data_pa;
	uint64_t *table[4];
	int level;

	s->name = name;
	s->asid = asid;
	for (level = 0; level < 4; level++)
		pa[level] = new_page((void **)&table[level]);
	data_pa = new_page((void **)&s->data);
	snprintf(s->data, 64, "%s", text);

	/* Levels 0-2: table descriptors, pointing one level down. */
	for (level = 0; level < 3; level++) {
		unsigned int shift = 39 - 9 * level;

		table[level][(USER_VA >> shift) & 511] =
			pa[level + 1] | PMD_TYPE_TABLE;
	}
	/* Level 3: the page descriptor. */
	s->pte = &table[3][(USER_VA >> 12) & 511];
	*s->pte = data_pa | USER_PAGE;
	s->pgd = pa[0];
	printf("  %s: level-0 table at PA 0x%" PRIx64 ", data page at PA 0x%"
	       PRIx64 ", PTE 0x%016" PRIx64 "\n", name, s->pgd, data_pa,
	       *s->pte);
}

/*
 * The Xt operand of TLBI VAE1/ASIDE1, as the kernel's __TLBI_VADDR()
 * builds it: ASID in [63:48], VA[55:12] in [43:0] (ASIDE1 ignores it).
 */
static uint64_t tlbi_operand(uint16_t asid, uint64_t va)
{
	return (uint64_t)asid << 48 | ((va >> 12) & ((1ULL << 44) - 1));
}

/* cpu_do_switch_mm(), by hand: the ASID into TTBR1, the table into TTBR0. */
static void switch_to(const struct space *s)
{
	uint64_t ttbr1;

	mmsim_read_sysreg(MMSIM_TTBR1_EL1, &ttbr1);
	ttbr1 &= ~TTBR_ASID_MASK;
	ttbr1 |= (uint64_t)s->asid << TTBR_ASID_SHIFT;
	mmsim_write_sysreg(MMSIM_TTBR1_EL1, ttbr1);
	mmsim_write_sysreg(MMSIM_TTBR0_EL1, s->pgd);
}

/* A user-mode (EL0) read of USER_VA through the MMU; prints what it saw
 * and whether the TLB answered or the tables were walked. */
static void user_read(const struct space *s, char *out, size_t len)
{
	struct mmsim_tlb_stats before, after;
	struct mmsim_fault fault;

	mmsim_tlb_stats(m, 0, &before);
	if (mmsim_mmu_read(USER_VA, out, len, 0, &fault)) {
		fprintf(stderr, "read faulted: %s fault, level %d\n",
			mmsim_fault_name(fault.type), fault.level);
		exit(1);
	}
	mmsim_tlb_stats(m, 0, &after);
	printf("    in %s (ASID %u): read \"%s\"   [%s]\n", s->name, s->asid,
	       out,
	       after.walks > before.walks ? "TLB miss: walked the tables" :
					    "TLB hit: no walk");
}

static void expect(const char *got, const char *want)
{
	if (strcmp(got, want)) {
		fprintf(stderr, "FAIL: read \"%s\", expected \"%s\"\n", got,
			want);
		exit(1);
	}
}

int main(void)
{
	struct space a, b, shared_b;
	struct mmsim_tlb_stats st;
	struct mmsim_walk w;
	uint64_t tcr, new_pa, ttbr0, ttbr1;
	char buf[64], *new_data;

	m = boot_or_die("mem=64M nr_cpus=1");
	/* what boot left: the reserved (empty) user table, ASID 0 */
	mmsim_read_sysreg(MMSIM_TTBR0_EL1, &ttbr0);
	mmsim_read_sysreg(MMSIM_TTBR1_EL1, &ttbr1);

	mmsim_read_sysreg(MMSIM_TCR_EL1, &tcr);
	if ((tcr & 0x3f) != 16) {
		fprintf(stderr, "expected a 48-bit user VA (T0SZ 16)\n");
		return 1;
	}
	printf("== two user address spaces, built by hand\n\n");
	build_space(&a, "A", 1, "hello from A");
	build_space(&b, "B", 2, "hello from B");

	/*
	 * 1. Switch A -> B -> A -> B.  The first visit of each walks the
	 * tables and fills the TLB with an entry tagged with its ASID;
	 * afterwards both entries are there, and each switch is free.
	 */
	printf("\n== 1. switching between ASIDs 1 and 2 (no TLB flush)\n\n");
	mmsim_tlb_reset_stats(m, 0);
	switch_to(&a);
	user_read(&a, buf, sizeof(buf));
	expect(buf, "hello from A");
	switch_to(&b);
	user_read(&b, buf, sizeof(buf));
	expect(buf, "hello from B");
	switch_to(&a);
	user_read(&a, buf, sizeof(buf));
	expect(buf, "hello from A");
	switch_to(&b);
	user_read(&b, buf, sizeof(buf));
	expect(buf, "hello from B");
	mmsim_tlb_stats(m, 0, &st);
	printf("\n  TLB: %" PRIu64 " L1D hits, %" PRIu64 " L1D misses, %"
	       PRIu64 " walks: one walk per ASID,\n"
	       "  then both translations of USER_VA live side by side.\n",
	       st.l1d_hits, st.l1d_misses, st.walks);
	if (st.walks != 2 || st.l1d_hits != 2) {
		fprintf(stderr, "FAIL: expected 2 walks and 2 hits\n");
		return 1;
	}

	/*
	 * 2. A third address space that (wrongly) reuses ASID 1 without a
	 * flush: the TLB cannot tell it from A, and it reads A's page.
	 * This is why the allocator only recycles an ASID after a rollover
	 * has flushed every TLB (flush_context(), then local_flush_tlb_all()
	 * on each CPU before it uses the new generation).
	 */
	printf("\n== 2. what if two address spaces shared an ASID?\n\n");
	build_space(&shared_b, "C", 1, "hello from C");
	switch_to(&shared_b);
	user_read(&shared_b, buf, sizeof(buf));
	expect(buf, "hello from A");
	printf("  C's own page says \"%s\", but the TLB holds A's entry for\n"
	       "  ASID 1 and USER_VA, so C sees A's memory.  TLBI ASIDE1 "
	       "(ASID 1) fixes it:\n", shared_b.data);
	mmsim_tlbi(MMSIM_TLBI_ASIDE1, tlbi_operand(1, 0), false);
	user_read(&shared_b, buf, sizeof(buf));
	expect(buf, "hello from C");
	/* and drop C's entry again before A runs with ASID 1 */
	mmsim_tlbi(MMSIM_TLBI_ASIDE1, tlbi_operand(1, 0), false);

	/*
	 * 3. Point A's PTE at a new page, without a TLBI.  The tables say
	 * one thing, the TLB another, and the CPU believes the TLB.
	 */
	printf("\n== 3. A's PTE now points to a new page; no TLBI yet\n\n");
	switch_to(&a);
	user_read(&a, buf, sizeof(buf));	/* refill A's entry */
	new_pa = new_page((void **)&new_data);
	snprintf(new_data, 64, "A's NEW page");
	__atomic_store_n(a.pte, new_pa | USER_PAGE, __ATOMIC_RELEASE);
	printf("  PTE 0x%016" PRIx64 " (PA 0x%" PRIx64 ")\n", *a.pte, new_pa);
	user_read(&a, buf, sizeof(buf));
	expect(buf, "hello from A");
	printf("  Stale: the TLB still maps USER_VA to the old page.  A walk\n"
	       "  (AT, mmsim_walk()) reads the tables and disagrees:\n\n");
	if (mmsim_walk(USER_VA, MMSIM_ACCESS_READ, 0, &w) == 0)
		mmsim_walk_print(&w, stdout);

	/*
	 * 4. TLBI VAE1 with A's ASID and the VA: the entry goes, the next
	 * access walks and finds the new page.  Linux: flush_tlb_page(),
	 * i.e. TLBI VALE1IS + DSB ISH on every CPU.
	 */
	printf("\n== 4. TLBI VAE1 (ASID 1, USER_VA)\n\n");
	mmsim_tlbi(MMSIM_TLBI_VAE1, tlbi_operand(a.asid, USER_VA), false);
	user_read(&a, buf, sizeof(buf));
	expect(buf, "A's NEW page");
	/* B's entry (ASID 2) was not touched */
	switch_to(&b);
	user_read(&b, buf, sizeof(buf));
	expect(buf, "hello from B");
	printf("\n  B's entry survived: the TLBI named ASID 1 only.\n\n");
	mmsim_tlb_print(m, 0, stdout);

	/* Back to what boot left, with a clean TLB. */
	mmsim_write_sysreg(MMSIM_TTBR0_EL1, ttbr0);
	mmsim_write_sysreg(MMSIM_TTBR1_EL1, ttbr1);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	return example_end(m, 0);
}
