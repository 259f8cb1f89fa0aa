// SPDX-License-Identifier: MIT
/*
 * 07-kmem-cache: a private SLUB cache with a constructor.
 *
 *	./build/examples/07-kmem-cache
 *
 * Kernel code that allocates many objects of one type makes a cache for
 * them (the seeds' ext4_extent_status example, 003 §4.2):
 *
 *	cachep = kmem_cache_create("conn_cache", sizeof(struct conn), 0, 0,
 *				   conn_ctor);
 *	c = kmem_cache_alloc(cachep, GFP_KERNEL);
 *	kmem_cache_free(cachep, c);
 *	kmem_cache_shrink(cachep);	give empty slabs back to the buddy
 *	kmem_cache_destroy(cachep);
 *
 * A cache cuts slabs (2^order pages from the buddy allocator) into
 * objects of one size.  The constructor is not an allocation hook: SLUB
 * runs it on every object of a slab once, when the slab is created
 * (allocate_slab() -> setup_object()), and the caller promises to hand
 * objects back in their constructed state.  Allocating and freeing again
 * never runs it; that is the point of it (fields that are expensive to
 * set up, such as locks and list heads, stay set up while the object is
 * free).  For the same reason SLUB keeps the free pointer of a
 * constructed cache *after* the object instead of inside it
 * (calculate_sizes()), so a free object stays intact:
 *
 *	slab (1 page, 32 objects of 128 bytes)
 *	+------------------------------+-----+------------------------------+
 *	| struct conn (120)  | fp (8)  | ... | struct conn (120)  | fp (8)  |
 *	+------------------------------+-----+------------------------------+
 *	  fp: next free object, used only while the object is free
 *
 * Objects per slab and the slab's order come from calculate_order():
 * the smallest order that holds min_objects = 4 * (fls(nr_cpus) + 1)
 * objects (12 on 2 CPUs) and wastes at most 1/16 of the slab.  This
 * program computes that, and checks it against /proc/slabinfo.
 */
#include "example.h"

#define NR_CPUS_PARAM	"nr_cpus=2"
#define CONN_MAGIC	0xc0de5eedUL

struct conn {
	unsigned long magic;	/* set by the constructor, never changed */
	int state;		/* 0 while free: the caller's promise */
	int id;
	char peer[104];
};				/* 120 bytes */

static unsigned long ctor_calls;

static void conn_ctor(void *p)
{
	struct conn *c = p;

	c->magic = CONN_MAGIC;
	c->state = 0;
	c->id = -1;
	memset(c->peer, 0, sizeof(c->peer));
	ctor_calls++;
}

static int fls_uint(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static unsigned int get_order_of(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/*
 * calculate_sizes() and calculate_order() of mm/slub.c for a cache with
 * a constructor and no flags: object rounded to 8 bytes, free pointer
 * after it; slab_max_order 3 (PAGE_ALLOC_COSTLY_ORDER).
 */
static void expected_layout(unsigned int object_size, int nr_cpus,
			    unsigned int *size, unsigned int *order,
			    unsigned int *objects)
{
	unsigned int min_objects = 4 * (fls_uint(nr_cpus) + 1);
	unsigned int max_objects, min_order, fraction, o, rem;

	*size = ((object_size + 7) & ~7U) + sizeof(void *);
	max_objects = (PAGE_SIZE << 3) / *size;
	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = get_order_of((unsigned long)min_objects * *size);
	for (fraction = 16; fraction > 1; fraction /= 2) {
		for (o = min_order; o <= 3; o++) {
			rem = (PAGE_SIZE << o) % *size;
			if (rem <= (PAGE_SIZE << o) / fraction)
				break;
		}
		if (o <= 3)
			break;
	}
	*order = o;
	*objects = (PAGE_SIZE << o) / *size;
}

static struct mmsim *m;

/* check() of example.h, printing the checks that held too */
static void check_verbose(int ok, const char *what)
{
	printf("  [%s] %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

static void show_line(const char *when)
{
	printf("  slabinfo %s:\n", when);
	print_report_lines(m, "slabinfo", "conn_cache");
}

int main(void)
{
	unsigned int size, order, objects, i, n;
	struct slabinfo_row row;
	struct kmem_cache *cachep;
	struct conn **objs;
	unsigned long free_before, calls;
	int ok;

	m = boot_or_die("mem=256M " NR_CPUS_PARAM);
	expected_layout(sizeof(struct conn), mmsim_nr_cpus(m), &size, &order,
			&objects);

	printf("== 1. kmem_cache_create(\"conn_cache\", %zu, 0, 0, conn_ctor)\n\n",
	       sizeof(struct conn));
	cachep = kmem_cache_create("conn_cache", sizeof(struct conn), 0, 0,
				   conn_ctor);
	if (!cachep) {
		fprintf(stderr, "kmem_cache_create: %s\n", mmsim_strerror());
		return 1;
	}
	print_report_lines(m, "slabinfo", "# name");
	show_line("after create (no slab yet)");
	printf("\n  expected from calculate_order(): objsize %u (%zu + free "
	       "pointer), %u objects per slab, %u page(s) per slab\n",
	       size, sizeof(struct conn), objects, 1U << order);
	ok = !slabinfo_row(m, "conn_cache", &row);
	check_verbose(ok && row.objsize == size && row.objperslab == objects &&
	      row.pagesperslab == (1UL << order) && row.num_slabs == 0,
	      "slabinfo agrees, and the cache has no slab yet");
	check_verbose(ctor_calls == 0, "no constructor call yet");

	/* drain: count only the buddy's free pages, not the per-CPU lists */
	drain_all_pages(NULL);
	free_before = mmsim_nr_free_pages();

	printf("\n== 2. the first kmem_cache_alloc() creates a slab\n\n");
	n = objects + 1;
	objs = calloc(n, sizeof(*objs));
	if (!objs)
		return 2;
	objs[0] = kmem_cache_alloc(cachep, GFP_KERNEL);
	if (!objs[0])
		return 1;
	show_line("after 1 allocation");
	printf("  constructor calls: %lu\n", ctor_calls);
	check_verbose(ctor_calls == objects,
	      "the constructor ran once for every object of the new slab");
	check_verbose(objs[0]->magic == CONN_MAGIC, "the object arrives constructed");

	printf("\n== 3. the rest of the slab: no constructor calls\n\n");
	for (i = 1; i < objects; i++)
		objs[i] = kmem_cache_alloc(cachep, GFP_KERNEL);
	printf("  %u allocations, constructor calls: %lu\n", objects,
	       ctor_calls);
	check_verbose(ctor_calls == objects, "allocating does not construct");

	printf("\n== 4. one more: a second slab, constructed whole\n\n");
	objs[objects] = kmem_cache_alloc(cachep, GFP_KERNEL);
	show_line("after one more allocation");
	printf("  constructor calls: %lu\n", ctor_calls);
	slabinfo_row(m, "conn_cache", &row);
	check_verbose(ctor_calls == 2UL * objects && row.num_slabs == 2,
	      "two slabs, two rounds of constructor calls");

	printf("\n== 5. use, free in constructed state, allocate again\n\n");
	for (i = 0; i < n; i++) {
		if (!objs[i])
			return 1;
		objs[i]->state = 1;
		objs[i]->id = (int)i;
	}
	for (i = 0; i < n; i++) {
		objs[i]->state = 0;	/* back to the constructed state */
		objs[i]->id = -1;
		kmem_cache_free(cachep, objs[i]);
	}
	calls = ctor_calls;
	ok = 1;
	for (i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(cachep, GFP_KERNEL);
		ok &= objs[i] && objs[i]->magic == CONN_MAGIC &&
		      objs[i]->state == 0;
	}
	printf("  freed and reallocated %u objects, constructor calls: %lu\n",
	       n, ctor_calls);
	check_verbose(ctor_calls == calls, "reallocation runs no constructor");
	check_verbose(ok, "free objects kept their constructed fields (the free "
		  "pointer is outside the object)");
	for (i = 0; i < n; i++)
		kmem_cache_free(cachep, objs[i]);
	free(objs);

	printf("\n== 6. everything freed: the slabs stay with the cache\n\n");
	show_line("after freeing every object");
	printf("  SLUB counts the CPU slab and the per-CPU partial slabs as "
	       "wholly in use:\n  only slabs on the node partial lists "
	       "count as free in slabinfo.\n");
	slabinfo_row(m, "conn_cache", &row);
	check_verbose(row.num_slabs == 2, "both slabs are still the cache's");

	printf("\n== 7. kmem_cache_shrink(): empty slabs go back to the "
	       "buddy\n\n");
	kmem_cache_shrink(cachep);
	show_line("after kmem_cache_shrink()");
	slabinfo_row(m, "conn_cache", &row);
	drain_all_pages(NULL);
	printf("  free pages: %lu before the first allocation, %lu now\n",
	       free_before, mmsim_nr_free_pages());
	check_verbose(row.num_slabs == 0 && row.num_objs == 0, "no slab left");
	check_verbose(mmsim_nr_free_pages() == free_before,
	      "every slab page is back in the buddy allocator");

	printf("\n== 8. kmem_cache_destroy()\n\n");
	kmem_cache_destroy(cachep);
	check_verbose(slabinfo_row(m, "conn_cache", &row) < 0,
	      "the cache is gone from slabinfo");

	if (failures) {
		fprintf(stderr, "FAIL: %d check_verbose(s) failed\n", failures);
		mmsim_shutdown(m);
		return 1;
	}
	return example_end(m, 0);
}
