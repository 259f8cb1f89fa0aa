// SPDX-License-Identifier: MIT
/*
 * Tests of the zone set-up (src/mm/mm_init.c, src/mm/page_alloc_init.c)
 * against Linux 6.18, each expectation computed here from the kernel's
 * own formulas:
 *
 *   zone ranges       arch/arm64/mm/init.c:zone_sizes_init(), max_zone_phys()
 *                     (6.12+: no widening when DRAM starts above the limit)
 *   ZONE_MOVABLE      mm/mm_init.c:find_zone_movable_pfns_for_nodes(),
 *                     adjust_zone_range_for_zone_movable()
 *   holes             mm/mm_init.c:memmap_init(), init_unavailable_range()
 *   min_free_kbytes   mm/page_alloc.c:calculate_min_free_kbytes()
 *   watermarks        mm/page_alloc.c:__setup_per_zone_wmarks()
 *   lowmem_reserve    mm/page_alloc.c:setup_per_zone_lowmem_reserve(),
 *                     calculate_totalreserve_pages()
 *   pcp batch/high    mm/page_alloc.c:zone_batchsize(), zone_highsize(),
 *                     zone_set_pageset_high_and_batch()
 *   zonelists         mm/page_alloc.c:build_zonelists(), find_next_best_node()
 *   dmesg             the pr_info() texts of the functions above
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
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/machine.h>

#include "test-util.h"

#define GB_PFN(x)	((unsigned long)(x) << 18)	/* GiB -> pfn */
#define MB_PFN(x)	((unsigned long)(x) << 8)	/* MiB -> pfn */

static char *dmesg(struct mmsim *m)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(mmsim_show(m, "dmesg", f), 0);
	fclose(f);
	return text;
}

/* Fail if @log lacks @line; frees @log first when failing (no leak). */
static void assert_logged(char *log, const char *line)
{
	if (!strstr(log, line)) {
		print_error("dmesg lacks \"%s\":\n%s\n", line, log);
		free(log);
		fail();
	}
}

static struct zone *Z(struct mmsim *m, int nid, int zid)
{
	return &NODE_DATA(m, nid)->node_zones[zid];
}

static void assert_span(struct mmsim *m, int nid, int zid, unsigned long start,
			unsigned long end)
{
	struct zone *z = Z(m, nid, zid);

	if (start == end) {
		if (z->spanned_pages)
			fail_msg("node %d zone %s: spans %lu pages, expected none",
				 nid, z->name, z->spanned_pages);
		return;
	}
	if (z->zone_start_pfn != start || z->spanned_pages != end - start)
		fail_msg("node %d zone %s: [%#lx, %#lx), expected [%#lx, %#lx)",
			 nid, z->name, z->zone_start_pfn,
			 z->zone_start_pfn + z->spanned_pages, start, end);
}

static void test_zone_ranges(void **state)
{
	struct mmsim *m;
	char *log;

	(void)state;
	/* all RAM below 4 GiB: ZONE_DMA (zone_dma_limit capped at 4 GiB) */
	m = boot("mem=256M printk.time=0");
	assert_span(m, 0, ZONE_DMA, GB_PFN(1), GB_PFN(1) + MB_PFN(256));
	assert_span(m, 0, ZONE_DMA32, 0, 0);
	assert_span(m, 0, ZONE_NORMAL, 0, 0);
	assert_span(m, 0, ZONE_MOVABLE, 0, 0);
	log = dmesg(m);
	assert_logged(log, "Zone ranges:\n"
			   "  DMA      [mem 0x0000000040000000-0x000000004fffffff]\n"
			   "  DMA32    empty\n"
			   "  Normal   empty\n"
			   "Movable zone start for each node\n"
			   "Early memory node ranges\n"
			   "  node   0: [mem 0x0000000040000000-0x000000004fffffff]\n"
			   "Initmem setup node 0 [mem 0x0000000040000000-0x000000004fffffff]\n");
	free(log);
	mmsim_shutdown(m);

	/* above 4 GiB: ZONE_NORMAL */
	m = boot("mem=4G printk.time=0");
	assert_span(m, 0, ZONE_DMA, GB_PFN(1), GB_PFN(4));
	assert_span(m, 0, ZONE_DMA32, 0, 0);
	assert_span(m, 0, ZONE_NORMAL, GB_PFN(4), GB_PFN(5));
	mmsim_shutdown(m);

	/* zone_dma_bits=30 below DRAM: DMA empty, DMA32 takes [1G, 4G) */
	m = boot("mem=4G zone_dma_bits=30 printk.time=0");
	assert_span(m, 0, ZONE_DMA, 0, 0);
	assert_span(m, 0, ZONE_DMA32, GB_PFN(1), GB_PFN(4));
	assert_span(m, 0, ZONE_NORMAL, GB_PFN(4), GB_PFN(5));
	log = dmesg(m);
	assert_logged(log, "  DMA      empty\n"
			   "  DMA32    [mem 0x0000000040000000-0x00000000ffffffff]\n"
			   "  Normal   [mem 0x0000000100000000-0x000000013fffffff]\n");
	free(log);
	mmsim_shutdown(m);

	/* DRAM above 4 GiB: no DMA zones at all */
	m = boot("mem=1G phys_offset=8G printk.time=0");
	assert_span(m, 0, ZONE_DMA, 0, 0);
	assert_span(m, 0, ZONE_DMA32, 0, 0);
	assert_span(m, 0, ZONE_NORMAL, GB_PFN(8), GB_PFN(9));
	mmsim_shutdown(m);
}

static void test_numa_split(void **state)
{
	struct mmsim *m;
	char *log;

	(void)state;
	/* numa=3 of 1G: 340M, 340M (1G/3 rounded down to 4M), the rest */
	m = boot("mem=1G numa=3 printk.time=0");
	assert_span(m, 0, ZONE_DMA, GB_PFN(1), GB_PFN(1) + MB_PFN(340));
	assert_span(m, 1, ZONE_DMA, GB_PFN(1) + MB_PFN(340), GB_PFN(1) + MB_PFN(680));
	assert_span(m, 2, ZONE_DMA, GB_PFN(1) + MB_PFN(680), GB_PFN(2));
	mmsim_shutdown(m);

	m = boot("numa=1G,512M,512M printk.time=0");
	assert_int_equal(mmsim_nr_nodes(m), 3);
	assert_span(m, 0, ZONE_DMA, GB_PFN(1), GB_PFN(2));
	assert_span(m, 2, ZONE_DMA, GB_PFN(2) + MB_PFN(512), GB_PFN(3));
	log = dmesg(m);
	assert_logged(log, "  node   1: [mem 0x0000000080000000-0x000000009fffffff]\n");
	assert_logged(log, "Initmem setup node 2 [mem 0x00000000a0000000-0x00000000bfffffff]\n");
	free(log);
	mmsim_shutdown(m);
}

static void test_zone_movable(void **state)
{
	struct mmsim *m;
	char *log;

	(void)state;
	/* 64M of 256M: kernelcore = 65536 - 16384 pages, movable on top */
	m = boot("mem=256M movablecore=64M printk.time=0");
	assert_span(m, 0, ZONE_DMA, GB_PFN(1), GB_PFN(1) + MB_PFN(192));
	assert_span(m, 0, ZONE_MOVABLE, GB_PFN(1) + MB_PFN(192), GB_PFN(1) + MB_PFN(256));
	log = dmesg(m);
	assert_logged(log, "Movable zone start for each node\n"
			   "  Node 0: 0x000000004c000000\n");
	free(log);
	mmsim_shutdown(m);
}

static void test_zone_movable_percent(void **state)
{
	struct mmsim *m;

	(void)state;
	/*
	 * Percentages: required = totalpages * 100 * pct / 10000.  64M is
	 * 16384 pages; 69% is 11304 pages of kernelcore, rounded up to
	 * MAX_ORDER_NR_PAGES: movable starts at +12288 pages.
	 */
	m = boot("mem=64M kernelcore=69% printk.time=0");
	assert_span(m, 0, ZONE_MOVABLE, GB_PFN(1) + 12288, GB_PFN(1) + 16384);
	mmsim_shutdown(m);
	/* movablecore=69%: 11304 rounded up to 12288 movable pages */
	m = boot("mem=64M movablecore=69% printk.time=0");
	assert_span(m, 0, ZONE_MOVABLE, GB_PFN(1) + 4096, GB_PFN(1) + 16384);
	mmsim_shutdown(m);
}

static void test_zone_movable_nodes(void **state)
{
	struct mmsim *m;

	(void)state;

	/* spread over two nodes: 3/8 of each node's pages are kernelcore */
	m = boot("mem=1G numa=2 movablecore=256M printk.time=0");
	assert_span(m, 0, ZONE_DMA, GB_PFN(1), GB_PFN(1) + MB_PFN(384));
	assert_span(m, 0, ZONE_MOVABLE, GB_PFN(1) + MB_PFN(384), GB_PFN(1) + MB_PFN(512));
	assert_span(m, 1, ZONE_MOVABLE, GB_PFN(1) + MB_PFN(896), GB_PFN(2));
	mmsim_shutdown(m);

	/*
	 * Memory below the movable zone (Normal) is kernelcore whatever
	 * the share says: node 0 (all DMA) and node 1's DMA part cover
	 * kernelcore, so all of node 1's Normal becomes Movable.
	 */
	m = boot("numa=512M,1536M phys_offset=3G movablecore=1G printk.time=0");
	assert_span(m, 0, ZONE_MOVABLE, 0, 0);
	assert_span(m, 1, ZONE_DMA, GB_PFN(3) + MB_PFN(512), GB_PFN(4));
	assert_span(m, 1, ZONE_NORMAL, 0, 0);
	assert_span(m, 1, ZONE_MOVABLE, GB_PFN(4), GB_PFN(5));
	mmsim_shutdown(m);
	/*
	 * Node 0 [3G, 4.25G) cannot hold its share (1.5G) of kernelcore
	 * (3G): the second pass (one node fewer) gives node 1 the rest,
	 * and only node 1's top 1G is movable.
	 */
	m = boot("numa=1280M,2816M phys_offset=3G movablecore=1G printk.time=0");
	assert_span(m, 0, ZONE_MOVABLE, 0, 0);
	assert_span(m, 0, ZONE_NORMAL, GB_PFN(4), GB_PFN(4) + MB_PFN(256));
	assert_span(m, 1, ZONE_NORMAL, GB_PFN(4) + MB_PFN(256), GB_PFN(6));
	assert_span(m, 1, ZONE_MOVABLE, GB_PFN(6), GB_PFN(7));
	mmsim_shutdown(m);
}

/* memmap_init(): init_unavailable_range() for a hole in memblock.memory */
static void test_hole(void **state)
{
	struct mmsim *m;
	char *log;

	(void)state;
	m = boot("mem=256M hole=4M@0x48000000 printk.time=0");
	assert_int_equal(Z(m, 0, ZONE_DMA)->spanned_pages, 65536);
	assert_int_equal(Z(m, 0, ZONE_DMA)->present_pages, 65536 - 1024);
	log = dmesg(m);
	assert_logged(log, "  node   0: [mem 0x0000000040000000-0x0000000047ffffff]\n"
			   "  node   0: [mem 0x0000000048400000-0x000000004fffffff]\n");
	assert_logged(log, "On node 0, zone DMA: 1024 pages in unavailable ranges\n");
	free(log);
	mmsim_shutdown(m);
}

static void test_holes_one_line_each(void **state)
{
	struct mmsim *m;
	char *log;

	(void)state;
	/* two holes: two lines, as init_unavailable_range() runs per hole */
	m = boot("mem=256M hole=4M@0x48000000 hole=1M@0x44000000 printk.time=0");
	log = dmesg(m);
	assert_logged(log, "On node 0, zone DMA: 256 pages in unavailable ranges\n"
			   "On node 0, zone DMA: 1024 pages in unavailable ranges\n");
	free(log);
	mmsim_shutdown(m);
}

/*
 * memmap_init() ends with init_unavailable_range(hole_pfn,
 * round_up(end_pfn, PAGES_PER_SECTION)): the rest of the last section.
 */
static void test_hole_section_tail(void **state)
{
	struct mmsim *m;
	char *log;

	(void)state;
	/* 200M ends inside a 128M section: the last 56M of it are a hole */
	m = boot("mem=200M printk.time=0");
	log = dmesg(m);
	assert_logged(log, "On node 0, zone DMA: 14336 pages in unavailable ranges\n");
	free(log);
	mmsim_shutdown(m);
}

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << 62;

	while (bit > x)
		bit >>= 2;
	for (; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

static unsigned long clampul(unsigned long v, unsigned long lo, unsigned long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static unsigned long maxul(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

/* Check every sysctl-derived zone value of @m against the kernel's formulas. */
static void check_zone_tuning(struct mmsim *m, long user_min_free_kbytes,
			      unsigned long wsf, unsigned long high_fraction)
{
	static const unsigned long ratio[MAX_NR_ZONES] = {
		[ZONE_DMA] = 256, [ZONE_DMA32] = 256, [ZONE_NORMAL] = 32,
	};
	unsigned long lowmem = 0, totalram = 0, reserve = 0, mfk, pages_min;
	int nid, zid, j, cpu;

	for (nid = 0; nid < m->nr_node_ids; nid++)
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			totalram += zone_managed_pages(Z(m, nid, zid));
			if (zid != ZONE_MOVABLE)
				lowmem += zone_managed_pages(Z(m, nid, zid));
		}
	assert_int_equal(totalram, mmsim_totalram_pages());

	/* nr_free_buffer_pages() before any watermark: lowmem managed */
	mfk = user_min_free_kbytes >= 0 ?
		      (unsigned long)user_min_free_kbytes :
		      clampul(isqrt(lowmem * 4 * 16), 128, 262144);
	assert_int_equal(m->min_free_kbytes, mfk);
	pages_min = mfk >> 2;

	for (nid = 0; nid < m->nr_node_ids; nid++) {
		int ncpus = 0;

		for (cpu = 0; cpu < m->nr_cpu_ids; cpu++)
			ncpus += cpu % m->nr_node_ids == nid;
		if (!ncpus)
			ncpus = m->nr_cpu_ids;
		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = Z(m, nid, zid);
			unsigned long managed = zone_managed_pages(z);
			unsigned long tmp = pages_min * managed / lowmem;
			unsigned long min, step, b, batch, hmin, hmax, upper = 0;
			long rmax = 0;

			min = zid == ZONE_MOVABLE ? clampul(managed / 1024, 32, 128) : tmp;
			step = maxul(tmp / 4, managed * wsf / 10000);
			assert_int_equal(z->_watermark[WMARK_MIN], min);
			assert_int_equal(z->_watermark[WMARK_LOW], min + step);
			assert_int_equal(z->_watermark[WMARK_HIGH], min + 2 * step);

			for (j = zid + 1; j < MAX_NR_ZONES; j++) {
				unsigned long m_j = zone_managed_pages(Z(m, nid, j));
				long want;

				upper += m_j;
				want = (!ratio[zid] || !managed || !m_j) ? 0 :
					(long)(upper / ratio[zid]);
				if (z->lowmem_reserve[j] != want)
					fail_msg("node %d %s lowmem_reserve[%d] = %ld, expected %ld",
						 nid, z->name, j, z->lowmem_reserve[j], want);
			}
			for (j = zid; j < MAX_NR_ZONES; j++)
				if (z->lowmem_reserve[j] > rmax)
					rmax = z->lowmem_reserve[j];
			reserve += managed < (unsigned long)rmax + min + 2 * step ?
					   managed : (unsigned long)rmax + min + 2 * step;

			if (!z->present_pages)
				continue;
			b = managed >> 10 < 256 ? managed >> 10 : 256;
			b = b / 4 ? b / 4 : 1;
			b += b / 2;
			for (batch = 1; batch * 2 <= b; batch *= 2)
				;
			batch = batch - 1 ? batch - 1 : 1;
			if (high_fraction) {
				hmin = maxul(managed / high_fraction / ncpus, batch * 4);
				hmax = hmin;
			} else {
				hmin = maxul((min + step) / ncpus, batch * 4);
				hmax = maxul(managed / 8 / ncpus, batch * 4);
			}
			if (z->pageset_batch != (int)batch ||
			    z->pageset_high_min != (int)hmin ||
			    z->pageset_high_max != (int)hmax)
				fail_msg("node %d %s pcp batch/high_min/high_max %d/%d/%d, expected %lu/%lu/%lu",
					 nid, z->name, z->pageset_batch,
					 z->pageset_high_min, z->pageset_high_max,
					 batch, hmin, hmax);
			for (cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
				struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

				assert_int_equal(pcp->batch, batch);
				assert_int_equal(pcp->high_min, hmin);
				assert_int_equal(pcp->high_max, hmax);
			}
		}
	}
	assert_int_equal(m->totalreserve_pages, reserve);
}

static void test_watermarks_reserves_pcp(void **state)
{
	static const struct {
		const char *params;
		long min_free_kbytes;
		unsigned long wsf, high_fraction;
	} cases[] = {
		{ "mem=256M", -1, 10, 0 },
		{ "mem=32M", -1, 10, 0 },
		{ "mem=2G phys_offset=3G nr_cpus=4", -1, 10, 0 },
		{ "mem=2G phys_offset=3G zone_dma_bits=30 nr_cpus=3", -1, 10, 0 },
		{ "mem=2G phys_offset=3G numa=2 nr_cpus=3 movablecore=512M", -1, 10, 0 },
		{ "mem=2G numa=4 nr_cpus=2", -1, 10, 0 },	/* CPU-less nodes */
		{ "mem=1G watermark_scale_factor=200 nr_cpus=2", -1, 200, 0 },
		{ "mem=1G min_free_kbytes=65536", 65536, 10, 0 },
		{ "mem=1G percpu_pagelist_high_fraction=8 nr_cpus=2", -1, 10, 8 },
		{ "mem=2G phys_offset=3G movablecore=1536M", -1, 10, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mmsim *m = boot(cases[i].params);

		print_message("  %s\n", cases[i].params);
		check_zone_tuning(m, cases[i].min_free_kbytes, cases[i].wsf,
				  cases[i].high_fraction);
		mmsim_shutdown(m);
	}
}

/* The zones of a zonelist as "node:zone" words. */
static void zonelist_text(struct zonelist *zl, char *buf, size_t size)
{
	struct zoneref *z;
	size_t len = 0;

	buf[0] = '\0';
	for (z = zl->_zonerefs; z->zone && len < size; z++)
		len += (size_t)snprintf(buf + len, size - len, "%d:%s ",
					z->zone->node, z->zone->name);
}

static void test_zonelists(void **state)
{
	struct mmsim *m;
	char buf[256], *log;

	(void)state;
	m = boot("mem=3G phys_offset=3G numa=2 nr_cpus=2 printk.time=0");
	/* node 0 is [3G, 4.5G): DMA and Normal; node 1 is Normal only */
	zonelist_text(&NODE_DATA(m, 0)->node_zonelists[ZONELIST_FALLBACK], buf,
		      sizeof(buf));
	assert_string_equal(buf, "0:Normal 0:DMA 1:Normal ");
	zonelist_text(&NODE_DATA(m, 1)->node_zonelists[ZONELIST_FALLBACK], buf,
		      sizeof(buf));
	assert_string_equal(buf, "1:Normal 0:Normal 0:DMA ");
	zonelist_text(&NODE_DATA(m, 0)->node_zonelists[ZONELIST_NOFALLBACK], buf,
		      sizeof(buf));
	assert_string_equal(buf, "0:Normal 0:DMA ");
	mmsim_shutdown(m);

	/*
	 * Four nodes at distance 20, each with a CPU: node_load[] makes the
	 * equal-distance nodes round-robin over the zonelists.
	 */
	m = boot("mem=1G numa=4 nr_cpus=4 printk.time=0");
	log = dmesg(m);
	assert_logged(log, "Fallback order for Node 0: 0 1 2 3 \n"
			   "Fallback order for Node 1: 1 2 3 0 \n"
			   "Fallback order for Node 2: 2 3 0 1 \n"
			   "Fallback order for Node 3: 3 0 1 2 \n"
			   "Built 4 zonelists, mobility grouping on.  Total pages: ");
	free(log);
	mmsim_shutdown(m);

	/*
	 * Only node 0 has a CPU: CPU-less nodes are preferred
	 * (PENALTY_FOR_NODE_WITH_CPUS), nodes below the local one penalised.
	 */
	m = boot("mem=1G numa=3 nr_cpus=1 printk.time=0");
	log = dmesg(m);
	assert_logged(log, "Fallback order for Node 0: 0 1 2 \n"
			   "Fallback order for Node 1: 1 2 0 \n"
			   "Fallback order for Node 2: 2 1 0 \n");
	free(log);
	mmsim_shutdown(m);
}

/* The order and text of the boot log's memory lines. */
static void test_dmesg_boot_lines(void **state)
{
	struct mmsim *m = boot("mem=512M numa=2 nr_cpus=2 printk.time=0");
	char *log = dmesg(m), *zr, *mv, *em, *im, *fb, *mem;

	(void)state;
	zr = strstr(log, "Zone ranges:\n");
	mv = strstr(log, "Movable zone start for each node\n");
	em = strstr(log, "Early memory node ranges\n");
	im = strstr(log, "Initmem setup node 1 [mem 0x0000000050000000-0x000000005fffffff]\n");
	fb = strstr(log, "Fallback order for Node 1: 1 0 \n");
	mem = strstr(log, "Memory: ");
	assert_true(zr && mv && em && im && fb && mem);
	assert_true(zr < mv && mv < em && em < im && im < fb && fb < mem);
	assert_logged(log, "Built 2 zonelists, mobility grouping on.  Total pages: ");
	assert_logged(log, "K cma-reserved)\n");
	free(log);

	/* printk.time=1 (the default): "[    0.000123] " before each line */
	mmsim_shutdown(m);
	m = boot("mem=64M");
	log = dmesg(m);
	assert_int_equal(log[0], '[');
	assert_int_equal(log[13], ']');
	assert_int_equal(log[6], '.');
	free(log);
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_ranges),
		cmocka_unit_test(test_numa_split),
		cmocka_unit_test(test_zone_movable),
		cmocka_unit_test(test_zone_movable_percent),
		cmocka_unit_test(test_zone_movable_nodes),
		cmocka_unit_test(test_hole),
		cmocka_unit_test(test_holes_one_line_each),
		cmocka_unit_test(test_hole_section_tail),
		cmocka_unit_test(test_watermarks_reserves_pcp),
		cmocka_unit_test(test_zonelists),
		cmocka_unit_test(test_dmesg_boot_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
