// SPDX-License-Identifier: MIT
/*
 * Randomized test of SLUB and kmalloc: seeded sequences of kmalloc,
 * kzalloc, kmalloc_node, krealloc and kfree of random sizes (1..8192 and
 * large ones), and of kmem_cache_alloc/free on private caches (one with
 * a constructor, one cache-line aligned, one aligned to 128), with the
 * thread moving between CPUs now and then so that objects are freed on
 * other CPUs than the one that allocated them.  A host-side record of
 * the live objects checks, after every step:
 *
 *   - each new object is aligned (>= 8, natural for power-of-two kmalloc
 *     classes, the cache's alignment for cache objects), its ksize() is
 *     the kernel's class size, it lies in simulated RAM on the asked node;
 *   - contents survive: every object carries its own pattern, checked
 *     when it is freed or reallocated and, every few hundred steps, for
 *     all live objects together with a sorted no-overlap check;
 *   - at the end, once everything is freed, the private caches destroyed
 *     and every cache shrunk (__kmem_cache_shrink(): flush_all() and
 *     discard every empty slab, CPU and per-CPU partial slabs included),
 *     NR_FREE_PAGES, nr_slab_reclaimable and nr_slab_unreclaimable are
 *     back at their values after boot, mmsim_validate() passes and
 *     nothing was reported.
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
#include <mm/slab.h>
#include <sim/machine.h>

#include "test-util.h"

#define NR_CACHES	3
#define MAX_LIVE	3000

struct obj {
	unsigned char *p;
	size_t size;		/* bytes asked for */
	int cache;		/* -1: kmalloc */
	unsigned int tag;
};

struct run {
	struct mmsim *m;
	u64 seed, rnd;
	int nr_cpus, nr_nodes, cpu;
	struct kmem_cache *caches[NR_CACHES];
	struct obj live[MAX_LIVE];
	int nr_live;
	unsigned int next_tag;
	unsigned long ops[8];
};

static const struct {
	const char *name;
	unsigned int size, align, flags;
	bool ctor;
} cache_specs[NR_CACHES] = {
	{ "rnd-ctor-72", 72, 0, 0, true },
	{ "rnd-hw-40", 40, 0, MMSIM_SLAB_HWCACHE_ALIGN, false },
	{ "rnd-al128-300", 300, 128, MMSIM_SLAB_RECLAIM_ACCOUNT, false },
};

static unsigned long ctor_calls;

static void ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0x3c, 72);
}

static u64 next_rand(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static u64 rnd(struct run *r, u64 n)
{
	return next_rand(&r->rnd) % n;
}

#define run_fail(r, ...)						\
	do {								\
		fprintf(stderr, "seed=%llu: ",				\
			(unsigned long long)(r)->seed);			\
		fail_msg(__VA_ARGS__);					\
	} while (0)

static void stamp(struct obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i++)
		o->p[i] = (unsigned char)(o->tag + i * 7);
}

static void check(struct run *r, const struct obj *o, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (o->p[i] != (unsigned char)(o->tag + i * 7))
			run_fail(r, "object %p (%zu bytes, tag %u): byte %zu overwritten",
				 o->p, o->size, o->tag, i);
}

/* The kernel's class size of kmalloc(@n) (kmalloc_size_roundup()). */
static size_t class_size(size_t n)
{
	size_t c;

	if (n <= 8)
		return 8;
	if (n > 64 && n <= 96)
		return 96;
	if (n > 128 && n <= 192)
		return 192;
	if (n <= KMALLOC_MAX_CACHE_SIZE) {
		for (c = 16; c < n; c <<= 1)
			;
		return c;
	}
	for (c = PAGE_SIZE; c < n; c <<= 1)
		;
	return c;
}

static void check_new_kmalloc(struct run *r, const struct obj *o, int nid)
{
	size_t cs = class_size(o->size);
	uintptr_t a = (uintptr_t)o->p;

	if (!virt_addr_in_arena(r->m, o->p))
		run_fail(r, "kmalloc(%zu) = %p: not simulated RAM", o->size, o->p);
	if (mmsim_ksize(o->p) != cs)
		run_fail(r, "ksize(kmalloc(%zu)) = %zu, kernel: %zu", o->size,
			 mmsim_ksize(o->p), cs);
	if (a % 8 || ((cs & (cs - 1)) == 0 && a % cs))
		run_fail(r, "kmalloc(%zu) = %p: misaligned", o->size, o->p);
	if (nid >= 0 && page_to_nid(virt_to_page(o->p)) != nid)
		run_fail(r, "kmalloc_node(%zu, %d) = %p on node %d", o->size, nid,
			 o->p, page_to_nid(virt_to_page(o->p)));
}

static size_t random_size(struct run *r)
{
	u64 x = rnd(r, 100);

	if (x < 45)
		return 1 + rnd(r, 128);
	if (x < 75)
		return 129 + rnd(r, 1024 - 128);
	if (x < 95)
		return 1025 + rnd(r, KMALLOC_MAX_CACHE_SIZE - 1024);
	return KMALLOC_MAX_CACHE_SIZE + 1 + rnd(r, 64 * 1024);
}

static gfp_t random_gfp(struct run *r)
{
	static const gfp_t gfps[] = {
		GFP_KERNEL, GFP_KERNEL, GFP_KERNEL, GFP_ATOMIC,
		GFP_KERNEL | __GFP_RECLAIMABLE, GFP_KERNEL | __GFP_DMA,
		GFP_NOWAIT,
	};

	return gfps[rnd(r, ARRAY_SIZE(gfps))];
}

static struct obj *new_obj(struct run *r)
{
	struct obj *o = &r->live[r->nr_live++];

	o->tag = r->next_tag++;
	return o;
}

static void drop_obj(struct run *r, int i)
{
	r->live[i] = r->live[--r->nr_live];
}

static void op_kmalloc(struct run *r)
{
	struct obj *o;
	int nid = -1;
	u64 how = rnd(r, 10);
	size_t i;

	if (r->nr_live == MAX_LIVE)
		return;
	o = new_obj(r);
	o->cache = -1;
	o->size = random_size(r);
	if (how < 2) {
		o->p = mmsim_kzalloc(o->size, GFP_KERNEL);
	} else if (how < 4 && r->nr_nodes > 1) {
		nid = (int)rnd(r, (u64)r->nr_nodes);
		o->p = mmsim_kmalloc_node(o->size, GFP_KERNEL, nid);
	} else if (how < 5) {
		o->p = mmsim_kcalloc(o->size, 1, GFP_KERNEL);
		how = 0;	/* zeroed too */
	} else {
		o->p = mmsim_kmalloc(o->size, random_gfp(r));
	}
	if (!o->p)
		run_fail(r, "kmalloc(%zu) failed", o->size);
	if (how < 2)
		for (i = 0; i < o->size; i++)
			if (o->p[i])
				run_fail(r, "kzalloc(%zu) = %p: byte %zu is %#x",
					 o->size, o->p, i, o->p[i]);
	check_new_kmalloc(r, o, nid);
	stamp(o);
	r->ops[0]++;
}

static void op_cache_alloc(struct run *r)
{
	int c = (int)rnd(r, NR_CACHES);
	struct kmem_cache *s = r->caches[c];
	struct obj *o;
	int nid = -1;

	if (r->nr_live == MAX_LIVE)
		return;
	o = new_obj(r);
	o->cache = c;
	o->size = cache_specs[c].size;
	if (r->nr_nodes > 1 && rnd(r, 4) == 0) {
		nid = (int)rnd(r, (u64)r->nr_nodes);
		o->p = mmsim_kmem_cache_alloc_node(s, GFP_KERNEL, nid);
	} else if (rnd(r, 8) == 0 && !cache_specs[c].ctor) {
		size_t i;

		o->p = mmsim_kmem_cache_zalloc(s, GFP_KERNEL);
		for (i = 0; o->p && i < o->size; i++)
			if (o->p[i])
				run_fail(r, "kmem_cache_zalloc(%s): byte %zu is %#x",
					 s->name, i, o->p[i]);
	} else {
		o->p = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	}
	if (!o->p)
		run_fail(r, "kmem_cache_alloc(%s) failed", s->name);
	if ((uintptr_t)o->p % s->align || s->align < 8)
		run_fail(r, "%s object %p not aligned to %u", s->name, o->p, s->align);
	if (virt_to_slab(o->p) == NULL || virt_to_slab(o->p)->slab_cache != s)
		run_fail(r, "%s object %p not in a slab of the cache", s->name, o->p);
	if (nid >= 0 && page_to_nid(virt_to_page(o->p)) != nid)
		run_fail(r, "kmem_cache_alloc_node(%s, %d) on node %d", s->name,
			 nid, page_to_nid(virt_to_page(o->p)));
	stamp(o);
	r->ops[1]++;
}

static void free_obj(struct run *r, int i)
{
	struct obj *o = &r->live[i];

	check(r, o, o->size);
	if (o->cache < 0)
		mmsim_kfree(o->p);
	else
		mmsim_kmem_cache_free(r->caches[o->cache], o->p);
	drop_obj(r, i);
}

static void op_free(struct run *r)
{
	if (!r->nr_live)
		return;
	free_obj(r, (int)rnd(r, (u64)r->nr_live));
	r->ops[2]++;
}

/* krealloc(): contents up to the smaller size survive; fits stay put. */
static void op_krealloc(struct run *r)
{
	struct obj *o;
	size_t new_size, ks;
	unsigned char *q;
	int i = 0, tries;

	for (tries = 0; tries < 8 && r->nr_live; tries++) {
		i = (int)rnd(r, (u64)r->nr_live);
		if (r->live[i].cache < 0)
			break;
	}
	if (!r->nr_live || r->live[i].cache >= 0)
		return;
	o = &r->live[i];
	new_size = rnd(r, 3) ? random_size(r) : o->size + rnd(r, 64);
	ks = mmsim_ksize(o->p);
	check(r, o, o->size);
	q = mmsim_krealloc(o->p, new_size, GFP_KERNEL);
	if (!q)
		run_fail(r, "krealloc(%zu -> %zu) failed", o->size, new_size);
	if (new_size <= ks && q != o->p)
		run_fail(r, "krealloc(%zu -> %zu) moved, but ksize is %zu",
			 o->size, new_size, ks);
	if (new_size > ks && q == o->p)
		run_fail(r, "krealloc(%zu -> %zu) stayed, but ksize is %zu",
			 o->size, new_size, ks);
	o->p = q;
	if (new_size < o->size)
		o->size = new_size;
	check(r, o, o->size);
	o->size = new_size;
	if (new_size > ks)
		check_new_kmalloc(r, o, -1);
	stamp(o);
	r->ops[3]++;
}

/* Move this thread to another CPU: later frees are remote frees. */
static void op_switch_cpu(struct run *r)
{
	int cpu;

	if (r->nr_cpus < 2)
		return;
	cpu = (int)rnd(r, (u64)r->nr_cpus);
	if (cpu == r->cpu)
		return;
	assert_int_equal(mmsim_cpu_exit(), 0);
	assert_int_equal(mmsim_cpu_enter(r->m, cpu), 0);
	r->cpu = cpu;
	r->ops[4]++;
}

static int cmp_obj(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct obj *)a)->p;
	uintptr_t y = (uintptr_t)((const struct obj *)b)->p;

	return x < y ? -1 : x > y;
}

/* Every live object intact and none overlapping another. */
static void check_all(struct run *r)
{
	struct obj *sorted = malloc(sizeof(*sorted) * (size_t)(r->nr_live + 1));
	int i;

	assert_non_null(sorted);
	memcpy(sorted, r->live, sizeof(*sorted) * (size_t)r->nr_live);
	qsort(sorted, (size_t)r->nr_live, sizeof(*sorted), cmp_obj);
	for (i = 0; i < r->nr_live; i++) {
		check(r, &sorted[i], sorted[i].size);
		if (i && sorted[i - 1].p + sorted[i - 1].size > sorted[i].p)
			run_fail(r, "objects %p (%zu bytes) and %p overlap",
				 sorted[i - 1].p, sorted[i - 1].size, sorted[i].p);
	}
	free(sorted);
}

static void shrink_all(struct mmsim *m)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_state(m)->slab_caches, list)
		mmsim_kmem_cache_shrink(s);
}

static long slab_pages(struct mmsim *m, enum node_stat_item item)
{
	return (long)global_node_page_state(m, item);
}

static void run_seed(const char *params, u64 seed, unsigned int steps)
{
	struct run *r = calloc(1, sizeof(*r));
	unsigned long boot_free;
	long boot_unrecl, boot_recl;
	unsigned int step;
	int c;

	assert_non_null(r);
	r->seed = seed;
	r->rnd = seed * 0x9e3779b97f4a7c15ULL + 1;
	r->m = boot(params);
	r->nr_cpus = mmsim_nr_cpus(r->m);
	r->nr_nodes = mmsim_nr_nodes(r->m);

	shrink_all(r->m);
	mmsim_drain_all_pages();
	boot_free = mmsim_nr_free_pages();
	boot_unrecl = slab_pages(r->m, NR_SLAB_UNRECLAIMABLE_B);
	boot_recl = slab_pages(r->m, NR_SLAB_RECLAIMABLE_B);

	for (c = 0; c < NR_CACHES; c++) {
		r->caches[c] = mmsim_kmem_cache_create(cache_specs[c].name,
						       cache_specs[c].size,
						       cache_specs[c].align,
						       cache_specs[c].flags,
						       cache_specs[c].ctor ? ctor : NULL);
		assert_non_null(r->caches[c]);
	}

	for (step = 0; step < steps; step++) {
		u64 x = rnd(r, 100);
		/* phases: grow, churn, shrink, so slabs fill and empty */
		unsigned int phase = (step / 2000) % 3;
		u64 alloc_pct = phase == 0 ? 60 : phase == 1 ? 45 : 30;

		if (x < alloc_pct * 2 / 3)
			op_kmalloc(r);
		else if (x < alloc_pct)
			op_cache_alloc(r);
		else if (x < 92)
			op_free(r);
		else if (x < 99)
			op_krealloc(r);
		else
			op_switch_cpu(r);
		if (step % 500 == 499)
			check_all(r);
		if (mmsim_nr_reports(r->m))
			run_fail(r, "a report at step %u", step);
	}
	check_all(r);
	while (r->nr_live)
		free_obj(r, r->nr_live - 1);
	for (c = 0; c < NR_CACHES; c++)
		mmsim_kmem_cache_destroy(r->caches[c]);
	shrink_all(r->m);
	mmsim_drain_all_pages();
	printf("  %u steps: %lu kmalloc, %lu cache allocs, %lu frees, %lu krealloc, %lu CPU moves\n",
	       steps, r->ops[0], r->ops[1], r->ops[2], r->ops[3], r->ops[4]);
	if (mmsim_validate(r->m))
		run_fail(r, "mmsim_validate() failed");
	if (mmsim_nr_reports(r->m))
		run_fail(r, "%lu reports", mmsim_nr_reports(r->m));
	if (slab_pages(r->m, NR_SLAB_UNRECLAIMABLE_B) != boot_unrecl ||
	    slab_pages(r->m, NR_SLAB_RECLAIMABLE_B) != boot_recl)
		run_fail(r, "slab pages %ld/%ld, after boot %ld/%ld",
			 slab_pages(r->m, NR_SLAB_UNRECLAIMABLE_B),
			 slab_pages(r->m, NR_SLAB_RECLAIMABLE_B), boot_unrecl,
			 boot_recl);
	if (mmsim_nr_free_pages() != boot_free)
		run_fail(r, "NR_FREE_PAGES %lu, after boot %lu",
			 mmsim_nr_free_pages(), boot_free);
	mmsim_shutdown(r->m);
	free(r);
}

static bool under_valgrind(void)
{
	const char *vg = getenv("MMSIM_UNDER_VALGRIND");

	return vg && *vg == '1';
}

static void for_each_seed(const char *params)
{
	static const u64 seeds[] = { 1, 42, 2, 3, 1234567 };
	const char *env = getenv("MMSIM_SEED");
	unsigned int steps = under_valgrind() ? 2500 : 50000;
	size_t i, n = under_valgrind() ? 1 : ARRAY_SIZE(seeds);

	if (env && *env) {
		u64 seed = strtoull(env, NULL, 0);

		printf("seed=%llu %s\n", (unsigned long long)seed, params);
		run_seed(params, seed, steps);
		return;
	}
	for (i = 0; i < n; i++) {
		printf("seed=%llu %s\n", (unsigned long long)seeds[i], params);
		fflush(stdout);
		run_seed(params, seeds[i], steps);
	}
}

static void test_random_1cpu(void **state)
{
	(void)state;
	for_each_seed("mem=64M nr_cpus=1 printk.time=0");
}

static void test_random_2cpus(void **state)
{
	(void)state;
	for_each_seed("mem=64M nr_cpus=2 printk.time=0");
}

static void test_random_numa(void **state)
{
	(void)state;
	for_each_seed("mem=128M numa=2 nr_cpus=4 printk.time=0");
}

static void test_random_hardened_nomerge(void **state)
{
	(void)state;
	for_each_seed("mem=64M nr_cpus=3 slab_nomerge slub_freelist_hardened=on printk.time=0");
}

static void test_random_small_slabs(void **state)
{
	(void)state;
	/* order-0 slabs only: many more slabs, partial lists busier */
	for_each_seed("mem=64M nr_cpus=2 slab_max_order=0 printk.time=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_1cpu),
		cmocka_unit_test(test_random_2cpus),
		cmocka_unit_test(test_random_numa),
		cmocka_unit_test(test_random_hardened_nomerge),
		cmocka_unit_test(test_random_small_slabs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
