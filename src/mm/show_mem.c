// SPDX-License-Identifier: MIT
/*
 * The memory summary of allocation-failure reports (mm/show_mem.c:
 * show_free_areas()): per zone, the free memory and watermarks, then the
 * free blocks of each order with the migratetypes that have some.
 */
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>

static void show_migration_types(char *buf, size_t size, unsigned char type)
{
	static const char types[MIGRATE_TYPES] = { 'U', 'M', 'E', 'H', 'C', 'I' };
	size_t n = 0;
	int i;

	for (i = 0; i < MIGRATE_TYPES && n + 1 < size; i++)
		if (type & (1 << i))
			buf[n++] = types[i];
	buf[n] = '\0';
}

/* The free-area lines of show_free_areas() (mm/show_mem.c). */
void report_free_areas(struct report *r, struct mmsim *m)
{
	struct zone *zone;
	int nid, zid;

	report_printf(r, "Mem-Info:\n");
	for_each_zone(m, zone, nid, zid) {
		unsigned long nr[NR_PAGE_ORDERS], total = 0;
		unsigned char types[NR_PAGE_ORDERS];
		unsigned int order;

		if (!populated_zone(zone))
			continue;
		report_printf(r, "Node %d %s free:%lukB min:%lukB low:%lukB high:%lukB managed:%lukB\n",
			      nid, zone->name,
			      zone_page_state(zone, NR_FREE_PAGES) << 2,
			      min_wmark_pages(zone) << 2,
			      low_wmark_pages(zone) << 2,
			      high_wmark_pages(zone) << 2,
			      zone_managed_pages(zone) << 2);
		spin_lock(&zone->lock);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			int t;

			nr[order] = area->nr_free;
			total += nr[order] << order;
			types[order] = 0;
			for (t = 0; t < MIGRATE_TYPES; t++)
				if (!free_area_empty(area, t))
					types[order] |= (unsigned char)(1 << t);
		}
		spin_unlock(&zone->lock);
		report_printf(r, "Node %d %s: ", nid, zone->name);
		for (order = 0; order < NR_PAGE_ORDERS; order++) {
			char t[8];

			report_printf(r, "%lu*%lukB ", nr[order],
				      (PAGE_SIZE >> 10) << order);
			if (nr[order]) {
				show_migration_types(t, sizeof(t), types[order]);
				report_printf(r, "(%s) ", t);
			}
		}
		report_printf(r, "= %lukB\n", total << 2);
	}
}
