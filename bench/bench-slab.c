/* SPDX-License-Identifier: MIT */
/*
 * bench/bench-slab.c - the slab benchmark: how fast are the simulated
 * SLUB caches and kmalloc, next to the host's malloc implementations
 * measured in the same process run on the same patterns?
 *
 * Simulator cases (public API only, "mem=1G nr_cpus=2", no slub_debug):
 *
 *   slab/kmalloc-{8,64,256,1024,4096}	one op = kmalloc(size, GFP_KERNEL)
 *					+ kfree()
 *   slab/cache-64			one op = kmem_cache_alloc() +
 *					kmem_cache_free() on a private
 *					64-byte cache (SLAB_NO_MERGE)
 *   slab/{kmalloc,cache}-64/batch1000-lifo
 *   slab/{kmalloc,cache}-64/batch1000-random
 *					allocate 1000 objects, then free
 *					them last-in first-out, or in a
 *					random order (a permutation computed
 *					once per thread, outside the timing);
 *					one op = one object's alloc + free
 *
 * References, same bench names, same patterns, same sizes (the cache
 * cases use malloc(64)/free(), the closest a malloc has):
 *
 *   glibc	the process's own malloc()/free() (glibc, tcache on)
 *   jemalloc	malloc()/free() of libjemalloc.so.2
 *   mimalloc	mi_malloc()/mi_free() of libmimalloc.so.2
 *   tcmalloc	tc_malloc()/tc_free() of libtcmalloc_minimal.so.4
 *
 * Every one of them exports malloc and free, so linking them would make
 * the first one the malloc of the whole process (of glibc's reference
 * and of the simulator too).  They are loaded with dlopen(RTLD_LOCAL)
 * instead, which keeps glibc the process's malloc, and their entry
 * points are looked up in the loaded object itself; all four are called
 * through function pointers, which also keeps the compiler from
 * eliding a malloc/free pair.  jemalloc's initial-exec TLS (2.6 KiB) is
 * larger than the static TLS glibc keeps for dlopen(); when dlopen()
 * says so the program re-executes itself once with
 * GLIBC_TUNABLES=glibc.rtld.optional_static_tls=16384 (meson's
 * benchmark() and test() set it from the start).  A reference that is
 * not installed (meson's find_library(), or dlopen() at run time) is
 * left out, and said so on stderr.
 *
 * Each case runs with 1 and 2 threads; thread i binds to simulated CPU
 * i (mmsim_cpu_enter()).  Figures are ns per alloc+free pair per
 * thread.  Ratio lines: mmsim over each reference; the one over the
 * fastest reference of the case carries the target "<= 1"
 * (printed, never asserted).
 *
 * After the runs the machine must validate and have made no BUG or
 * WARNING report, and the private cache must be destroyed without
 * complaint (no object left), so the --quick smoke test also proves
 * the allocator survived being hammered.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* dladdr(), dlinfo(), strchrnul() */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* After the system headers: it spells kernel names that might clash. */
#include <mmsim/mmsim.h>
#include <mmsim/kernel.h>

#define BATCH		1000
#define CACHE_SIZE	64
#define STATIC_TLS_TUNABLE "glibc.rtld.optional_static_tls=16384"
#define REEXEC_ENV	"MMSIM_BENCH_SLAB_REEXEC"

/* ------------------------------------------------------------------ */
/* The allocators measured */

struct allocator {
	const char *name;		/* the impl's name */
	bool available;			/* built with it (meson found it) */
	const char *const sonames[3];	/* dlopen() candidates, in order */
	const char *malloc_sym, *free_sym;
	void *(*malloc)(size_t);
	void (*free)(void *);
	const char *from;		/* the object they came from */
};

#ifndef BENCH_HAVE_JEMALLOC
#define BENCH_HAVE_JEMALLOC 0
#endif
#ifndef BENCH_HAVE_MIMALLOC
#define BENCH_HAVE_MIMALLOC 0
#endif
#ifndef BENCH_HAVE_TCMALLOC
#define BENCH_HAVE_TCMALLOC 0
#endif

enum { REF_GLIBC, REF_JEMALLOC, REF_MIMALLOC, REF_TCMALLOC, NR_REFS };

static struct allocator refs[NR_REFS] = {
	[REF_GLIBC] = {
		.name = "glibc", .available = true,
		.malloc = malloc, .free = free, .from = "libc.so.6",
	},
	[REF_JEMALLOC] = {
		.name = "jemalloc", .available = BENCH_HAVE_JEMALLOC,
		.sonames = { "libjemalloc.so.2", "libjemalloc.so" },
		/* the fast paths (imalloc_fastpath, free_fastpath) */
		.malloc_sym = "malloc", .free_sym = "free",
	},
	[REF_MIMALLOC] = {
		.name = "mimalloc", .available = BENCH_HAVE_MIMALLOC,
		.sonames = { "libmimalloc.so.2", "libmimalloc.so" },
		.malloc_sym = "mi_malloc", .free_sym = "mi_free",
	},
	[REF_TCMALLOC] = {
		.name = "tcmalloc", .available = BENCH_HAVE_TCMALLOC,
		/* minimal: the same allocator without the heap profiler */
		.sonames = { "libtcmalloc_minimal.so.4", "libtcmalloc.so.4",
			     "libtcmalloc_minimal.so" },
		.malloc_sym = "tc_malloc", .free_sym = "tc_free",
	},
};

/* Did @sym come from the object @handle, not from one it depends on? */
static bool symbol_in(void *handle, void *sym, const char **from)
{
	struct link_map *lm;
	Dl_info info;

	if (dlinfo(handle, RTLD_DI_LINKMAP, &lm) || !dladdr(sym, &info))
		return false;
	*from = lm->l_name;
	return info.dli_fbase == (void *)lm->l_addr ||
	       (info.dli_fname && !strcmp(info.dli_fname, lm->l_name));
}

/*
 * dlopen() a reference without making it the process's malloc.  0, or
 * -1 with *why set; *static_tls when it failed for lack of static TLS.
 */
static int load_ref(struct allocator *a, char *why, size_t len,
		    bool *static_tls)
{
	const char *err = "not found";
	void *handle = NULL, *m, *f;
	int i;

	for (i = 0; !handle && a->sonames[i]; i++) {
		handle = dlopen(a->sonames[i], RTLD_NOW | RTLD_LOCAL);
		if (!handle) {
			err = dlerror();
			if (strstr(err, "static TLS"))
				*static_tls = true;
			if (!strstr(err, "No such file"))
				break;	/* found, but cannot be loaded */
		}
	}
	if (!handle) {
		snprintf(why, len, "%s", err);
		return -1;
	}
	m = dlsym(handle, a->malloc_sym);
	f = dlsym(handle, a->free_sym);
	if (!m || !f || !symbol_in(handle, m, &a->from) ||
	    !symbol_in(handle, f, &a->from)) {
		snprintf(why, len, "%s has no %s/%s of its own", a->from,
			 a->malloc_sym, a->free_sym);
		dlclose(handle);
		return -1;
	}
	a->malloc = (void *(*)(size_t))m;
	a->free = (void (*)(void *))f;
	return 0;	/* never closed: its memory may be in use */
}

/* ------------------------------------------------------------------ */
/* The patterns */

enum pattern { PAIR, BATCH_LIFO, BATCH_RANDOM };
enum api { API_KMALLOC, API_CACHE };

struct pattern_desc {
	const char *bench;
	enum api api;
	size_t size;
	enum pattern pattern;
};

static const struct pattern_desc patterns[] = {
	{ "slab/kmalloc-8", API_KMALLOC, 8, PAIR },
	{ "slab/kmalloc-64", API_KMALLOC, 64, PAIR },
	{ "slab/kmalloc-256", API_KMALLOC, 256, PAIR },
	{ "slab/kmalloc-1024", API_KMALLOC, 1024, PAIR },
	{ "slab/kmalloc-4096", API_KMALLOC, 4096, PAIR },
	{ "slab/cache-64", API_CACHE, CACHE_SIZE, PAIR },
	{ "slab/kmalloc-64/batch1000-lifo", API_KMALLOC, 64, BATCH_LIFO },
	{ "slab/kmalloc-64/batch1000-random", API_KMALLOC, 64, BATCH_RANDOM },
	{ "slab/cache-64/batch1000-lifo", API_CACHE, CACHE_SIZE, BATCH_LIFO },
	{ "slab/cache-64/batch1000-random", API_CACHE, CACHE_SIZE,
	  BATCH_RANDOM },
};

#define NR_PATTERNS	(sizeof(patterns) / sizeof(patterns[0]))
#define NR_THREAD_COUNTS 2
#define NR_IMPLS	(1 + NR_REFS)	/* mmsim first, then the references */

/* A case's arg. */
struct slab_arg {
	const struct pattern_desc *p;
	struct mmsim *m;
	struct kmem_cache *cache;	/* API_CACHE */
	const struct allocator *ref;	/* NULL: the simulator */
};

/* A measuring thread's batch: its objects and its free order. */
struct batch {
	void *obj[BATCH];
	unsigned short perm[BATCH];
};

/* Fisher-Yates with xorshift64*, seeded by thread: same for every impl. */
static void make_permutation(unsigned short *perm, int id)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL * (uint64_t)(id + 1);
	int i, j;
	unsigned short tmp;

	for (i = 0; i < BATCH; i++)
		perm[i] = (unsigned short)i;
	for (i = BATCH - 1; i > 0; i--) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		j = (int)((x * 0x2545f4914f6cdd1dULL >> 33) % (uint64_t)(i + 1));
		tmp = perm[i];
		perm[i] = perm[j];
		perm[j] = tmp;
	}
}

static int batch_init(struct bench_thread *t)
{
	struct slab_arg *a = t->arg;
	struct batch *b;

	t->priv = NULL;
	if (a->p->pattern == PAIR)
		return 0;
	b = aligned_alloc(64, sizeof(*b));
	if (!b)
		return -ENOMEM;
	make_permutation(b->perm, t->id);
	t->priv = b;
	return 0;
}

static void batch_fini(struct bench_thread *t)
{
	free(t->priv);
}

/*
 * The loops, written once and instantiated per allocator so that the
 * simulator's calls are direct and the references' are one indirect
 * call each: always_inline with constant function arguments.
 */
typedef void *(*alloc_fn)(const struct slab_arg *a);
typedef void (*free_fn)(const struct slab_arg *a, void *p);

static __attribute__((always_inline)) inline int
pair_loop(const struct slab_arg *a, uint64_t n, alloc_fn alloc, free_fn fr)
{
	void *p;

	while (n--) {
		p = alloc(a);
		if (!p)
			return -1;
		bench_do_not_optimize(p);
		fr(a, p);
	}
	return 0;
}

/* n objects, in batches of BATCH (the last one may be smaller). */
static __attribute__((always_inline)) inline int
batch_loop(const struct slab_arg *a, struct batch *b, uint64_t n,
	   bool random, alloc_fn alloc, free_fn fr)
{
	unsigned int i, k;

	while (n) {
		k = n < BATCH ? (unsigned int)n : BATCH;
		for (i = 0; i < k; i++) {
			b->obj[i] = alloc(a);
			if (!b->obj[i]) {
				while (i--)
					fr(a, b->obj[i]);
				return -1;
			}
		}
		bench_clobber();
		if (!random) {
			for (i = k; i--;)
				fr(a, b->obj[i]);
		} else if (k == BATCH) {
			for (i = 0; i < BATCH; i++)
				fr(a, b->obj[b->perm[i]]);
		} else {
			for (i = 0; i < BATCH; i++)
				if (b->perm[i] < k)
					fr(a, b->obj[b->perm[i]]);
		}
		n -= k;
	}
	return 0;
}

static inline void *sim_kmalloc(const struct slab_arg *a)
{
	return kmalloc(a->p->size, GFP_KERNEL);
}

static inline void sim_kfree(const struct slab_arg *a, void *p)
{
	kfree(p);
}

static inline void *sim_cache_alloc(const struct slab_arg *a)
{
	return kmem_cache_alloc(a->cache, GFP_KERNEL);
}

static inline void sim_cache_free(const struct slab_arg *a, void *p)
{
	kmem_cache_free(a->cache, p);
}

static inline void *ref_malloc(const struct slab_arg *a)
{
	return a->ref->malloc(a->p->size);
}

static inline void ref_free(const struct slab_arg *a, void *p)
{
	a->ref->free(p);
}

/* --toggle-collect=sim_loop counts exactly the simulator's timed work. */
static __attribute__((noinline)) int sim_loop(struct bench_thread *t,
					      uint64_t n)
{
	const struct slab_arg *a = t->arg;
	bool random = a->p->pattern == BATCH_RANDOM;

	if (a->p->api == API_KMALLOC) {
		if (a->p->pattern == PAIR)
			return pair_loop(a, n, sim_kmalloc, sim_kfree);
		return batch_loop(a, t->priv, n, random, sim_kmalloc,
				  sim_kfree);
	}
	if (a->p->pattern == PAIR)
		return pair_loop(a, n, sim_cache_alloc, sim_cache_free);
	return batch_loop(a, t->priv, n, random, sim_cache_alloc,
			  sim_cache_free);
}

static __attribute__((noinline)) int ref_loop(struct bench_thread *t,
					      uint64_t n)
{
	const struct slab_arg *a = t->arg;

	if (a->p->pattern == PAIR)
		return pair_loop(a, n, ref_malloc, ref_free);
	return batch_loop(a, t->priv, n, a->p->pattern == BATCH_RANDOM,
			  ref_malloc, ref_free);
}

static int sim_thread_init(struct bench_thread *t)
{
	struct slab_arg *a = t->arg;
	int err = mmsim_cpu_enter(a->m, t->id);

	if (err) {
		fprintf(stderr, "bench-slab: mmsim_cpu_enter(%d): %s\n",
			t->id, strerror(-err));
		return err;
	}
	err = batch_init(t);
	if (err)
		mmsim_cpu_exit();
	return err;
}

static void sim_thread_fini(struct bench_thread *t)
{
	batch_fini(t);
	mmsim_cpu_exit();
}

static const struct bench_impl mmsim_impl = {
	.name = "mmsim",
	.thread_init = sim_thread_init,
	.thread_fini = sim_thread_fini,
	.loop = sim_loop,
};

static struct bench_impl ref_impls[NR_REFS];

/* ------------------------------------------------------------------ */

static struct bench_case cases[NR_THREAD_COUNTS * NR_PATTERNS * NR_IMPLS];
static struct slab_arg args[NR_PATTERNS][NR_IMPLS];
static int nr_cases;

/* The case of (threads, pattern, impl), or NULL if it was left out. */
static struct bench_case *find_case(int threads, unsigned int p, int impl)
{
	const char *name = impl ? refs[impl - 1].name : "mmsim";
	int i;

	for (i = 0; i < nr_cases; i++)
		if (cases[i].nr_threads == threads &&
		    cases[i].bench == patterns[p].bench &&
		    !strcmp(cases[i].impl->name, name))
			return &cases[i];
	return NULL;
}

static bool ref_wanted(const char *filter, const struct allocator *r)
{
	char key[256];
	unsigned int p;
	int th;

	for (p = 0; p < NR_PATTERNS; p++)
		for (th = 1; th <= NR_THREAD_COUNTS; th++) {
			snprintf(key, sizeof(key), "%s/%s/%dt",
				 patterns[p].bench, r->name, th);
			if (bench_filter_keeps(filter, key))
				return true;
		}
	return false;
}

/*
 * Load the references the filter wants.  Re-executes the program (once)
 * when a reference needs more static TLS than glibc kept for dlopen().
 */
static void load_refs(const struct bench_options *opt, char **argv)
{
	bool static_tls = false;
	char why[512];
	int r;

	for (r = 0; r < NR_REFS; r++) {
		struct allocator *a = &refs[r];

		if (!ref_wanted(opt->filter, a)) {
			a->available = false;
			continue;
		}
		if (!a->available) {
			fprintf(stderr, "bench-slab: reference %s missing: "
				"not found when this was built\n", a->name);
			continue;
		}
		if (!a->malloc && load_ref(a, why, sizeof(why), &static_tls)) {
			if (static_tls && !getenv(REEXEC_ENV)) {
				const char *old = getenv("GLIBC_TUNABLES");
				char tun[1024];

				snprintf(tun, sizeof(tun), "%s%s%s",
					 old ? old : "", old ? ":" : "",
					 STATIC_TLS_TUNABLE);
				setenv("GLIBC_TUNABLES", tun, 1);
				setenv(REEXEC_ENV, "1", 1);
				fprintf(stderr, "bench-slab: %s needs more "
					"static TLS: re-executing with "
					"GLIBC_TUNABLES=%s\n", a->name, tun);
				fflush(NULL);
				execv("/proc/self/exe", argv);
				fprintf(stderr, "bench-slab: execv: %s\n",
					strerror(errno));
			}
			fprintf(stderr, "bench-slab: reference %s missing: "
				"%s\n", a->name, why);
			a->available = false;
			continue;
		}
		fprintf(stderr, "bench-slab: reference %s: %s/%s from %s\n",
			a->name, r == REF_GLIBC ? "malloc" : a->malloc_sym,
			r == REF_GLIBC ? "free" : a->free_sym, a->from);
	}
}

/* The machine must come out of the benchmark intact.  0 or -1. */
static int check_machine(struct mmsim *m, struct kmem_cache *cache)
{
	unsigned long reports;
	int broken;

	if (mmsim_cpu_enter(m, 0))
		return -1;
	if (cache)
		kmem_cache_destroy(cache);	/* reports leftover objects */
	broken = mmsim_validate(m);
	reports = mmsim_nr_reports(m);
	mmsim_cpu_exit();
	if (broken || reports) {
		fprintf(stderr, "bench-slab: %d broken invariants, %lu "
			"reports\n", broken, reports);
		return -1;
	}
	return 0;
}

static void report_ratios(const struct bench_options *opt)
{
	struct bench_case *sim, *ref, *fastest;
	unsigned int p;
	int th, r;

	for (th = 1; th <= NR_THREAD_COUNTS; th++) {
		for (p = 0; p < NR_PATTERNS; p++) {
			sim = find_case(th, p, 0);
			fastest = NULL;
			for (r = 0; r < NR_REFS; r++) {
				ref = find_case(th, p, 1 + r);
				if (ref && ref->selected && !ref->failed &&
				    ref->ns && (!fastest ||
						ref->median < fastest->median))
					fastest = ref;
			}
			for (r = 0; r < NR_REFS; r++) {
				ref = find_case(th, p, 1 + r);
				if (sim && ref)
					bench_ratio(opt, patterns[p].bench,
						    sim, ref,
						    ref == fastest ? "<= 1" :
								     NULL);
			}
		}
	}
}

int main(int argc, char **argv)
{
	static const char params[] = "mem=1G nr_cpus=2";
	struct kmem_cache *cache = NULL;
	struct bench_options opt;
	struct mmsim *m = NULL;
	unsigned int p;
	int th, i, r, ret = 1;

	r = bench_parse_args(argc, argv, &opt);
	if (r)
		return r > 0 ? 0 : 2;
	load_refs(&opt, argv);

	m = mmsim_boot(params);
	if (!m) {
		fprintf(stderr, "bench-slab: mmsim_boot(\"%s\"): %s\n", params,
			mmsim_strerror());
		return 1;
	}
	/* Booting bound us to CPU 0: create the cache there, then let go. */
	cache = kmem_cache_create("bench-64", CACHE_SIZE, 0, SLAB_NO_MERGE,
				  NULL);
	mmsim_cpu_exit();
	if (!cache) {
		fprintf(stderr, "bench-slab: kmem_cache_create: %s\n",
			mmsim_strerror());
		goto shutdown;
	}

	for (r = 0; r < NR_REFS; r++)
		ref_impls[r] = (struct bench_impl){
			.name = refs[r].name,
			.thread_init = batch_init,
			.thread_fini = batch_fini,
			.loop = ref_loop,
		};
	for (p = 0; p < NR_PATTERNS; p++)
		for (i = 0; i < NR_IMPLS; i++)
			args[p][i] = (struct slab_arg){
				.p = &patterns[p],
				.m = m,
				.cache = cache,
				.ref = i ? &refs[i - 1] : NULL,
			};
	/* Pattern by pattern, the references before the simulator. */
	for (th = 1; th <= NR_THREAD_COUNTS; th++)
		for (p = 0; p < NR_PATTERNS; p++)
			for (i = 1; i <= NR_IMPLS; i++) {
				int impl = i % NR_IMPLS;	/* mmsim last */

				if (impl && !refs[impl - 1].available)
					continue;
				cases[nr_cases++] = (struct bench_case){
					.bench = patterns[p].bench,
					.impl = impl ? &ref_impls[impl - 1] :
						       &mmsim_impl,
					.arg = &args[p][impl],
					.nr_threads = th,
				};
			}

	ret = bench_run(&opt, cases, nr_cases) ? 1 : 0;
	report_ratios(&opt);
	bench_free(cases, nr_cases);

	if (check_machine(m, cache))
		ret = 1;
shutdown:
	mmsim_shutdown(m);
	return ret;
}
