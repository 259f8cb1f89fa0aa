// SPDX-License-Identifier: MIT
/*
 * 02-zones-and-watermarks: nodes, zones, and the three watermarks.
 *
 *	./build/examples/02-zones-and-watermarks
 *
 * Memory is split by node (NUMA: which memory controller) and, inside a
 * node, by zone (which devices and which allocations may use it).  This
 * machine is laid out like a Raspberry Pi 4 with more RAM: RAM from
 * physical address 0, devices that drive only 30 address bits, so
 * ZONE_DMA is the first 1 GiB, ZONE_DMA32 the rest below 4 GiB:
 *
 *   0          1G                     3G      4G            6G
 *   +----------+----------------------+-------+------+------+
 *   |   DMA    |        DMA32         | DMA32 |Normal|Movabl|
 *   +----------+----------------------+-------+------+------+
 *   '-------------- node 0 -----------'------- node 1 ------'
 *
 * arm64 has no ZONE_HIGHMEM: a 64-bit kernel maps all RAM linearly.
 * ZONE_MOVABLE (movablecore=) is cut from the top of the highest zone
 * and holds only movable pages, so that it can always be emptied
 * (memory hot-remove, huge pages).
 *
 * Each zone has three watermarks, in pages (mm/page_alloc.c:
 * __setup_per_zone_wmarks()):
 *
 *   free pages
 *     ^
 *     |  high  ..... kswapd stops reclaiming here
 *     |  low   ..... below this, an allocation wakes kswapd
 *     |  min   ..... below this, only __GFP_HIGH/atomic and reclaim
 *     |              itself may allocate; others reclaim directly
 *     0
 *
 *   min  = min_free_kbytes, shared between the non-movable zones in
 *          proportion to their size (ZONE_MOVABLE gets a small fixed
 *          min: managed/1024 clamped to [32, 128] pages)
 *   gap  = max(min/4, managed * watermark_scale_factor / 10000)
 *   low  = min + gap,  high = low + gap
 *
 * and min_free_kbytes itself defaults to sqrt(16 * lowmem_kbytes)
 * clamped to [128, 262144] (calculate_min_free_kbytes()).
 *
 * "protection" (lowmem_reserve) is the other guard: an allocation that
 * could have used a higher zone must leave lowmem_reserve[its zone]
 * pages free in a lower one, so that DMA memory is not eaten by callers
 * who could have used Normal (setup_per_zone_lowmem_reserve()).
 *
 * This example boots the same machine twice, with the default tunables
 * and with larger ones, and checks the library's numbers against the
 * kernel's formulas.
 */
#include "example.h"

/* two nodes of 3 GiB from physical 0, 30-bit DMA, a 1 GiB Movable zone */
#define MACHINE "mem=6G numa=2 nr_cpus=2 phys_offset=0 zone_dma_bits=30 " \
		"movablecore=1G"

static const char *const zone_name[] = { "DMA", "DMA32", "Normal", "Movable" };
/* sysctl_lowmem_reserve_ratio[], mm/page_alloc.c */
static const long lowmem_reserve_ratio[] = { 256, 256, 32, 0 };

struct zinfo {
	long managed, min, low, high;
};

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static int show_machine(const char *params, long min_free_kbytes, long wsf)
{
	struct mmsim *m = boot_or_die(params);
	struct zinfo z[8][4];
	int nr_nodes = mmsim_nr_nodes(m), nid, i, j, bad = 0;
	long lowmem_pages = 0, pages_min;

	printf("== boot \"%s\"\n\n", params);
	print_report_lines(m, "dmesg", "[mem ");
	printf("\n");

	for (nid = 0; nid < nr_nodes; nid++)
		for (i = 0; i < 4; i++) {
			struct zinfo *zi = &z[nid][i];
			const char *name = zone_name[i];

			zi->managed = zoneinfo_value(m, nid, name, "managed",
						     -1);
			zi->min = zoneinfo_value(m, nid, name, "min ", -1);
			zi->low = zoneinfo_value(m, nid, name, "low ", -1);
			zi->high = zoneinfo_value(m, nid, name, "high ", -1);
			if (zi->managed < 0)
				zi->managed = 0;	/* empty zone */
			if (i != 3)
				lowmem_pages += zi->managed;
		}

	/* The kernel's default, computed before any watermark exists. */
	if (min_free_kbytes < 0) {
		min_free_kbytes = int_sqrt(lowmem_pages * 4 * 16);
		if (min_free_kbytes < 128)
			min_free_kbytes = 128;
		if (min_free_kbytes > 262144)
			min_free_kbytes = 262144;
		printf("  min_free_kbytes = sqrt(16 * %ld kB) = %ld\n",
		       lowmem_pages * 4, min_free_kbytes);
	} else {
		printf("  min_free_kbytes = %ld (boot parameter)\n",
		       min_free_kbytes);
	}
	printf("  watermark_scale_factor = %ld (%.2f%% of each zone)\n\n",
	       wsf, wsf / 100.0);
	pages_min = min_free_kbytes >> (PAGE_SHIFT - 10);

	printf("  node zone     managed |  min   low  high | kernel formula\n");
	for (nid = 0; nid < nr_nodes; nid++)
		for (i = 0; i < 4; i++) {
			struct zinfo *zi = &z[nid][i];
			long min, gap;
			int same;

			if (!zi->managed)
				continue;
			/* __setup_per_zone_wmarks() */
			if (i == 3) {
				min = zi->managed / 1024;
				min = min < 32 ? 32 : min > 128 ? 128 : min;
				gap = pages_min * zi->managed / lowmem_pages;
			} else {
				min = pages_min * zi->managed / lowmem_pages;
				gap = min;
			}
			gap = gap / 4 > zi->managed * wsf / 10000 ?
				      gap / 4 : zi->managed * wsf / 10000;
			same = zi->min == min && zi->low == min + gap &&
			       zi->high == min + 2 * gap;
			printf("  %4d %-8s %7ld | %4ld %5ld %5ld |"
			       " %4ld %5ld %5ld%s\n",
			       nid, zone_name[i], zi->managed,
			       zi->min, zi->low, zi->high,
			       min, min + gap, min + 2 * gap,
			       same ? "" : "   <-- differs");
			bad |= !same;
		}

	/*
	 * setup_per_zone_lowmem_reserve(): zoneinfo's "protection: (...)"
	 * of zone i, column j, is what an allocation whose highest zone is
	 * j must leave free in zone i: the managed pages of zones i+1..j
	 * divided by lowmem_reserve_ratio[i].
	 */
	printf("\n  protection       zoneinfo                 "
	       "kernel formula\n");
	for (nid = 0; nid < nr_nodes; nid++)
		for (i = 0; i < 4; i++) {
			long prot[4], calc[4], upper = 0;
			char a[64], b[64];

			if (!z[nid][i].managed ||
			    zoneinfo_protection(m, nid, zone_name[i], prot))
				continue;
			for (j = 0; j < 4; j++) {
				calc[j] = 0;
				if (j <= i)
					continue;
				upper += z[nid][j].managed;
				if (lowmem_reserve_ratio[i] &&
				    z[nid][j].managed)
					calc[j] = upper /
						  lowmem_reserve_ratio[i];
			}
			snprintf(a, sizeof(a), "(%ld, %ld, %ld, %ld)", prot[0],
				 prot[1], prot[2], prot[3]);
			snprintf(b, sizeof(b), "(%ld, %ld, %ld, %ld)", calc[0],
				 calc[1], calc[2], calc[3]);
			printf("  %d %-8s %-24s %s%s\n", nid, zone_name[i], a,
			       b, strcmp(a, b) ? "   <-- differs" : "");
			bad |= !!strcmp(a, b);
		}
	printf("\n");

	return example_end(m, 0) | bad;
}

int main(void)
{
	int ret = 0;

	/* 1. the defaults: min_free_kbytes computed, scale factor 10 */
	ret |= show_machine(MACHINE, -1, 10);

	/*
	 * 2. a bigger reserve and a ten times wider gap.  min follows
	 * min_free_kbytes; low and high move away from min because
	 * managed * 100 / 10000 (1%) now beats min/4.
	 */
	ret |= show_machine(MACHINE " min_free_kbytes=65536"
				    " watermark_scale_factor=100",
			    65536, 100);
	return ret;
}
