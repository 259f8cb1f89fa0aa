// SPDX-License-Identifier: MIT
/*
 * Multi-threaded stress test of SLUB and kmalloc: N host threads, each
 * bound to its own simulated CPU, allocate objects (kmalloc of random
 * sizes, large ones too, and objects of two shared caches, one with a
 * constructor), stamp them, check and free them; about a quarter are
 * handed to another thread to free (remote frees: __slab_free() into
 * another CPU's frozen slab, or a full slab going to the freeing CPU's
 * partial list).  Now and then a thread shrinks a shared cache while
 * the others keep allocating (flush_all() of CPUs in use).
 *
 * At the end every object is freed, the threads leave their CPUs
 * (mmsim_cpu_exit()), one thread destroys the caches and shrinks every
 * cache, and NR_FREE_PAGES and the slab page counters are back at their
 * values after boot, mmsim_validate() passes and nothing was reported.
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
#include <mm/slab.h>
#include <sim/machine.h>

#include "../test-util.h"

#define MAX_THREADS	4
#define MAILBOX		128	/* objects in flight to one thread */
#define HELD		256	/* objects one thread holds */
#define NR_CACHES	2

struct obj {
	unsigned char *p;
	size_t size;
	int cache;		/* -1: kmalloc */
	u32 tag;
};

struct mailbox {
	pthread_mutex_t lock;
	struct obj slot[MAILBOX];
	int n;
};

struct shared {
	struct mmsim *m;
	struct kmem_cache *caches[NR_CACHES];
	struct mailbox boxes[MAX_THREADS];
	pthread_barrier_t done;
	int nr_threads;
};

struct worker {
	struct shared *sh;
	int cpu;
	u64 rnd;
	unsigned int iterations;
	unsigned long allocs, frees, remote_frees, shrinks;
	int errors;
	char error[256];
};

static const struct {
	const char *name;
	unsigned int size, align;
	bool ctor;
} cache_specs[NR_CACHES] = {
	{ "stress-ctor-64", 64, 0, true },
	{ "stress-200", 200, 64, false },
};

static void ctor(void *obj)
{
	memset(obj, 0x6b, 64);
}

static u64 next_rand(u64 *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void stamp(struct obj *o)
{
	size_t i;

	/* the ends and a stride through the middle: cheap but catches
	 * overlap and stray free pointers */
	for (i = 0; i < o->size; i += (i < 64 || i + 64 >= o->size) ? 1 : 61)
		o->p[i] = (unsigned char)(o->tag + i);
}

static int check(struct worker *w, const struct obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i += (i < 64 || i + 64 >= o->size) ? 1 : 61) {
		if (o->p[i] != (unsigned char)(o->tag + i)) {
			snprintf(w->error, sizeof(w->error),
				 "CPU %d: object %p (%zu bytes, cache %d): byte %zu overwritten",
				 w->cpu, o->p, o->size, o->cache, i);
			w->errors++;
			return -1;
		}
	}
	return 0;
}

static void free_obj(struct worker *w, struct obj *o)
{
	if (check(w, o))
		return;		/* keep the evidence */
	if (o->cache < 0)
		mmsim_kfree(o->p);
	else
		mmsim_kmem_cache_free(w->sh->caches[o->cache], o->p);
	w->frees++;
}

static void drain_mailbox(struct worker *w)
{
	struct mailbox *box = &w->sh->boxes[w->cpu];
	struct obj local[MAILBOX];
	int n, i;

	pthread_mutex_lock(&box->lock);
	n = box->n;
	memcpy(local, box->slot, sizeof(local[0]) * (size_t)n);
	box->n = 0;
	pthread_mutex_unlock(&box->lock);
	for (i = 0; i < n; i++) {
		free_obj(w, &local[i]);
		w->remote_frees++;
	}
}

static bool post(struct worker *w, const struct obj *o)
{
	int n = w->sh->nr_threads;
	int to = (w->cpu + 1 + (int)(next_rand(&w->rnd) % (u64)(n - 1))) % n;
	struct mailbox *box = &w->sh->boxes[to];
	bool ok = false;

	pthread_mutex_lock(&box->lock);
	if (box->n < MAILBOX) {
		box->slot[box->n++] = *o;
		ok = true;
	}
	pthread_mutex_unlock(&box->lock);
	return ok;
}

static size_t random_size(struct worker *w)
{
	u64 x = next_rand(&w->rnd);
	unsigned int r = (unsigned int)(x % 100);

	x >>= 8;
	if (r < 50)
		return 1 + x % 128;
	if (r < 80)
		return 129 + x % 896;
	if (r < 98)
		return 1025 + x % (KMALLOC_MAX_CACHE_SIZE - 1024);
	return KMALLOC_MAX_CACHE_SIZE + 1 + x % (32 * 1024);
}

static bool alloc_obj(struct worker *w, struct obj *o)
{
	u64 x = next_rand(&w->rnd);
	int c = (int)(x % 4);

	o->tag = (u32)(x >> 32);
	if (c < NR_CACHES) {
		struct kmem_cache *s = w->sh->caches[c];

		o->cache = c;
		o->size = cache_specs[c].size;
		o->p = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		if (o->p && ((uintptr_t)o->p % s->align ||
			     virt_to_slab(o->p)->slab_cache != s)) {
			snprintf(w->error, sizeof(w->error),
				 "CPU %d: %s object %p misplaced", w->cpu,
				 s->name, o->p);
			w->errors++;
		}
	} else {
		o->cache = -1;
		o->size = random_size(w);
		o->p = mmsim_kmalloc(o->size, (x >> 8) % 8 ? GFP_KERNEL :
				     GFP_KERNEL | __GFP_RECLAIMABLE);
		if (o->p && mmsim_ksize(o->p) < o->size) {
			snprintf(w->error, sizeof(w->error),
				 "CPU %d: ksize(kmalloc(%zu)) = %zu", w->cpu,
				 o->size, mmsim_ksize(o->p));
			w->errors++;
		}
	}
	if (!o->p) {
		snprintf(w->error, sizeof(w->error), "CPU %d: allocation of %zu failed",
			 w->cpu, o->size);
		w->errors++;
		return false;
	}
	if ((uintptr_t)o->p % 8) {
		snprintf(w->error, sizeof(w->error), "CPU %d: %p misaligned",
			 w->cpu, o->p);
		w->errors++;
	}
	stamp(o);
	w->allocs++;
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct obj held[HELD];
	int nr_held = 0;
	unsigned int it;

	if (mmsim_cpu_enter(w->sh->m, w->cpu)) {
		snprintf(w->error, sizeof(w->error), "cpu_enter(%d): %s", w->cpu,
			 mmsim_strerror());
		w->errors++;
		pthread_barrier_wait(&w->sh->done);
		pthread_barrier_wait(&w->sh->done);
		return NULL;
	}
	for (it = 0; it < w->iterations && !w->errors; it++) {
		u64 x = next_rand(&w->rnd);

		if ((x & 7) == 0)
			drain_mailbox(w);
		if ((x >> 3) % 4000 == 0) {
			mmsim_kmem_cache_shrink(w->sh->caches[(x >> 20) % NR_CACHES]);
			w->shrinks++;
		}
		if (nr_held < HELD && ((x >> 16) % 100 < 52 || !nr_held)) {
			if (alloc_obj(w, &held[nr_held]))
				nr_held++;
		} else if (nr_held) {
			int i = (int)((x >> 32) % (u64)nr_held);
			struct obj o = held[i];

			held[i] = held[--nr_held];
			if ((x >> 48) % 4 == 0 && w->sh->nr_threads > 1 && post(w, &o))
				continue;
			free_obj(w, &o);
		}
	}
	while (nr_held)
		free_obj(w, &held[--nr_held]);
	/* nobody posts after this barrier: empty the mailbox for good */
	pthread_barrier_wait(&w->sh->done);
	drain_mailbox(w);
	pthread_barrier_wait(&w->sh->done);
	mmsim_cpu_exit();
	return NULL;
}

static void shrink_all(struct mmsim *m)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_state(m)->slab_caches, list)
		mmsim_kmem_cache_shrink(s);
}

static void stress(int nr_threads, const char *params, u64 seed,
		   unsigned int iterations)
{
	struct mmsim *m = mmsim_boot(params);
	struct shared *sh = calloc(1, sizeof(*sh));
	struct worker w[MAX_THREADS];
	pthread_t t[MAX_THREADS];
	unsigned long boot_free, allocs = 0, remote = 0, shrinks = 0;
	long boot_unrecl, boot_recl;
	int i;

	if (!m)
		fail_msg("boot: %s", mmsim_strerror());
	assert_non_null(sh);
	mmsim_set_report_stream(m, stderr);
	shrink_all(m);
	mmsim_drain_all_pages();
	boot_free = mmsim_nr_free_pages();
	boot_unrecl = (long)global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B);
	boot_recl = (long)global_node_page_state(m, NR_SLAB_RECLAIMABLE_B);

	sh->m = m;
	sh->nr_threads = nr_threads;
	for (i = 0; i < NR_CACHES; i++) {
		sh->caches[i] = mmsim_kmem_cache_create(cache_specs[i].name,
							cache_specs[i].size,
							cache_specs[i].align, 0,
							cache_specs[i].ctor ? ctor : NULL);
		assert_non_null(sh->caches[i]);
	}
	pthread_barrier_init(&sh->done, NULL, (unsigned int)nr_threads);
	/* the workers take every CPU, this thread none */
	assert_int_equal(mmsim_cpu_exit(), 0);

	for (i = 0; i < nr_threads; i++) {
		pthread_mutex_init(&sh->boxes[i].lock, NULL);
		memset(&w[i], 0, sizeof(w[i]));
		w[i].sh = sh;
		w[i].cpu = i;
		w[i].rnd = seed * 0x9e3779b97f4a7c15ULL + (u64)i * 7919 + 1;
		w[i].iterations = iterations;
	}
	for (i = 0; i < nr_threads; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	for (i = 0; i < nr_threads; i++)
		pthread_join(t[i], NULL);

	for (i = 0; i < nr_threads; i++) {
		if (w[i].errors)
			fail_msg("seed=%llu: %s", (unsigned long long)seed, w[i].error);
		allocs += w[i].allocs;
		remote += w[i].remote_frees;
		shrinks += w[i].shrinks;
		pthread_mutex_destroy(&sh->boxes[i].lock);
	}
	pthread_barrier_destroy(&sh->done);

	assert_int_equal(mmsim_cpu_enter(m, nr_threads - 1), 0);
	for (i = 0; i < NR_CACHES; i++)
		mmsim_kmem_cache_destroy(sh->caches[i]);
	shrink_all(m);
	mmsim_drain_all_pages();
	printf("  %d threads, %s: %lu allocations, %lu remote frees, %lu shrinks\n",
	       nr_threads, params, allocs, remote, shrinks);
	assert_true(remote > 0);
	assert_int_equal(mmsim_nr_reports(m), 0);
	assert_int_equal(mmsim_validate(m), 0);
	assert_int_equal((long)global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B),
			 boot_unrecl);
	assert_int_equal((long)global_node_page_state(m, NR_SLAB_RECLAIMABLE_B),
			 boot_recl);
	assert_int_equal(mmsim_nr_free_pages(), boot_free);
	mmsim_shutdown(m);
	free(sh);
}

static u64 seed;

static unsigned int iterations(void)
{
	const char *vg = getenv("MMSIM_UNDER_VALGRIND");

	return vg && *vg == '1' ? 5000 : 600000;
}

static void test_stress_2(void **state)
{
	(void)state;
	stress(2, "mem=64M nr_cpus=2 printk.time=0", seed, iterations());
}

static void test_stress_4(void **state)
{
	(void)state;
	stress(4, "mem=128M nr_cpus=4 printk.time=0", seed + 1, iterations());
}

static void test_stress_4_numa(void **state)
{
	(void)state;
	stress(4, "mem=128M numa=2 nr_cpus=4 printk.time=0", seed + 2, iterations());
}

static void test_stress_hardened(void **state)
{
	(void)state;
	stress(3, "mem=64M nr_cpus=3 slub_freelist_hardened=on slab_max_order=0 printk.time=0",
	       seed + 3, iterations());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress_2),
		cmocka_unit_test(test_stress_4),
		cmocka_unit_test(test_stress_4_numa),
		cmocka_unit_test(test_stress_hardened),
	};

	seed = test_seed();
	printf("seed=%llu\n", (unsigned long long)seed);
	fflush(stdout);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
