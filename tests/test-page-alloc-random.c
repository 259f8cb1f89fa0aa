// SPDX-License-Identifier: MIT
/*
 * Randomized test of the buddy allocator: seeded sequences of
 * allocations and frees of orders 0..10 with the common GFP masks, on
 * one thread that moves between two CPUs.  After every step: alignment,
 * no pfn handed out twice (a host-side bitmap), contents intact (a
 * pattern per page, checked at free); every few steps mmsim_validate();
 * at the end, with everything freed and drained, NR_FREE_PAGES and the
 * buddy lists are what they were at boot.
 *
 * MMSIM_SEED=n picks one seed; by default a fixed list runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/machine.h>

struct live {
	struct page *page;
	unsigned int order;
	u64 tag;
};

struct run {
	struct mmsim *m;
	u64 rnd;
	unsigned long base_pfn, nr_pfns;
	unsigned char *used;		/* one byte per pfn: allocated */
	struct live *live;
	size_t nr_live, cap;
	unsigned long failures;
};

static u64 next_rand(struct run *r)
{
	/* xorshift64* */
	r->rnd ^= r->rnd >> 12;
	r->rnd ^= r->rnd << 25;
	r->rnd ^= r->rnd >> 27;
	return r->rnd * 2685821657736338717ULL;
}

static unsigned int rand_below(struct run *r, unsigned int n)
{
	return (unsigned int)(next_rand(r) % n);
}

static const gfp_t gfps[] = {
	GFP_KERNEL,
	GFP_KERNEL | __GFP_ZERO,
	GFP_KERNEL | __GFP_COMP,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_HIGHUSER_MOVABLE,
	GFP_USER,
	GFP_NOWAIT,
	GFP_ATOMIC,	/* order 0 only: see pick_gfp() */
};

/*
 * High-order GFP_ATOMIC allocations reserve highatomic pageblocks, which
 * do not merge with their buddies (the kernel's rule): the buddy lists
 * would then rightly differ from boot at the end.  Keep them order 0.
 */
static gfp_t pick_gfp(struct run *r, unsigned int order)
{
	gfp_t gfp = gfps[rand_below(r, ARRAY_SIZE(gfps))];

	if (order && gfp == GFP_ATOMIC)
		gfp = GFP_KERNEL;
	return gfp | __GFP_NOWARN;
}

static unsigned int pick_order(struct run *r)
{
	/* small orders are far more common, as in real workloads */
	unsigned int x = rand_below(r, 100);

	if (x < 50)
		return 0;
	if (x < 80)
		return 1 + rand_below(r, 3);
	return rand_below(r, MAX_PAGE_ORDER + 1);
}

static u64 *page_word(struct page *page, unsigned long i)
{
	return (u64 *)((char *)page_address(page) + i * PAGE_SIZE);
}

static void do_alloc(struct run *r)
{
	unsigned int order = pick_order(r);
	gfp_t gfp = pick_gfp(r, order);
	struct page *page = mmsim_alloc_pages(gfp, order);
	unsigned long p, i, nr = 1UL << order;
	struct live *l;

	if (!page) {
		r->failures++;
		return;
	}
	p = page_to_pfn(page);
	if (p & (nr - 1))
		fail_msg("order %u block at pfn %#lx is misaligned", order, p);
	if (p < r->base_pfn || p + nr > r->base_pfn + r->nr_pfns)
		fail_msg("pfn %#lx outside the machine", p);
	for (i = 0; i < nr; i++) {
		if (r->used[p - r->base_pfn + i])
			fail_msg("pfn %#lx handed out twice", p + i);
		r->used[p - r->base_pfn + i] = 1;
	}
	if (gfp & __GFP_ZERO)
		for (i = 0; i < nr; i++) {
			u64 *w = page_word(page, i);

			if (w[0] || w[PAGE_SIZE / 8 - 1])
				fail_msg("__GFP_ZERO page pfn %#lx not zeroed", p + i);
		}
	if (r->nr_live == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->live = realloc(r->live, r->cap * sizeof(*r->live));
		assert_non_null(r->live);
	}
	l = &r->live[r->nr_live++];
	l->page = page;
	l->order = order;
	l->tag = next_rand(r);
	for (i = 0; i < nr; i++) {
		u64 *w = page_word(page, i);

		w[0] = l->tag ^ i;
		w[PAGE_SIZE / 8 - 1] = ~(l->tag ^ i);
	}
}

static void do_free(struct run *r, size_t idx)
{
	struct live l = r->live[idx];
	unsigned long p = page_to_pfn(l.page), i, nr = 1UL << l.order;

	for (i = 0; i < nr; i++) {
		u64 *w = page_word(l.page, i);

		if (w[0] != (l.tag ^ i) || w[PAGE_SIZE / 8 - 1] != ~(l.tag ^ i))
			fail_msg("pfn %#lx (order %u block) was overwritten", p + i,
				 l.order);
		r->used[p - r->base_pfn + i] = 0;
	}
	r->live[idx] = r->live[--r->nr_live];
	if (PageHead(l.page) && rand_below(r, 2))
		mmsim_put_page(l.page);
	else
		mmsim___free_pages(l.page, l.order);
}

static void snapshot(struct mmsim *m, unsigned long *nr)
{
	struct zone *z;
	int nid, zid, o;

	for_each_zone(m, z, nid, zid)
		for (o = 0; o < NR_PAGE_ORDERS; o++)
			*nr++ = z->free_area[o].nr_free;
}

/* Pages the buddy allocator manages, all zones of all nodes. */
static unsigned long managed_pages(struct mmsim *m)
{
	unsigned long n = 0;
	struct zone *z;
	int nid, zid;

	for_each_zone(m, z, nid, zid)
		n += zone_managed_pages(z);
	return n;
}

static void run_seed(const char *params, u64 seed, unsigned int steps)
{
	struct run r = { .rnd = seed * 0x9e3779b97f4a7c15ULL + 1 };
	unsigned long boot_area[MAX_NUMNODES * MAX_NR_ZONES * NR_PAGE_ORDERS];
	unsigned long area[MAX_NUMNODES * MAX_NR_ZONES * NR_PAGE_ORDERS];
	unsigned long boot_free;
	unsigned int step;

	r.m = mmsim_boot(params);
	if (!r.m)
		fail_msg("boot: %s", mmsim_strerror());
	mmsim_set_report_stream(r.m, NULL);
	r.base_pfn = r.m->vmemmap_start_pfn;
	r.nr_pfns = r.m->vmemmap_end_pfn - r.m->vmemmap_start_pfn;
	r.used = calloc(r.nr_pfns, 1);
	assert_non_null(r.used);
	/*
	 * The reference state: boot's slab caches hold a few pages and left
	 * what they did not use on CPU 0's per-CPU lists; drain those, so
	 * that everything managed is free but the slab pages, all of it in
	 * the buddy lists (as it is again at the end, after the last drain).
	 */
	mmsim_drain_all_pages();
	boot_free = mmsim_nr_free_pages();
	assert_int_equal(boot_free, managed_pages(r.m) -
			 global_node_page_state(r.m, NR_SLAB_UNRECLAIMABLE_B) -
			 global_node_page_state(r.m, NR_SLAB_RECLAIMABLE_B));
	memset(boot_area, 0, sizeof(boot_area));
	memset(area, 0, sizeof(area));
	snapshot(r.m, boot_area);

	for (step = 0; step < steps; step++) {
		unsigned int x = rand_below(&r, 100);

		if (x < 2 && mmsim_nr_cpus(r.m) > 1)
			assert_int_equal(mmsim_cpu_enter(r.m, (int)rand_below(&r, (unsigned int)mmsim_nr_cpus(r.m))), 0);
		else if (x < 3)
			mmsim_drain_all_pages();
		else if (x < 55 || !r.nr_live)
			do_alloc(&r);
		else
			do_free(&r, rand_below(&r, (unsigned int)r.nr_live));
		if (step % 64 == 0 && mmsim_validate(r.m))
			fail_msg("seed %llu: invariants broken after step %u",
				 (unsigned long long)seed, step);
	}
	assert_int_equal(mmsim_validate(r.m), 0);
	assert_int_equal(mmsim_nr_reports(r.m), 0);

	while (r.nr_live)
		do_free(&r, rand_below(&r, (unsigned int)r.nr_live));
	mmsim_drain_all_pages();
	/* drain the other CPUs too: they are free, drain_all_pages borrows them */
	assert_int_equal(mmsim_validate(r.m), 0);
	assert_int_equal(mmsim_nr_free_pages(), boot_free);
	snapshot(r.m, area);
	assert_memory_equal(area, boot_area, sizeof(area));
	assert_int_equal(mmsim_nr_reports(r.m), 0);

	free(r.used);
	free(r.live);
	mmsim_shutdown(r.m);
}

static unsigned int nr_steps(void)
{
	const char *vg = getenv("MMSIM_UNDER_VALGRIND");

	return vg && *vg == '1' ? 4000 : 60000;
}

static void for_each_seed(const char *params)
{
	static const u64 seeds[] = { 1, 42, 2, 3, 1234567 };
	const char *env = getenv("MMSIM_SEED");
	const char *vg = getenv("MMSIM_UNDER_VALGRIND");
	/* under Valgrind two seeds are enough: it is checking memory use */
	size_t i, n = vg && *vg == '1' ? 2 : ARRAY_SIZE(seeds);

	if (env) {
		u64 seed = strtoull(env, NULL, 0);

		printf("seed=%llu\n", (unsigned long long)seed);
		run_seed(params, seed, nr_steps());
		return;
	}
	for (i = 0; i < n; i++) {
		printf("seed=%llu %s\n", (unsigned long long)seeds[i], params);
		run_seed(params, seeds[i], nr_steps());
	}
}

static void test_random_1cpu(void **state)
{
	for_each_seed("mem=64M nr_cpus=1 printk.time=0");
}

static void test_random_2cpus(void **state)
{
	for_each_seed("mem=64M nr_cpus=2 printk.time=0");
}

static void test_random_nopcp(void **state)
{
	for_each_seed("mem=32M nr_cpus=2 printk.time=0 pcp=off");
}

static void test_random_numa(void **state)
{
	for_each_seed("mem=64M numa=2 nr_cpus=2 printk.time=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_1cpu),
		cmocka_unit_test(test_random_2cpus),
		cmocka_unit_test(test_random_nopcp),
		cmocka_unit_test(test_random_numa),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
