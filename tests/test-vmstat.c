// SPDX-License-Identifier: MIT
/*
 * Tests of the /proc-format reports (mm/vmstat.c, fs/proc/meminfo.c) and
 * of mm/debug.c: each report is parsed back and checked against the
 * zone, free-list and counter state it claims to show, and against the
 * fixed parts of Linux 6.18's formats.
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
#include <linux/vmstat.h>
#include <sim/debug.h>
#include <sim/machine.h>

#include "test-util.h"

#define BOOT_1NODE	"mem=256M nr_cpus=2 printk.time=0"
#define BOOT_2NODES	"mem=512M numa=2 nr_cpus=4 printk.time=0"

static struct zone *zone_by_name(struct mmsim *m, int nid, const char *name)
{
	struct zone *zone = NODE_DATA(m, nid)->node_zones;
	int zid;

	for (zid = 0; zid < MAX_NR_ZONES; zid++)
		if (!strcmp(zone[zid].name, name))
			return &zone[zid];
	fail_msg("no zone %s on node %d", name, nid);
	return NULL;
}

/* Allocate a spread of orders so that the free lists are not pristine. */
static void churn(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pages[i] = mmsim_alloc_pages(MMSIM_GFP_KERNEL, i % 4);
		assert_non_null(pages[i]);
	}
	/* free every other one: holes of several orders */
	for (i = 0; i < n; i += 2) {
		mmsim___free_pages(pages[i], i % 4);
		pages[i] = NULL;
	}
}

static void unchurn(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (pages[i])
			mmsim___free_pages(pages[i], i % 4);
}

/*
 *   Node 0, zone      DMA    214    105 ...  (11 columns, orders 0..10)
 *
 * Every populated zone has one line; the counts are free_area[].nr_free
 * and sum(count << order) is the zone's NR_FREE_PAGES.
 */
static void check_buddyinfo(struct mmsim *m)
{
	char *text = show(m, "buddyinfo"), *line, *save = NULL;
	unsigned long total = 0;
	int lines = 0, populated = 0, nid, zid;
	struct zone *zone;

	for_each_zone(m, zone, nid, zid)
		populated += populated_zone(zone);

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[16];
		unsigned long zone_free = 0;
		int node, off, order;
		const char *p;

		assert_int_equal(sscanf(line, "Node %d, zone %15s%n", &node,
					name, &off), 2);
		/* "%8s": the zone name is right-aligned in 8 columns */
		assert_int_equal(strchr(line, ',')[7 + 8 - strlen(name)],
				 name[0]);
		zone = zone_by_name(m, node, name);
		assert_true(populated_zone(zone));
		p = line + off;
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			char *end;
			unsigned long count = strtoul(p, &end, 10);

			assert_ptr_not_equal(end, p);
			assert_int_equal(end - p, 7);	/* " %6lu" */
			assert_int_equal(count,
					 zone->free_area[order].nr_free);
			zone_free += count << order;
			p = end;
		}
		assert_string_equal(p, " ");
		assert_int_equal(zone_free,
				 zone_page_state(zone, NR_FREE_PAGES));
		total += zone_free;
		lines++;
	}
	assert_int_equal(lines, populated);
	assert_int_equal(total, global_zone_page_state(m, NR_FREE_PAGES));
	free(text);
}

static void test_buddyinfo(void **state)
{
	struct mmsim *m = boot(BOOT_1NODE);
	struct page *pages[64];

	check_buddyinfo(m);
	churn(pages, 64);
	check_buddyinfo(m);
	mmsim_drain_all_pages();
	check_buddyinfo(m);
	unchurn(pages, 64);
	mmsim_shutdown(m);
}

static void test_buddyinfo_numa(void **state)
{
	struct mmsim *m = boot(BOOT_2NODES);
	struct page *pages[32];

	churn(pages, 32);
	check_buddyinfo(m);
	unchurn(pages, 32);
	mmsim_shutdown(m);
}

/*
 * pagetypeinfo: per zone and migratetype, the free blocks at each order;
 * summed over the migratetypes they are the buddyinfo counts.  The block
 * table counts every pageblock of the zone's span once.
 */
static void check_pagetypeinfo(struct mmsim *m)
{
	unsigned long sum[MAX_NR_ZONES][NR_PAGE_ORDERS] = { { 0 } };
	unsigned long blocks[MAX_NR_ZONES] = { 0 };
	char *text, *line, *save = NULL;
	int section = 0, zid, order;
	char head[256], *hp = head;

	text = show(m, "pagetypeinfo");
	hp += sprintf(hp, "Page block order: 9\nPages per block:  512\n\n"
			  "%-43s ",
		      "Free pages count per migrate type at order");
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		hp += sprintf(hp, "%6d ", order);
	assert_memory_equal(text, head, strlen(head));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[16], type[16];
		int node, off;
		const char *p;

		if (!strncmp(line, "Number of blocks type ", 22)) {
			assert_string_equal(line,
					    "Number of blocks type     "
					    "Unmovable      Movable  "
					    "Reclaimable   HighAtomic"
					    "          CMA      Isolate ");
			section = 1;
			continue;
		}
		if (strncmp(line, "Node ", 5))
			continue;
		if (section == 0) {
			int mt;

			assert_int_equal(sscanf(line, "Node %d, zone %15[^,], "
						      "type %15s%n",
						&node, name, type, &off), 3);
			for (mt = 0; mt < MIGRATE_TYPES; mt++)
				if (!strcmp(migratetype_names[mt], type))
					break;
			assert_true(mt < MIGRATE_TYPES);
			/* "type %12s " */
			assert_int_equal(strstr(line, "type ")[5 + 12 -
								strlen(type)],
					 type[0]);
			zid = zone_idx(zone_by_name(m, node, name));
			p = line + off;
			for (order = 0; order < NR_PAGE_ORDERS; order++) {
				char *end;

				sum[zid][order] += strtoul(p, &end, 10);
				assert_ptr_not_equal(end, p);
				p = end;
			}
		} else {
			unsigned long n;
			int mt;

			assert_int_equal(sscanf(line, "Node %d, zone %15s%n",
						&node, name, &off), 2);
			zid = zone_idx(zone_by_name(m, node, name));
			p = line + off;
			for (mt = 0; mt < MIGRATE_TYPES; mt++) {
				char *end;

				n = strtoul(p, &end, 10);
				assert_int_equal(end - p, 13);	/* " %12lu" */
				blocks[zid] += n;
				p = end;
			}
		}
	}
	for (zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *zone = &NODE_DATA(m, 0)->node_zones[zid];

		if (!populated_zone(zone)) {
			assert_int_equal(blocks[zid], 0);
			continue;
		}
		for (order = 0; order < NR_PAGE_ORDERS; order++)
			assert_int_equal(sum[zid][order],
					 zone->free_area[order].nr_free);
		/* one region of RAM: every section present */
		assert_int_equal(blocks[zid],
				 DIV_ROUND_UP(zone->spanned_pages,
					      pageblock_nr_pages));
	}
	free(text);
}

static void test_pagetypeinfo(void **state)
{
	struct mmsim *m = boot(BOOT_1NODE);
	struct page *pages[64];

	check_pagetypeinfo(m);
	churn(pages, 64);
	check_pagetypeinfo(m);
	unchurn(pages, 64);
	mmsim_shutdown(m);
}

/*
 * With deferred struct page init, free MAX_PAGE_ORDER blocks are counted
 * in nr_free before they reach the Movable list: pagetypeinfo shows them
 * there all the same, so its columns still add up to buddyinfo's.
 */
static void test_pagetypeinfo_deferred(void **state)
{
	struct mmsim *m = boot("mem=2G nr_cpus=2 deferred_init=on");
	struct zone *zone = &NODE_DATA(m, 0)->node_zones[ZONE_DMA];
	struct free_area *area = &zone->free_area[MAX_PAGE_ORDER];
	char *text, row[64];
	unsigned long listed = 0, shown;
	struct list_head *pos;
	const char *p;
	int order;

	/* 2G at PHYS_OFFSET 1G is all ZONE_DMA, the node's highest zone:
	 * everything past its first section is deferred */
	assert_true(area->nr_deferred > 0);
	list_for_each(pos, &area->free_list[MIGRATE_MOVABLE])
		listed++;
	text = show(m, "pagetypeinfo");
	snprintf(row, sizeof(row), "Node    0, zone %8s, type      Movable ",
		 zone->name);
	p = strstr(text, row);
	assert_non_null(p);
	p += strlen(row);
	for (order = 0; order < MAX_PAGE_ORDER; order++)
		strtoul(p, (char **)&p, 10);
	shown = strtoul(p, NULL, 10);
	assert_int_equal(shown, listed + area->nr_deferred);
	assert_int_equal(shown, area->nr_free);
	free(text);
	check_pagetypeinfo(m);
	check_buddyinfo(m);
	mmsim_shutdown(m);
}

/* The number after @key in @sec, which must contain it. */
static unsigned long field(const char *sec, const char *key)
{
	const char *p = strstr(sec, key);

	if (!p)
		fail_msg("no \"%s\" in zoneinfo section", key);
	return strtoul(p + strlen(key), NULL, 10);
}

/*
 * zoneinfo: every zone of every node, populated or not; watermarks,
 * sizes, protection and the per-CPU pagesets as the zone holds them.
 */
static void check_zoneinfo(struct mmsim *m)
{
	char *text = show(m, "zoneinfo"), *sec = text;
	int sections = 0, cpu, i;

	while (sec && *sec) {
		char *next = strstr(sec + 1, "\nNode ");
		char name[16], expect[64], *p;
		struct zone *zone;
		int node;

		if (next)
			*next++ = '\0';
		assert_int_equal(sscanf(sec, "Node %d, zone %15s", &node,
					name), 2);
		zone = zone_by_name(m, node, name);
		snprintf(expect, sizeof(expect), "Node %d, zone %8s\n", node,
			 name);
		assert_memory_equal(sec, expect, strlen(expect) - 1);
		assert_int_equal(field(sec, "\n  pages free     "),
				 zone_page_state(zone, NR_FREE_PAGES));
		assert_int_equal(field(sec, "\n        min      "),
				 min_wmark_pages(zone));
		assert_int_equal(field(sec, "\n        low      "),
				 low_wmark_pages(zone));
		assert_int_equal(field(sec, "\n        high     "),
				 high_wmark_pages(zone));
		assert_int_equal(field(sec, "\n        spanned  "),
				 zone->spanned_pages);
		assert_int_equal(field(sec, "\n        present  "),
				 zone->present_pages);
		assert_int_equal(field(sec, "\n        managed  "),
				 zone_managed_pages(zone));
		p = strstr(sec, "\n        protection: (");
		assert_non_null(p);
		p += strlen("\n        protection: (");
		for (i = 0; i < MAX_NR_ZONES; i++) {
			assert_int_equal(strtol(p, &p, 10),
					 zone->lowmem_reserve[i]);
			assert_true(*p == (i == MAX_NR_ZONES - 1 ? ')' : ','));
			p += 1 + (*p == ',');
		}
		if (!populated_zone(zone)) {
			/* the last section keeps its '\n', others lose it */
			assert_true(!strcmp(p, "\n") || !strcmp(p, ""));
		} else {
			for_each_possible_cpu(m, cpu) {
				struct per_cpu_pages *pcp =
					&zone->per_cpu_pageset[cpu];
				char key[32];

				snprintf(key, sizeof(key), "\n    cpu: %d\n",
					 cpu);
				p = strstr(sec, key);
				assert_non_null(p);
				assert_int_equal(field(p, "count:    "),
						 pcp->count);
				assert_int_equal(field(p, "high:     "),
						 pcp->high);
				assert_int_equal(field(p, "batch:    "),
						 pcp->batch);
			}
			assert_int_equal(field(sec, "\n  start_pfn: "),
					 zone->zone_start_pfn);
		}
		sections++;
		sec = next;
	}
	assert_int_equal(sections, m->nr_node_ids * MAX_NR_ZONES);
	free(text);
}

/* "per-node stats" comes once per node with memory, in its first
 * populated zone; the others start straight with "pages free". */
static void check_per_node_stats(struct mmsim *m)
{
	char *text = show(m, "zoneinfo");
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);
		int zid, first = -1;

		for (zid = 0; zid < MAX_NR_ZONES; zid++) {
			char head[64];
			const char *p;

			struct zone *zone = &pgdat->node_zones[zid];

			if (first < 0 && populated_zone(zone))
				first = zid;
			snprintf(head, sizeof(head), "Node %d, zone %8s\n", nid,
				 zone->name);
			p = strstr(text, head);
			assert_non_null(p);
			p += strlen(head);
			if (zid == first)
				assert_memory_equal(p,
					"  per-node stats\n"
					"      nr_inactive_anon ", 38);
			else
				assert_memory_equal(p, "  pages free     ", 17);
		}
	}
	free(text);
}

static void test_zoneinfo(void **state)
{
	struct mmsim *m = boot(BOOT_1NODE);
	struct page *pages[64];

	check_zoneinfo(m);
	check_per_node_stats(m);
	churn(pages, 64);
	check_zoneinfo(m);	/* pcp counts now nonzero */
	unchurn(pages, 64);
	mmsim_shutdown(m);

	m = boot(BOOT_2NODES);
	check_zoneinfo(m);
	check_per_node_stats(m);
	mmsim_shutdown(m);
}

/* The value of "@name: ... kB" in meminfo text. */
static unsigned long meminfo_kb(const char *text, const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "%s:", name);
	for (p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, strlen(key)))
			return strtoul(p + strlen(key), NULL, 10);
	fail_msg("no %s in meminfo", name);
	return 0;
}

static void test_meminfo(void **state)
{
	static const char *const fields[] = {
		"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
		"SwapCached", "Active", "Inactive", "Active(anon)",
		"Inactive(anon)", "Active(file)", "Inactive(file)",
		"Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty",
		"Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable",
		"Slab", "SReclaimable", "SUnreclaim", "KernelStack",
		"PageTables", "SecPageTables", "NFS_Unstable", "Bounce",
		"WritebackTmp", "CommitLimit", "Committed_AS", "VmallocTotal",
		"VmallocUsed", "VmallocChunk", "Percpu", "HardwareCorrupted",
		"AnonHugePages", "ShmemHugePages", "ShmemPmdMapped",
		"FileHugePages", "FilePmdMapped", "CmaTotal", "CmaFree",
		"Balloon", "HugePages_Total", "HugePages_Free",
		"HugePages_Rsvd", "HugePages_Surp", "Hugepagesize", "Hugetlb",
	};
	struct mmsim *m = boot(BOOT_1NODE);
	unsigned long totalram = atomic_long_read(&m->totalram_pages);
	struct page *pages[64];
	char *text, *line, *save = NULL, *copy;
	size_t i = 0;

	churn(pages, 64);
	text = show(m, "meminfo");

	/* every field, in order, each line 'Name:' padded to column 16 */
	copy = strdup(text);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), i++) {
		size_t n;

		assert_true(i < ARRAY_SIZE(fields));
		n = strlen(fields[i]);
		assert_memory_equal(line, fields[i], n);
		assert_int_equal(line[n], ':');
		if (!strncmp(fields[i], "HugePages_", 10))
			assert_int_equal(strlen(line), 24);	/* %5lu */
		else if (!strcmp(fields[i], "HardwareCorrupted"))
			assert_string_equal(line,
					    "HardwareCorrupted:     0 kB");
		else if (!strcmp(fields[i], "VmallocTotal"))
			assert_string_equal(line,
					    "VmallocTotal:   135288315904 kB");
		else
			assert_int_equal(strlen(line), 16 + 8 + 3);
	}
	assert_int_equal(i, ARRAY_SIZE(fields));
	free(copy);

	assert_int_equal(meminfo_kb(text, "MemTotal"), totalram * 4);
	assert_int_equal(meminfo_kb(text, "MemFree"),
			 global_zone_page_state(m, NR_FREE_PAGES) * 4);
	/* no page cache or slab yet: available = free - reserves */
	assert_int_equal(meminfo_kb(text, "MemAvailable"),
			 (global_zone_page_state(m, NR_FREE_PAGES) -
			  m->totalreserve_pages) * 4);
	assert_int_equal(meminfo_kb(text, "CommitLimit"), totalram / 2 * 4);
	assert_int_equal(meminfo_kb(text, "Hugepagesize"), 2048);
	free(text);

	unchurn(pages, 64);
	mmsim_drain_all_pages();
	text = show(m, "meminfo");
	assert_int_equal(meminfo_kb(text, "MemFree"),
			 global_zone_page_state(m, NR_FREE_PAGES) * 4);
	free(text);
	mmsim_shutdown(m);
}

/* The value of "@name N" in vmstat text; -1 when absent. */
static long vmstat_value(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, name, n) && p[n] == ' ')
			return strtol(p + n + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static long pgalloc_total(const char *text)
{
	return vmstat_value(text, "pgalloc_dma") +
	       vmstat_value(text, "pgalloc_dma32") +
	       vmstat_value(text, "pgalloc_normal") +
	       vmstat_value(text, "pgalloc_movable");
}

static void test_vmstat(void **state)
{
	static const char *const zone_counter[MAX_NR_ZONES] = {
		"pgalloc_dma", "pgalloc_dma32", "pgalloc_normal",
		"pgalloc_movable",
	};
	/* neighbours in 6.18's /proc/vmstat, across the section seams */
	static const char *const seams[][2] = {
		{ "nr_free_pages", "nr_free_pages_blocks" },
		{ "nr_mlock", "nr_free_cma" },
		{ "nr_free_cma", "numa_hit" },
		{ "numa_other", "nr_inactive_anon" },
		{ "nr_writeback", "nr_shmem" },
		{ "nr_sec_page_table_pages", "nr_iommu_pages" },
		{ "pgpromote_candidate", "pgpromote_candidate_nrl" },
		{ "nr_balloon_pages", "nr_kernel_file_pages" },
		{ "nr_kernel_file_pages", "nr_dirty_threshold" },
		{ "nr_memmap_boot_pages", "pgpgin" },
		{ "pswpout", "pgalloc_dma" },
		{ "pgskip_movable", "pgfree" },
		{ "pgsteal_file", "zone_reclaim_success" },
		{ "oom_kill", "numa_pte_updates" },
		{ "numa_pages_migrated", "pgmigrate_success" },
		{ "cma_alloc_fail", "unevictable_pgs_culled" },
		{ "thp_swpout_fallback", "balloon_inflate" },
		{ "balloon_migrate", "swap_ra" },
		{ "ksm_swpin_copy", "cow_ksm" },
		{ "cow_ksm", "nr_unstable" },
	};
	struct mmsim *m = boot(BOOT_1NODE);
	struct page *page;
	char *before, *after, *p;
	long delta_zone;
	size_t i;
	int order = 3, n, zid;

	before = show(m, "vmstat");
	for (i = 0; i < ARRAY_SIZE(seams); i++) {
		char pair[128];

		snprintf(pair, sizeof(pair), "\n%s ", seams[i][1]);
		p = strstr(before, pair);
		assert_non_null(p);
		/* p is at the end of the line before: seams[i][0]'s */
		while (p > before && p[-1] != '\n')
			p--;
		assert_memory_equal(p, seams[i][0], strlen(seams[i][0]));
	}
	assert_null(strstr(before, "nr_bounce"));
	assert_null(strstr(before, "nr_writeback_temp"));
	assert_int_equal(vmstat_value(before, "nr_free_pages"),
			 global_zone_page_state(m, NR_FREE_PAGES));
	assert_int_equal(vmstat_value(before, "nr_memmap_boot_pages"),
			 512 * (256 / 128));
	/* last line */
	p = before + strlen(before) - strlen("nr_unstable 0\n");
	assert_string_equal(p, "nr_unstable 0\n");

	/* n allocations of order 3: pgalloc_* grows by n << 3 */
	page = NULL;
	for (n = 0; n < 5; n++) {
		struct page *pg = mmsim_alloc_pages(MMSIM_GFP_KERNEL, order);

		assert_non_null(pg);
		if (!page)
			page = pg;
		else
			mmsim___free_pages(pg, order);
	}
	after = show(m, "vmstat");
	assert_int_equal(pgalloc_total(after) - pgalloc_total(before),
			 5L << order);
	zid = mmsim_page_zonenum(page);
	delta_zone = vmstat_value(after, zone_counter[zid]) -
		     vmstat_value(before, zone_counter[zid]);
	assert_int_equal(delta_zone, 5L << order);
	assert_int_equal(vmstat_value(after, "pgfree") -
			 vmstat_value(before, "pgfree"), 4L << order);
	mmsim___free_pages(page, order);
	free(after);
	after = show(m, "vmstat");
	assert_int_equal(vmstat_value(after, "pgfree") -
			 vmstat_value(before, "pgfree"), 5L << order);
	free(before);
	free(after);
	mmsim_shutdown(m);
}

/* Strings the kernel prints for these masks (%pGg). */
static void test_gfp_format_known(void **state)
{
	static const struct {
		mmsim_gfp_t gfp;
		const char *text;
	} cases[] = {
		{ 0xcc0, "GFP_KERNEL" },
		{ 0xdc0, "GFP_KERNEL|__GFP_ZERO" },
		{ 0x400cc0, "GFP_KERNEL_ACCOUNT" },
		{ 0x820, "GFP_ATOMIC" },
		{ 0x2820, "GFP_ATOMIC|__GFP_NOWARN" },
		{ 0x2800, "GFP_NOWAIT" },
		{ 0xc00, "GFP_NOIO" },
		{ 0xc40, "GFP_NOFS" },
		{ 0x100cc0, "GFP_USER" },
		{ 0x100cca, "GFP_HIGHUSER_MOVABLE" },
		{ 0x140cca, "GFP_HIGHUSER_MOVABLE|__GFP_COMP" },
		{ 0x1c20ca, "GFP_TRANSHUGE_LIGHT" },
		{ 0x1c24ca, "GFP_TRANSHUGE" },
		{ 0xcc1, "GFP_KERNEL|GFP_DMA" },
		{ 0xcc4, "GFP_KERNEL|GFP_DMA32" },
		{ 0x400, "__GFP_DIRECT_RECLAIM" },
		{ 0x40000, "__GFP_COMP" },
		{ 0x200, "0x200" },
		{ 0xcc0 | 0x200, "GFP_KERNEL|0x200" },
		{ 0, "0" },
	};
	char buf[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int len = mmsim_gfp_format(cases[i].gfp, buf, sizeof(buf));

		assert_string_equal(buf, cases[i].text);
		assert_int_equal(len, strlen(cases[i].text));
	}
	/* truncation: snprintf's contract */
	assert_int_equal(mmsim_gfp_format(0xdc0, buf, 5),
			 strlen("GFP_KERNEL|__GFP_ZERO"));
	assert_string_equal(buf, "GFP_");
}

static void test_gfp_parse(void **state)
{
	static const struct {
		const char *name;
		mmsim_gfp_t gfp;
	} names[] = {
		{ "GFP_KERNEL", MMSIM_GFP_KERNEL },
		{ "GFP_KERNEL_ACCOUNT", MMSIM_GFP_KERNEL_ACCOUNT },
		{ "GFP_ATOMIC", MMSIM_GFP_ATOMIC },
		{ "GFP_NOWAIT", MMSIM_GFP_NOWAIT },
		{ "GFP_NOIO", MMSIM_GFP_NOIO },
		{ "GFP_NOFS", MMSIM_GFP_NOFS },
		{ "GFP_USER", MMSIM_GFP_USER },
		{ "GFP_HIGHUSER", MMSIM_GFP_HIGHUSER },
		{ "GFP_HIGHUSER_MOVABLE", MMSIM_GFP_HIGHUSER_MOVABLE },
		{ "GFP_DMA", MMSIM_GFP_DMA },
		{ "GFP_DMA32", MMSIM_GFP_DMA32 },
		{ "GFP_TRANSHUGE", MMSIM_GFP_TRANSHUGE },
		{ "GFP_TRANSHUGE_LIGHT", MMSIM_GFP_TRANSHUGE_LIGHT },
		{ "__GFP_RECLAIM", MMSIM___GFP_RECLAIM },
		{ "__GFP_DMA", 0x1 },
		{ "__GFP_HIGHMEM", 0x2 },
		{ "__GFP_DMA32", 0x4 },
		{ "__GFP_MOVABLE", 0x8 },
		{ "__GFP_RECLAIMABLE", 0x10 },
		{ "__GFP_HIGH", 0x20 },
		{ "__GFP_IO", 0x40 },
		{ "__GFP_FS", 0x80 },
		{ "__GFP_ZERO", 0x100 },
		{ "__GFP_DIRECT_RECLAIM", 0x400 },
		{ "__GFP_KSWAPD_RECLAIM", 0x800 },
		{ "__GFP_WRITE", 0x1000 },
		{ "__GFP_NOWARN", 0x2000 },
		{ "__GFP_RETRY_MAYFAIL", 0x4000 },
		{ "__GFP_NOFAIL", 0x8000 },
		{ "__GFP_NORETRY", 0x10000 },
		{ "__GFP_MEMALLOC", 0x20000 },
		{ "__GFP_COMP", 0x40000 },
		{ "__GFP_NOMEMALLOC", 0x80000 },
		{ "__GFP_HARDWALL", 0x100000 },
		{ "__GFP_THISNODE", 0x200000 },
		{ "__GFP_ACCOUNT", 0x400000 },
		{ "__GFP_ZEROTAGS", 0x800000 },
	};
	mmsim_gfp_t gfp, back;
	char buf[256];
	size_t i;
	unsigned int seed = 12345;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		assert_int_equal(mmsim_gfp_parse(names[i].name, &gfp), 0);
		assert_int_equal(gfp, names[i].gfp);
		/* format then parse gives the mask back */
		mmsim_gfp_format(gfp, buf, sizeof(buf));
		assert_int_equal(mmsim_gfp_parse(buf, &back), 0);
		assert_int_equal(back, gfp);
	}
	assert_int_equal(mmsim_gfp_parse(" GFP_KERNEL | __GFP_COMP ", &gfp),
			 0);
	assert_int_equal(gfp, 0xcc0 | 0x40000);
	assert_int_equal(mmsim_gfp_parse("0xcc0", &gfp), 0);
	assert_int_equal(gfp, MMSIM_GFP_KERNEL);
	assert_int_equal(mmsim_gfp_parse("3264", &gfp), 0);
	assert_int_equal(gfp, MMSIM_GFP_KERNEL);
	assert_int_equal(mmsim_gfp_parse("GFP_KERNEL|0x200", &gfp), 0);
	assert_int_equal(gfp, 0xec0);

	assert_int_equal(mmsim_gfp_parse("GFP_KERNEL|GFP_BOGUS", &gfp),
			 -EINVAL);
	assert_string_equal(mmsim_strerror(), "unknown GFP flag 'GFP_BOGUS'");
	assert_int_equal(mmsim_gfp_parse("", &gfp), -EINVAL);
	assert_int_equal(mmsim_gfp_parse("GFP_KERNEL|", &gfp), -EINVAL);
	assert_int_equal(mmsim_gfp_parse("0x12zz", &gfp), -EINVAL);
	assert_string_equal(mmsim_strerror(), "unknown GFP flag '0x12zz'");

	/* any mask survives format -> parse */
	for (i = 0; i < 1000; i++) {
		seed = seed * 1103515245 + 12345;
		gfp = (seed >> 4) & MMSIM___GFP_BITS_MASK;
		mmsim_gfp_format(gfp, buf, sizeof(buf));
		assert_int_equal(mmsim_gfp_parse(buf, &back), 0);
		assert_int_equal(back, gfp);
	}
}

struct captured {
	char text[8192];
};

static void capture(struct mmsim *m, const char *text, void *arg)
{
	struct captured *c = arg;

	snprintf(c->text, sizeof(c->text), "%s", text);
}

static void dump(struct mmsim *m, struct captured *c, const struct page *pg,
		 const char *reason)
{
	struct report r;

	c->text[0] = '\0';
	report_begin(&r, m);
	report_dump_page(&r, pg, reason);
	report_end(&r, false);
}

/* "raw: " lines: four 16-digit words each, the struct page's words. */
static void check_raw(const char *text, const char *prefix,
		      const struct page *pg, int npages)
{
	const unsigned long *w = (const unsigned long *)pg;
	char line[128];
	int l;

	for (l = 0; l < npages * 2; l++) {
		snprintf(line, sizeof(line), "%s%016lx %016lx %016lx %016lx\n",
			 prefix, w[4 * l], w[4 * l + 1], w[4 * l + 2],
			 w[4 * l + 3]);
		assert_non_null(strstr(text, line));
	}
}

static void test_dump_page(void **state)
{
	struct mmsim *m = boot(BOOT_1NODE);
	struct captured c;
	struct page *pg, *comp, fake;
	struct list_head *list = NULL;
	struct zone *zone;
	char expect[256];
	unsigned long pfn;
	int order;

	mmsim_set_report_hook(m, capture, &c);

	/* an allocated order-0 page */
	pg = mmsim_alloc_pages(MMSIM_GFP_KERNEL, 0);
	assert_non_null(pg);
	pfn = page_to_pfn(pg);
	dump(m, &c, pg, "test reason");
	snprintf(expect, sizeof(expect),
		 "page: refcount:1 mapcount:0 mapping:0000000000000000 "
		 "index:0x0 pfn:0x%lx\n", pfn);
	assert_non_null(strstr(c.text, expect));
	snprintf(expect, sizeof(expect), "\nflags: 0x%lx(node=0|zone=%d)\n",
		 pg->flags, page_zonenum(pg));
	assert_non_null(strstr(c.text, expect));
	assert_null(strstr(c.text, "page_type:"));
	check_raw(c.text, "raw: ", pg, 1);
	assert_non_null(strstr(c.text, "\npage dumped because: test reason\n"));
	assert_true(strstr(c.text, "raw: ") < strstr(c.text, "page dumped"));

	/* a page flag shows by name, in mmflags.h order */
	__SetPageReserved(pg);
	__SetPageDirty(pg);
	dump(m, &c, pg, NULL);
	snprintf(expect, sizeof(expect),
		 "\nflags: 0x%lx(dirty|reserved|node=0|zone=%d)\n", pg->flags,
		 page_zonenum(pg));
	assert_non_null(strstr(c.text, expect));
	assert_null(strstr(c.text, "page dumped because"));
	__ClearPageReserved(pg);
	__ClearPageDirty(pg);
	mmsim___free_pages(pg, 0);

	/* a free page in the buddy lists: refcount 0, typed buddy */
	mmsim_drain_all_pages();
	zone = page_zone(pg);
	spin_lock(&zone->lock);
	for (order = 0; order < NR_PAGE_ORDERS; order++) {
		list = &zone->free_area[order].free_list[MIGRATE_MOVABLE];
		if (!list_empty(list))
			break;
	}
	assert_true(order < NR_PAGE_ORDERS);
	pg = list_first_entry(list, struct page, buddy_list);
	spin_unlock(&zone->lock);
	dump(m, &c, pg, "buddy");
	assert_non_null(strstr(c.text, "page: refcount:0 mapcount:0 "));
	assert_non_null(strstr(c.text, "\npage_type: f0(buddy)\n"));

	/* a tail page of a compound page: its head, index and order */
	comp = mmsim_alloc_pages(MMSIM_GFP_KERNEL | MMSIM___GFP_COMP, 2);
	assert_non_null(comp);
	dump(m, &c, comp + 1, "tail");
	snprintf(expect, sizeof(expect),
		 "page: refcount:1 mapcount:0 mapping:0000000000000000 "
		 "index:0x1 pfn:0x%lx\n"
		 "head: order:2 mapcount:0 entire_mapcount:0 "
		 "nr_pages_mapped:0 pincount:0\n",
		 page_to_pfn(comp + 1));
	assert_non_null(strstr(c.text, expect));
	check_raw(c.text, "raw: ", comp + 1, 1);
	check_raw(c.text, "head: ", comp, 2);
	snprintf(expect, sizeof(expect), "flags: 0x%lx(head|node=0|zone=%d)",
		 comp->flags, page_zonenum(comp));
	assert_non_null(strstr(c.text, expect));
	mmsim___free_pages(comp, 2);

	/* a struct page that was never initialised */
	memset(&fake, 0xff, sizeof(fake));
	dump(m, &c, &fake, "poison");
	snprintf(expect, sizeof(expect),
		 "page:%016lx is uninitialized and poisoned\n"
		 "page dumped because: poison\n", (unsigned long)&fake);
	assert_non_null(strstr(c.text, expect));
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buddyinfo),
		cmocka_unit_test(test_buddyinfo_numa),
		cmocka_unit_test(test_pagetypeinfo),
		cmocka_unit_test(test_pagetypeinfo_deferred),
		cmocka_unit_test(test_zoneinfo),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_vmstat),
		cmocka_unit_test(test_gfp_format_known),
		cmocka_unit_test(test_gfp_parse),
		cmocka_unit_test(test_dump_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
