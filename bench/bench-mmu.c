/* SPDX-License-Identifier: MIT */
/*
 * bench/bench-mmu.c - the MMU benchmark: what does an 8-byte load or
 * store through the simulated MMU cost, when the L1 TLB answers, when
 * the L2 TLB answers, and when every level misses and the hardware walks
 * four levels of tables?  Next to native loads of the same memory.
 *
 * Every simulator case is a chain of mmsim_mmu_ldr64() (or a sequence
 * of mmsim_mmu_store64()) at EL1, one op = one access:
 *
 *   mmu/l1/{load,store}	one page of the kernel's linear map
 *				(alloc_pages(), at its kernel VA,
 *				mmsim_kernel_va()): 128 slots of 32 bytes
 *				in a random cyclic order; after the first
 *				access every one is an L1 TLB hit (the
 *				linear map is 2M/1G blocks: one entry)
 *   mmu/l2/{load,store}	512 pages mapped with 4K page descriptors
 *				in tables built by hand under TTBR0_EL1,
 *				visited in a random cyclic order: each
 *				page comes back after 511 others, so the
 *				48-entry L1 always misses and the
 *				1280-entry L2 (256 sets x 5 ways; 2 of
 *				these pages per set) always hits
 *   mmu/walk/{load,store}	1 GiB of VA mapped with 4K pages (262144
 *				page descriptors in 512 level-3 tables,
 *				over 1 GiB of distinct simulated RAM) on a
 *				machine booted with tlb=walk:0 (no walk
 *				cache), in a random cyclic order: every
 *				access misses both TLB levels and reads
 *				four descriptors (L0, L1, L2, L3)
 *
 * Loads are dependent (the value loaded is the next VA: pointer
 * chasing), so each one's latency is measured, not the throughput of
 * overlapped ones.  Stores go to a precomputed random sequence of the
 * same slots (a store has no result to chase), a cycle of its own, so
 * that the two never revisit what the other has just touched.
 *
 * References in the same run, on the same memory (each slot holds the
 * next slot's kernel VA for the simulator and its host pointer for the
 * native chase):
 *
 *   native		the same chase (or stores) with host loads
 *   native-4loads	(walk only) one op = 4 dependent host loads at
 *			random places of the same 1 GiB: what the walk's
 *			four descriptor reads would cost if every one
 *			missed the host's caches, as the data load does
 *
 * Ratio lines (targets printed, never asserted): L1-hit load and store
 * over native (target <= 3), full walk over native-4loads (target
 * <= 2).  After the runs the TLB statistics of each case's CPU are
 * printed on stderr (hit rates, descriptors per walk), and each case
 * must have behaved as described above, the machines must validate and
 * have made no report: so the --quick smoke test also proves that the
 * cases measure what they claim.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* After the system headers: it spells kernel names that might clash. */
#include <mmsim/mmsim.h>
#include <mmsim/kernel.h>

/*
 * Descriptor bits (ARM ARM D8.3; the library's private
 * asm/pgtable-hwdef.h has them under the same names).
 */
#define PTE_VALID	(1ULL << 0)
#define PTE_TABLE	(1ULL << 1)
#define PMD_TYPE_TABLE	(PTE_VALID | PTE_TABLE)
#define PTE_TYPE_PAGE	(PTE_VALID | PTE_TABLE)
#define PTE_ATTRINDX(i)	((uint64_t)(i) << 2)
#define MT_NORMAL	0
#define PTE_SHARED	(3ULL << 8)
#define PTE_AF		(1ULL << 10)
#define PTE_DBM		(1ULL << 51)	/* Linux's PTE_WRITE */
#define PTE_PXN		(1ULL << 53)
#define PTE_UXN		(1ULL << 54)
/* PAGE_KERNEL (pgtable-prot.h: PROT_NORMAL): EL1 read/write, global,
 * already dirty (AP[2] clear), never executable */
#define PAGE_KERNEL_DESC (PTE_TYPE_PAGE | PTE_ATTRINDX(MT_NORMAL) | \
			  PTE_SHARED | PTE_AF | PTE_DBM | PTE_PXN | PTE_UXN)

#define TCR_T0SZ_MASK	0x3fULL
#define TCR_EPD0	(1ULL << 7)

#define REGION_VA	0x40000000ULL	/* 1 GiB: L0[0], L1[1] */
#define L2_PAGES	512
#define WALK_PAGES	(1UL << 18)	/* 1 GiB */
#define DATA_ORDER	9		/* data pages come 2 MiB at a time */

/*
 * One slot of a chain.  The simulator chases .va, the native reference
 * .host: the same cache line either way.  Stores write .store.
 */
struct slot {
	uint64_t va;		/* kernel VA of the next slot */
	struct slot *host;	/* its host address */
	uint64_t store;
	uint64_t pad;
};

#define SLOTS_PER_PAGE	(PAGE_SIZE / sizeof(struct slot))

/* A chain of slots and a store sequence over them. */
struct chain {
	struct mmsim *m;
	int cpu;			/* simulated CPU that runs it */
	uint64_t va;			/* chase position (simulator) */
	struct slot *host;		/* chase position (native) */
	uint64_t *store_va;		/* [nr] random order */
	uint64_t **store_host;		/* [nr] the same slots */
	unsigned long nr, next;		/* store sequence: length, place */
};

static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

/* A random cyclic permutation of 0..n-1 (Sattolo's algorithm). */
static unsigned long *random_cycle(unsigned long n)
{
	unsigned long *next = malloc(n * sizeof(*next)), *order, i, j, t;

	order = malloc(n * sizeof(*order));
	if (!next || !order) {
		free(next);
		free(order);
		return NULL;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = rnd() % i;
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < n; i++)
		next[order[i]] = order[(i + 1) % n];
	free(order);
	return next;
}

/*
 * Link @n slots (host address and VA of each) into one random cycle,
 * and a store sequence visiting them in another random order.
 */
static int link_chain(struct chain *c, struct slot **host,
		      const uint64_t *va, unsigned long n)
{
	unsigned long *next = random_cycle(n), i;

	c->store_va = malloc(n * sizeof(*c->store_va));
	c->store_host = malloc(n * sizeof(*c->store_host));
	if (!next || !c->store_va || !c->store_host) {
		free(next);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		host[i]->va = va[next[i]];
		host[i]->host = host[next[i]];
	}
	c->va = va[0];
	c->host = host[0];
	/*
	 * The store order: another random cycle, followed from a slot
	 * half-way along the first, so that neither sequence revisits
	 * what the other has just touched (each slot still comes back
	 * after exactly n - 1 others).
	 */
	free(next);
	next = random_cycle(n);
	if (!next)
		return -ENOMEM;
	for (i = n / 2, c->nr = 0; c->nr < n; c->nr++, i = next[i]) {
		c->store_va[c->nr] = va[i] + offsetof(struct slot, store);
		c->store_host[c->nr] = &host[i]->store;
	}
	c->next = 0;
	free(next);
	return 0;
}

static void chain_free(struct chain *c)
{
	free(c->store_va);
	free(c->store_host);
}

/* ------------------------------------------------------------------ */
/* Building the memory */

static void *zeroed_page(uint64_t *pa)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	*pa = page_to_phys(page);
	return page_address(page);
}

/*
 * mmu/l1: one page of the linear map, 128 slots.  The kernel VA of a
 * slot is mmsim_kernel_va() of its host address.
 */
static int build_l1(struct chain *c)
{
	struct slot *host[SLOTS_PER_PAGE];
	uint64_t va[SLOTS_PER_PAGE], pa;
	struct slot *page = zeroed_page(&pa);
	unsigned long i;

	if (!page)
		return -ENOMEM;
	for (i = 0; i < SLOTS_PER_PAGE; i++) {
		host[i] = &page[i];
		va[i] = mmsim_kernel_va(c->m, host[i]);
		if (!va[i]) {
			fprintf(stderr, "bench-mmu: no kernel VA for %p\n",
				(void *)host[i]);
			return -EINVAL;
		}
	}
	return link_chain(c, host, va, SLOTS_PER_PAGE);
}

/*
 * @nr_pages pages at REGION_VA, mapped by 4K page descriptors in
 * tables built here and installed in this CPU's TTBR0_EL1:
 *
 *	TTBR0 -> L0[0] -> L1[1] -> L2[0..] -> L3[0..511] -> data pages
 *
 * One slot per page, at a random 32-byte-aligned offset (so that the
 * slots spread over the host's cache sets as the pages do not).
 */
static int build_region(struct chain *c, unsigned long nr_pages)
{
	unsigned long i;
	uint64_t *l0, *l1, *l2, *l3 = NULL, l0_pa, l1_pa, l2_pa, pa, tcr;
	struct slot **host = malloc(nr_pages * sizeof(*host));
	uint64_t *va = malloc(nr_pages * sizeof(*va));
	char *data = NULL;
	uint64_t data_pa = 0;
	int err = -ENOMEM;

	if (!host || !va)
		goto out;
	mmsim_read_sysreg(MMSIM_TCR_EL1, &tcr);
	if ((tcr & TCR_T0SZ_MASK) != 16 || (tcr & TCR_EPD0)) {
		fprintf(stderr, "bench-mmu: TCR_EL1 0x%" PRIx64 ": expected a "
			"48-bit TTBR0 region (T0SZ 16), walks enabled\n", tcr);
		err = -EINVAL;
		goto out;
	}
	l0 = zeroed_page(&l0_pa);
	l1 = zeroed_page(&l1_pa);
	l2 = zeroed_page(&l2_pa);
	if (!l0 || !l1 || !l2)
		goto out;
	l0[(REGION_VA >> 39) & 511] = l1_pa | PMD_TYPE_TABLE;
	l1[(REGION_VA >> 30) & 511] = l2_pa | PMD_TYPE_TABLE;
	for (i = 0; i < nr_pages; i++) {
		if (i % 512 == 0) {
			l3 = zeroed_page(&pa);
			if (!l3)
				goto out;
			l2[i / 512] = pa | PMD_TYPE_TABLE;
		}
		if (i % (1UL << DATA_ORDER) == 0) {
			struct page *p = alloc_pages(GFP_KERNEL, DATA_ORDER);

			if (!p) {
				fprintf(stderr, "bench-mmu: out of simulated "
					"memory at page %lu\n", i);
				goto out;
			}
			data = page_address(p);
			data_pa = page_to_phys(p);
		}
		l3[i % 512] = data_pa | PAGE_KERNEL_DESC;
		host[i] = (struct slot *)(data + (rnd() % SLOTS_PER_PAGE) *
						 sizeof(struct slot));
		va[i] = REGION_VA + i * PAGE_SIZE +
			(uint64_t)((char *)host[i] - data);
		data += PAGE_SIZE;
		data_pa += PAGE_SIZE;
	}
	mmsim_write_sysreg(MMSIM_TTBR0_EL1, l0_pa);
	err = link_chain(c, host, va, nr_pages);
out:
	free(host);
	free(va);
	return err;
}

/* ------------------------------------------------------------------ */
/* The simulator */

static int sim_thread_init(struct bench_thread *t)
{
	struct chain *c = t->arg;
	int err = mmsim_cpu_enter(c->m, c->cpu);

	if (err)
		fprintf(stderr, "bench-mmu: mmsim_cpu_enter(%d): %s\n", c->cpu,
			mmsim_strerror());
	return err;
}

static void sim_thread_fini(struct bench_thread *t)
{
	mmsim_cpu_exit();
}

static int sim_load_loop(struct bench_thread *t, uint64_t n)
{
	struct chain *c = t->arg;
	uint64_t va = c->va;

	while (n--) {
		uint64_t at = va;
		int err;

		va = mmsim_mmu_ldr64(at, &err);
		if (err) {
			fprintf(stderr, "bench-mmu: load at 0x%" PRIx64
				": %s\n", at, mmsim_strerror());
			return -1;
		}
	}
	c->va = va;
	return 0;
}

static int sim_store_loop(struct bench_thread *t, uint64_t n)
{
	struct chain *c = t->arg;
	unsigned long i = c->next;

	while (n--) {
		if (mmsim_mmu_store64(c->store_va[i], n)) {
			fprintf(stderr, "bench-mmu: store at 0x%" PRIx64
				": %s\n", c->store_va[i], mmsim_strerror());
			return -1;
		}
		if (++i == c->nr)
			i = 0;
	}
	c->next = i;
	return 0;
}

static const struct bench_impl sim_load = {
	.name = "mmsim",
	.thread_init = sim_thread_init,
	.thread_fini = sim_thread_fini,
	.loop = sim_load_loop,
};

static const struct bench_impl sim_store = {
	.name = "mmsim",
	.thread_init = sim_thread_init,
	.thread_fini = sim_thread_fini,
	.loop = sim_store_loop,
};

/* ------------------------------------------------------------------ */
/* References: the host's own loads and stores, same memory */

static int native_load_loop(struct bench_thread *t, uint64_t n)
{
	struct chain *c = t->arg;
	struct slot *p = c->host;

	while (n--)
		p = p->host;
	bench_do_not_optimize(p);
	c->host = p;
	return 0;
}

static int native_4loads_loop(struct bench_thread *t, uint64_t n)
{
	struct chain *c = t->arg;
	struct slot *p = c->host;

	while (n--) {
		p = p->host;
		p = p->host;
		p = p->host;
		p = p->host;
	}
	bench_do_not_optimize(p);
	c->host = p;
	return 0;
}

static int native_store_loop(struct bench_thread *t, uint64_t n)
{
	struct chain *c = t->arg;
	unsigned long i = c->next;

	while (n--) {
		*(volatile uint64_t *)c->store_host[i] = n;
		if (++i == c->nr)
			i = 0;
	}
	c->next = i;
	return 0;
}

static const struct bench_impl native_load = {
	.name = "native",
	.loop = native_load_loop,
};

static const struct bench_impl native_4loads = {
	.name = "native-4loads",
	.loop = native_4loads_loop,
};

static const struct bench_impl native_store = {
	.name = "native",
	.loop = native_store_loop,
};

/* ------------------------------------------------------------------ */

/*
 * The simulator's chains and the native ones are separate structs
 * (each keeps its own position) over the same slots.
 */
enum { L1, L2, WALK, NR_KINDS };

static const char *const kind_name[NR_KINDS] = { "l1", "l2", "walk" };

enum {
	C_L1_LOAD_NATIVE, C_L1_LOAD_SIM, C_L1_STORE_NATIVE, C_L1_STORE_SIM,
	C_L2_LOAD_NATIVE, C_L2_LOAD_SIM, C_L2_STORE_NATIVE, C_L2_STORE_SIM,
	C_WALK_LOAD_NATIVE4, C_WALK_LOAD_NATIVE, C_WALK_LOAD_SIM,
	C_WALK_STORE_NATIVE, C_WALK_STORE_SIM,
	NR_CASES
};

static struct bench_case cases[NR_CASES];
static struct chain chains[NR_KINDS];
static struct chain native_chains[NR_KINDS];

static void set_case(int i, const char *bench, const struct bench_impl *impl,
		     struct chain *c)
{
	cases[i] = (struct bench_case){ .bench = bench, .impl = impl,
					.arg = c, .nr_threads = 1 };
}

/*
 * What the TLB statistics of a case's CPU must show, and a line on
 * stderr with them.  Only when the case ran (--filter).  0 or -1.
 */
static int check_stats(int kind, const struct mmsim_tlb_stats *s)
{
	double accesses = (double)(s->l1d_hits + s->l1d_misses);
	double l1_hit = accesses ? s->l1d_hits / accesses : 0;
	double l2_hit = s->l1d_misses ?
				(double)s->l2_hits / (double)s->l1d_misses : 0;
	double desc = s->walks ? (double)s->desc_reads / (double)s->walks : 0;
	double walks = accesses ? s->walks / accesses : 0;
	bool ok;

	if (!accesses)
		return 0;
	fprintf(stderr,
		"bench-mmu: %-4s %.0f accesses: L1D hit %.4f, L2 hit %.4f of "
		"L1D misses, %.4f walks per access, %.2f descriptors per walk, "
		"%" PRIu64 " walk-cache hits, %" PRIu64 " faults\n",
		kind_name[kind], accesses, l1_hit, l2_hit, walks, desc,
		s->walk_cache_hits, s->faults);
	switch (kind) {
	case L1:
		ok = l1_hit > 0.99;
		break;
	case L2:	/* the first pass over the pages walks */
		ok = l1_hit < 0.01 && l2_hit > 0.95;
		break;
	default:
		ok = walks > 0.98 && desc > 3.99 && !s->walk_cache_hits;
		break;
	}
	if (!ok)
		fprintf(stderr, "bench-mmu: %s: the TLB did not behave as the "
			"case assumes\n", kind_name[kind]);
	return ok && !s->faults ? 0 : -1;
}

static struct mmsim *boot(const char *params)
{
	struct mmsim *m = mmsim_boot(params);

	if (!m)
		fprintf(stderr, "bench-mmu: mmsim_boot(\"%s\"): %s\n", params,
			mmsim_strerror());
	return m;
}

/* The machine must come out intact.  0 or -1. */
static int check_machine(struct mmsim *m, const char *params)
{
	unsigned long reports;
	int broken;

	if (mmsim_cpu_enter(m, 0))
		return -1;
	broken = mmsim_validate(m);
	reports = mmsim_nr_reports(m);
	if (broken || reports) {
		fprintf(stderr, "bench-mmu: \"%s\": %d broken invariants, "
			"%lu reports\n", params, broken, reports);
		return -1;
	}
	return 0;
}

/* The TLB hit machine: CPU 0 runs mmu/l1, CPU 1 mmu/l2. */
static const char hit_params[] = "mem=256M nr_cpus=2";
/* No walk cache, room for 1 GiB of data. */
static const char walk_params[] = "mem=2G nr_cpus=1 tlb=walk:0";

int main(int argc, char **argv)
{
	struct bench_options opt;
	struct mmsim *hit = NULL, *walk = NULL;
	struct mmsim_tlb_stats st;
	int k, r, ret = 1;

	r = bench_parse_args(argc, argv, &opt);
	if (r)
		return r > 0 ? 0 : 2;

	hit = boot(hit_params);
	walk = boot(walk_params);
	if (!hit || !walk)
		goto out;
	chains[L1] = (struct chain){ .m = hit, .cpu = 0 };
	chains[L2] = (struct chain){ .m = hit, .cpu = 1 };
	chains[WALK] = (struct chain){ .m = walk, .cpu = 0 };
	/* boot bound this thread to CPU 0 of each machine in turn */
	if (mmsim_cpu_enter(hit, 0) || build_l1(&chains[L1]) ||
	    mmsim_cpu_enter(hit, 1) || build_region(&chains[L2], L2_PAGES) ||
	    mmsim_cpu_enter(walk, 0) ||
	    build_region(&chains[WALK], WALK_PAGES)) {
		fprintf(stderr, "bench-mmu: setting up the memory failed: %s\n",
			mmsim_strerror());
		goto out;
	}
	mmsim_cpu_exit();
	for (k = 0; k < NR_KINDS; k++)
		native_chains[k] = chains[k];

	set_case(C_L1_LOAD_NATIVE, "mmu/l1/load", &native_load,
		 &native_chains[L1]);
	set_case(C_L1_LOAD_SIM, "mmu/l1/load", &sim_load, &chains[L1]);
	set_case(C_L1_STORE_NATIVE, "mmu/l1/store", &native_store,
		 &native_chains[L1]);
	set_case(C_L1_STORE_SIM, "mmu/l1/store", &sim_store, &chains[L1]);
	set_case(C_L2_LOAD_NATIVE, "mmu/l2/load", &native_load,
		 &native_chains[L2]);
	set_case(C_L2_LOAD_SIM, "mmu/l2/load", &sim_load, &chains[L2]);
	set_case(C_L2_STORE_NATIVE, "mmu/l2/store", &native_store,
		 &native_chains[L2]);
	set_case(C_L2_STORE_SIM, "mmu/l2/store", &sim_store, &chains[L2]);
	set_case(C_WALK_LOAD_NATIVE4, "mmu/walk/load", &native_4loads,
		 &native_chains[WALK]);
	set_case(C_WALK_LOAD_NATIVE, "mmu/walk/load", &native_load,
		 &native_chains[WALK]);
	set_case(C_WALK_LOAD_SIM, "mmu/walk/load", &sim_load, &chains[WALK]);
	set_case(C_WALK_STORE_NATIVE, "mmu/walk/store", &native_store,
		 &native_chains[WALK]);
	set_case(C_WALK_STORE_SIM, "mmu/walk/store", &sim_store,
		 &chains[WALK]);

	/* count only what the measured cases do */
	mmsim_tlb_reset_stats(hit, 0);
	mmsim_tlb_reset_stats(hit, 1);
	mmsim_tlb_reset_stats(walk, 0);

	ret = bench_run(&opt, cases, NR_CASES) ? 1 : 0;
	bench_ratio(&opt, "mmu/l1/load", &cases[C_L1_LOAD_SIM],
		    &cases[C_L1_LOAD_NATIVE], "<= 3");
	bench_ratio(&opt, "mmu/l1/store", &cases[C_L1_STORE_SIM],
		    &cases[C_L1_STORE_NATIVE], "<= 3");
	bench_ratio(&opt, "mmu/l2/load", &cases[C_L2_LOAD_SIM],
		    &cases[C_L2_LOAD_NATIVE], NULL);
	bench_ratio(&opt, "mmu/l2/store", &cases[C_L2_STORE_SIM],
		    &cases[C_L2_STORE_NATIVE], NULL);
	bench_ratio(&opt, "mmu/walk/load", &cases[C_WALK_LOAD_SIM],
		    &cases[C_WALK_LOAD_NATIVE4], "<= 2");
	bench_ratio(&opt, "mmu/walk/load", &cases[C_WALK_LOAD_SIM],
		    &cases[C_WALK_LOAD_NATIVE], NULL);
	bench_ratio(&opt, "mmu/walk/store", &cases[C_WALK_STORE_SIM],
		    &cases[C_WALK_LOAD_NATIVE4], "<= 2");
	bench_ratio(&opt, "mmu/walk/store", &cases[C_WALK_STORE_SIM],
		    &cases[C_WALK_STORE_NATIVE], NULL);
	bench_free(cases, NR_CASES);

	/* each case's CPU saw what the case assumes */
	if (mmsim_tlb_stats(hit, 0, &st) || check_stats(L1, &st) ||
	    mmsim_tlb_stats(hit, 1, &st) || check_stats(L2, &st) ||
	    mmsim_tlb_stats(walk, 0, &st) || check_stats(WALK, &st))
		ret = 1;
	if (check_machine(hit, hit_params) || check_machine(walk, walk_params))
		ret = 1;
out:
	for (k = 0; k < NR_KINDS; k++)
		chain_free(&chains[k]);
	mmsim_cpu_exit();
	if (hit)
		mmsim_shutdown(hit);
	if (walk)
		mmsim_shutdown(walk);
	return ret;
}
