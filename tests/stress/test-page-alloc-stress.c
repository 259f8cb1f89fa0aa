// SPDX-License-Identifier: MIT
/*
 * Multi-threaded stress test of the buddy allocator: N host threads, each
 * bound to its own simulated CPU, allocate and free blocks of random
 * orders; some blocks are handed to another thread to free (remote
 * frees: the page goes to the freeing CPU's lists, as in the kernel).
 * At the end everything is freed and drained, mmsim_validate() passes
 * and the free counts are back at their boot values.
 *
 * The seed comes from MMSIM_SEED, else from the clock; it is printed
 * first ("seed=...") so that a failure can be replayed.
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
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/machine.h>

#include "../test-util.h"

#define MAX_THREADS	4
#define MAILBOX		64	/* blocks in flight to one thread */

struct block {
	struct page *page;
	unsigned int order;
	u64 tag;
};

/* Blocks other threads hand to this one for freeing. */
struct mailbox {
	pthread_mutex_t lock;
	struct block slot[MAILBOX];
	int n;
};

struct worker {
	struct mmsim *m;
	int cpu, nr_threads;
	u64 rnd;
	unsigned int iterations;
	struct mailbox *boxes;
	unsigned long allocs, frees, remote_frees, failures;
	int errors;
	char error[256];
};

static u64 next_rand(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void stamp(struct block *b)
{
	unsigned long i;

	for (i = 0; i < (1UL << b->order); i++)
		*(u64 *)((char *)page_address(b->page) + i * PAGE_SIZE) = b->tag ^ i;
}

static int check_and_free(struct worker *w, struct block *b)
{
	unsigned long i;

	for (i = 0; i < (1UL << b->order); i++) {
		u64 v = *(u64 *)((char *)page_address(b->page) + i * PAGE_SIZE);

		if (v != (b->tag ^ i)) {
			snprintf(w->error, sizeof(w->error),
				 "CPU %d: pfn %#lx overwritten", w->cpu,
				 page_to_pfn(b->page) + i);
			w->errors++;
			return -1;
		}
	}
	mmsim___free_pages(b->page, b->order);
	w->frees++;
	return 0;
}

static void drain_mailbox(struct worker *w)
{
	struct mailbox *box = &w->boxes[w->cpu];
	struct block local[MAILBOX];
	int n, i;

	pthread_mutex_lock(&box->lock);
	n = box->n;
	memcpy(local, box->slot, sizeof(local[0]) * (size_t)n);
	box->n = 0;
	pthread_mutex_unlock(&box->lock);
	for (i = 0; i < n; i++) {
		check_and_free(w, &local[i]);
		w->remote_frees++;
	}
}

/* Hand @b to another thread; false if its mailbox is full. */
static bool post(struct worker *w, struct block *b)
{
	int to = (w->cpu + 1 + (int)(next_rand(&w->rnd) % (u64)(w->nr_threads - 1))) %
		 w->nr_threads;
	struct mailbox *box = &w->boxes[to];
	bool ok = false;

	pthread_mutex_lock(&box->lock);
	if (box->n < MAILBOX) {
		box->slot[box->n++] = *b;
		ok = true;
	}
	pthread_mutex_unlock(&box->lock);
	return ok;
}

static const gfp_t gfps[] = {
	GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_USER, GFP_KERNEL | __GFP_COMP,
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct block held[128];
	int nr_held = 0;
	unsigned int it;

	if (mmsim_cpu_enter(w->m, w->cpu)) {
		snprintf(w->error, sizeof(w->error), "cpu_enter(%d): %s", w->cpu,
			 mmsim_strerror());
		w->errors++;
		return NULL;
	}
	for (it = 0; it < w->iterations && !w->errors; it++) {
		u64 x = next_rand(&w->rnd);

		if ((x & 7) == 0)
			drain_mailbox(w);
		if (nr_held < (int)ARRAY_SIZE(held) && ((x >> 3) % 100 < 55 || !nr_held)) {
			unsigned int r = (unsigned int)((x >> 10) % 100);
			unsigned int order = r < 60 ? 0 : r < 90 ? 1 + (unsigned int)((x >> 20) % 3) :
				(unsigned int)((x >> 20) % (MAX_PAGE_ORDER + 1));
			struct block b;

			b.page = mmsim_alloc_pages(gfps[(x >> 30) % ARRAY_SIZE(gfps)] |
						   __GFP_NOWARN, order);
			if (!b.page) {
				w->failures++;
				continue;
			}
			b.order = order;
			b.tag = next_rand(&w->rnd);
			if (page_to_pfn(b.page) & ((1UL << order) - 1)) {
				snprintf(w->error, sizeof(w->error),
					 "misaligned order-%u block", order);
				w->errors++;
			}
			stamp(&b);
			w->allocs++;
			held[nr_held++] = b;
		} else if (nr_held) {
			int i = (int)((x >> 40) % (u64)nr_held);
			struct block b = held[i];

			held[i] = held[--nr_held];
			if ((x >> 50) % 4 == 0 && w->nr_threads > 1 && post(w, &b))
				continue;
			check_and_free(w, &b);
		}
	}
	while (nr_held)
		check_and_free(w, &held[--nr_held]);
	mmsim_cpu_exit();
	return NULL;
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

static void stress(int nr_threads, const char *params, u64 seed,
		   unsigned int iterations)
{
	struct mmsim *m = mmsim_boot(params);
	struct mailbox boxes[MAX_THREADS];
	struct worker w[MAX_THREADS];
	pthread_t t[MAX_THREADS];
	unsigned long boot_free, allocs = 0, remote = 0, failures = 0;
	int i;

	if (!m)
		fail_msg("boot: %s", mmsim_strerror());
	mmsim_set_report_stream(m, stderr);
	/*
	 * The reference state: boot's slab caches hold a few pages and left
	 * what they did not use on CPU 0's per-CPU lists; drain those, so
	 * that everything managed is free but the slab pages, as it is
	 * again after the final drain.
	 */
	mmsim_drain_all_pages();
	boot_free = mmsim_nr_free_pages();
	assert_int_equal(boot_free, managed_pages(m) -
			 global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) -
			 global_node_page_state(m, NR_SLAB_RECLAIMABLE_B));
	/* the workers take every CPU, this thread included in none */
	mmsim_cpu_exit();

	for (i = 0; i < nr_threads; i++) {
		pthread_mutex_init(&boxes[i].lock, NULL);
		boxes[i].n = 0;
		memset(&w[i], 0, sizeof(w[i]));
		w[i].m = m;
		w[i].cpu = i;
		w[i].nr_threads = nr_threads;
		w[i].rnd = seed * 0x9e3779b97f4a7c15ULL + (u64)i * 7919 + 1;
		w[i].iterations = iterations;
		w[i].boxes = boxes;
	}
	for (i = 0; i < nr_threads; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	for (i = 0; i < nr_threads; i++)
		pthread_join(t[i], NULL);

	assert_int_equal(mmsim_cpu_enter(m, 0), 0);
	/* blocks still in mailboxes: free them from CPU 0 */
	for (i = 0; i < nr_threads; i++) {
		int k;

		for (k = 0; k < boxes[i].n; k++)
			mmsim___free_pages(boxes[i].slot[k].page, boxes[i].slot[k].order);
		pthread_mutex_destroy(&boxes[i].lock);
	}
	for (i = 0; i < nr_threads; i++) {
		if (w[i].errors)
			fail_msg("seed=%llu: %s", (unsigned long long)seed, w[i].error);
		allocs += w[i].allocs;
		remote += w[i].remote_frees;
		failures += w[i].failures;
	}
	mmsim_drain_all_pages();
	printf("  %d threads, %s: %lu allocations, %lu remote frees, %lu failed\n",
	       nr_threads, params, allocs, remote, failures);
	assert_true(remote > 0);
	assert_int_equal(mmsim_validate(m), 0);
	assert_int_equal(mmsim_nr_free_pages(), boot_free);
	assert_int_equal(mmsim_nr_reports(m), 0);
	mmsim_shutdown(m);
}

static u64 seed;

static unsigned int iterations(void)
{
	const char *vg = getenv("MMSIM_UNDER_VALGRIND");

	return vg && *vg == '1' ? 10000 : 150000;
}

static void test_stress_2(void **state)
{
	stress(2, "mem=64M nr_cpus=2 printk.time=0", seed, iterations());
}

static void test_stress_4(void **state)
{
	stress(4, "mem=128M nr_cpus=4 printk.time=0", seed + 1, iterations());
}

static void test_stress_4_numa(void **state)
{
	stress(4, "mem=128M numa=2 nr_cpus=4 printk.time=0", seed + 2, iterations());
}

static void test_stress_small(void **state)
{
	/* a tiny machine: allocations fail often, slow paths drain */
	stress(3, "mem=16M nr_cpus=3 printk.time=0", seed + 3, iterations());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress_2),
		cmocka_unit_test(test_stress_4),
		cmocka_unit_test(test_stress_4_numa),
		cmocka_unit_test(test_stress_small),
	};

	seed = test_seed();
	printf("seed=%llu\n", (unsigned long long)seed);
	fflush(stdout);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
