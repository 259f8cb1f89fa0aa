// SPDX-License-Identifier: MIT
/*
 * Multi-threaded stress test of the TLBs and broadcast TLBI: one thread
 * on CPU 0 remaps pages of a shared address space the way the kernel
 * must (break-before-make: clear the PTE, TLBI VAE1IS, write the new
 * PTE), while threads on the other CPUs load from those pages through
 * their own TLBs and now and then flush their TLB locally or shrink
 * their view with a context switch.
 *
 * Every data page holds its own number in every word, so each load says
 * which page it went to.  A remap of a virtual page bumps its generation
 * to odd before it starts and to even when the new PTE is in place; a
 * reader that saw the same even generation before and after its load
 * must have read the page the table maps (a stale TLB entry after the
 * broadcast TLBI returned would show the old page), and no load may
 * ever return anything but a page number.
 *
 * The seed comes from MMSIM_SEED, else from the clock; it is printed
 * first ("seed=...") so that a failure can be replayed.
 */
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <sim/machine.h>

#include "../test-util.h"

#define NR_VPAGES	64
#define NR_DATA		96
#define NR_READERS	2
#define BASE_VA		0x0000004000000000ULL

#define PTE_RW	(PTE_TYPE_PAGE | PTE_AF | PTE_SHARED | PTE_NG | PTE_UXN | \
		 PTE_PXN | PTE_ATTRINDX(MT_NORMAL))

static struct mmsim *m;
static u64 root, data_pa[NR_DATA];
static u64 *pte[NR_VPAGES];
static unsigned long gen[NR_VPAGES];
static int mapped[NR_VPAGES];
static int stop;

struct reader {
	int cpu;
	u64 rnd;
	unsigned long loads, checked, faults, flushes;
	int errors;
	char error[200];
};

static u64 xorshift(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static u64 *host_of(u64 pa)
{
	return (u64 *)(m->arena + (pa - m->phys_offset));
}

static u64 new_page(void)
{
	struct page *p = mmsim_alloc_pages(MMSIM_GFP_KERNEL | MMSIM___GFP_ZERO, 0);

	assert_non_null(p);
	return mmsim_page_to_phys(p);
}

static void load_context(void)
{
	mmsim_write_sysreg(MMSIM_MAIR_EL1, MAIR_EL1_SET);
	mmsim_write_sysreg(MMSIM_TCR_EL1, TCR_T0SZ(48) | TCR_T1SZ(48) | TCR_TG0_4K |
				  TCR_TG1_4K | (5ULL << TCR_IPS_SHIFT) |
				  TCR_ASID16);
	mmsim_write_sysreg(MMSIM_TTBR0_EL1, root | (3ULL << 48));
	mmsim_write_sysreg(MMSIM_SCTLR_EL1, INIT_SCTLR_EL1_MMU_ON);
}

/* the tables for BASE_VA .. + NR_VPAGES pages: one level-3 table */
static void build_tables(void)
{
	u64 l1 = new_page(), l2 = new_page(), l3 = new_page();
	int i, j;

	root = new_page();
	host_of(root)[(BASE_VA >> 39) & 511] = l1 | PMD_TYPE_TABLE;
	host_of(l1)[(BASE_VA >> 30) & 511] = l2 | PMD_TYPE_TABLE;
	host_of(l2)[(BASE_VA >> 21) & 511] = l3 | PMD_TYPE_TABLE;
	for (i = 0; i < NR_DATA; i++) {
		data_pa[i] = new_page();
		for (j = 0; j < 512; j++)
			host_of(data_pa[i])[j] = (u64)i;
	}
	for (i = 0; i < NR_VPAGES; i++) {
		pte[i] = host_of(l3) + ((BASE_VA >> 12) & 511) + i;
		mapped[i] = i;
		*pte[i] = data_pa[i] | PTE_RW;
	}
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;

	if (mmsim_cpu_enter(m, r->cpu))
		return NULL;
	load_context();
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		int v = (int)(xorshift(&r->rnd) % NR_VPAGES);
		unsigned long g1, g2;
		int expect;
		u64 val;
		int ret;

		g1 = __atomic_load_n(&gen[v], __ATOMIC_ACQUIRE);
		expect = __atomic_load_n(&mapped[v], __ATOMIC_ACQUIRE);
		ret = mmsim_mmu_load64(BASE_VA + (u64)v * 4096 +
					       8 * (xorshift(&r->rnd) % 512),
				       &val);
		g2 = __atomic_load_n(&gen[v], __ATOMIC_ACQUIRE);
		__atomic_store_n(&r->loads, r->loads + 1, __ATOMIC_RELAXED);
		if (ret)
			r->faults++;
		if (!ret && val >= NR_DATA && !r->errors++)
			snprintf(r->error, sizeof(r->error),
				 "cpu%d: page %d read %#llx, not a page number",
				 r->cpu, v, (unsigned long long)val);
		if (g1 == g2 && !(g1 & 1)) {
			r->checked++;
			if ((ret || (int)val != expect) && !r->errors++)
				snprintf(r->error, sizeof(r->error),
					 "cpu%d: page %d generation %lu maps data %d but the load gave %s %lld",
					 r->cpu, v, g1, expect,
					 ret ? "a fault" : "data",
					 ret ? 0LL : (long long)val);
		}
		switch (xorshift(&r->rnd) % 4096) {
		case 0:
			mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
			r->flushes++;
			break;
		case 1:
			load_context();		/* a context switch back */
			break;
		}
	}
	mmsim_cpu_exit();
	return NULL;
}

static void test_remap_under_readers(void **state)
{
	unsigned long seed = (unsigned long)test_seed();
	bool vg = getenv("MMSIM_UNDER_VALGRIND");
	int max_remaps = vg ? 300 : 20000, remaps;
	struct timespec t0, now;
	struct reader rd[NR_READERS] = { 0 };
	pthread_t t[NR_READERS];
	struct mmsim_tlb_stats st;
	u64 rnd = seed * 2654435761ULL + 1;
	unsigned long loads = 0, checked = 0;
	int i;

	(void)state;
	printf("seed=%lu\n", seed);
	m = mmsim_boot("mem=64M nr_cpus=3");
	assert_non_null(m);
	build_tables();
	load_context();
	for (i = 0; i < NR_READERS; i++) {
		rd[i].cpu = i + 1;
		rd[i].rnd = rnd + (u64)i * 7919 + 1;
		assert_int_equal(pthread_create(&t[i], NULL, reader_main, &rd[i]),
				 0);
	}
	/* let every reader start translating first (under Valgrind the
	 * threads take turns) */
	for (i = 0; i < NR_READERS; i++)
		while (!__atomic_load_n(&rd[i].loads, __ATOMIC_RELAXED))
			sched_yield();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (remaps = 0; remaps < max_remaps; remaps++) {
		int v = (int)(xorshift(&rnd) % NR_VPAGES);
		int d = (int)(xorshift(&rnd) % NR_DATA);

		__atomic_add_fetch(&gen[v], 1, __ATOMIC_ACQ_REL);	/* odd */
		__atomic_store_n(pte[v], 0, __ATOMIC_RELEASE);		/* break */
		mmsim_tlbi(MMSIM_TLBI_VAE1, tlbi_vaddr(BASE_VA + (u64)v * 4096, 3),
			   true);
		__atomic_store_n(pte[v], data_pa[d] | PTE_RW, __ATOMIC_RELEASE);
		__atomic_store_n(&mapped[v], d, __ATOMIC_RELEASE);
		__atomic_add_fetch(&gen[v], 1, __ATOMIC_ACQ_REL);	/* even */
		if (vg)
			sched_yield();
		if (remaps % 64 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - t0.tv_sec >= 3)	/* enough */
				break;
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < NR_READERS; i++) {
		pthread_join(t[i], NULL);
		if (rd[i].errors)
			fail_msg("%s (%d errors)", rd[i].error, rd[i].errors);
		loads += rd[i].loads;
		checked += rd[i].checked;
	}
	mmsim_tlb_stats(m, 1, &st);
	printf("%d remaps, %lu loads (%lu checked), cpu1: %llu L1 hits, %llu walks, %llu flushes\n",
	       remaps, loads, checked, (unsigned long long)st.l1d_hits,
	       (unsigned long long)st.walks, (unsigned long long)st.flushes);
	assert_true(checked > 0);
	/* every broadcast TLBI reached CPU 1 */
	assert_true(st.flushes >= (u64)remaps);
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remap_under_readers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
