// SPDX-License-Identifier: MIT
/*
 * The ASID allocator and the address-space switch
 * (arch/arm64/mm/context.c, asm/mmu_context.h).
 *
 * Most tests use asid_bits=8: 256 ASIDs, of which ASID 0 is the
 * kernel's, so the 256th mm to run in a generation rolls it over.
 *
 *	generation 1 (0x100)          generation 2 (0x200)
 *	+---+---+---+-----+---+       +---+---+---+-----+---+
 *	| K | 1 | 2 | ... |255|  -->  | K | r | r |  .  | r |  asid_map
 *	+---+---+---+-----+---+       +---+---+---+-----+---+
 *	  every ASID taken            only the ASIDs running CPUs hold
 *	                              (reserved) and pinned ones survive;
 *	                              every CPU owes one local TLB flush
 *
 * The tests check, with several host threads bound to simulated CPUs:
 * fresh mms get distinct ASIDs; TTBR1_EL1 carries the ASID and TTBR0_EL1
 * the mm's table (TCR_EL1.A1); an mm that runs across a rollover keeps
 * its ASID, the others get ones of the new generation; each CPU flushes
 * its TLB exactly once after a rollover, before running a new ASID, and
 * an ASID reused after a rollover never sees its previous owner's TLB
 * entries; pinned ASIDs survive rollovers; the generation arithmetic
 * with 16-bit ASIDs; and a seeded multi-threaded stress that checks
 * those invariants while CPUs switch at random (MMSIM_SEED replays it).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <asm/mmu_context.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <sim/machine.h>

#include "test-util.h"

#define ASID8_FIRST	(1ULL << 8)	/* generation 1 of 8-bit ASIDs */
#define GEN8(id)	((u64)(id) >> 8)

/*
 * The hardware ASID with 8-bit ASIDs.  ASID(mm) is the kernel's, the
 * low 16 bits of the context id: with 8-bit ASIDs its top byte is the
 * generation's low byte, which cpu_do_switch_mm() writes into
 * TTBR1_EL1[63:56] as Linux does, and the hardware ignores (TCR_EL1.AS
 * is 0).
 */
#define ASID8(mm)	(id_of(mm) & 0xff)

static u64 id_of(struct mm_struct *mm)
{
	return (u64)atomic64_read(&mm->context.id);
}

static u64 ttbr1_asid(void)
{
	return (this_cpu()->regs.ttbr1_el1 & TTBR_ASID_MASK) >> TTBR_ASID_SHIFT;
}

static u64 ttbr1_asid8(void)
{
	return ttbr1_asid() & 0xff;
}

static u64 ttbr0_baddr(void)
{
	return this_cpu()->regs.ttbr0_el1 & TTBR_BADDR_MASK;
}

static u64 tlb_flushes(struct mmsim *m, int cpu)
{
	struct mmsim_tlb_stats st;

	assert_int_equal(mmsim_tlb_stats(m, cpu, &st), 0);
	return st.flushes;
}

/* A zeroed page for page tables, by physical address. */
static phys_addr_t table_page(void)
{
	struct page *p;

	p = mmsim_alloc_pages(MMSIM_GFP_KERNEL | MMSIM___GFP_ZERO, 0);

	assert_non_null(p);
	return mmsim_page_to_phys(p);
}

static u64 *table_ptr(struct mmsim *m, phys_addr_t pa)
{
	return (u64 *)(m->arena + (pa - m->phys_offset));
}

/* mms that never touch user memory share one empty page table */
static void light_mms(struct mm_struct *mms, int n, phys_addr_t pgd)
{
	int i;

	for (i = 0; i < n; i++) {
		mms[i].pgd = pgd;
		init_new_context(NULL, &mms[i]);
	}
}

/*
 * A user address space of one page: four levels of tables down to a
 * page at USER_VA holding @tag, mapped as Linux maps user memory (nG,
 * AF, inner shareable, Normal memory, EL0 read/write, never executable).
 *
 *	USER_VA = 0x400000:  L0[0] -> L1[0] -> L2[2] -> L3[0] -> data
 */
#define USER_VA		0x400000ULL
#define TAG(i)		(0x5a5a000000000000ULL | (u64)(i))

struct uspace {
	struct mm_struct mm;
	phys_addr_t table[4], data;
};

static void uspace_init(struct mmsim *m, struct uspace *u, u64 tag)
{
	int level;

	for (level = 0; level < 4; level++)
		u->table[level] = table_page();
	u->data = table_page();
	for (level = 0; level < 3; level++) {
		unsigned int shift = 39 - 9 * (unsigned int)level;

		table_ptr(m, u->table[level])[(USER_VA >> shift) & 511] =
			u->table[level + 1] | PMD_TYPE_TABLE;
	}
	table_ptr(m, u->table[3])[(USER_VA >> 12) & 511] =
		u->data | PTE_TYPE_PAGE | PTE_AF | PTE_NG | PTE_SHARED |
		PTE_ATTRINDX(MT_NORMAL) | PTE_USER | PTE_UXN | PTE_PXN;
	*table_ptr(m, u->data) = tag;
	u->mm.pgd = u->table[0];
	init_new_context(NULL, &u->mm);
}

/* An EL0 load of the first 8 bytes at USER_VA through this CPU's MMU. */
static int user_load(u64 *val)
{
	struct mmsim_fault f;

	return mmsim_mmu_read(USER_VA, val, 8, 0, &f);
}

/* ------------------------------------------------------------------ */

/* Fresh mms get distinct, non-zero ASIDs of generation 1, and the
 * switch programs TTBR1.ASID and TTBR0 as Linux does with TCR.A1. */
static void test_fresh_mms_distinct(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=2 asid_bits=8 printk.time=0");
	struct mm_struct *mms = calloc(254, sizeof(*mms));
	struct mm_struct *prev = machine_init_mm(m);
	bool seen[256] = { false };
	u64 ttbr1_baddr = this_cpu()->regs.ttbr1_el1 & TTBR_BADDR_MASK;
	int i;

	(void)state;
	assert_non_null(mms);
	assert_int_equal(asid_num_user_asids(m), 256);
	assert_int_equal(asid_generation_read(m), ASID8_FIRST);
	light_mms(mms, 254, table_page());
	for (i = 0; i < 254; i++) {
		u64 id;

		switch_mm(prev, &mms[i], NULL);
		prev = &mms[i];
		id = id_of(&mms[i]);
		assert_int_equal(id >> 8, 1);
		assert_int_not_equal(ASID8(&mms[i]), 0);
		assert_false(seen[ASID8(&mms[i])]);
		seen[ASID8(&mms[i])] = true;
		assert_int_equal(ttbr1_asid8(), ASID8(&mms[i]));
		/* the whole field: ASID(), generation byte included */
		assert_int_equal(ttbr1_asid(), ASID(&mms[i]));
		assert_int_equal(ttbr0_baddr(), mms[i].pgd);
		/* the kernel half keeps swapper_pg_dir */
		assert_int_equal(this_cpu()->regs.ttbr1_el1 & TTBR_BADDR_MASK,
				 ttbr1_baddr);
		assert_int_equal(asid_cpu_active(m, 0), id);
	}
	/* switching back is the fast path: same id, no new generation */
	switch_mm(prev, &mms[0], NULL);
	assert_int_equal(id_of(&mms[0]), ASID8_FIRST | 1);
	assert_int_equal(asid_generation_read(m), ASID8_FIRST);
	assert_int_equal(asids_validate(m), 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	for (i = 0; i < 254; i++)
		destroy_context(&mms[i]);
	free(mms);
	mmsim_shutdown(m);
}

/* init_mm: TTBR0 parks on reserved_pg_dir, the ASID stays. */
static void test_switch_to_init_mm(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=1 printk.time=0");
	struct mm_struct *init = machine_init_mm(m);
	struct mm_struct mm;
	u64 asid;

	(void)state;
	assert_int_equal(asid_num_user_asids(m), 65536);
	light_mms(&mm, 1, table_page());
	switch_mm(init, &mm, NULL);
	asid = ASID(&mm);
	assert_int_equal(asid, 1);
	assert_int_equal(ttbr0_baddr(), mm.pgd);

	switch_mm(&mm, init, NULL);
	assert_int_equal(ttbr0_baddr(), m->reserved_pg_dir & TTBR_BADDR_MASK);
	assert_int_equal(ttbr1_asid(), asid);
	assert_int_equal(ASID(init), 0);

	switch_mm(init, &mm, NULL);
	assert_int_equal(ttbr0_baddr(), mm.pgd);
	assert_int_equal(ttbr1_asid(), asid);
	/* switch_mm() to the same mm does nothing */
	switch_mm(&mm, &mm, NULL);
	assert_int_equal(ttbr0_baddr(), mm.pgd);
	assert_int_equal(mmsim_nr_reports(m), 0);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* A rollover while CPUs 1-3 run their mms */

#define RUNNERS	3

struct runner {
	struct mmsim *m;
	int cpu;
	struct mm_struct *mm;
	pthread_barrier_t *bar;
	u64 id_before, id_after;
	u64 flushes_before, flushes_switch, flushes_again;
	u64 ttbr_asid;
	int err;
};

static void *runner_main(void *arg)
{
	struct runner *r = arg;
	struct mm_struct *init = machine_init_mm(r->m);

	if (mmsim_cpu_enter(r->m, r->cpu))
		r->err = 1;
	if (!r->err) {
		switch_mm(init, r->mm, NULL);
		r->id_before = id_of(r->mm);
	}
	pthread_barrier_wait(r->bar);	/* A: CPU 0 rolls over */
	pthread_barrier_wait(r->bar);	/* B: rollover done */
	if (!r->err) {
		r->flushes_before = tlb_flushes(r->m, r->cpu);
		/* a kernel thread ran, then the same mm again: slow path */
		switch_mm(r->mm, init, NULL);
		switch_mm(init, r->mm, NULL);
		r->id_after = id_of(r->mm);
		r->ttbr_asid = ttbr1_asid8();
		r->flushes_switch = tlb_flushes(r->m, r->cpu);
		/* and again: the fast path, no flush */
		switch_mm(r->mm, init, NULL);
		switch_mm(init, r->mm, NULL);
		r->flushes_again = tlb_flushes(r->m, r->cpu);
		mmsim_cpu_exit();
	}
	return NULL;
}

static void test_rollover_keeps_running(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=4 asid_bits=8 printk.time=0");
	struct mm_struct *init = machine_init_mm(m);
	struct mm_struct run_mm[RUNNERS], *x, *prev = init;
	struct runner r[RUNNERS];
	pthread_t t[RUNNERS];
	pthread_barrier_t bar;
	bool seen[256] = { false };
	u64 gen2 = 2 * ASID8_FIRST, flushes0, id_last = 0;
	int i, n = 0;

	(void)state;
	x = calloc(300, sizeof(*x));
	assert_non_null(x);
	light_mms(run_mm, RUNNERS, table_page());
	light_mms(x, 300, table_page());
	pthread_barrier_init(&bar, NULL, RUNNERS + 1);
	for (i = 0; i < RUNNERS; i++) {
		r[i] = (struct runner){ .m = m, .cpu = i + 1, .mm = &run_mm[i],
					.bar = &bar };
		assert_int_equal(
			pthread_create(&t[i], NULL, runner_main, &r[i]), 0);
	}
	pthread_barrier_wait(&bar);	/* A */
	for (i = 0; i < RUNNERS; i++) {
		assert_int_equal(r[i].err, 0);
		assert_int_equal(GEN8(r[i].id_before), 1);
	}

	/*
	 * CPU 0 runs new mms until the generation rolls over: the runners
	 * hold 3 ASIDs, so 252 mms fit and the 253rd rolls over.
	 */
	flushes0 = tlb_flushes(m, 0);
	while (asid_generation_read(m) == ASID8_FIRST) {
		assert_true(n < 300);
		if (n)
			id_last = id_of(&x[n - 1]);
		switch_mm(prev, &x[n], NULL);
		prev = &x[n++];
	}
	assert_int_equal(n, 256 - RUNNERS);
	assert_int_equal(asid_generation_read(m), gen2);
	/* the rolling CPU flushed once, in the same switch */
	assert_int_equal(tlb_flushes(m, 0) - flushes0, 1);
	/* the new mm got a free ASID of generation 2, none that a CPU
	 * was running (the runners' and CPU 0's previous one) */
	assert_int_equal(GEN8(id_of(prev)), 2);
	for (i = 0; i < RUNNERS; i++) {
		assert_int_not_equal(ASID8(prev), ASID8(&run_mm[i]));
		assert_int_equal(asid_cpu_reserved(m, i + 1), r[i].id_before);
	}
	assert_int_not_equal(ASID8(prev), id_last & 0xff);
	assert_int_equal(asid_cpu_reserved(m, 0), id_last);

	pthread_barrier_wait(&bar);	/* B */
	for (i = 0; i < RUNNERS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&bar);

	for (i = 0; i < RUNNERS; i++) {
		/* kept its ASID, moved to generation 2 */
		assert_int_equal(r[i].id_after, gen2 | (r[i].id_before & 0xff));
		assert_int_equal(r[i].ttbr_asid, r[i].id_before & 0xff);
		/* exactly one local flush, before running generation 2 */
		assert_int_equal(r[i].flushes_switch - r[i].flushes_before, 1);
		assert_int_equal(r[i].flushes_again, r[i].flushes_switch);
	}

	/* CPU 0's mm of the rollover keeps its ASID too */
	switch_mm(prev, &x[n - 2], NULL);
	prev = &x[n - 2];
	assert_int_equal(id_of(prev), gen2 | (id_last & 0xff));

	/* the others get ASIDs of generation 2, without another rollover
	 * or flush, and no two share one */
	flushes0 = tlb_flushes(m, 0);
	for (i = 0; i < 200; i++) {
		switch_mm(prev, &x[i], NULL);
		prev = &x[i];
		assert_int_equal(GEN8(id_of(&x[i])), 2);
	}
	assert_int_equal(asid_generation_read(m), gen2);
	assert_int_equal(tlb_flushes(m, 0), flushes0);
	for (i = 0; i < 300; i++) {
		if (GEN8(id_of(&x[i])) != 2)
			continue;
		assert_false(seen[ASID8(&x[i])]);
		seen[ASID8(&x[i])] = true;
	}
	for (i = 0; i < RUNNERS; i++) {
		assert_false(seen[ASID8(&run_mm[i])]);
		seen[ASID8(&run_mm[i])] = true;
	}
	assert_false(seen[0]);
	assert_int_equal(asids_validate(m), 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	free(x);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */

/* 16-bit ASIDs: 65535 mms in generation 1, then generation 2. */
static void test_generation_16bit(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=2 asid_bits=16 printk.time=0");
	const u64 first = 1ULL << 16;
	struct mm_struct *mms = calloc(65537, sizeof(*mms));
	struct mm_struct *prev = machine_init_mm(m);
	int i;

	(void)state;
	assert_non_null(mms);
	assert_int_equal(asid_num_user_asids(m), 65536);
	assert_int_equal(asid_generation_read(m), first);
	light_mms(mms, 65537, table_page());
	for (i = 0; i < 65535; i++) {
		switch_mm(prev, &mms[i], NULL);
		prev = &mms[i];
		if (id_of(&mms[i]) != (first | (u64)(i + 1)))
			fail_msg("mm %d: id %#llx", i,
				 (unsigned long long)id_of(&mms[i]));
	}
	assert_int_equal(ttbr1_asid(), 0xffff);
	assert_int_equal(asid_generation_read(m), first);

	/* the 65536th: rollover; CPU 0 keeps 0xffff, CPU 1 never ran
	 * (reserved 0, the kernel's), so ASID 1 is the first free */
	switch_mm(prev, &mms[65535], NULL);
	prev = &mms[65535];
	assert_int_equal(asid_generation_read(m), 2 * first);
	assert_int_equal(id_of(prev), 2 * first | 1);
	assert_int_equal(ttbr1_asid(), 1);
	assert_int_equal(asid_cpu_reserved(m, 0), first | 0xffff);

	/* mm 0 had ASID 1, now taken: it gets the next free one */
	switch_mm(prev, &mms[0], NULL);
	prev = &mms[0];
	assert_int_equal(id_of(prev), 2 * first | 2);
	/* mm 1 had ASID 2, also taken now: the next one */
	switch_mm(prev, &mms[1], NULL);
	prev = &mms[1];
	assert_int_equal(id_of(prev), 2 * first | 3);
	/* mm 65534 ran at the rollover: reserved, keeps 0xffff */
	switch_mm(prev, &mms[65534], NULL);
	prev = &mms[65534];
	assert_int_equal(id_of(prev), 2 * first | 0xffff);
	/* mm 100 had ASID 101, still free in generation 2: reused */
	switch_mm(prev, &mms[100], NULL);
	prev = &mms[100];
	assert_int_equal(id_of(prev), 2 * first | 101);
	/* a stale id never passes for a current one: same low bits */
	assert_int_equal(ASID(&mms[200]), 201);
	assert_int_equal(id_of(&mms[200]) >> 16, 1);
	switch_mm(prev, &mms[200], NULL);
	assert_int_equal(id_of(&mms[200]), 2 * first | 201);
	assert_int_equal(asids_validate(m), 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	free(mms);
	mmsim_shutdown(m);
}

/* 8-bit: several rollovers in a row, generation k << 8 each time. */
static void test_generation_8bit_repeated(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=1 asid_bits=8 printk.time=0");
	struct mm_struct *mms = calloc(1000, sizeof(*mms));
	struct mm_struct *prev = machine_init_mm(m);
	u64 flushes = tlb_flushes(m, 0);
	int i;

	(void)state;
	assert_non_null(mms);
	light_mms(mms, 1000, table_page());
	for (i = 0; i < 1000; i++) {
		switch_mm(prev, &mms[i], NULL);
		prev = &mms[i];
		assert_int_equal(GEN8(id_of(prev)),
				 GEN8(asid_generation_read(m)));
		assert_int_not_equal(ASID8(prev), 0);
	}
	/*
	 * Generation 1 holds 255 mms; each later one 254, since the mm
	 * running at the rollover keeps its ASID: 255 + 3 * 254 = 1017,
	 * so 1000 mms end in generation 4 after 3 rollovers (and flushes).
	 */
	assert_int_equal(asid_generation_read(m), 4 * ASID8_FIRST);
	assert_int_equal(tlb_flushes(m, 0) - flushes, 3);
	assert_int_equal(asids_validate(m), 0);
	free(mms);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */

/* A pinned ASID survives rollovers although its mm does not run. */
static void test_pinned(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=2 asid_bits=8 printk.time=0");
	struct mm_struct *mms = calloc(600, sizeof(*mms));
	struct mm_struct *prev = machine_init_mm(m), pinned;
	unsigned long asid;
	int i;

	(void)state;
	assert_non_null(mms);
	light_mms(&pinned, 1, table_page());
	light_mms(mms, 600, table_page());

	/* never ran: pinning allocates its ASID */
	asid = arm64_mm_context_get(&pinned);
	assert_int_equal(asid, 1);
	assert_int_equal(arm64_mm_context_get(&pinned), 1);
	assert_int_equal(refcount_read(&pinned.context.pinned), 2);
	arm64_mm_context_put(&pinned);
	assert_int_equal(refcount_read(&pinned.context.pinned), 1);

	/* two rollovers; nobody else gets ASID 1 */
	for (i = 0; i < 600; i++) {
		switch_mm(prev, &mms[i], NULL);
		prev = &mms[i];
		assert_int_not_equal(ASID8(prev), asid);
	}
	assert_int_equal(asid_generation_read(m), 3 * ASID8_FIRST);
	assert_int_equal(asids_validate(m), 0);
	/* and it runs with it, in the current generation */
	switch_mm(prev, &pinned, NULL);
	prev = &pinned;
	assert_int_equal(id_of(&pinned), 3 * ASID8_FIRST | asid);
	assert_int_equal(ttbr1_asid8(), asid);
	switch_mm(prev, machine_init_mm(m), NULL);
	arm64_mm_context_put(&pinned);
	assert_int_equal(refcount_read(&pinned.context.pinned), 0);
	destroy_context(&pinned);
	assert_int_equal(asids_validate(m), 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	free(mms);
	mmsim_shutdown(m);
}

/* At most 256 - nr_cpus - 2 pins: a rollover always finds an ASID. */
static void test_pinned_limit(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=2 asid_bits=8 printk.time=0");
	struct mm_struct mms[260], extra[300];
	struct mm_struct *prev = machine_init_mm(m);
	const int max = 256 - 2 - 2;
	int i;

	(void)state;
	light_mms(mms, 260, table_page());
	light_mms(extra, 300, table_page());
	for (i = 0; i < max; i++)
		assert_int_not_equal(arm64_mm_context_get(&mms[i]), 0);
	assert_int_equal(arm64_mm_context_get(&mms[max]), 0);
	assert_int_equal(refcount_read(&mms[max].context.pinned), 0);
	assert_int_equal(asids_validate(m), 0);
	/* unpinned mms still run, through rollovers, on the ASIDs left */
	for (i = 0; i < 300; i++) {
		switch_mm(prev, &extra[i], NULL);
		prev = &extra[i];
		assert_int_not_equal(ASID8(prev), 0);
	}
	assert_int_equal(asids_validate(m), 0);
	for (i = 0; i < max; i++)
		arm64_mm_context_put(&mms[i]);
	assert_int_not_equal(arm64_mm_context_get(&mms[max]), 0);
	arm64_mm_context_put(&mms[max]);
	assert_int_equal(asids_validate(m), 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */

/*
 * Through the MMU: entries of two ASIDs live side by side in the TLB,
 * and an ASID reused after a rollover does not see its previous owner's
 * entry, because of the rollover's local flush.
 */
static void test_reused_asid_sees_no_stale_entry(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=2 asid_bits=8 printk.time=0");
	struct mm_struct *prev = machine_init_mm(m), mms[254];
	struct mmsim_tlb_stats st0, st1;
	struct uspace a, b, c;
	u64 v;
	int i;

	(void)state;
	uspace_init(m, &a, TAG(0xa));
	uspace_init(m, &b, TAG(0xb));
	uspace_init(m, &c, TAG(0xc));
	light_mms(mms, 254, table_page());

	switch_mm(prev, &a.mm, NULL);
	assert_int_equal(user_load(&v), 0);
	assert_int_equal(v, TAG(0xa));
	switch_mm(&a.mm, &b.mm, NULL);
	assert_int_equal(user_load(&v), 0);
	assert_int_equal(v, TAG(0xb));
	/* both are cached: back to A, no walk */
	assert_int_equal(mmsim_tlb_stats(m, 0, &st0), 0);
	switch_mm(&b.mm, &a.mm, NULL);
	assert_int_equal(user_load(&v), 0);
	assert_int_equal(v, TAG(0xa));
	switch_mm(&a.mm, &b.mm, NULL);
	assert_int_equal(user_load(&v), 0);
	assert_int_equal(v, TAG(0xb));
	assert_int_equal(mmsim_tlb_stats(m, 0, &st1), 0);
	assert_int_equal(st1.walks, st0.walks);
	assert_int_equal(st1.l1d_hits - st0.l1d_hits, 2);

	/* A has ASID 1, B 2; 253 more mms take 3..255 */
	assert_int_equal(ASID8(&a.mm), 1);
	prev = &b.mm;
	for (i = 0; i < 253; i++) {
		switch_mm(prev, &mms[i], NULL);
		prev = &mms[i];
	}
	assert_int_equal(asid_generation_read(m), ASID8_FIRST);
	/* C rolls over and gets ASID 1: A's entry must be gone */
	switch_mm(prev, &c.mm, NULL);
	assert_int_equal(asid_generation_read(m), 2 * ASID8_FIRST);
	assert_int_equal(ASID8(&c.mm), 1);
	assert_int_equal(user_load(&v), 0);
	assert_int_equal(v, TAG(0xc));
	assert_int_equal(mmsim_nr_reports(m), 0);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/*
 * Stress: NR_THREADS CPUs switch at random among NR_USPACES address
 * spaces (more than the 255 ASIDs, so generations roll over often) and
 * init_mm.  After each switch a CPU checks that
 *	- TTBR1.ASID is the mm's ASID and TTBR0 its table;
 *	- no other CPU is running another mm with the same ASID (each CPU
 *	  publishes what it runs, and withdraws it before it switches);
 *	- a load at USER_VA through the MMU returns the mm's own tag: a
 *	  stale TLB entry of the ASID's previous owner would return that
 *	  owner's tag;
 * one CPU validates the allocator now and then; at the end, no two mms
 * of the current generation share an ASID, and no CPU flushed its TLB
 * more often than the generation rolled over.
 */
#define NR_THREADS	4
#define NR_USPACES	320
#define NOT_RUNNING	(~0ULL)

struct stress {
	struct mmsim *m;
	struct uspace *u;
	u64 running[NR_THREADS];	/* (index << 16) | asid */
	u64 seed;
	unsigned int iterations;
};

struct stress_worker {
	struct stress *s;
	int cpu;
	u64 rnd;
	unsigned long switches, loads, validations;
	char error[256];
};

static u64 next_rand(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static bool stress_fail(struct stress_worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->error, sizeof(w->error), fmt, ap);
	va_end(ap);
	return false;
}

static bool stress_check(struct stress_worker *w, int idx)
{
	struct stress *s = w->s;
	struct mm_struct *mm = &s->u[idx].mm;
	u64 asid = ttbr1_asid8(), v = 0;
	int i;

	if (asid != ASID8(mm) || asid == 0)
		return stress_fail(w, "CPU %d: mm %d has ASID %u, TTBR1 %llu",
				   w->cpu, idx, ASID8(mm),
				   (unsigned long long)asid);
	if (ttbr0_baddr() != mm->pgd)
		return stress_fail(w, "CPU %d: mm %d: TTBR0 %#llx", w->cpu, idx,
				   (unsigned long long)ttbr0_baddr());
	__atomic_store_n(&s->running[w->cpu], ((u64)idx << 16) | asid,
			 __ATOMIC_SEQ_CST);
	for (i = 0; i < NR_THREADS; i++) {
		u64 other = __atomic_load_n(&s->running[i], __ATOMIC_SEQ_CST);

		if (i == w->cpu || other == NOT_RUNNING)
			continue;
		if ((other & 0xffff) == asid && (int)(other >> 16) != idx)
			return stress_fail(w, "CPUs %d and %d run mms %d and %d with ASID %llu",
					   w->cpu, i, idx, (int)(other >> 16),
					   (unsigned long long)asid);
	}
	if (user_load(&v))
		return stress_fail(w, "CPU %d: mm %d: load faulted: %s", w->cpu,
				   idx, mmsim_strerror());
	if (v != TAG(idx))
		return stress_fail(w, "CPU %d: mm %d (ASID %llu) read %#llx: a stale TLB entry",
				   w->cpu, idx, (unsigned long long)asid,
				   (unsigned long long)v);
	w->loads++;
	return true;
}

static void *stress_main(void *arg)
{
	struct stress_worker *w = arg;
	struct stress *s = w->s;
	struct mm_struct *init = machine_init_mm(s->m), *prev = init;
	unsigned int it;

	if (mmsim_cpu_enter(s->m, w->cpu)) {
		stress_fail(w, "cpu_enter(%d): %s", w->cpu, mmsim_strerror());
		return NULL;
	}
	for (it = 0; it < s->iterations; it++) {
		u64 x = next_rand(&w->rnd);
		int idx = (int)((x >> 8) % NR_USPACES);
		struct mm_struct *next = (x & 15) == 0 ? init : &s->u[idx].mm;

		__atomic_store_n(&s->running[w->cpu], NOT_RUNNING,
				 __ATOMIC_SEQ_CST);
		switch_mm(prev, next, NULL);
		prev = next;
		w->switches++;
		if (next != init && !stress_check(w, idx))
			break;
		if (w->cpu == 0 && (x >> 40) % 512 == 0) {
			if (asids_validate(s->m)) {
				stress_fail(w, "asids_validate() failed");
				break;
			}
			w->validations++;
		}
	}
	__atomic_store_n(&s->running[w->cpu], NOT_RUNNING, __ATOMIC_SEQ_CST);
	switch_mm(prev, init, NULL);
	mmsim_cpu_exit();
	return NULL;
}

static u64 seed;

static void stress(const char *params, u64 sd, unsigned int iterations)
{
	struct mmsim *m = boot(params);
	struct stress *s = calloc(1, sizeof(*s));
	struct stress_worker w[NR_THREADS];
	pthread_t t[NR_THREADS];
	u64 gen0, rollovers, first, flushes0[NR_THREADS];
	unsigned long switches = 0, loads = 0;
	bool *seen;
	int i;

	assert_non_null(s);
	mmsim_set_report_stream(m, stderr);
	s->m = m;
	s->u = calloc(NR_USPACES, sizeof(*s->u));
	s->iterations = iterations;
	s->seed = sd;
	assert_non_null(s->u);
	for (i = 0; i < NR_USPACES; i++)
		uspace_init(m, &s->u[i], TAG(i));
	for (i = 0; i < NR_THREADS; i++)
		s->running[i] = NOT_RUNNING;
	first = asid_num_user_asids(m);
	gen0 = asid_generation_read(m);
	for (i = 0; i < NR_THREADS; i++)
		flushes0[i] = tlb_flushes(m, i);
	assert_int_equal(mmsim_cpu_exit(), 0);
	for (i = 0; i < NR_THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].s = s;
		w[i].cpu = i;
		w[i].rnd = sd * 0x9e3779b97f4a7c15ULL + (u64)i * 7919 + 1;
		assert_int_equal(
			pthread_create(&t[i], NULL, stress_main, &w[i]), 0);
	}
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(mmsim_cpu_enter(m, 0), 0);

	rollovers = (asid_generation_read(m) - gen0) / first;
	for (i = 0; i < NR_THREADS; i++) {
		u64 flushes = tlb_flushes(m, i) - flushes0[i];

		if (w[i].error[0])
			fail_msg("seed=%llu: %s", (unsigned long long)sd,
				 w[i].error);
		if (flushes > rollovers || (rollovers && !flushes))
			fail_msg("seed=%llu: CPU %d flushed %llu times for %llu rollovers",
				 (unsigned long long)sd, i,
				 (unsigned long long)flushes,
				 (unsigned long long)rollovers);
		switches += w[i].switches;
		loads += w[i].loads;
	}
	printf("  %s: %lu switches, %lu checked loads, %llu rollovers, %lu validations\n",
	       params, switches, loads, (unsigned long long)rollovers,
	       w[0].validations);
	assert_true(rollovers > 0);

	/* no two mms of the current generation share an ASID */
	seen = calloc(first, sizeof(*seen));
	assert_non_null(seen);
	for (i = 0; i < NR_USPACES; i++) {
		u64 id = id_of(&s->u[i].mm);

		if ((id ^ asid_generation_read(m)) >= first)
			continue;
		if (seen[id & (first - 1)])
			fail_msg("seed=%llu: ASID %llu given twice",
				 (unsigned long long)sd,
				 (unsigned long long)(id & (first - 1)));
		seen[id & (first - 1)] = true;
	}
	free(seen);
	assert_int_equal(asids_validate(m), 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	assert_int_equal(mmsim_validate(m), 0);
	mmsim_shutdown(m);
	free(s->u);
	free(s);
}

static unsigned int iterations(void)
{
	const char *vg = getenv("MMSIM_UNDER_VALGRIND");

	return vg && *vg == '1' ? 3000 : 500000;
}

static void test_stress_8bit(void **state)
{
	(void)state;
	stress("mem=128M nr_cpus=4 asid_bits=8 printk.time=0", seed,
	       iterations());
}

static void test_stress_8bit_random_repl(void **state)
{
	(void)state;
	stress("mem=128M nr_cpus=4 asid_bits=8 tlb=repl:random printk.time=0",
	       seed + 1, iterations());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_mms_distinct),
		cmocka_unit_test(test_switch_to_init_mm),
		cmocka_unit_test(test_rollover_keeps_running),
		cmocka_unit_test(test_generation_16bit),
		cmocka_unit_test(test_generation_8bit_repeated),
		cmocka_unit_test(test_pinned),
		cmocka_unit_test(test_pinned_limit),
		cmocka_unit_test(test_reused_asid_sees_no_stale_entry),
		cmocka_unit_test(test_stress_8bit),
		cmocka_unit_test(test_stress_8bit_random_repl),
	};

	seed = test_seed();
	printf("seed=%llu\n", (unsigned long long)seed);
	fflush(stdout);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
