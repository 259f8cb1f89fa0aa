// SPDX-License-Identifier: MIT
/*
 * 08-kmalloc-size-classes: where kmalloc() puts an object.
 *
 *	./build/examples/08-kmalloc-size-classes
 *
 * kmalloc() is not an allocator of its own: it picks one of a fixed set
 * of SLUB caches made at boot (create_kmalloc_caches(), the seeds' "kmalloc
 * creates kmalloc-16, kmalloc-32 ..." of 003 §4.3) and allocates from it:
 *
 *	size  1..8  9..16  17..32  33..64  65..96  97..128  129..192 ...
 *	cache  -8    -16     -32     -64     -96    -128      -192   ...
 *
 *	... 193..256  257..512  ...  4097..8192  | 8193 and up: no cache,
 *	      -256      -512    ...     -8k      | pages from the buddy
 *
 * (kmalloc_index() and the kmalloc_size_index[] table in mm/slab_common.c;
 * 96 and 192 exist to waste less than the powers of two would.)  ksize()
 * tells how much the object really has: its cache's object size.  There
 * are three such sets, chosen by the GFP flags (kmalloc_type()):
 * kmalloc-N, kmalloc-rcl-N for __GFP_RECLAIMABLE, dma-kmalloc-N for
 * GFP_DMA.
 *
 * Above KMALLOC_MAX_CACHE_SIZE (8 KiB on 4 KiB pages) kmalloc() takes a
 * compound page of get_order(size) straight from the page allocator
 * (__kmalloc_large_node()), counted in meminfo's Slab/SUnreclaim; kfree()
 * gives it straight back.  The largest is KMALLOC_MAX_SIZE, 4 MiB (one
 * block of MAX_PAGE_ORDER).
 *
 * The machine boots with pcp=off, so that pages move between the buddy
 * lists and their users directly and buddyinfo shows each large kmalloc.
 */
#include "example.h"

#define KMALLOC_MAX_CACHE_SIZE	8192UL
#define KMALLOC_MAX_SIZE	(PAGE_SIZE << MAX_PAGE_ORDER)

/* kmalloc_info[]'s sizes, smallest first */
static const unsigned long classes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

static struct mmsim *m;
/* The size class kmalloc(size) must use: the smallest that fits. */
static unsigned long class_of(size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

/* "kmalloc-96", "kmalloc-rcl-2k", "dma-kmalloc-8k" ... */
static void cache_name(char *buf, size_t len, const char *prefix,
		       unsigned long class)
{
	if (class >= 1024)
		snprintf(buf, len, "%s%luk", prefix, class / 1024);
	else
		snprintf(buf, len, "%s%lu", prefix, class);
}

static unsigned int order_of(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* 1. Small sizes: ksize() and the cache whose slabinfo line moved. */
static void small_sizes(void)
{
	static const size_t sizes[] = {
		1, 8, 9, 16, 24, 32, 33, 64, 65, 96, 97, 128, 129, 192,
		193, 256, 300, 512, 700, 1024, 1500, 2048, 3000, 4096, 5000,
		8192,
	};
	struct slabinfo_row before, after;
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	char name[32];
	size_t i, ks;

	printf("== 1. kmalloc(size, GFP_KERNEL): ksize() and the cache\n\n");
	printf("  %6s %6s %6s  %-14s %s\n", "size", "ksize", "waste",
	       "cache", "its slabinfo num_objs");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		cache_name(name, sizeof(name), "kmalloc-", class_of(sizes[i]));
		slabinfo_row(m, name, &before);
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		if (!p[i]) {
			check(0, "kmalloc failed");
			continue;
		}
		ks = ksize(p[i]);
		if (slabinfo_row(m, name, &after))
			check(0, "the class's cache is not in slabinfo");
		printf("  %6zu %6zu %6zu  %-14s %lu -> %lu%s\n", sizes[i], ks,
		       ks - sizes[i], name, before.num_objs, after.num_objs,
		       before.num_slabs < after.num_slabs ? "  (a new slab)"
							  : "");
		check(ks == class_of(sizes[i]), "ksize() is the size class");
		check(after.objsize == ks, "the cache's objects are that big");
		check(after.num_slabs >= 1, "the object's cache has a slab");
		/* a class's first object makes its first slab, in this cache */
		check(i == 0 || class_of(sizes[i - 1]) == ks ||
		      (before.num_slabs == 0 && after.num_slabs == 1),
		      "the first object of a class opened that cache's slab");
		memset(p[i], 0xa5, ks);		/* all of ksize() is usable */
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		kfree(p[i]);
	printf("\n  Sizes of one class share a cache: 1 and 8 bytes both "
	       "come from kmalloc-8,\n  and only the first of them "
	       "needed a new slab.\n\n");
}

/* 2. The GFP flags choose the kind of cache. */
static void kinds(void)
{
	static const struct {
		const char *label;
		gfp_t gfp;
		const char *prefix;
	} kind[] = {
		{ "GFP_KERNEL", GFP_KERNEL, "kmalloc-" },
		{ "GFP_KERNEL|__GFP_RECLAIMABLE",
		  GFP_KERNEL | __GFP_RECLAIMABLE, "kmalloc-rcl-" },
		{ "GFP_DMA", GFP_KERNEL | GFP_DMA, "dma-kmalloc-" },
	};
	struct slabinfo_row before, after;
	char name[32];
	void *p;
	size_t i;

	printf("== 2. kmalloc(1000, ...): one cache per kind\n\n");
	for (i = 0; i < sizeof(kind) / sizeof(kind[0]); i++) {
		cache_name(name, sizeof(name), kind[i].prefix, 1024);
		slabinfo_row(m, name, &before);
		p = kmalloc(1000, kind[i].gfp);
		slabinfo_row(m, name, &after);
		printf("  %-30s -> %-16s num_objs %lu -> %lu\n",
		       kind[i].label, name, before.num_objs, after.num_objs);
		/* kmalloc-1k has a slab since part 1; the others open one */
		check(p && after.num_slabs >= 1 &&
		      (i == 0 || after.num_objs > before.num_objs),
		      "the object came from that kind's cache");
		kfree(p);
	}
	printf("\n");
}

/* 3. Large kmalloc: pages from the buddy allocator, no cache. */
static void large(void)
{
	static const size_t sizes[] = { 8193, 20000, 100000, 4UL << 20 };
	unsigned long free_before, free_after;
	long sunreclaim_before, sunreclaim_after;
	void *p[sizeof(sizes) / sizeof(sizes[0])], *too_big;
	unsigned long pages = 0;
	unsigned int order;
	size_t i;

	printf("== 3. above %lu bytes: pages from the buddy allocator\n\n",
	       KMALLOC_MAX_CACHE_SIZE);
	print_report_lines(m, "buddyinfo", "DMA");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		order = order_of(sizes[i]);
		free_before = mmsim_nr_free_pages();
		sunreclaim_before = meminfo_kb(m, "SUnreclaim");
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		free_after = mmsim_nr_free_pages();
		sunreclaim_after = meminfo_kb(m, "SUnreclaim");
		printf("  kmalloc(%zu): order %u, ksize %zu; free pages -%lu, "
		       "SUnreclaim +%ld kB\n", sizes[i], order,
		       p[i] ? ksize(p[i]) : 0, free_before - free_after,
		       sunreclaim_after - sunreclaim_before);
		check(p[i] && ksize(p[i]) == PAGE_SIZE << order,
		      "ksize() is the whole compound page");
		check(free_before - free_after == 1UL << order,
		      "exactly 2^order pages left the buddy allocator");
		check(sunreclaim_after - sunreclaim_before ==
		      (long)(PAGE_SIZE << order) / 1024,
		      "meminfo counts them as unreclaimable slab");
	}
	print_report_lines(m, "buddyinfo", "DMA");
	printf("  (the 4 MiB object took a whole order-10 block)\n");

	/* alloc_pages() refuses order 11; __GFP_NOWARN: without a WARNING */
	too_big = kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN);
	printf("  kmalloc(KMALLOC_MAX_SIZE + 1) = %s\n",
	       too_big ? "?" : "NULL");
	check(!too_big, "nothing above KMALLOC_MAX_SIZE");
	kfree(too_big);

	free_before = mmsim_nr_free_pages();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		kfree(p[i]);
		pages += 1UL << order_of(sizes[i]);
	}
	free_after = mmsim_nr_free_pages();
	printf("  kfree() of the objects: free pages +%lu\n",
	       free_after - free_before);
	check(free_after - free_before == pages,
	      "kfree() gave the pages straight back");
	print_report_lines(m, "buddyinfo", "DMA");
	printf("\n");
}

/* 4. The corner cases. */
static void corners(void)
{
	void *p = kmalloc(0, GFP_KERNEL);

	printf("== 4. kmalloc(0) and kfree(NULL)\n\n");
	printf("  kmalloc(0) = %p (ZERO_SIZE_PTR), ksize %zu\n", p, ksize(p));
	check(p == MMSIM_ZERO_SIZE_PTR && ksize(p) == 0,
	      "kmalloc(0) is ZERO_SIZE_PTR, of size 0");
	kfree(p);		/* both are no-ops, as in the kernel */
	kfree(NULL);
	printf("  kfree(ZERO_SIZE_PTR) and kfree(NULL) do nothing\n");
}

int main(void)
{
	m = boot_or_die("mem=256M nr_cpus=2 pcp=off");
	small_sizes();
	kinds();
	large();
	corners();
	if (failures) {
		fprintf(stderr, "FAIL: %d check(s) failed\n", failures);
		mmsim_shutdown(m);
		return 1;
	}
	return example_end(m, 0);
}
