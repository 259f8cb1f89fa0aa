// SPDX-License-Identifier: MIT
/*
 * Unit tests of SLUB and kmalloc (src/mm/slub.c, src/mm/slab_common.c),
 * each expectation derived from what Linux 6.18's mm/slub.c and
 * mm/slab_common.c do on the same state:
 *
 *   geometry      calculate_alignment(), calculate_sizes(),
 *                 calculate_order()/calc_slab_order(), set_min_partial(),
 *                 set_cpu_partial(), written again here from the kernel
 *                 and compared cache by cache, for 1, 2 and 4 CPUs and the
 *                 slab_{min,max}_order / slab_min_objects parameters
 *   kmalloc       kmalloc_info[] names, size classes (96, 192), natural
 *                 alignment, kmalloc_type() (normal / rcl / dma), large
 *                 kmalloc, ZERO_SIZE_PTR, kzalloc, kcalloc/kmalloc_array
 *                 overflow, krealloc (in place when it fits), kstrdup,
 *                 kmemdup, kvmalloc
 *   caches        constructor calls, zalloc, alignment, no overlap, bulk,
 *                 shrink, destroy (with and without live objects), merging
 *   structure     the CPU slab (frozen), per-CPU partial slabs (not
 *                 frozen since 6.8), put_cpu_partial() draining to the
 *                 node, min_partial on free, remote frees, flush_all()
 *   reports       slabinfo 2.1, meminfo Slab/SReclaimable/SUnreclaim,
 *                 vmstat nr_slab_(un)reclaimable
 *   misuse        invalid kfree()s, wrong cache, hardened double free:
 *                 reported, never fatal, the machine stays consistent
 */
#include <pthread.h>
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

#define TEST_UTIL_REPORTS
#include "test-util.h"

/*
 * Deliberate misuse and reads of free objects' metadata are what
 * Memcheck is told to catch; hide them from it where a test does them
 * on purpose (the simulator's own report is what is checked).
 */
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define quiet_valgrind()	VALGRIND_DISABLE_ERROR_REPORTING
#define loud_valgrind()		VALGRIND_ENABLE_ERROR_REPORTING
#else
#define quiet_valgrind()	((void)0)
#define loud_valgrind()		((void)0)
#endif

#define BOOT		"mem=64M nr_cpus=2 printk.time=0"
#define BOOT_NOMERGE	"mem=64M nr_cpus=2 slab_nomerge printk.time=0"

#define assert_valid(m) assert_int_equal(mmsim_validate(m), 0)

/* ------------------------------------------------------------------ */
/* Reports                                                              */

#define assert_no_reports()						\
	do {								\
		if (reports.n)						\
			fail_msg("unexpected report(s):\n%s", reports.text); \
	} while (0)

/* ------------------------------------------------------------------ */
/* The kernel's arithmetic, written again from mm/slub.c               */

#define K_PAGE_SIZE		4096u
#define K_CACHE_LINE		64u	/* arm64 cache_line_size() */
#define K_MAX_OBJS_PER_PAGE	32767u	/* slab->objects is 15 bits */
#define K_MIN_PARTIAL		5u
#define K_MAX_PARTIAL		10u

static unsigned int k_fls(unsigned int x)
{
	return x ? 32u - (unsigned int)__builtin_clz(x) : 0;
}

static unsigned int k_ilog2(unsigned long x)
{
	return 63u - (unsigned int)__builtin_clzl(x);
}

/* get_order(): the smallest order whose block holds @n bytes. */
static unsigned int k_get_order(unsigned long n)
{
	unsigned int order = 0;

	while (((unsigned long)K_PAGE_SIZE << order) < n)
		order++;
	return order;
}

static unsigned int k_order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)(((unsigned long)K_PAGE_SIZE << order) / size);
}

/* slab_common.c:calculate_alignment() */
static unsigned int k_calculate_alignment(unsigned int flags,
					  unsigned int align,
					  unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = K_CACHE_LINE;

		while (size <= ralign / 2)
			ralign /= 2;
		align = align > ralign ? align : ralign;
	}
	if (align < ARCH_SLAB_MINALIGN)
		align = ARCH_SLAB_MINALIGN;
	return ALIGN(align, (unsigned int)sizeof(void *));
}

struct kparams {
	unsigned int nr_cpus, min_order, max_order, min_objects;
};

/* slub.c:calc_slab_order() */
static unsigned int k_calc_slab_order(unsigned int size, unsigned int min_order,
				      unsigned int max_order,
				      unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = K_PAGE_SIZE << order;
		unsigned int rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* slub.c:calculate_order() as of 6.7+ (fractions 1/16 .. 1/2) */
static int k_calculate_order(unsigned int size, const struct kparams *p)
{
	unsigned int min_objects = p->min_objects;
	unsigned int max_objects, min_order, order, fraction;

	if (!min_objects)
		min_objects = 4 * (k_fls(p->nr_cpus) + 1);
	max_objects = k_order_objects(p->max_order, size);
	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = k_get_order((unsigned long)min_objects * size);
	if (min_order < p->min_order)
		min_order = p->min_order;
	if (k_order_objects(min_order, size) > K_MAX_OBJS_PER_PAGE)
		return (int)k_get_order((unsigned long)size * K_MAX_OBJS_PER_PAGE) - 1;
	for (fraction = 16; fraction > 1; fraction /= 2) {
		order = k_calc_slab_order(size, min_order, p->max_order, fraction);
		if (order <= p->max_order)
			return (int)order;
	}
	order = k_get_order(size);
	return order <= MAX_PAGE_ORDER ? (int)order : -1;
}

struct geom {
	unsigned int align, size, inuse, offset;
	unsigned int order, objects, min_order, min_objects;
	unsigned long min_partial;
	unsigned int cpu_partial, cpu_partial_slabs;
};

/*
 * What calculate_sizes(), set_min_partial() and set_cpu_partial() give
 * for a cache without debug flags.  @align is the cache's alignment
 * (after calculate_alignment()).
 */
static struct geom k_geometry(unsigned int object_size, unsigned int align,
			      bool ctor, const struct kparams *p)
{
	struct geom g = { .align = align };
	unsigned int size = ALIGN(object_size, (unsigned int)sizeof(void *));
	unsigned int log;

	g.inuse = size;
	if (ctor) {
		g.offset = size;	/* free pointer after the object */
		size += sizeof(void *);
	} else {
		g.offset = (object_size / 2) & ~(unsigned int)(sizeof(void *) - 1);
	}
	size = ALIGN(size, align);
	g.size = size;
	g.order = (unsigned int)k_calculate_order(size, p);
	g.objects = k_order_objects(g.order, size);
	g.min_order = k_get_order(size);
	g.min_objects = k_order_objects(g.min_order, size);
	log = k_ilog2(size) / 2;
	g.min_partial = log < K_MIN_PARTIAL ? K_MIN_PARTIAL :
			log > K_MAX_PARTIAL ? K_MAX_PARTIAL : log;
	g.cpu_partial = size >= K_PAGE_SIZE ? 6 : size >= 1024 ? 24 :
			size >= 256 ? 52 : 120;
	g.cpu_partial_slabs = DIV_ROUND_UP(g.cpu_partial * 2, g.objects);
	return g;
}

static void assert_geometry(const struct kmem_cache *s, const struct geom *g)
{
	const char *name = s->name;

	if (s->align != g->align || s->size != g->size ||
	    s->offset != g->offset || s->inuse != g->inuse ||
	    oo_order(s->oo) != g->order || oo_objects(s->oo) != g->objects ||
	    oo_order(s->min) != g->min_order ||
	    oo_objects(s->min) != g->min_objects ||
	    s->min_partial != g->min_partial ||
	    s->cpu_partial != g->cpu_partial ||
	    s->cpu_partial_slabs != g->cpu_partial_slabs)
		fail_msg("cache %s (object_size %u): got align %u size %u offset %u inuse %u oo %u/%u min %u/%u min_partial %lu cpu_partial %u/%u; "
			 "kernel: align %u size %u offset %u inuse %u oo %u/%u min %u/%u min_partial %lu cpu_partial %u/%u",
			 name, s->object_size, s->align, s->size, s->offset,
			 s->inuse, oo_order(s->oo), oo_objects(s->oo),
			 oo_order(s->min), oo_objects(s->min), s->min_partial,
			 s->cpu_partial, s->cpu_partial_slabs, g->align,
			 g->size, g->offset, g->inuse, g->order, g->objects,
			 g->min_order, g->min_objects, g->min_partial,
			 g->cpu_partial, g->cpu_partial_slabs);
}

/* kmalloc_info[]: index 1 is 96, 2 is 192, i >= 3 is 1 << i */
static unsigned int k_kmalloc_size(unsigned int idx)
{
	return idx == 1 ? 96 : idx == 2 ? 192 : 1u << idx;
}

/* __kmalloc_index() for KMALLOC_MIN_SIZE 8 */
static unsigned int k_kmalloc_index(size_t size)
{
	unsigned int i;

	if (size <= 8)
		return 3;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	for (i = 3; i <= KMALLOC_SHIFT_HIGH; i++)
		if (size <= (1UL << i))
			return i;
	fail_msg("no kmalloc index for %zu", size);
	return 0;
}

static void k_kmalloc_name(char *buf, size_t len, int type, unsigned int idx)
{
	static const char *const prefix[NR_KMALLOC_TYPES] = {
		[KMALLOC_NORMAL] = "kmalloc-",
		[KMALLOC_RECLAIM] = "kmalloc-rcl-",
		[KMALLOC_DMA] = "dma-kmalloc-",
	};
	unsigned int size = k_kmalloc_size(idx);

	if (size >= 1024)
		snprintf(buf, len, "%s%uk", prefix[type], size / 1024);
	else
		snprintf(buf, len, "%s%u", prefix[type], size);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static struct kmem_cache *kmalloc_cache(struct mmsim *m, int type, size_t size)
{
	return slab_state(m)->kmalloc_caches[type][k_kmalloc_index(size)];
}

static struct kmem_cache *cache_of(const void *obj)
{
	struct slab *slab = virt_to_slab(obj);

	assert_non_null(slab);
	return slab->slab_cache;
}

static unsigned long free_pages_now(void)
{
	mmsim_drain_all_pages();
	return mmsim_nr_free_pages();
}

/* kmem_cache_shrink() every cache, as writing 1 to /sys/kernel/slab/ * /shrink does. */
static void shrink_all(struct mmsim *m)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_state(m)->slab_caches, list)
		mmsim_kmem_cache_shrink(s);
}

static struct kmem_cache *find_cache(struct mmsim *m, const char *name)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_state(m)->slab_caches, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* The value of "@key N" (vmstat) or "@key: N kB" (meminfo) in report @what. */
static long report_value(struct mmsim *m, const char *what, const char *key)
{
	char *text = show(m, what);
	size_t klen = strlen(key);
	const char *line = text;
	long v = -1;

	while (line && *line) {
		if (!strncmp(line, key, klen) &&
		    (line[klen] == ' ' || line[klen] == ':')) {
			const char *p = line + klen;

			while (*p == ' ' || *p == ':')
				p++;
			v = strtol(p, NULL, 10);
			break;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	free(text);
	if (v < 0)
		fail_msg("no '%s' in %s", key, what);
	return v;
}

struct slabinfo_line {
	unsigned long active_objs, num_objs;
	unsigned int objsize, objperslab, pagesperslab;
	unsigned int limit, batchcount, shared;
	unsigned long active_slabs, num_slabs, sharedavail;
};

/* Parse /proc/slabinfo's line for @name; false if there is none. */
static bool slabinfo_of(struct mmsim *m, const char *name,
			struct slabinfo_line *l)
{
	char *text = show(m, "slabinfo");
	char *line, *save = NULL;
	bool found = false;
	int nlines = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char cname[64];

		if (nlines++ == 0) {
			assert_string_equal(line, "slabinfo - version: 2.1");
			continue;
		}
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s", cname) != 1 || strcmp(cname, name))
			continue;
		if (found)
			fail_msg("two slabinfo lines for %s", name);
		if (sscanf(line, "%63s %lu %lu %u %u %u : tunables %u %u %u : slabdata %lu %lu %lu",
			   cname, &l->active_objs, &l->num_objs, &l->objsize,
			   &l->objperslab, &l->pagesperslab, &l->limit,
			   &l->batchcount, &l->shared, &l->active_slabs,
			   &l->num_slabs, &l->sharedavail) != 12)
			fail_msg("malformed slabinfo line: '%s'", line);
		found = true;
	}
	free(text);
	return found;
}

static void fill(void *p, size_t n, unsigned char tag)
{
	memset(p, tag, n);
}

static void assert_filled(const void *p, size_t n, unsigned char tag)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i] != tag)
			fail_msg("%p: byte %zu is %#x, expected %#x", p, i, c[i], tag);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* No two of the @n objects of @len bytes overlap. */
static void assert_disjoint(void **p, size_t n, size_t len)
{
	void **sorted = malloc(n * sizeof(*sorted));
	size_t i;

	assert_non_null(sorted);
	memcpy(sorted, p, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_ptr);
	for (i = 1; i < n; i++)
		if ((char *)sorted[i - 1] + len > (char *)sorted[i])
			fail_msg("objects %p and %p (%zu bytes) overlap",
				 sorted[i - 1], sorted[i], len);
	free(sorted);
}

static long nr_slabs_node(struct kmem_cache *s, int nid)
{
	return atomic_long_read(&get_node(s, nid)->nr_slabs);
}

/* ------------------------------------------------------------------ */
/* Geometry                                                             */

static void ctor_nop(void *obj)
{
	(void)obj;
}

static const unsigned int geometry_sizes[] = {
	8, 16, 20, 24, 33, 64, 96, 100, 192, 200, 256, 512, 1000, 2048,
	3000, 4096, 5000, 8192, 12000, 40000,
};

/*
 * Every cache's layout against calculate_sizes()/calculate_order():
 * plain, cache-line aligned, explicitly aligned and with a constructor.
 */
static void check_geometry(const char *params, const struct kparams *p)
{
	static const struct {
		unsigned int flags, align;
		bool ctor;
	} kinds[] = {
		{ 0, 0, false },
		{ SLAB_HWCACHE_ALIGN, 0, false },
		{ 0, 8, true },
		{ 0, 64, false },
		{ SLAB_RECLAIM_ACCOUNT, 256, false },
		{ SLAB_HWCACHE_ALIGN, 16, true },
	};
	struct mmsim *m = boot_hooked(params);
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(geometry_sizes); i++) {
		for (k = 0; k < ARRAY_SIZE(kinds); k++) {
			unsigned int size = geometry_sizes[i];
			char name[48];
			struct kmem_cache *s;
			struct geom g;
			void *obj;

			snprintf(name, sizeof(name), "geom-%u-%zu", size, k);
			s = mmsim_kmem_cache_create(name, size, kinds[k].align,
						    kinds[k].flags,
						    kinds[k].ctor ? ctor_nop : NULL);
			if (!s)
				fail_msg("%s: kmem_cache_create(%s) failed", params, name);
			assert_int_equal(s->object_size, size);
			g = k_geometry(size,
				       k_calculate_alignment(kinds[k].flags,
							     kinds[k].align, size),
				       kinds[k].ctor, p);
			assert_geometry(s, &g);
			assert_int_equal(mmsim_kmem_cache_size(s), size);
			assert_string_equal(mmsim_kmem_cache_name(s), name);
			/* a slab of the computed order really holds them */
			obj = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
			assert_non_null(obj);
			assert_int_equal(virt_to_slab(obj)->objects, g.objects);
			assert_int_equal(compound_order(slab_page(virt_to_slab(obj))),
					 g.order);
			assert_int_equal(mmsim_ksize(obj), g.size);
			mmsim_kmem_cache_free(s, obj);
			mmsim_kmem_cache_destroy(s);
		}
	}
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_geometry_cpus(void **state)
{
	static const unsigned int cpus[] = { 1, 2, 4 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cpus); i++) {
		struct kparams p = { .nr_cpus = cpus[i], .max_order = 3 };
		char params[128];

		snprintf(params, sizeof(params),
			 "mem=64M nr_cpus=%u slab_nomerge printk.time=0", cpus[i]);
		check_geometry(params, &p);
	}
}

static void test_geometry_params(void **state)
{
	static const struct {
		const char *params;
		struct kparams p;
	} runs[] = {
		{ "mem=64M nr_cpus=2 slab_nomerge slab_max_order=1 printk.time=0",
		  { 2, 0, 1, 0 } },
		{ "mem=64M nr_cpus=2 slab_nomerge slab_max_order=0 printk.time=0",
		  { 2, 0, 0, 0 } },
		{ "mem=64M nr_cpus=2 slab_nomerge slab_min_order=2 printk.time=0",
		  { 2, 2, 3, 0 } },
		{ "mem=64M nr_cpus=2 slab_nomerge slab_min_objects=64 printk.time=0",
		  { 2, 0, 3, 64 } },
		{ "mem=64M nr_cpus=4 slab_nomerge slub_min_objects=2 slub_max_order=2 printk.time=0",
		  { 4, 0, 2, 2 } },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(runs); i++)
		check_geometry(runs[i].params, &runs[i].p);
}

/*
 * create_kmalloc_caches(): three kinds of 13 caches, named as
 * kmalloc_info[] names them, aligned to the largest power of two that
 * divides the size (create_boot_cache()), laid out by calculate_sizes().
 */
static void test_kmalloc_caches(void **state)
{
	static const unsigned int cpus[] = { 1, 2, 4 };
	size_t c;

	(void)state;
	for (c = 0; c < ARRAY_SIZE(cpus); c++) {
		struct kparams p = { .nr_cpus = cpus[c], .max_order = 3 };
		char params[64];
		struct mmsim *m;
		int type;
		unsigned int idx;

		snprintf(params, sizeof(params), "mem=64M nr_cpus=%u printk.time=0",
			 cpus[c]);
		m = boot_hooked(params);
		for (type = 0; type < NR_KMALLOC_TYPES; type++) {
			assert_null(slab_state(m)->kmalloc_caches[type][0]);
			for (idx = 1; idx <= KMALLOC_SHIFT_HIGH; idx++) {
				struct kmem_cache *s =
					slab_state(m)->kmalloc_caches[type][idx];
				unsigned int size = k_kmalloc_size(idx);
				unsigned int align = 1u << __builtin_ctz(size);
				struct geom g;
				char name[32];

				if (!s)
					fail_msg("kmalloc_caches[%d][%u] missing", type, idx);
				k_kmalloc_name(name, sizeof(name), type, idx);
				assert_string_equal(s->name, name);
				assert_int_equal(s->object_size, size);
				assert_true(s->flags & SLAB_KMALLOC);
				assert_int_equal(!!(s->flags & SLAB_RECLAIM_ACCOUNT),
						 type == KMALLOC_RECLAIM);
				assert_int_equal(!!(s->flags & SLAB_CACHE_DMA),
						 type == KMALLOC_DMA);
				g = k_geometry(size,
					       k_calculate_alignment(SLAB_KMALLOC,
								     align < 8 ? 8 : align,
								     size),
					       false, &p);
				assert_geometry(s, &g);
			}
		}
		/* kmem_cache and kmem_cache_node are caches like any other */
		assert_non_null(find_cache(m, "kmem_cache"));
		assert_non_null(find_cache(m, "kmem_cache_node"));
		assert_no_reports();
		mmsim_shutdown(m);
	}
}

/* ------------------------------------------------------------------ */
/* kmalloc                                                              */

/*
 * Every request size 1..8192 lands in its class: ksize() is the class
 * size, the object is in kmalloc_caches[KMALLOC_NORMAL][index] and is
 * aligned to the largest power of two dividing the class size.
 */
static void test_kmalloc_sizes(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	size_t n;

	(void)state;
	for (n = 1; n <= KMALLOC_MAX_CACHE_SIZE; n++) {
		unsigned int idx = k_kmalloc_index(n);
		unsigned int csize = k_kmalloc_size(idx);
		void *p = mmsim_kmalloc(n, GFP_KERNEL);

		if (!p)
			fail_msg("kmalloc(%zu) failed", n);
		if (mmsim_ksize(p) != csize)
			fail_msg("ksize(kmalloc(%zu)) = %zu, kernel: %u", n,
				 mmsim_ksize(p), csize);
		if (cache_of(p) != slab_state(m)->kmalloc_caches[KMALLOC_NORMAL][idx])
			fail_msg("kmalloc(%zu) from %s, kernel: kmalloc-%u", n,
				 cache_of(p)->name, csize);
		if ((uintptr_t)p & ((1u << __builtin_ctz(csize)) - 1))
			fail_msg("kmalloc(%zu) = %p, not aligned to %u", n, p,
				 1u << __builtin_ctz(csize));
		memset(p, 0xa5, n);
		mmsim_kfree(p);
	}
	/* the examples of the brief, spelled out */
	{
		static const struct { size_t n, ks; } ex[] = {
			{ 1, 8 }, { 8, 8 }, { 9, 16 }, { 33, 64 }, { 65, 96 },
			{ 96, 96 }, { 97, 128 }, { 129, 192 }, { 193, 256 },
			{ 1000, 1024 }, { 4097, 8192 }, { 8192, 8192 },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(ex); i++) {
			void *p = mmsim_kmalloc(ex[i].n, GFP_KERNEL);

			assert_non_null(p);
			assert_int_equal(mmsim_ksize(p), ex[i].ks);
			mmsim_kfree(p);
		}
	}
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * kmalloc_type(): __GFP_RECLAIMABLE picks kmalloc-rcl-N, __GFP_DMA picks
 * dma-kmalloc-N (and wins over __GFP_RECLAIMABLE); without CONFIG_MEMCG
 * __GFP_ACCOUNT stays in kmalloc-N.  DMA caches' slabs come from
 * ZONE_DMA: with zone_dma_bits=31 on a 4G machine at 1G, ZONE_DMA is
 * [1G, 2G) and GFP_KERNEL slabs come from ZONE_NORMAL [4G, 5G).
 */
static void test_kmalloc_types(void **state)
{
	struct mmsim *m = boot_hooked("mem=4G zone_dma_bits=31 nr_cpus=2 printk.time=0");
	static const size_t sizes[] = { 8, 96, 192, 1000, 8192 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		void *normal = mmsim_kmalloc(n, GFP_KERNEL);
		void *acct = mmsim_kmalloc(n, MMSIM_GFP_KERNEL_ACCOUNT);
		void *rcl = mmsim_kmalloc(n, GFP_KERNEL | __GFP_RECLAIMABLE);
		void *dma = mmsim_kmalloc(n, GFP_KERNEL | __GFP_DMA);
		void *both = mmsim_kmalloc(n, GFP_KERNEL | __GFP_DMA |
					   __GFP_RECLAIMABLE);

		assert_non_null(normal);
		assert_non_null(acct);
		assert_non_null(rcl);
		assert_non_null(dma);
		assert_non_null(both);
		assert_ptr_equal(cache_of(normal), kmalloc_cache(m, KMALLOC_NORMAL, n));
		assert_ptr_equal(cache_of(acct), kmalloc_cache(m, KMALLOC_NORMAL, n));
		assert_ptr_equal(cache_of(rcl), kmalloc_cache(m, KMALLOC_RECLAIM, n));
		assert_ptr_equal(cache_of(dma), kmalloc_cache(m, KMALLOC_DMA, n));
		assert_ptr_equal(cache_of(both), kmalloc_cache(m, KMALLOC_DMA, n));
		assert_int_equal(page_zonenum(virt_to_page(dma)), ZONE_DMA);
		assert_int_equal(page_zonenum(virt_to_page(both)), ZONE_DMA);
		assert_int_equal(page_zonenum(virt_to_page(normal)), ZONE_NORMAL);
		assert_int_equal(page_zonenum(virt_to_page(rcl)), ZONE_NORMAL);
		mmsim_kfree(normal);
		mmsim_kfree(acct);
		mmsim_kfree(rcl);
		mmsim_kfree(dma);
		mmsim_kfree(both);
	}
	/* a large DMA kmalloc comes from ZONE_DMA too */
	{
		void *p = mmsim_kmalloc(3 * PAGE_SIZE, GFP_KERNEL | __GFP_DMA);

		assert_non_null(p);
		assert_int_equal(page_zonenum(virt_to_page(p)), ZONE_DMA);
		mmsim_kfree(p);
	}
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * Large kmalloc (> KMALLOC_MAX_CACHE_SIZE) is a compound page of
 * get_order(size) from the page allocator, accounted as
 * NR_SLAB_UNRECLAIMABLE_B (___kmalloc_large_node()); kfree() gives it
 * back (free_large_kmalloc()).
 */
static void test_kmalloc_large(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	static const size_t sizes[] = {
		8193, 3 * 4096, 16384, 16385, 100000, 1UL << 20,
		4UL << 20,	/* KMALLOC_MAX_SIZE: order 10 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned int order = k_get_order(sizes[i]);
		unsigned long before = free_pages_now();
		long unrecl = report_value(m, "vmstat", "nr_slab_unreclaimable");
		long sunrecl = report_value(m, "meminfo", "SUnreclaim");
		void *p = mmsim_kmalloc(sizes[i], GFP_KERNEL);
		struct page *page;

		if (!p)
			fail_msg("kmalloc(%zu) failed", sizes[i]);
		page = virt_to_page(p);
		assert_ptr_equal(p, page_address(page));	/* page aligned */
		assert_false(PageSlab(page));
		assert_int_equal(mmsim_ksize(p), (size_t)PAGE_SIZE << order);
		assert_int_equal(compound_order(page), order);
		assert_int_equal(free_pages_now(), before - (1UL << order));
		assert_int_equal(report_value(m, "vmstat", "nr_slab_unreclaimable"),
				 unrecl + (1L << order));
		assert_int_equal(report_value(m, "meminfo", "SUnreclaim"),
				 sunrecl + (4L << order));
		memset(p, 0x5a, sizes[i]);
		mmsim_kfree(p);
		assert_int_equal(free_pages_now(), before);
		assert_int_equal(report_value(m, "vmstat", "nr_slab_unreclaimable"),
				 unrecl);
	}
	/* kmalloc(8193) is the brief's example: 3 pages, rounded to order 2 */
	{
		void *p = mmsim_kmalloc(8193, GFP_KERNEL);

		assert_int_equal(mmsim_ksize(p), 16384);
		mmsim_kfree(p);
	}
	/* beyond KMALLOC_MAX_SIZE: NULL (silent with __GFP_NOWARN) */
	assert_null(mmsim_kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	assert_null(mmsim_kmalloc(SIZE_MAX / 2, GFP_KERNEL | __GFP_NOWARN));
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_kmalloc_zero_and_null(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	void *p;

	(void)state;
	assert_ptr_equal(mmsim_kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_ptr_equal(mmsim_kzalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_ptr_equal(mmsim_kcalloc(0, 16, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_ptr_equal(mmsim_kmalloc_array(16, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(mmsim_ksize(ZERO_SIZE_PTR), 0);
	assert_int_equal(mmsim_ksize(NULL), 0);
	mmsim_kfree(NULL);
	mmsim_kfree(ZERO_SIZE_PTR);
	mmsim_kvfree(NULL);
	assert_null(mmsim_kstrdup(NULL, GFP_KERNEL));
	/* krealloc(ZERO_SIZE_PTR, n) is a kmalloc */
	p = mmsim_krealloc(ZERO_SIZE_PTR, 40, GFP_KERNEL);
	assert_non_null(p);
	assert_true(p != ZERO_SIZE_PTR);
	assert_int_equal(mmsim_ksize(p), 64);
	mmsim_kfree(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_kzalloc_kcalloc(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	static const size_t sizes[] = { 1, 8, 50, 96, 150, 192, 777, 4096, 8192, 20000 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		/* dirty an object of the class, free it, then kzalloc: the
		 * same object comes back (LIFO) and must be zero */
		unsigned char *p = mmsim_kmalloc(n, GFP_KERNEL);
		unsigned char *z;
		size_t j;

		assert_non_null(p);
		memset(p, 0xff, mmsim_ksize(p));
		mmsim_kfree(p);
		z = mmsim_kzalloc(n, GFP_KERNEL);
		assert_non_null(z);
		for (j = 0; j < n; j++)
			if (z[j])
				fail_msg("kzalloc(%zu): byte %zu is %#x", n, j, z[j]);
		memset(z, 0xff, n);
		mmsim_kfree(z);
		z = mmsim_kmalloc(n, GFP_KERNEL | __GFP_ZERO);
		for (j = 0; j < n; j++)
			if (z[j])
				fail_msg("kmalloc(%zu, __GFP_ZERO): byte %zu is %#x", n, j, z[j]);
		mmsim_kfree(z);
	}
	{
		unsigned int *a = mmsim_kcalloc(100, sizeof(unsigned int), GFP_KERNEL);

		assert_non_null(a);
		assert_int_equal(mmsim_ksize(a), 512);
		for (i = 0; i < 100; i++)
			assert_int_equal(a[i], 0);
		mmsim_kfree(a);
		a = mmsim_kmalloc_array(10, 10, GFP_KERNEL);
		assert_non_null(a);
		assert_int_equal(mmsim_ksize(a), 128);
		mmsim_kfree(a);
	}
	/* check_mul_overflow(): NULL, and no warning */
	assert_null(mmsim_kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));
	assert_null(mmsim_kmalloc_array(SIZE_MAX / 2, 3, GFP_KERNEL));
	assert_null(mmsim_kmalloc_array(3, SIZE_MAX / 2, GFP_KERNEL));
	assert_null(mmsim_kcalloc(2, SIZE_MAX / 2 + 1, GFP_KERNEL));
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void stamp(void *p, size_t n, unsigned int seed)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		c[i] = (unsigned char)(i * 31 + seed);
}

static void assert_stamped(const void *p, size_t n, unsigned int seed)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i] != (unsigned char)(i * 31 + seed))
			fail_msg("%p: byte %zu of %zu lost", p, i, n);
}

/*
 * krealloc() (mm/slab_common.c:__do_krealloc()): a new size that fits
 * in ksize() keeps the object in place, shrinking included; a bigger
 * one moves it, copying the contents and freeing the old object.
 * krealloc(NULL, n) is kmalloc(n); krealloc(p, 0) frees p and returns
 * ZERO_SIZE_PTR.
 */
static void test_krealloc(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	unsigned char *p, *q, *old;
	unsigned long before;

	(void)state;
	p = mmsim_krealloc(NULL, 100, GFP_KERNEL);
	assert_non_null(p);
	assert_int_equal(mmsim_ksize(p), 128);
	stamp(p, 100, 1);
	/* same class */
	q = mmsim_krealloc(p, 120, GFP_KERNEL);
	assert_ptr_equal(q, p);
	assert_stamped(q, 100, 1);
	q = mmsim_krealloc(p, 128, GFP_KERNEL);
	assert_ptr_equal(q, p);
	/* shrinking never moves */
	q = mmsim_krealloc(p, 10, GFP_KERNEL);
	assert_ptr_equal(q, p);
	assert_stamped(q, 10, 1);
	stamp(p, 128, 2);
	/* growing moves and copies what ksize() covered */
	old = p;
	q = mmsim_krealloc(p, 129, GFP_KERNEL);
	assert_non_null(q);
	assert_true(q != p);
	assert_int_equal(mmsim_ksize(q), 192);
	assert_ptr_equal(cache_of(q), kmalloc_cache(m, KMALLOC_NORMAL, 192));
	assert_stamped(q, 128, 2);
	/* the old object was freed: it is the next kmalloc-128 object */
	p = mmsim_kmalloc(128, GFP_KERNEL);
	assert_ptr_equal(p, old);
	mmsim_kfree(p);
	/* into a large kmalloc and within it */
	stamp(q, 192, 3);
	p = mmsim_krealloc(q, 10000, GFP_KERNEL);
	assert_non_null(p);
	assert_false(PageSlab(virt_to_page(p)));
	assert_int_equal(mmsim_ksize(p), 16384);
	assert_stamped(p, 192, 3);
	stamp(p, 10000, 4);
	q = mmsim_krealloc(p, 16384, GFP_KERNEL);
	assert_ptr_equal(q, p);
	q = mmsim_krealloc(p, 100, GFP_KERNEL);
	assert_ptr_equal(q, p);		/* a large one is not shrunk either */
	assert_stamped(q, 100, 4);
	q = mmsim_krealloc(p, 20000, GFP_KERNEL);
	assert_non_null(q);
	assert_int_equal(mmsim_ksize(q), 32768);
	assert_stamped(q, 10000, 4);
	/* krealloc(p, 0) frees */
	before = free_pages_now();
	assert_ptr_equal(mmsim_krealloc(q, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(free_pages_now(), before + 8);
	/* failure leaves the old object alone */
	p = mmsim_kmalloc(64, GFP_KERNEL);
	stamp(p, 64, 5);
	assert_null(mmsim_krealloc(p, KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	assert_stamped(p, 64, 5);
	mmsim_kfree(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_kstrdup_kmemdup_kvmalloc(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	static const char text[] = "the quick brown fox jumps over the lazy dog";
	unsigned char buf[300];
	char *s;
	unsigned char *d;
	void *v;
	size_t i;

	(void)state;
	s = mmsim_kstrdup(text, GFP_KERNEL);
	assert_non_null(s);
	assert_true(s != text);
	assert_string_equal(s, text);
	assert_true(virt_addr_in_arena(m, s));
	assert_int_equal(mmsim_ksize(s), 64);	/* 44 bytes with the NUL */
	mmsim_kfree(s);
	s = mmsim_kstrdup("", GFP_KERNEL);
	assert_non_null(s);
	assert_string_equal(s, "");
	mmsim_kfree(s);

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7);
	d = mmsim_kmemdup(buf, sizeof(buf), GFP_KERNEL);
	assert_non_null(d);
	assert_memory_equal(d, buf, sizeof(buf));
	assert_int_equal(mmsim_ksize(d), 512);
	mmsim_kfree(d);

	v = mmsim_kvmalloc(100, GFP_KERNEL);
	assert_non_null(v);
	assert_true(PageSlab(virt_to_page(v)));
	memset(v, 1, 100);
	mmsim_kvfree(v);
	v = mmsim_kvmalloc(1UL << 20, GFP_KERNEL);
	assert_non_null(v);
	memset(v, 2, 1UL << 20);
	mmsim_kvfree(v);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Caches                                                               */

static unsigned long ctor_calls;

static void ctor_pattern(void *obj)
{
	ctor_calls++;
	memset(obj, 0xc7, 100);
}

/*
 * A constructor runs for every object of a slab when the slab is made
 * (allocate_slab() -> setup_object()), never on allocation; the free
 * pointer lives after the object, so a freed object stays constructed.
 */
static void test_ctor(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct kmem_cache *s;
	unsigned int objs, i;
	void **p;

	(void)state;
	ctor_calls = 0;
	s = mmsim_kmem_cache_create("ctor-100", 100, 0, 0, ctor_pattern);
	assert_non_null(s);
	assert_int_equal(ctor_calls, 0);
	assert_int_equal(s->offset, 104);	/* after the object */
	assert_int_equal(s->size, 112);
	objs = oo_objects(s->oo);
	p = calloc(2 * objs + 1, sizeof(*p));
	assert_non_null(p);

	p[0] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_non_null(p[0]);
	assert_int_equal(ctor_calls, objs);
	assert_filled(p[0], 100, 0xc7);
	for (i = 1; i < objs; i++) {
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		assert_filled(p[i], 100, 0xc7);
	}
	assert_int_equal(ctor_calls, objs);
	/* free and allocate again: no constructor call, still constructed */
	for (i = 0; i < objs; i++)
		mmsim_kmem_cache_free(s, p[i]);
	for (i = 0; i < objs; i++) {
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		assert_filled(p[i], 100, 0xc7);
	}
	assert_int_equal(ctor_calls, objs);
	/* the next object needs a new slab: objs more calls */
	p[objs] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_int_equal(ctor_calls, 2 * objs);
	for (i = 0; i <= objs; i++)
		mmsim_kmem_cache_free(s, p[i]);
	/* a ctor cache never merges (slab_unmergeable()) */
	{
		struct kmem_cache *t = mmsim_kmem_cache_create("ctor-100b", 100, 0, 0,
							       ctor_pattern);
		struct kmem_cache *u = mmsim_kmem_cache_create("plain-100", 100, 0, 0,
							       NULL);

		assert_true(t != s);
		assert_true(u != s);
		assert_true(u != t);
		mmsim_kmem_cache_destroy(u);
		mmsim_kmem_cache_destroy(t);
	}
	mmsim_kmem_cache_destroy(s);
	free(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_zalloc(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct kmem_cache *s = mmsim_kmem_cache_create("zalloc-200", 200, 0, 0, NULL);
	unsigned char *p;
	int i, round;

	(void)state;
	assert_non_null(s);
	for (round = 0; round < 3; round++) {
		p = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		memset(p, 0xee, 200);
		mmsim_kmem_cache_free(s, p);
		p = mmsim_kmem_cache_zalloc(s, GFP_KERNEL);
		assert_non_null(p);
		for (i = 0; i < 200; i++)
			if (p[i])
				fail_msg("kmem_cache_zalloc: byte %d is %#x", i, p[i]);
		mmsim_kmem_cache_free(s, p);
		p = mmsim_kmem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
		for (i = 0; i < 200; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xee, 200);
		mmsim_kmem_cache_free(s, p);
	}
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * Every object is aligned as asked, and no two objects overlap: each is
 * filled with its own byte and all are checked after all were filled.
 */
static void test_alignment_and_overlap(void **state)
{
	static const unsigned int aligns[] = { 0, 8, 16, 64, 128, 256 };
	static const unsigned int sizes[] = { 8, 24, 100, 200, 1000, 3000 };
	struct mmsim *m = boot_hooked(BOOT);
	size_t a, z;

	(void)state;
	for (a = 0; a < ARRAY_SIZE(aligns); a++) {
		for (z = 0; z < ARRAY_SIZE(sizes); z++) {
			unsigned int size = sizes[z], align = aligns[a];
			unsigned int want = align < 8 ? 8 : align;
			struct kmem_cache *s;
			unsigned int n, i;
			void **p;
			char name[32];

			snprintf(name, sizeof(name), "al-%u-%u", align, size);
			s = mmsim_kmem_cache_create(name, size, align, 0, NULL);
			assert_non_null(s);
			assert_true(s->align >= want);
			n = 3 * oo_objects(s->oo) + 1;
			p = calloc(n, sizeof(*p));
			assert_non_null(p);
			for (i = 0; i < n; i++) {
				p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
				assert_non_null(p[i]);
				if ((uintptr_t)p[i] % want)
					fail_msg("%s: object %p not aligned to %u",
						 name, p[i], want);
				assert_ptr_equal(cache_of(p[i]), s);
				fill(p[i], size, (unsigned char)(i * 13 + 1));
			}
			for (i = 0; i < n; i++)
				assert_filled(p[i], size, (unsigned char)(i * 13 + 1));
			assert_disjoint(p, n, size);
			for (i = 0; i < n; i++)
				mmsim_kmem_cache_free(s, p[i]);
			free(p);
			mmsim_kmem_cache_destroy(s);
		}
	}
	/* kmalloc objects of every class do not overlap either */
	{
		unsigned int idx;

		for (idx = 1; idx <= KMALLOC_SHIFT_HIGH; idx++) {
			unsigned int size = k_kmalloc_size(idx), n = 200, i;
			void *p[200];

			for (i = 0; i < n; i++) {
				p[i] = mmsim_kmalloc(size, GFP_KERNEL);
				assert_non_null(p[i]);
				fill(p[i], size, (unsigned char)(i + idx));
			}
			for (i = 0; i < n; i++)
				assert_filled(p[i], size, (unsigned char)(i + idx));
			assert_disjoint(p, n, size);
			for (i = 0; i < n; i++)
				mmsim_kfree(p[i]);
		}
	}
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_bulk(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct kmem_cache *s = mmsim_kmem_cache_create("bulk-72", 72, 0, 0, NULL);
	void *p[300];
	unsigned long before;
	size_t i;

	(void)state;
	assert_non_null(s);
	before = free_pages_now();
	assert_int_equal(mmsim_kmem_cache_alloc_bulk(s, GFP_KERNEL, 0, p), 0);
	assert_int_equal(mmsim_kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, p), 300);
	for (i = 0; i < 300; i++) {
		assert_non_null(p[i]);
		assert_ptr_equal(cache_of(p[i]), s);
		assert_int_equal((uintptr_t)p[i] % 8, 0);
		fill(p[i], 72, (unsigned char)i);
	}
	for (i = 0; i < 300; i++)
		assert_filled(p[i], 72, (unsigned char)i);
	assert_disjoint(p, 300, 72);
	mmsim_kmem_cache_free_bulk(s, 150, p);
	mmsim_kmem_cache_free_bulk(s, 150, p + 150);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_int_equal(free_pages_now(), before);
	/* bulk and single allocations mix */
	assert_int_equal(mmsim_kmem_cache_alloc_bulk(s, GFP_KERNEL, 10, p), 10);
	p[10] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_disjoint(p, 11, 72);
	for (i = 0; i <= 10; i++)
		mmsim_kmem_cache_free(s, p[i]);
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * kmem_cache_shrink() (__kmem_cache_shrink(): flush_all() then
 * __kmem_cache_do_shrink()) frees every empty slab, the CPU slabs and
 * per-CPU partial slabs included, and returns 0 when no slab is left.
 */
static void test_shrink(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct kmem_cache *s = mmsim_kmem_cache_create("shrink-1000", 1000, 0, 0, NULL);
	unsigned int n = 2000, i;
	unsigned long before;
	void **p = calloc(n, sizeof(*p));

	(void)state;
	assert_non_null(s);
	assert_non_null(p);
	before = free_pages_now();
	for (i = 0; i < n; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_true(free_pages_now() < before);
	/* free in an order that leaves slabs on every list */
	for (i = 0; i < n; i += 2)
		mmsim_kmem_cache_free(s, p[i]);
	for (i = 1; i < n; i += 2)
		mmsim_kmem_cache_free(s, p[i]);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_null(s->cpu_slab[0].slab);
	assert_null(s->cpu_slab[0].partial);
	assert_int_equal(get_node(s, 0)->nr_partial, 0);
	assert_int_equal(nr_slabs_node(s, 0), 0);
	assert_int_equal(free_pages_now(), before);
	/* one live object keeps its slab: shrink says so */
	p[0] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 1);
	assert_int_equal(nr_slabs_node(s, 0), 1);
	mmsim_kmem_cache_free(s, p[0]);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_int_equal(free_pages_now(), before);
	mmsim_kmem_cache_destroy(s);
	free(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * kmem_cache_destroy() of an empty cache gives back every page: those
 * of its slabs, and (once the metadata caches are shrunk) those of its
 * struct kmem_cache and kmem_cache_node.
 */
static void test_destroy_empty(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	unsigned long before, slab_before;
	struct kmem_cache *s;
	void *p[500];
	int i, round;

	(void)state;
	shrink_all(m);
	before = free_pages_now();
	slab_before = (unsigned long)report_value(m, "vmstat", "nr_slab_unreclaimable");
	for (round = 0; round < 3; round++) {
		s = mmsim_kmem_cache_create("destroy-300", 300, 0,
					    round == 1 ? SLAB_RECLAIM_ACCOUNT : 0,
					    NULL);
		assert_non_null(s);
		for (i = 0; i < 500; i++)
			p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		for (i = 0; i < 500; i++)
			mmsim_kmem_cache_free(s, p[i]);
		mmsim_kmem_cache_destroy(s);
		assert_null(find_cache(m, "destroy-300"));
		shrink_all(m);
		assert_int_equal(free_pages_now(), before);
		assert_int_equal(report_value(m, "vmstat", "nr_slab_unreclaimable"),
				 slab_before);
	}
	mmsim_kmem_cache_destroy(NULL);		/* a no-op, as in the kernel */
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * kmem_cache_destroy() with live objects: WARN "kmem_cache_destroy
 * NAME: Slab cache still has objects", and the objects stay valid.
 */
static void test_destroy_busy(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct kmem_cache *s = mmsim_kmem_cache_create("busy-64", 48, 0, 0, NULL);
	void *p[3];
	int i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 3; i++) {
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		fill(p[i], 48, (unsigned char)(0x40 + i));
	}
	mmsim_kmem_cache_destroy(s);
	assert_true(reports.n >= 1);
	assert_non_null(strstr(reports.text, "Slab cache still has objects"));
	assert_non_null(strstr(reports.text, "busy-64"));
	for (i = 0; i < 3; i++) {
		assert_true(PageSlab(virt_to_page(p[i])));
		assert_filled(p[i], 48, (unsigned char)(0x40 + i));
		fill(p[i], 48, 0x11);
	}
	assert_valid(m);
	/* the machine goes on */
	reports_reset();
	{
		void *q = mmsim_kmalloc(48, GFP_KERNEL);

		assert_non_null(q);
		mmsim_kfree(q);
	}
	assert_no_reports();
	mmsim_shutdown(m);
}

/*
 * Merging (find_mergeable()): a cache of a compatible size and the same
 * SLAB_MERGE_SAME flags, without a constructor, is an alias of an
 * existing one: the same struct kmem_cache, refcount raised, one line
 * in slabinfo.  slab_nomerge, SLAB_NO_MERGE, a constructor, a
 * different SLAB_RECLAIM_ACCOUNT or a size 8 bytes smaller prevent it.
 * (Sizes stay clear of the kmalloc classes, whose mergeability depends
 * on CONFIG_HARDENED_USERCOPY.)
 */
static void test_merge(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct kmem_cache *a, *b, *c, *d, *e, *f, *g;
	struct slabinfo_line l;
	void *pa, *pb;

	(void)state;
	a = mmsim_kmem_cache_create("merge_a", 40, 0, 0, NULL);
	assert_non_null(a);
	b = mmsim_kmem_cache_create("merge_b", 40, 0, 0, NULL);
	assert_ptr_equal(b, a);
	assert_int_equal(a->refcount, 2);
	c = mmsim_kmem_cache_create("merge_c", 36, 8, 0, NULL);	/* ALIGN(36, 8) */
	assert_ptr_equal(c, a);
	assert_int_equal(a->refcount, 3);
	assert_string_equal(mmsim_kmem_cache_name(a), "merge_a");
	d = mmsim_kmem_cache_create("merge_d", 40, 0, SLAB_NO_MERGE, NULL);
	assert_true(d != a);
	e = mmsim_kmem_cache_create("merge_e", 40, 0, 0, ctor_nop);
	assert_true(e != a && e != d);
	f = mmsim_kmem_cache_create("merge_f", 40, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	assert_true(f != a && f != d && f != e);
	g = mmsim_kmem_cache_create("merge_g", 32, 0, 0, NULL);	/* 40 - 32 >= 8 */
	assert_true(g != a);

	/* one slabinfo line for a, b and c */
	assert_true(slabinfo_of(m, "merge_a", &l));
	assert_false(slabinfo_of(m, "merge_b", &l));
	assert_false(slabinfo_of(m, "merge_c", &l));
	assert_true(slabinfo_of(m, "merge_d", &l));
	assert_true(slabinfo_of(m, "merge_e", &l));
	assert_true(slabinfo_of(m, "merge_f", &l));

	/* objects of the aliases come from one cache */
	pa = mmsim_kmem_cache_alloc(a, GFP_KERNEL);
	pb = mmsim_kmem_cache_alloc(b, GFP_KERNEL);
	assert_ptr_equal(cache_of(pa), cache_of(pb));
	mmsim_kmem_cache_free(b, pa);
	mmsim_kmem_cache_free(a, pb);

	/* destroying an alias drops a reference only */
	mmsim_kmem_cache_destroy(b);
	assert_int_equal(a->refcount, 2);
	assert_true(slabinfo_of(m, "merge_a", &l));
	mmsim_kmem_cache_destroy(c);
	mmsim_kmem_cache_destroy(a);
	assert_false(slabinfo_of(m, "merge_a", &l));
	mmsim_kmem_cache_destroy(d);
	mmsim_kmem_cache_destroy(e);
	mmsim_kmem_cache_destroy(f);
	mmsim_kmem_cache_destroy(g);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);

	/* slab_nomerge: every cache is its own */
	m = boot_hooked(BOOT_NOMERGE);
	a = mmsim_kmem_cache_create("merge_a", 40, 0, 0, NULL);
	b = mmsim_kmem_cache_create("merge_b", 40, 0, 0, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a != b);
	assert_int_equal(a->refcount, 1);
	assert_true(slabinfo_of(m, "merge_a", &l));
	assert_true(slabinfo_of(m, "merge_b", &l));
	mmsim_kmem_cache_destroy(a);
	mmsim_kmem_cache_destroy(b);
	assert_no_reports();
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* The SLUB structure                                                   */

/*
 * The life of slabs on one CPU, step by step (6.8+ SLUB: only the CPU
 * slab is frozen; per-CPU partial slabs are not):
 *
 *   alloc 1            c->slab = S0, frozen, inuse = objects, no freelist
 *   fill S0, alloc 1   S0 leaves the CPU unfrozen and full (on no list)
 *   free 1 from full F[0]       c->partial = F[0] (put_cpu_partial)
 *   ... F[cpu_partial_slabs-1]  the chain holds cpu_partial_slabs slabs
 *   free 1 from the next full   the chain moves to the node partial list
 *   empty the node's partials   discarded while nr_partial >= min_partial
 *   empty the CPU partial slab  kept: it is on no node list
 *   shrink                      everything empty is freed
 */
static void test_cpu_slab_lifecycle(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_NOMERGE);
	struct kmem_cache *s = mmsim_kmem_cache_create("life-256", 256, 0, 0, NULL);
	struct kmem_cache_cpu *c;
	struct kmem_cache_node *n;
	struct slabinfo_line l;
	unsigned int objs, cps, nfull, i, j, total;
	unsigned long before, np;
	struct slab **full;
	struct slab *s0, *cpu_slab;
	void **p;

	(void)state;
	assert_non_null(s);
	c = &s->cpu_slab[0];
	n = get_node(s, 0);
	objs = oo_objects(s->oo);
	cps = s->cpu_partial_slabs;
	assert_int_equal(objs, 16);		/* order 0, 4096 / 256 */
	assert_int_equal(cps, 7);		/* DIV_ROUND_UP(52 * 2, 16) */
	assert_int_equal(s->min_partial, 5);
	before = free_pages_now();
	assert_null(c->slab);
	assert_null(c->partial);

	nfull = cps + 1;
	total = nfull * objs + 1;
	p = calloc(total, sizeof(*p));
	full = calloc(nfull, sizeof(*full));
	assert_non_null(p);
	assert_non_null(full);

	/* the first allocation makes a CPU slab */
	p[0] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	s0 = c->slab;
	assert_non_null(s0);
	assert_ptr_equal(virt_to_slab(p[0]), s0);
	assert_ptr_equal(s0->slab_cache, s);
	assert_int_equal(s0->frozen, 1);
	assert_int_equal(s0->objects, objs);
	assert_int_equal(s0->inuse, objs);	/* the CPU owns the rest */
	assert_null(s0->freelist);
	assert_non_null(c->freelist);
	assert_int_equal(nr_slabs_node(s, 0), 1);

	/* fill it: still the CPU slab, with an empty CPU freelist */
	for (i = 1; i < objs; i++) {
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
		assert_ptr_equal(virt_to_slab(p[i]), s0);
	}
	assert_ptr_equal(c->slab, s0);
	assert_null(c->freelist);

	/* the next one takes a new slab; S0 is full and on no list */
	p[objs] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_true(c->slab != s0);
	assert_int_equal(c->slab->frozen, 1);
	assert_int_equal(s0->frozen, 0);
	assert_int_equal(s0->inuse, objs);
	assert_null(s0->freelist);
	assert_int_equal(n->nr_partial, 0);
	assert_null(c->partial);

	/* fill up to nfull full slabs and a CPU slab holding one object */
	for (i = objs + 1; i < total; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	for (j = 0; j < nfull; j++) {
		full[j] = virt_to_slab(p[j * objs]);
		for (i = 0; i < objs; i++)
			assert_ptr_equal(virt_to_slab(p[j * objs + i]), full[j]);
		assert_int_equal(full[j]->frozen, 0);
	}
	cpu_slab = c->slab;
	assert_ptr_equal(virt_to_slab(p[total - 1]), cpu_slab);
	assert_int_equal(nr_slabs_node(s, 0), nfull + 1);
	/* slabinfo: every object of a slab off the node lists is active */
	assert_true(slabinfo_of(m, "life-256", &l));
	assert_int_equal(l.num_slabs, nfull + 1);
	assert_int_equal(l.active_slabs, nfull + 1);
	assert_int_equal(l.num_objs, (nfull + 1) * objs);
	assert_int_equal(l.active_objs, (nfull + 1) * objs);
	assert_int_equal(l.objsize, 256);
	assert_int_equal(l.objperslab, objs);
	assert_int_equal(l.pagesperslab, 1);

	/* a free into a full slab puts it on the per-CPU partial list */
	for (j = 0; j < cps; j++) {
		mmsim_kmem_cache_free(s, p[j * objs]);
		p[j * objs] = NULL;
		assert_ptr_equal(c->partial, full[j]);
		assert_int_equal(full[j]->slabs, j + 1);
		assert_int_equal(full[j]->frozen, 0);	/* 6.8+: not frozen */
		assert_int_equal(full[j]->inuse, objs - 1);
		assert_non_null(full[j]->freelist);
		if (j)
			assert_ptr_equal(full[j]->next, full[j - 1]);
		assert_int_equal(n->nr_partial, 0);
	}
	/* one more: the full chain goes to the node, a new chain starts */
	mmsim_kmem_cache_free(s, p[cps * objs]);
	p[cps * objs] = NULL;
	assert_ptr_equal(c->partial, full[cps]);
	assert_int_equal(full[cps]->slabs, 1);
	assert_int_equal(n->nr_partial, cps);
	for (j = 0; j < cps; j++)
		assert_int_equal(full[j]->frozen, 0);
	assert_true(slabinfo_of(m, "life-256", &l));
	assert_int_equal(l.num_objs, (nfull + 1) * objs);
	/* get_slabinfo(): only the node partial lists' free objects count */
	assert_int_equal(l.active_objs, (nfull + 1) * objs - cps);

	/* empty the node's partial slabs one by one (__slab_free()) */
	np = cps;
	for (j = 0; j < cps; j++) {
		long slabs = nr_slabs_node(s, 0);
		bool discard = np >= s->min_partial;

		for (i = 0; i < objs; i++) {
			if (p[j * objs + i]) {
				mmsim_kmem_cache_free(s, p[j * objs + i]);
				p[j * objs + i] = NULL;
			}
		}
		if (discard) {
			np--;
			assert_int_equal(nr_slabs_node(s, 0), slabs - 1);
		} else {
			assert_int_equal(nr_slabs_node(s, 0), slabs);
			assert_int_equal(full[j]->inuse, 0);
		}
		assert_int_equal(n->nr_partial, np);
	}
	assert_int_equal(np, s->min_partial - 1);
	/* an empty slab on the per-CPU partial list stays there */
	{
		long slabs = nr_slabs_node(s, 0);

		for (i = 0; i < objs; i++) {
			if (p[cps * objs + i]) {
				mmsim_kmem_cache_free(s, p[cps * objs + i]);
				p[cps * objs + i] = NULL;
			}
		}
		assert_ptr_equal(c->partial, full[cps]);
		assert_int_equal(full[cps]->inuse, 0);
		assert_int_equal(nr_slabs_node(s, 0), slabs);
	}

	/* shrink: flush_all() and then every empty slab goes */
	assert_int_equal(mmsim_kmem_cache_shrink(s), 1);	/* one object left */
	assert_null(c->slab);
	assert_null(c->freelist);
	assert_null(c->partial);
	assert_int_equal(n->nr_partial, 1);
	assert_int_equal(nr_slabs_node(s, 0), 1);
	assert_int_equal(cpu_slab->frozen, 0);
	assert_int_equal(cpu_slab->inuse, 1);
	assert_true(slabinfo_of(m, "life-256", &l));
	assert_int_equal(l.num_slabs, 1);
	assert_int_equal(l.num_objs, objs);
	assert_int_equal(l.active_objs, 1);
	mmsim_kmem_cache_free(s, p[total - 1]);
	/* below min_partial the empty slab stays on the node list */
	assert_int_equal(n->nr_partial, 1);
	assert_int_equal(nr_slabs_node(s, 0), 1);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_int_equal(nr_slabs_node(s, 0), 0);
	assert_int_equal(n->nr_partial, 0);
	assert_int_equal(free_pages_now(), before);
	assert_true(slabinfo_of(m, "life-256", &l));
	assert_int_equal(l.num_slabs, 0);
	assert_int_equal(l.active_objs, 0);

	free(p);
	free(full);
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

struct remote {
	struct mmsim *m;
	struct kmem_cache *s;
	void **objs;
	int nr;
	int cpu;
	int err;
};

static void *remote_free_main(void *arg)
{
	struct remote *r = arg;
	int i;

	if (mmsim_cpu_enter(r->m, r->cpu)) {
		r->err = 1;
		return NULL;
	}
	for (i = 0; i < r->nr; i++)
		mmsim_kmem_cache_free(r->s, r->objs[i]);
	mmsim_cpu_exit();
	return NULL;
}

static void free_on_cpu(struct mmsim *m, struct kmem_cache *s, int cpu,
			void **objs, int nr)
{
	struct remote r = { m, s, objs, nr, cpu, 0 };
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, remote_free_main, &r), 0);
	pthread_join(t, NULL);
	assert_int_equal(r.err, 0);
}

/*
 * Frees from another CPU (__slab_free()): into a frozen CPU slab the
 * object goes to slab->freelist, where the owning CPU finds it when its
 * own freelist runs dry (get_freelist()); into a full slab, the slab
 * goes to the freeing CPU's partial list.
 */
static void test_remote_free(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_NOMERGE);
	struct kmem_cache *s = mmsim_kmem_cache_create("remote-512", 512, 0, 0, NULL);
	unsigned int objs, i;
	struct slab *s0;
	void **p, *q;
	unsigned long before;

	(void)state;
	assert_non_null(s);
	objs = oo_objects(s->oo);
	p = calloc(2 * objs + 1, sizeof(*p));
	assert_non_null(p);
	before = free_pages_now();
	for (i = 0; i < objs; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	s0 = s->cpu_slab[0].slab;
	assert_ptr_equal(virt_to_slab(p[objs - 1]), s0);
	assert_null(s->cpu_slab[0].freelist);

	free_on_cpu(m, s, 1, &p[3], 1);
	assert_ptr_equal(s->cpu_slab[0].slab, s0);
	assert_int_equal(s0->frozen, 1);
	assert_ptr_equal(s0->freelist, p[3]);
	assert_int_equal(s0->inuse, objs - 1);
	assert_null(s->cpu_slab[1].slab);
	assert_null(s->cpu_slab[1].partial);
	/* CPU 0 gets it back from the slab's freelist */
	q = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_ptr_equal(q, p[3]);
	assert_ptr_equal(s->cpu_slab[0].slab, s0);
	assert_int_equal(s0->inuse, objs);
	assert_null(s0->freelist);

	/* S0 full, off the CPU: a remote free puts it on CPU 1's partials */
	for (i = objs; i < 2 * objs + 1; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_true(s->cpu_slab[0].slab != s0);
	free_on_cpu(m, s, 1, &p[5], 1);
	assert_ptr_equal(s->cpu_slab[1].partial, s0);
	assert_null(s->cpu_slab[0].partial);
	assert_int_equal(s0->frozen, 0);
	assert_int_equal(s0->inuse, objs - 1);

	/* everything back from CPU 1, then a shrink flushes both CPUs */
	for (i = 0; i < 2 * objs + 1; i++)
		if (i != 5)
			free_on_cpu(m, s, 1, &p[i], 1);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_null(s->cpu_slab[0].slab);
	assert_null(s->cpu_slab[1].partial);
	assert_int_equal(nr_slabs_node(s, 0), 0);
	assert_int_equal(free_pages_now(), before);
	mmsim_kmem_cache_destroy(s);
	free(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/* kmalloc_node() and kmem_cache_alloc_node() honour the node. */
static void test_alloc_node(void **state)
{
	struct mmsim *m = boot_hooked("mem=128M numa=2 nr_cpus=2 printk.time=0");
	struct kmem_cache *s = mmsim_kmem_cache_create("node-128", 128, 0, 0, NULL);
	void *p[2][100];
	int nid, i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 100; i++) {
		for (nid = 0; nid < 2; nid++) {
			p[nid][i] = i % 2 ? mmsim_kmalloc_node(100 + (size_t)i * 50,
							      GFP_KERNEL, nid)
					  : mmsim_kmem_cache_alloc_node(s, GFP_KERNEL, nid);
			assert_non_null(p[nid][i]);
			assert_int_equal(page_to_nid(virt_to_page(p[nid][i])), nid);
		}
	}
	for (i = 0; i < 100; i++) {
		for (nid = 0; nid < 2; nid++) {
			if (i % 2)
				mmsim_kfree(p[nid][i]);
			else
				mmsim_kmem_cache_free(s, p[nid][i]);
		}
	}
	assert_true(nr_slabs_node(s, 0) + nr_slabs_node(s, 1) > 0);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_int_equal(nr_slabs_node(s, 0), 0);
	assert_int_equal(nr_slabs_node(s, 1), 0);
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Reports                                                              */

/*
 * account_slab()/unaccount_slab(): each slab adds PAGE_SIZE << order
 * to NR_SLAB_UNRECLAIMABLE_B, or NR_SLAB_RECLAIMABLE_B for
 * SLAB_RECLAIM_ACCOUNT caches; meminfo shows them as SUnreclaim,
 * SReclaimable and their sum Slab.
 */
static void check_slab_accounting(struct mmsim *m, slab_flags_t flags)
{
	bool rcl = flags & SLAB_RECLAIM_ACCOUNT;
	const char *vm_key = rcl ? "nr_slab_reclaimable" : "nr_slab_unreclaimable";
	const char *vm_other = rcl ? "nr_slab_unreclaimable" : "nr_slab_reclaimable";
	const char *mi_key = rcl ? "SReclaimable" : "SUnreclaim";
	struct kmem_cache *s = mmsim_kmem_cache_create("acct-1000", 1000, 0, flags, NULL);
	unsigned int objs, order, nslabs = 3, i;
	long vm0, vmo0, mi0, slab0;
	unsigned long free0;
	struct slabinfo_line l;
	void **p;

	assert_non_null(s);
	objs = oo_objects(s->oo);
	order = oo_order(s->oo);
	p = calloc(nslabs * objs, sizeof(*p));
	assert_non_null(p);
	free0 = free_pages_now();
	vm0 = report_value(m, "vmstat", vm_key);
	vmo0 = report_value(m, "vmstat", vm_other);
	mi0 = report_value(m, "meminfo", mi_key);
	slab0 = report_value(m, "meminfo", "Slab");

	for (i = 0; i < nslabs * objs; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	assert_int_equal(report_value(m, "vmstat", vm_key),
			 vm0 + (long)(nslabs << order));
	assert_int_equal(report_value(m, "vmstat", vm_other), vmo0);
	assert_int_equal(report_value(m, "meminfo", mi_key),
			 mi0 + (long)(nslabs << order) * 4);
	assert_int_equal(report_value(m, "meminfo", "Slab"),
			 slab0 + (long)(nslabs << order) * 4);
	assert_int_equal(free_pages_now(), free0 - (nslabs << order));
	assert_true(slabinfo_of(m, "acct-1000", &l));
	assert_int_equal(l.num_slabs, nslabs);
	assert_int_equal(l.active_slabs, nslabs);
	assert_int_equal(l.num_objs, nslabs * objs);
	assert_int_equal(l.active_objs, nslabs * objs);
	assert_int_equal(l.objsize, s->size);
	assert_int_equal(l.objperslab, objs);
	assert_int_equal(l.pagesperslab, 1u << order);

	for (i = 0; i < nslabs * objs; i++)
		mmsim_kmem_cache_free(s, p[i]);
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	assert_int_equal(report_value(m, "vmstat", vm_key), vm0);
	assert_int_equal(report_value(m, "meminfo", mi_key), mi0);
	assert_int_equal(report_value(m, "meminfo", "Slab"), slab0);
	assert_int_equal(free_pages_now(), free0);
	assert_true(slabinfo_of(m, "acct-1000", &l));
	assert_int_equal(l.num_slabs, 0);
	assert_int_equal(l.num_objs, 0);

	/* destroy with slabs still cached gives them back as well */
	for (i = 0; i < objs + 1; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < objs + 1; i++)
		mmsim_kmem_cache_free(s, p[i]);
	mmsim_kmem_cache_destroy(s);
	assert_int_equal(report_value(m, "vmstat", vm_key), vm0);
	assert_int_equal(free_pages_now(), free0);
	free(p);
}

static void test_slab_accounting(void **state)
{
	struct mmsim *m = boot_hooked(BOOT_NOMERGE);

	(void)state;
	check_slab_accounting(m, 0);
	check_slab_accounting(m, SLAB_RECLAIM_ACCOUNT);
	/* kmalloc-rcl-N slabs are reclaimable */
	{
		long r0 = report_value(m, "vmstat", "nr_slab_reclaimable");
		struct kmem_cache *s = kmalloc_cache(m, KMALLOC_RECLAIM, 2048);
		unsigned int objs = oo_objects(s->oo), order = oo_order(s->oo), i;
		long grown;
		void **p = calloc(4 * objs, sizeof(*p));

		assert_non_null(p);
		for (i = 0; i < 4 * objs; i++)
			p[i] = mmsim_kmalloc(2048, GFP_KERNEL | __GFP_RECLAIMABLE);
		grown = report_value(m, "vmstat", "nr_slab_reclaimable") - r0;
		/* at least 3 new slabs (the cache may have had a partial one) */
		assert_true(grown >= 3L << order);
		assert_int_equal(grown % (1L << order), 0);
		for (i = 0; i < 4 * objs; i++)
			mmsim_kfree(p[i]);
		mmsim_kmem_cache_shrink(s);
		assert_true(report_value(m, "vmstat", "nr_slab_reclaimable") <= r0);
		free(p);
	}
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/* The slabinfo header lines, as mm/slab_common.c:print_slabinfo_header(). */
static void test_slabinfo_format(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	char *text = show(m, "slabinfo");
	struct slabinfo_line l;
	struct kmem_cache *s;

	(void)state;
	assert_true(!strncmp(text,
			     "slabinfo - version: 2.1\n"
			     "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n",
			     strlen("slabinfo - version: 2.1\n# name")));
	assert_non_null(strstr(text, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"));
	free(text);
	/* every kmalloc cache has a line, SLUB's tunables are 0 */
	assert_true(slabinfo_of(m, "kmalloc-8k", &l));
	assert_int_equal(l.objsize, 8192);
	assert_int_equal(l.objperslab, 4);
	assert_int_equal(l.pagesperslab, 8);
	assert_int_equal(l.limit, 0);
	assert_int_equal(l.batchcount, 0);
	assert_int_equal(l.shared, 0);
	assert_int_equal(l.sharedavail, 0);
	assert_true(slabinfo_of(m, "kmalloc-96", &l));
	assert_true(slabinfo_of(m, "kmalloc-rcl-192", &l));
	assert_true(slabinfo_of(m, "dma-kmalloc-1k", &l));
	assert_true(slabinfo_of(m, "kmem_cache", &l));
	assert_true(slabinfo_of(m, "kmem_cache_node", &l));
	/* the line of a cache agrees with get_slabinfo() */
	list_for_each_entry(s, &slab_state(m)->slab_caches, list) {
		struct slabinfo si;

		get_slabinfo(s, &si);
		assert_true(slabinfo_of(m, s->name, &l));
		assert_int_equal(l.active_objs, si.active_objs);
		assert_int_equal(l.num_objs, si.num_objs);
		assert_int_equal(l.num_slabs, si.num_slabs);
		assert_int_equal(l.objsize, s->size);
		assert_int_equal(l.objperslab, oo_objects(s->oo));
		assert_int_equal(l.pagesperslab, 1u << oo_order(s->oo));
		assert_true(si.active_objs <= si.num_objs);
		assert_int_equal(si.num_objs, si.num_slabs * oo_objects(s->oo));
	}
	assert_no_reports();
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Misuse: reported, never fatal, the machine stays consistent          */

/* The machine is valid and allocation and free work, without reports. */
static void assert_works(struct mmsim *m, const char *what)
{
	void *p[40];
	int i;

	if (mmsim_validate(m))
		fail_msg("%s: machine invalid:\n%s", what, reports.text);
	reports_reset();
	for (i = 0; i < 40; i++) {
		p[i] = mmsim_kmalloc(8 + (size_t)i * 50, GFP_KERNEL);
		assert_non_null(p[i]);
		fill(p[i], 8 + (size_t)i * 50, (unsigned char)i);
	}
	assert_disjoint(p, 40, 8);
	for (i = 0; i < 40; i++) {
		assert_filled(p[i], 8 + (size_t)i * 50, (unsigned char)i);
		mmsim_kfree(p[i]);
	}
	if (reports.n)
		fail_msg("%s: later alloc/free reported:\n%s", what, reports.text);
	assert_valid(m);
}

/* After a misuse: a report, a valid machine, allocation still works. */
static void assert_recovered(struct mmsim *m, const char *what)
{
	if (reports.n < 1)
		fail_msg("%s: not reported", what);
	assert_works(m, what);
}

static void test_kfree_stack(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	char local[64];

	(void)state;
	memset(local, 1, sizeof(local));
	mmsim_kfree(local);
	assert_recovered(m, "kfree(stack)");
	mmsim_shutdown(m);
}

static void test_kfree_malloc(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	void *h = malloc(64);

	(void)state;
	assert_non_null(h);
	mmsim_kfree(h);
	assert_recovered(m, "kfree(malloc())");
	free(h);	/* untouched */
	mmsim_shutdown(m);
}

/*
 * kfree() of a pointer inside an object: reported ("Invalid object
 * pointer" in check_valid_pointer()'s words), the object is not freed.
 */
static void test_kfree_middle(void **state)
{
	static const size_t sizes[] = { 64, 192, 1000 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct mmsim *m = boot_hooked(BOOT);
		char *p = mmsim_kmalloc(sizes[i], GFP_KERNEL);
		char *q;

		assert_non_null(p);
		fill(p, sizes[i], 0x77);
		mmsim_kfree(p + 8);
		assert_true(reports.n >= 1);
		assert_valid(m);
		reports_reset();
		/* the object is still allocated: no one else gets it */
		q = mmsim_kmalloc(sizes[i], GFP_KERNEL);
		assert_true(q != p && q != p + 8);
		assert_filled(p, sizes[i], 0x77);
		mmsim_kfree(q);
		mmsim_kfree(p);
		assert_no_reports();
		assert_works(m, "kfree(middle)");
		mmsim_shutdown(m);
	}
}

/*
 * kfree() of a page the page allocator gave out: not a slab, not a
 * large kmalloc: 6.18's free_large_kmalloc() WARNs ("Not a kmalloc
 * allocation") and leaves the page alone.
 */
static void test_kfree_page(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct page *page = mmsim_alloc_pages(GFP_KERNEL, 1);
	unsigned long before;

	(void)state;
	assert_non_null(page);
	before = free_pages_now();
	mmsim_kfree(page_address(page));
	assert_int_equal(free_pages_now(), before);
	assert_recovered(m, "kfree(page)");
	mmsim___free_pages(page, 1);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/*
 * kfree() of a pointer into a large kmalloc, past its first page: the
 * kernel would free the whole folio silently; here it must at least be
 * reported and leave the machine consistent.
 */
static void test_kfree_large_middle(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	char *p = mmsim_kmalloc(20000, GFP_KERNEL);

	(void)state;
	assert_non_null(p);
	mmsim_kfree(p + 4096);
	assert_recovered(m, "kfree(large + 4096)");
	mmsim_shutdown(m);
}

/*
 * kmem_cache_free() into another cache: cache_from_obj() WARNs
 * "kmem_cache_free: Wrong slab cache. B but object is from A" and frees
 * into the object's own cache.  The kernel checks this with
 * CONFIG_SLAB_FREELIST_HARDENED; the simulator always does (its
 * documented choice), so both boots expect the kernel's hardened result.
 */
static void check_wrong_cache(const char *params)
{
	struct mmsim *m = boot_hooked(params);
	struct kmem_cache *a = mmsim_kmem_cache_create("wrong_a", 48, 0, 0, NULL);
	struct kmem_cache *b = mmsim_kmem_cache_create("wrong_b", 200, 0, 0, NULL);
	void *pa, *pb, *again;

	assert_non_null(a);
	assert_non_null(b);
	assert_true(a != b);
	pa = mmsim_kmem_cache_alloc(a, GFP_KERNEL);
	pb = mmsim_kmem_cache_alloc(b, GFP_KERNEL);
	mmsim_kmem_cache_free(b, pa);
	assert_true(reports.n >= 1);
	assert_non_null(strstr(reports.text, "Wrong slab cache"));
	assert_non_null(strstr(reports.text, "wrong_a"));
	assert_non_null(strstr(reports.text, "wrong_b"));
	/* freed into its own cache: the next allocation of a */
	again = mmsim_kmem_cache_alloc(a, GFP_KERNEL);
	assert_ptr_equal(again, pa);
	assert_valid(m);
	reports_reset();
	/* both caches still work */
	{
		void *x[64], *y[64];
		int i;

		for (i = 0; i < 64; i++) {
			x[i] = mmsim_kmem_cache_alloc(a, GFP_KERNEL);
			y[i] = mmsim_kmem_cache_alloc(b, GFP_KERNEL);
			assert_ptr_equal(cache_of(x[i]), a);
			assert_ptr_equal(cache_of(y[i]), b);
			assert_true(x[i] != pa);
			assert_true(y[i] != pb);
		}
		assert_disjoint(x, 64, 48);
		assert_disjoint(y, 64, 200);
		for (i = 0; i < 64; i++) {
			mmsim_kmem_cache_free(a, x[i]);
			mmsim_kmem_cache_free(b, y[i]);
		}
	}
	mmsim_kmem_cache_free(a, pa);
	mmsim_kmem_cache_free(b, pb);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_wrong_cache(void **state)
{
	(void)state;
	check_wrong_cache(BOOT_NOMERGE);
	check_wrong_cache("mem=64M nr_cpus=2 slab_nomerge slub_freelist_hardened=on printk.time=0");
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: set_freepointer()'s
 * BUG_ON(object == fp) catches freeing the object at the head of the
 * CPU freelist again.  The report leaves the freelist sound: two
 * allocations do not return the same object.
 */
static void test_double_free_hardened(void **state)
{
	static const size_t sizes[] = { 16, 64, 512, 4096 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct mmsim *m = boot_hooked("mem=64M nr_cpus=2 slub_freelist_hardened=on printk.time=0");
		void *p = mmsim_kmalloc(sizes[i], GFP_KERNEL);
		void *a, *b;

		assert_non_null(p);
		mmsim_kfree(p);
		assert_no_reports();
		quiet_valgrind();
		mmsim_kfree(p);
		loud_valgrind();
		if (reports.n < 1)
			fail_msg("double kfree of a %zu-byte object not caught", sizes[i]);
		assert_valid(m);
		reports_reset();
		a = mmsim_kmalloc(sizes[i], GFP_KERNEL);
		b = mmsim_kmalloc(sizes[i], GFP_KERNEL);
		assert_non_null(a);
		assert_non_null(b);
		assert_true(a != b);
		mmsim_kfree(a);
		mmsim_kfree(b);
		assert_no_reports();
		assert_works(m, "double kfree");
		mmsim_shutdown(m);
	}
}

/*
 * Hardened free pointers are stored as ptr ^ s->random ^
 * swab(address of the pointer) (freelist_ptr_encode()); plain ones as
 * is.  Either way they decode to an object of the same slab, or NULL.
 */
static void check_freelist_encoding(const char *params, bool hardened)
{
	struct mmsim *m = boot_hooked(params);
	struct kmem_cache *s = mmsim_kmem_cache_create("enc-64", 64, 0, 0, NULL);
	void *p = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	void **head = s->cpu_slab[0].freelist;
	struct slab *slab = virt_to_slab(p);
	char *base = slab_address(slab);
	int steps = 0;

	assert_non_null(head);
	if (hardened)
		assert_true(s->random != 0);
	while (head) {
		unsigned long addr = (unsigned long)((char *)head + s->offset);
		unsigned long raw, next;

		quiet_valgrind();
		raw = *(volatile unsigned long *)addr;
		loud_valgrind();
		next = hardened ? raw ^ s->random ^ __builtin_bswap64(addr) : raw;

		if (next) {
			assert_true((char *)next >= base);
			assert_true((char *)next < base + slab->objects * s->size);
			assert_int_equal(((char *)next - base) % s->size, 0);
			if (hardened)
				assert_true(raw != next);
		}
		head = (void **)next;
		steps++;
		assert_true(steps < (int)slab->objects);
	}
	assert_int_equal(steps, slab->objects - 1);
	mmsim_kmem_cache_free(s, p);
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	mmsim_shutdown(m);
}

static void test_freelist_encoding(void **state)
{
	(void)state;
	check_freelist_encoding(BOOT_NOMERGE, false);
	check_freelist_encoding("mem=64M nr_cpus=2 slab_nomerge slub_freelist_hardened=on printk.time=0",
				true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_cpus),
		cmocka_unit_test(test_geometry_params),
		cmocka_unit_test(test_kmalloc_caches),
		cmocka_unit_test(test_kmalloc_sizes),
		cmocka_unit_test(test_kmalloc_types),
		cmocka_unit_test(test_kmalloc_large),
		cmocka_unit_test(test_kmalloc_zero_and_null),
		cmocka_unit_test(test_kzalloc_kcalloc),
		cmocka_unit_test(test_krealloc),
		cmocka_unit_test(test_kstrdup_kmemdup_kvmalloc),
		cmocka_unit_test(test_ctor),
		cmocka_unit_test(test_zalloc),
		cmocka_unit_test(test_alignment_and_overlap),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_shrink),
		cmocka_unit_test(test_destroy_empty),
		cmocka_unit_test(test_destroy_busy),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_cpu_slab_lifecycle),
		cmocka_unit_test(test_remote_free),
		cmocka_unit_test(test_alloc_node),
		cmocka_unit_test(test_slab_accounting),
		cmocka_unit_test(test_slabinfo_format),
		cmocka_unit_test(test_kfree_stack),
		cmocka_unit_test(test_kfree_malloc),
		cmocka_unit_test(test_kfree_middle),
		cmocka_unit_test(test_kfree_page),
		cmocka_unit_test(test_kfree_large_middle),
		cmocka_unit_test(test_wrong_cache),
		cmocka_unit_test(test_double_free_hardened),
		cmocka_unit_test(test_freelist_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
