// SPDX-License-Identifier: MIT
/*
 * Unit tests of slub_debug (src/mm/slub_debug.c), each expectation taken
 * from what Linux 6.18's mm/slub.c does on the same state:
 *
 *   parsing       slub_debug / slab_debug= with flags, cache lists,
 *                 ';' blocks, '*' globs and '-'; malformed values refused
 *                 with the word named; kmem_cache_flags() per cache and in
 *                 the merge check
 *   layout        calculate_sizes() of debug caches, written again here
 *   red zones     a one-byte overflow and underflow reported at kfree()
 *                 in the kernel's words, restored, the cache still usable
 *   poison        a write after free caught at the next allocation
 *   misuse        double free ("Object already free"), a pointer into an
 *                 object ("Invalid object pointer"): reported, not freed,
 *                 the freelist intact
 *   tracking      "Allocated in"/"Freed in" name this file's functions
 *   kmalloc       the kmalloc red zone past the requested size, and what
 *                 kzalloc(), ksize() and krealloc() may touch
 *
 * After each: mmsim_validate() == 0 and a clean alloc/free.
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

/* Deliberate misuse is what Memcheck would report: hide it from it. */
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>
#define quiet_valgrind()	VALGRIND_DISABLE_ERROR_REPORTING
#define loud_valgrind()		VALGRIND_ENABLE_ERROR_REPORTING
#else
#define quiet_valgrind()	((void)0)
#define loud_valgrind()		((void)0)
#endif

#define BOOT		"mem=64M nr_cpus=2 printk.time=0"
#define assert_valid(m) assert_int_equal(mmsim_validate(m), 0)

/* ------------------------------------------------------------------ */
/* Reports                                                              */

static struct {
	int n;
	char text[65536];
} reports;

static void report_hook(struct mmsim *m, const char *text, void *arg)
{
	size_t len = strlen(reports.text);

	(void)m;
	(void)arg;
	reports.n++;
	snprintf(reports.text + len, sizeof(reports.text) - len, "%s", text);
}

static void reports_reset(void)
{
	reports.n = 0;
	reports.text[0] = '\0';
}

static struct mmsim *boot_hooked(const char *params)
{
	char line[512];
	struct mmsim *m;

	snprintf(line, sizeof(line), "%s %s", BOOT, params);
	m = boot(line);
	mmsim_set_report_hook(m, report_hook, NULL);
	reports_reset();
	return m;
}

#define assert_no_reports()						\
	do {								\
		if (reports.n)						\
			fail_msg("unexpected report(s):\n%s", reports.text); \
	} while (0)

#define assert_reported(str)						\
	do {								\
		if (!strstr(reports.text, str))				\
			fail_msg("no \"%s\" in the report(s):\n%s", str, \
				 reports.text);				\
	} while (0)

/* A clean kmalloc/kfree of @size, and a valid machine. */
static void assert_works(struct mmsim *m, size_t size)
{
	void *p[8];
	int i;

	reports_reset();
	for (i = 0; i < 8; i++) {
		p[i] = mmsim_kmalloc(size, GFP_KERNEL);
		assert_non_null(p[i]);
		memset(p[i], 0x33, size);
	}
	for (i = 0; i < 8; i++)
		mmsim_kfree(p[i]);
	/* T makes notices; anything else is a failure */
	if (strstr(reports.text, "BUG ") || strstr(reports.text, "FIX "))
		fail_msg("unexpected report(s):\n%s", reports.text);
	assert_valid(m);
}

static u8 peek(const void *p)
{
	u8 c;

	quiet_valgrind();
	c = *(const volatile u8 *)p;
	loud_valgrind();
#if __has_include(<valgrind/memcheck.h>)
	VALGRIND_MAKE_MEM_DEFINED(&c, 1);	/* red zones are not user data */
#endif
	return c;
}

static void poke(void *p, u8 c)
{
	quiet_valgrind();
	*(volatile u8 *)p = c;
	loud_valgrind();
}

static struct kmem_cache *kmalloc_cache(struct mmsim *m, size_t size)
{
	return kmalloc_slab(m, size, GFP_KERNEL);
}

#define DEBUG_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
			 SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE)
#define FZPU		(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
			 SLAB_POISON | SLAB_STORE_USER)

/* ------------------------------------------------------------------ */
/* Parsing                                                              */

static slab_flags_t debug_flags_of(struct mmsim *m, size_t size)
{
	return kmalloc_cache(m, size)->flags & DEBUG_FLAGS;
}

static void test_parse_flags(void **state)
{
	static const struct {
		const char *param;
		slab_flags_t f64, f128, f8;	/* kmalloc-64, -128, -8 */
	} cases[] = {
		{ "", 0, 0, 0 },
		{ "slub_debug", FZPU, FZPU, FZPU },
		{ "slab_debug", FZPU, FZPU, FZPU },
		{ "slub_debug=FZ", SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE,
		  SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE,
		  SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE },
		{ "slub_debug=fzput", DEBUG_FLAGS, DEBUG_FLAGS, DEBUG_FLAGS },
		{ "slub_debug=P,kmalloc-64", SLAB_POISON, 0, 0 },
		{ "slub_debug=U,kmalloc-8,kmalloc-128", 0, SLAB_STORE_USER,
		  SLAB_STORE_USER },
		{ "slab_debug=-", 0, 0, 0 },
		{ "slub_debug=FZP-U", SLAB_STORE_USER, SLAB_STORE_USER,
		  SLAB_STORE_USER },
		/* a list without flags: full debugging for those caches */
		{ "slub_debug=,kmalloc-64", FZPU, 0, 0 },
		/* a glob is a prefix match; exact names otherwise */
		{ "slub_debug=Z,kmalloc-1*", 0, SLAB_RED_ZONE, 0 },
		{ "slub_debug=Z,kmalloc-6", 0, 0, 0 },
		/* global flags, and a block for one cache that replaces them */
		{ "slub_debug=FZ;U,kmalloc-64", SLAB_STORE_USER,
		  SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE,
		  SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE },
		{ "slub_debug=P,kmalloc-64;Z,kmalloc-128", SLAB_POISON,
		  SLAB_RED_ZONE, 0 },
		{ "slub_debug=;;P,kmalloc-8", 0, 0, SLAB_POISON },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mmsim *m = boot_hooked(cases[i].param);

		if (debug_flags_of(m, 64) != cases[i].f64 ||
		    debug_flags_of(m, 128) != cases[i].f128 ||
		    debug_flags_of(m, 8) != cases[i].f8)
			fail_msg("%s: kmalloc-64 %#x -128 %#x -8 %#x",
				 cases[i].param, debug_flags_of(m, 64),
				 debug_flags_of(m, 128), debug_flags_of(m, 8));
		assert_works(m, 64);
		assert_works(m, 128);
		mmsim_shutdown(m);
	}
}

static void test_parse_errors(void **state)
{
	static const struct {
		const char *param, *msg;
	} cases[] = {
		{ "slub_debug=X", "'slub_debug=X'" },
		{ "slab_debug=FZQ", "unknown slub_debug option 'Q'" },
		{ "slub_debug=P,", "'slub_debug=P,': empty cache name" },
		{ "slub_debug=P,,kmalloc-64", "empty cache name" },
		{ "slub_debug=", "'slub_debug=' has an empty value" },
		{ "slub_debug=O", "'slub_debug=O'" },
	};
	struct mmsim_config cfg;
	char big[300];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_not_equal(mmsim_config_parse(&cfg, cases[i].param), 0);
		if (!strstr(mmsim_strerror(), cases[i].msg))
			fail_msg("%s: \"%s\"", cases[i].param, mmsim_strerror());
		assert_null(mmsim_boot(cases[i].param));
	}
	memset(big, 'P', sizeof(big));
	memcpy(big, "slub_debug=", 11);
	big[sizeof(big) - 1] = '\0';
	assert_int_not_equal(mmsim_config_parse(&cfg, big), 0);
	assert_non_null(strstr(mmsim_strerror(), "too long"));

	assert_int_equal(mmsim_config_parse(&cfg, "slub_debug"), 0);
	assert_string_equal(cfg.slub_debug, "FZPU");
	assert_int_equal(mmsim_config_parse(&cfg, "slab_debug=P,kmalloc-64"), 0);
	assert_string_equal(cfg.slub_debug, "P,kmalloc-64");
}

/* A cache slub_debug= names is never merged into another. */
static void test_merge(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug=P,mycache");
	struct kmem_cache *a, *b;

	(void)state;
	a = mmsim_kmem_cache_create("mycache", 64, 0, 0, NULL);
	b = mmsim_kmem_cache_create("other", 64, 0, 0, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a != kmalloc_cache(m, 64));
	assert_true(a->flags & SLAB_POISON);
	assert_true(b == kmalloc_cache(m, 64));	/* merged, no debug */
	assert_false(b->flags & SLAB_POISON);
	mmsim_kmem_cache_destroy(b);
	mmsim_kmem_cache_destroy(a);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Layout: mm/slub.c:calculate_sizes(), written again                  */

#define K_PTR		8u
#define K_TRACK		(8u + 16u * 8u + 4u + 4u + 8u)	/* struct track */
#define K_ALIGN(x, a)	(((x) + (a) - 1) / (a) * (a))

struct k_layout {
	unsigned int size, offset, inuse, red_left_pad;
};

static struct k_layout k_calculate_sizes(unsigned int object_size,
					 unsigned int align, slab_flags_t flags,
					 bool ctor)
{
	struct k_layout l = { 0, 0, 0, 0 };
	unsigned int size = K_ALIGN(object_size, K_PTR);

	if ((flags & SLAB_RED_ZONE) && size == object_size)
		size += K_PTR;
	l.inuse = size;
	if ((flags & SLAB_POISON) || ctor ||
	    ((flags & SLAB_RED_ZONE) &&
	     (object_size < K_PTR ||
	      ((flags & SLAB_STORE_USER) && (flags & SLAB_KMALLOC))))) {
		l.offset = size;
		size += K_PTR;
	} else {
		l.offset = object_size / 2 / K_PTR * K_PTR;
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * K_TRACK;
		if (flags & SLAB_KMALLOC)
			size += 4;	/* orig_size */
	}
	if (flags & SLAB_RED_ZONE) {
		size += K_PTR;
		l.red_left_pad = K_ALIGN(K_PTR, align);
		size += l.red_left_pad;
	}
	l.size = K_ALIGN(size, align);
	return l;
}

static void check_layout(const struct kmem_cache *s, bool ctor)
{
	struct k_layout l = k_calculate_sizes(s->object_size, s->align,
					      s->flags, ctor);

	if (l.size != s->size || l.offset != s->offset ||
	    l.inuse != s->inuse || l.red_left_pad != s->red_left_pad)
		fail_msg("%s (%u, flags %#x): size %u/%u offset %u/%u inuse %u/%u red_left_pad %u/%u",
			 s->name, s->object_size, s->flags, s->size, l.size,
			 s->offset, l.offset, s->inuse, l.inuse,
			 s->red_left_pad, l.red_left_pad);
}

static void ctor_nop(void *p)
{
	(void)p;
}

static void test_layout(void **state)
{
	static const char *const params[] = {
		"slub_debug", "slub_debug=Z", "slub_debug=P", "slub_debug=U",
		"slub_debug=ZU", "slub_debug=FZP", "slub_debug=F",
	};
	static const unsigned int sizes[] = { 1, 4, 8, 24, 60, 64, 100, 192,
					      1000, 4096 };
	static const unsigned int aligns[] = { 0, 8, 64 };
	size_t i, j, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(params); i++) {
		struct mmsim *m = boot_hooked(params[i]);
		static const size_t ksizes[] = { 8, 16, 32, 64, 96, 128, 192,
						 256, 512, 1024, 2048, 4096,
						 8192 };

		for (j = 0; j < ARRAY_SIZE(ksizes); j++)
			check_layout(kmalloc_cache(m, ksizes[j]), false);
		for (j = 0; j < ARRAY_SIZE(sizes); j++) {
			for (k = 0; k < ARRAY_SIZE(aligns); k++) {
				struct kmem_cache *s, *c;

				s = mmsim_kmem_cache_create("layout", sizes[j],
							    aligns[k], 0, NULL);
				c = mmsim_kmem_cache_create("layout-ctor",
							    sizes[j], aligns[k],
							    SLAB_HWCACHE_ALIGN,
							    ctor_nop);
				assert_non_null(s);
				assert_non_null(c);
				check_layout(s, false);
				check_layout(c, true);
				assert_works(m, sizes[j]);
				mmsim_kmem_cache_destroy(c);
				mmsim_kmem_cache_destroy(s);
			}
		}
		assert_no_reports();
		mmsim_shutdown(m);
	}
}

/* ------------------------------------------------------------------ */
/* Red zones                                                            */

static void test_right_redzone(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug");
	u8 *p = mmsim_kmalloc(64, GFP_KERNEL);

	(void)state;
	assert_non_null(p);
	memset(p, 0x11, 64);
	poke(p + 64, 0x00);		/* one byte too far */
	mmsim_kfree(p);
	assert_int_equal(reports.n, 1);
	assert_reported("[Right Redzone overwritten] 0x");
	assert_reported(" @offset=");
	assert_reported(". First byte 0x0 instead of 0xcc\n");
	assert_reported("=============================================================================\n"
			"BUG kmalloc-64 (Not tainted): Object corrupt\n"
			"-----------------------------------------------------------------------------\n");
	assert_reported("\nSlab 0x");
	assert_reported("\nObject 0x");
	assert_reported("\nRedzone  ");
	assert_reported("\nObject   ");
	assert_reported(": 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11  ................\n");
	assert_reported("\nPadding  ");
	assert_reported("\nFIX kmalloc-64: Restoring Right Redzone 0x");
	assert_reported("=0xcc\n");
	assert_reported("FIX kmalloc-64: Object at 0x");
	/* restored, and the object was not freed (the kernel leaks it) */
	assert_int_equal(peek(p + 64), 0xcc);
	assert_int_equal(p[0], 0x11);
	assert_valid(m);
	assert_works(m, 64);
	/* a later report knows the machine is tainted */
	reports_reset();
	poke(p - 1, 0x00);
	mmsim_kfree(p);
	assert_reported("BUG kmalloc-64 (Tainted: G    B");
	assert_works(m, 64);
	mmsim_shutdown(m);
}

static void test_left_redzone(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug=FZ");
	u8 *p = mmsim_kmalloc(100, GFP_KERNEL);	/* kmalloc-128 */

	(void)state;
	assert_non_null(p);
	poke(p - 1, 0x99);
	mmsim_kfree(p);
	assert_reported("[Left Redzone overwritten] 0x");
	assert_reported("First byte 0x99 instead of 0xcc");
	assert_reported("BUG kmalloc-128 (Not tainted): Object corrupt");
	assert_reported("FIX kmalloc-128: Restoring Left Redzone 0x");
	assert_int_equal(peek(p - 1), 0xcc);
	assert_valid(m);
	assert_works(m, 100);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Poison                                                               */

static noinline void *free_here(void *p)
{
	mmsim_kfree(p);
	__asm__ volatile("" ::: "memory");	/* no tail call */
	return p;
}

static void test_use_after_free(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug");
	u8 *p = mmsim_kmalloc(64, GFP_KERNEL), *q;

	(void)state;
	assert_non_null(p);
	free_here(p);
	assert_no_reports();
	assert_int_equal(peek(p), 0x6b);
	assert_int_equal(peek(p + 63), 0xa5);
	assert_int_equal(peek(p - 1), 0xbb);
	assert_int_equal(peek(p + 64), 0xbb);
	poke(p + 10, 0x42);		/* write after free */
	q = mmsim_kmalloc(64, GFP_KERNEL);
	assert_non_null(q);
	assert_true(q != p);
	assert_reported("[Poison overwritten] 0x");
	assert_reported("First byte 0x42 instead of 0x6b");
	assert_reported("BUG kmalloc-64 (Not tainted): Object corrupt");
	assert_reported("FIX kmalloc-64: Restoring Poison 0x");
	assert_reported("FIX kmalloc-64: Marking all objects used");
	assert_reported("Freed in free_here");
	assert_int_equal(peek(p + 10), 0x6b);
	mmsim_kfree(q);
	assert_valid(m);
	assert_works(m, 64);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Double and invalid free                                              */

static void test_double_free(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug");
	void *keep = mmsim_kmalloc(64, GFP_KERNEL);
	void *p = mmsim_kmalloc(64, GFP_KERNEL), *q, *r;

	(void)state;
	assert_non_null(p);
	mmsim_kfree(p);
	assert_no_reports();
	mmsim_kfree(p);
	assert_int_equal(reports.n, 1);
	assert_reported("BUG kmalloc-64 (Not tainted): Object already free");
	assert_reported("FIX kmalloc-64: Object at 0x");
	assert_reported(" not freed\n");
	assert_valid(m);
	/* the slab's last object: caught by the count first, as in 6.18 */
	reports_reset();
	mmsim_kfree(keep);
	mmsim_kfree(keep);
	assert_reported("Slab has 0 allocated objects but 1 are to be freed");
	assert_valid(m);
	/* the freelist holds p once: two allocations, two objects */
	reports_reset();
	q = mmsim_kmalloc(64, GFP_KERNEL);
	r = mmsim_kmalloc(64, GFP_KERNEL);
	assert_true(q != r);
	mmsim_kfree(q);
	mmsim_kfree(r);
	assert_no_reports();
	assert_works(m, 64);
	mmsim_shutdown(m);
}

static void test_double_free_cache(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug=F,objs");
	struct kmem_cache *s = mmsim_kmem_cache_create("objs", 40, 0, 0, NULL);
	void *p[4];
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		p[i] = mmsim_kmem_cache_alloc(s, GFP_KERNEL);
	mmsim_kmem_cache_free(s, p[1]);
	mmsim_kmem_cache_free(s, p[2]);
	mmsim_kmem_cache_free(s, p[1]);	/* not at the list head */
	assert_reported("BUG objs (Not tainted): Object already free");
	reports_reset();
	mmsim_kmem_cache_free(s, p[0]);
	mmsim_kmem_cache_free(s, p[3]);
	assert_no_reports();
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

static void test_invalid_free(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug");
	char *p = mmsim_kmalloc(64, GFP_KERNEL);

	(void)state;
	assert_non_null(p);
	mmsim_kfree(p + 8);
	assert_reported("BUG kmalloc-64 (Not tainted): Invalid object pointer 0x");
	assert_valid(m);
	reports_reset();
	mmsim_kfree(p);		/* still allocated, still freeable */
	assert_no_reports();
	assert_works(m, 64);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* Owner tracking                                                       */

static noinline void *allocate_here(size_t size)
{
	void *p = mmsim_kmalloc(size, GFP_KERNEL);

	__asm__ volatile("" ::: "memory");	/* no tail call */
	return p;
}

static void test_tracking(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug=U,kmalloc-32");
	u8 *p = allocate_here(32);

	(void)state;
	assert_non_null(p);
	/* U alone: owners recorded, nothing to report */
	assert_true(kmalloc_cache(m, 32)->flags & SLAB_STORE_USER);
	mmsim_kfree(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);

	m = boot_hooked("slub_debug=FZU,kmalloc-32");
	p = allocate_here(32);
	poke(p + 32, 0);
	mmsim_kfree(p);
	assert_reported("Right Redzone overwritten");
#if MMSIM_HAVE_LIBUNWIND
	assert_reported("Allocated in allocate_here");
	assert_reported(" age=");
	assert_reported(" cpu=0 pid=0\n ");
	assert_reported("\n allocate_here");
	assert_reported("\n test_tracking+0x");
#endif
	assert_works(m, 32);
	mmsim_shutdown(m);
}

/* T: a notice with the stack at each alloc and free */
static void test_trace(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug=T,kmalloc-16");
	void *p = mmsim_kmalloc(16, GFP_KERNEL);

	(void)state;
	mmsim_kfree(p);
	assert_int_equal(reports.n, 2);
	assert_reported("TRACE kmalloc-16 alloc 0x");
	assert_reported("TRACE kmalloc-16 free 0x");
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* The kmalloc red zone                                                 */

static void test_kmalloc_redzone(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug");
	u8 *p;
	size_t ks;

	(void)state;
	/* past the requested size, inside the object */
	p = mmsim_kmalloc(40, GFP_KERNEL);
	assert_int_equal(peek(p + 40), 0xcc);
	poke(p + 45, 0x00);
	mmsim_kfree(p);
	assert_reported("[kmalloc Redzone overwritten] 0x");
	assert_reported("FIX kmalloc-64: Restoring kmalloc Redzone 0x");
	assert_works(m, 40);

	/* kzalloc() clears only what was asked for */
	reports_reset();
	p = mmsim_kzalloc(40, GFP_KERNEL);
	assert_int_equal(p[39], 0);
	mmsim_kfree(p);
	assert_no_reports();

	/* ksize() gives the caller the whole object */
	p = mmsim_kmalloc(40, GFP_KERNEL);
	ks = mmsim_ksize(p);
	assert_int_equal(ks, 64);
	memset(p, 0x55, ks);
	mmsim_kfree(p);
	assert_no_reports();

	/* krealloc() in place */
	p = mmsim_kmalloc(20, GFP_KERNEL);
	p = mmsim_krealloc(p, 30, GFP_KERNEL);
	memset(p, 0x66, 30);
	mmsim_kfree(p);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

/* ------------------------------------------------------------------ */
/* A debug cache under load                                             */

static void test_many(void **state)
{
	struct mmsim *m = boot_hooked("slub_debug");
	static void *p[3000];
	unsigned int seed = 12345, i;
	struct kmem_cache *s;

	(void)state;
	s = mmsim_kmem_cache_create("many", 200, 0, 0, ctor_nop);
	assert_non_null(s);
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = (i & 1) ? mmsim_kmem_cache_alloc(s, GFP_KERNEL)
			       : mmsim_kmalloc(i % 500 + 1, GFP_KERNEL);
		assert_non_null(p[i]);
		memset(p[i], 0x5c, (i & 1) ? 200 : i % 500 + 1);
	}
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		unsigned int j = (seed = seed * 1103515245 + 12345) % ARRAY_SIZE(p);
		void *t = p[i];

		p[i] = p[j];
		p[j] = t;
	}
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		struct kmem_cache *c = virt_to_slab(p[i])->slab_cache;

		if (c == s)
			mmsim_kmem_cache_free(s, p[i]);
		else
			mmsim_kfree(p[i]);
	}
	assert_no_reports();
	assert_int_equal(mmsim_kmem_cache_shrink(s), 0);
	mmsim_kmem_cache_destroy(s);
	assert_no_reports();
	assert_valid(m);
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_flags),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_right_redzone),
		cmocka_unit_test(test_left_redzone),
		cmocka_unit_test(test_use_after_free),
		cmocka_unit_test(test_double_free),
		cmocka_unit_test(test_double_free_cache),
		cmocka_unit_test(test_invalid_free),
		cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_kmalloc_redzone),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
