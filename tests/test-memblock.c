// SPDX-License-Identifier: MIT
/*
 * Tests of memblock (src/mm/memblock.c) against Linux 6.18's
 * mm/memblock.c: memblock_add_range() (insertion, overlap, merging of
 * neighbours with the same node and flags), memblock_isolate_range() via
 * memblock_remove()/memblock_phys_free()/memblock_set_node() (splitting),
 * memblock_find_in_range_node() top-down (the highest free block below
 * the reservations, round_down() to the alignment, exactly @size bytes
 * reserved), node preference with the NUMA_NO_NODE retry of
 * memblock_alloc_range_nid(), memblock_is_memory()/is_reserved(), and
 * memblock_free_all() through a boot: what reaches the buddy allocator is
 * memory minus reserved, whole pages only.  Cases are modelled on
 * tools/testing/memblock/tests/{basic_api,alloc_api,alloc_nid_api}.c.
 *
 * The unit cases run on a zeroed struct mmsim with only .memblock set:
 * memblock_* use nothing else unless memblock=debug.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/machine.h>

#define BASE	0x40000000ULL	/* PHYS_OFFSET of the default machine */
#define MB(x)	((phys_addr_t)(x) << 20)
#define KB(x)	((phys_addr_t)(x) << 10)

static int setup(void **state)
{
	struct mmsim *m = calloc(1, sizeof(*m));

	if (!m)
		return -1;
	memblock_init(&m->memblock);
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void assert_region(const struct memblock_type *t, unsigned long i,
			  phys_addr_t base, phys_addr_t size)
{
	assert_true(i < t->cnt);
	assert_int_equal(t->regions[i].base, base);
	assert_int_equal(t->regions[i].size, size);
}

/* basic_api.c: memblock_add_simple_check / memblock_add_disjoint_check */
static void test_add_merges_neighbours(void **state)
{
	struct mmsim *m = *state;
	struct memblock_type *mem = &m->memblock.memory;

	assert_int_equal(memblock_add_node(m, BASE + MB(1), MB(1), 0, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add_node(m, BASE, MB(1), 0, MEMBLOCK_NONE), 0);
	/* touching, same node and flags: one region */
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, BASE, MB(2));
	/* touching, other node: no merge */
	memblock_add_node(m, BASE + MB(2), MB(1), 1, MEMBLOCK_NONE);
	/* touching, other flags: no merge */
	memblock_add_node(m, BASE + MB(3), MB(1), 1, MEMBLOCK_HOTPLUG);
	/* disjoint and below: inserted in order */
	memblock_add_node(m, BASE - MB(8), MB(1), 0, MEMBLOCK_NONE);
	assert_int_equal(mem->cnt, 4);
	assert_region(mem, 0, BASE - MB(8), MB(1));
	assert_region(mem, 1, BASE, MB(2));
	assert_region(mem, 2, BASE + MB(2), MB(1));
	assert_int_equal(mem->regions[2].nid, 1);
	assert_int_equal(mem->regions[3].flags, MEMBLOCK_HOTPLUG);
	assert_int_equal(mem->total_size, MB(5));
	assert_int_equal(memblock_start_of_DRAM(&m->memblock), BASE - MB(8));
	assert_int_equal(memblock_end_of_DRAM(&m->memblock), BASE + MB(4));
	assert_int_equal(memblock_phys_mem_size(&m->memblock), MB(5));
}

/* basic_api.c: memblock_add_overlap_{top,bottom}, _within, _twice */
static void test_add_overlaps(void **state)
{
	struct mmsim *m = *state;
	struct memblock_type *mem = &m->memblock.memory;

	memblock_add_node(m, BASE, MB(4), 0, MEMBLOCK_NONE);
	memblock_add_node(m, BASE + MB(2), MB(4), 0, MEMBLOCK_NONE);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, BASE, MB(6));
	memblock_add_node(m, BASE + MB(1), MB(1), 0, MEMBLOCK_NONE);	/* within */
	memblock_add_node(m, BASE, MB(6), 0, MEMBLOCK_NONE);		/* twice */
	assert_int_equal(mem->cnt, 1);
	assert_int_equal(mem->total_size, MB(6));
	/* a range covering two regions and the gap between them */
	memblock_add_node(m, BASE + MB(10), MB(2), 0, MEMBLOCK_NONE);
	memblock_add_node(m, BASE - MB(1), MB(20), 0, MEMBLOCK_NONE);
	assert_int_equal(mem->cnt, 1);
	assert_region(mem, 0, BASE - MB(1), MB(20));
	assert_int_equal(mem->total_size, MB(20));
	/* size 0 adds nothing */
	assert_int_equal(memblock_add_node(m, BASE + MB(64), 0, 0, MEMBLOCK_NONE), 0);
	assert_int_equal(mem->cnt, 1);
}

/* basic_api.c: memblock_remove_*, memblock_free_* : isolation splits */
static void test_remove_splits(void **state)
{
	struct mmsim *m = *state;
	struct memblock_type *mem = &m->memblock.memory;
	struct memblock_type *res = &m->memblock.reserved;

	memblock_add_node(m, BASE, MB(8), 0, MEMBLOCK_NONE);
	memblock_remove(m, BASE + MB(2), MB(1));
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 0, BASE, MB(2));
	assert_region(mem, 1, BASE + MB(3), MB(5));
	assert_int_equal(mem->total_size, MB(7));
	/* across the gap: trims both neighbours */
	memblock_remove(m, BASE + MB(1), MB(4));
	assert_int_equal(mem->cnt, 2);
	assert_region(mem, 0, BASE, MB(1));
	assert_region(mem, 1, BASE + MB(5), MB(3));
	assert_int_equal(mem->total_size, MB(4));
	/* removing what is not there changes nothing */
	memblock_remove(m, BASE + MB(100), MB(1));
	assert_int_equal(mem->total_size, MB(4));
	assert_false(memblock_is_memory(&m->memblock, BASE + MB(1)));
	assert_true(memblock_is_memory(&m->memblock, BASE + MB(1) - 1));
	assert_true(memblock_is_memory(&m->memblock, BASE + MB(5)));
	assert_false(memblock_is_memory(&m->memblock, BASE + MB(8)));

	/* reserved: reserve, then free the middle */
	memblock_reserve(m, BASE, MB(4), "test");
	memblock_reserve(m, BASE + MB(4), MB(4), "test");	/* merges */
	assert_int_equal(res->cnt, 1);
	memblock_phys_free(m, BASE + KB(4), KB(4));
	assert_int_equal(res->cnt, 2);
	assert_region(res, 0, BASE, KB(4));
	assert_region(res, 1, BASE + KB(8), MB(8) - KB(8));
	assert_int_equal(memblock_reserved_size(&m->memblock), MB(8) - KB(4));
	assert_true(memblock_is_reserved(&m->memblock, BASE + KB(4) - 1));
	assert_false(memblock_is_reserved(&m->memblock, BASE + KB(4)));
	assert_true(memblock_is_reserved(&m->memblock, BASE + KB(8)));
}

/* memblock_set_node(): the middle of a region moves to another node */
static void test_set_node_isolates(void **state)
{
	struct mmsim *m = *state;
	struct memblock_type *mem = &m->memblock.memory;

	memblock_add_node(m, BASE, MB(12), 0, MEMBLOCK_NONE);
	assert_int_equal(memblock_set_node(m, BASE + MB(4), MB(4), 1), 0);
	assert_int_equal(mem->cnt, 3);
	assert_region(mem, 1, BASE + MB(4), MB(4));
	assert_int_equal(mem->regions[0].nid, 0);
	assert_int_equal(mem->regions[1].nid, 1);
	assert_int_equal(mem->regions[2].nid, 0);
	assert_int_equal(mem->total_size, MB(12));
	/* back to node 0: the three merge again */
	memblock_set_node(m, BASE + MB(4), MB(4), 0);
	assert_int_equal(mem->cnt, 1);
}

/* alloc_api.c: alloc_top_down_simple_check, _disjoint_check */
static void test_alloc_top_down(void **state)
{
	struct mmsim *m = *state;
	struct memblock_type *res = &m->memblock.reserved;
	phys_addr_t a, b;

	memblock_add_node(m, BASE, MB(16), 0, MEMBLOCK_NONE);
	memblock_reserve(m, BASE + MB(15), MB(1), "top");
	a = memblock_alloc_range_nid(m, MB(1), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     NUMA_NO_NODE, __func__);
	assert_int_equal(a, BASE + MB(14));
	/* the new reservation touches the old one: merged */
	assert_int_equal(res->cnt, 1);
	assert_region(res, 0, BASE + MB(14), MB(2));
	/* a hole in the reservations too small to use is skipped */
	memblock_reserve(m, BASE + MB(12), MB(2) - KB(8), "low");
	b = memblock_alloc_range_nid(m, KB(16), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     NUMA_NO_NODE, __func__);
	assert_int_equal(b, BASE + MB(12) - KB(16));
	/* ...but one that fits is used */
	b = memblock_alloc_range_nid(m, KB(8), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     NUMA_NO_NODE, __func__);
	assert_int_equal(b, BASE + MB(14) - KB(8));
	/* nothing larger than the free memory */
	assert_int_equal(memblock_alloc_range_nid(m, MB(32), KB(4), 0,
						  MEMBLOCK_ALLOC_ANYWHERE,
						  NUMA_NO_NODE, __func__), 0);
	/* max_addr and min_addr bound the search */
	a = memblock_alloc_range_nid(m, MB(1), KB(4), 0, BASE + MB(4),
				     NUMA_NO_NODE, __func__);
	assert_int_equal(a, BASE + MB(3));
	assert_int_equal(memblock_alloc_range_nid(m, MB(2), KB(4), BASE + MB(11),
						  BASE + MB(12) - KB(16),
						  NUMA_NO_NODE, __func__), 0);
}

/*
 * alloc_api.c: alloc_top_down_before_check with an alignment.  The
 * kernel's memblock_find_in_range_node() returns round_down(end - size,
 * align) and memblock_alloc_range_nid() reserves exactly @size bytes: the
 * size is not rounded up to the alignment.
 */
static void test_alloc_alignment(void **state)
{
	struct mmsim *m = *state;
	phys_addr_t before, a;

	memblock_add_node(m, BASE, MB(16), 0, MEMBLOCK_NONE);
	memblock_reserve(m, BASE + MB(15) + KB(4), MB(1) - KB(4), "top");
	before = memblock_reserved_size(&m->memblock);
	a = memblock_alloc_range_nid(m, KB(4), MB(1), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     NUMA_NO_NODE, __func__);
	assert_int_equal(a, BASE + MB(15));
	assert_int_equal(memblock_reserved_size(&m->memblock), before + KB(4));
	/* a small object with cache-line alignment: 100 bytes reserved */
	before = memblock_reserved_size(&m->memblock);
	a = memblock_alloc_range_nid(m, 100, 64, 0, MEMBLOCK_ALLOC_ANYWHERE,
				     NUMA_NO_NODE, __func__);
	assert_int_equal(a % 64, 0);
	assert_int_equal(a, (BASE + MB(15) - 100) & ~63ULL);
	assert_int_equal(memblock_reserved_size(&m->memblock), before + 100);
}

/* alloc_nid_api.c: alloc_nid_top_down_numa_simple / _numa_no_overlap */
static void test_alloc_node_preference(void **state)
{
	struct mmsim *m = *state;
	phys_addr_t a;

	memblock_add_node(m, BASE, MB(8), 0, MEMBLOCK_NONE);
	memblock_add_node(m, BASE + MB(8), MB(8), 1, MEMBLOCK_NONE);
	a = memblock_alloc_range_nid(m, MB(1), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     0, __func__);
	assert_int_equal(a, BASE + MB(7));
	a = memblock_alloc_range_nid(m, MB(1), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     1, __func__);
	assert_int_equal(a, BASE + MB(15));
	a = memblock_alloc_range_nid(m, MB(1), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     NUMA_NO_NODE, __func__);
	assert_int_equal(a, BASE + MB(14));
	/* node 0 full: the allocation falls back to another node */
	memblock_reserve(m, BASE, MB(7), "fill");
	a = memblock_alloc_range_nid(m, MB(1), KB(4), 0, MEMBLOCK_ALLOC_ANYWHERE,
				     0, __func__);
	assert_int_equal(a, BASE + MB(13));
	/* a block never straddles two nodes' regions */
	assert_int_equal(memblock_alloc_range_nid(m, MB(6), KB(4), 0,
						  MEMBLOCK_ALLOC_ANYWHERE,
						  NUMA_NO_NODE, __func__), 0);
}

/* Free ranges of memblock, in whole pages, as free_low_memory_core_early() */
static unsigned long free_pages_of(const struct memblock *mb)
{
	const struct memblock_region *r;
	unsigned long n = 0;

	for_each_mem_region(mb, r) {
		phys_addr_t start = r->base, end = r->base + r->size;
		unsigned long i;

		for (i = 0; i < mb->reserved.cnt; i++) {
			const struct memblock_region *res = &mb->reserved.regions[i];
			phys_addr_t rend = res->base + res->size;

			if (rend <= start || res->base >= end)
				continue;
			if (res->base > start && PFN_DOWN(res->base) > PFN_UP(start))
				n += PFN_DOWN(res->base) - PFN_UP(start);
			start = rend;
		}
		if (end > start && PFN_DOWN(end) > PFN_UP(start))
			n += PFN_DOWN(end) - PFN_UP(start);
	}
	return n;
}

static void check_free_all(const char *params)
{
	struct mmsim *m = mmsim_boot(params);
	unsigned long totalram, physpages, present = 0;
	unsigned long avail_k, phys_k, res_k;
	const struct memblock_region *r;
	char *text = NULL, *line;
	size_t len = 0;
	FILE *f;

	if (!m)
		fail_msg("boot \"%s\": %s", params, mmsim_strerror());
	totalram = mmsim_totalram_pages();
	physpages = m->physpages;
	for_each_mem_region(&m->memblock, r)
		present += PFN_DOWN(r->base + r->size) - PFN_UP(r->base);
	assert_int_equal(physpages, present);
	assert_int_equal(totalram, free_pages_of(&m->memblock));
	assert_true(m->memblock.frozen);

	f = open_memstream(&text, &len);
	mmsim_show(m, "dmesg", f);
	fclose(f);
	line = strstr(text, "Memory: ");
	assert_non_null(line);
	assert_int_equal(sscanf(line, "Memory: %luK/%luK available", &avail_k,
				&phys_k), 2);
	assert_non_null(strstr(line, "K reserved"));
	res_k = strtoul(strstr(line, "K bss, ") + 7, NULL, 10);
	assert_int_equal(avail_k, totalram * 4);
	assert_int_equal(phys_k, physpages * 4);
	assert_int_equal(res_k, (physpages - totalram) * 4);
	free(text);
	mmsim_shutdown(m);
}

static void test_free_all_hands_over_free_memory(void **state)
{
	(void)state;
	check_free_all("mem=256M printk.time=0");
	check_free_all("mem=200M hole=4M@0x48000000 hole=3M@0x44001000 printk.time=0");
	check_free_all("mem=1G numa=2 nr_cpus=2 printk.time=0");
	check_free_all("mem=6G numa=3 printk.time=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_merges_neighbours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_overlaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_node_isolates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_top_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_node_preference, setup, teardown),
		cmocka_unit_test(test_free_all_hands_over_free_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
