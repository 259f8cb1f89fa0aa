/* SPDX-License-Identifier: MIT */
/*
 * examples/example.h - small helpers shared by the teaching examples.
 *
 * The examples use only the public API.  The library tells us about its
 * zones the way Linux tells a user: through /proc-style text reports
 * (mmsim_show()).  These helpers capture a report into a string and pick
 * numbers out of it, exactly as a shell user would with grep and awk:
 *
 *	report_text()		the whole text of a report
 *	print_report_lines()	the lines of a report that contain a word
 *	buddyinfo_row()		one line of /proc/buddyinfo as numbers
 *	pageblock_counts()	"Number of blocks type" from pagetypeinfo
 *	zoneinfo_value()	one number of /proc/zoneinfo
 *	meminfo_kb()		one line of /proc/meminfo, in kB
 *	slabinfo_row()		one cache's line of /proc/slabinfo as numbers
 *	check()			count a failed expectation in failures
 *	example_end()		check the machine, shut it down, exit status
 *
 * Nothing here knows the library's insides; read it once, then read the
 * examples themselves.
 */
#ifndef MMSIM_EXAMPLE_H
#define MMSIM_EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsim/kernel.h>

/* Expectations an example checks as it goes; it fails if any did not hold. */
static int failures __attribute__((unused));

static inline void check(int ok, const char *what)
{
	if (!ok) {
		printf("  [FAIL] %s\n", what);
		failures++;
	}
}

/* The whole text of report @what ("buddyinfo", "zoneinfo" ...); free() it. */
static inline char *report_text(struct mmsim *m, const char *what)
{
	FILE *f = tmpfile();
	char *text;
	long len;

	if (!f)
		exit(2);
	if (mmsim_show(m, what, f)) {
		fprintf(stderr, "mmsim_show(%s): %s\n", what, mmsim_strerror());
		exit(2);
	}
	len = ftell(f);
	text = malloc((size_t)len + 1);
	rewind(f);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len)
		exit(2);
	text[len] = '\0';
	fclose(f);
	return text;
}

/* Print, indented, each line of report @what that contains @word. */
static inline void print_report_lines(struct mmsim *m, const char *what,
				      const char *word)
{
	char *text = report_text(m, what);
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strstr(line, word))
			printf("    %s\n", line);
	free(text);
}

/*
 * Print, indented, the lines of report @what from the first one that
 * contains @from up to, not including, the next one that contains @to.
 */
static inline void print_report_section(struct mmsim *m, const char *what,
					const char *from, const char *to)
{
	char *text = report_text(m, what);
	char *line, *save = NULL;
	int on = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!on && strstr(line, from))
			on = 1;
		else if (on && strstr(line, to))
			break;
		if (on)
			printf("    %s\n", line);
	}
	free(text);
}

/* Is @line the header "Node N, zone NAME" of node @nid, zone @zone? */
static inline int is_zone_line(const char *line, int nid, const char *zone)
{
	char name[32];
	int n;

	return sscanf(line, "Node %d, zone %31s", &n, name) == 2 &&
	       n == nid && !strcmp(name, zone);
}

/*
 * One line of /proc/buddyinfo:
 *
 *	Node 0, zone      DMA      1      0      1  ...     61
 *	                         order 0 ...                order 10
 *
 * fills @nr_free[order] with the number of free blocks of each order.
 * Returns 0, or -1 if the zone is not in the report.
 */
static inline int buddyinfo_row(struct mmsim *m, int nid, const char *zone,
				unsigned long nr_free[NR_PAGE_ORDERS])
{
	char *text = report_text(m, "buddyinfo");
	char *line, *save = NULL, *p;
	int order, ret = -1;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!is_zone_line(line, nid, zone))
			continue;
		p = strstr(line, zone) + strlen(zone);
		for (order = 0; order < NR_PAGE_ORDERS; order++)
			nr_free[order] = strtoul(p, &p, 10);
		ret = 0;
		break;
	}
	free(text);
	return ret;
}

/* Print one buddyinfo-style row: a label, then a count per order. */
static inline void print_orders(const char *label, const long *v)
{
	int order;

	printf("  %-22s", label);
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		printf("%5ld", v[order]);
	printf("\n");
}

static inline void print_order_header(void)
{
	int order;

	printf("  %-22s", "order:");
	for (order = 0; order < NR_PAGE_ORDERS; order++)
		printf("%5d", order);
	printf("\n");
}

/*
 * The "Number of blocks type" table of /proc/pagetypeinfo: how many
 * pageblocks of the zone carry each migratetype.  @type is a column
 * name ("Unmovable", "Movable", "Reclaimable", "HighAtomic" ...).
 * Returns the count, or -1 if the zone or the column is missing.
 */
static inline long pageblock_count(struct mmsim *m, int nid, const char *zone,
				   const char *type)
{
	char *text = report_text(m, "pagetypeinfo");
	char *line, *save = NULL, *p, *word;
	int col = -1, i, in_table = 0;
	long ret = -1;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Number of blocks type", 21)) {
			/* find the column of @type among the names */
			char *save2 = NULL;

			in_table = 1;
			col = -1;
			i = 0;
			p = line + 21;
			for (word = strtok_r(p, " ", &save2); word;
			     word = strtok_r(NULL, " ", &save2), i++)
				if (!strcmp(word, type))
					col = i;
			continue;
		}
		if (!in_table || col < 0 || !is_zone_line(line, nid, zone))
			continue;
		p = strstr(line, zone) + strlen(zone);
		for (i = 0; i <= col; i++)
			ret = strtol(p, &p, 10);
		break;
	}
	free(text);
	return ret;
}

/*
 * One number of /proc/zoneinfo, from the section of node @nid, zone
 * @zone.  @key is the text before the number, spelled as the report
 * spells it: "pages free", "min ", "low ", "high ", "managed",
 * "protection: (" ...  With @cpu >= 0, look in that CPU's pageset
 * instead ("count:", "high:", "batch:").  Returns -1 if not found.
 */
static inline long zoneinfo_value(struct mmsim *m, int nid, const char *zone,
				  const char *key, int cpu)
{
	char *text = report_text(m, "zoneinfo");
	char *line, *save = NULL, *p;
	int in_zone = 0, in_cpu = cpu < 0, c;
	long ret = -1;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Node ", 5)) {
			if (in_zone)
				break;		/* the next zone: not found */
			in_zone = is_zone_line(line, nid, zone);
			continue;
		}
		if (!in_zone)
			continue;
		p = line + strspn(line, " ");
		if (cpu >= 0 && sscanf(p, "cpu: %d", &c) == 1) {
			in_cpu = c == cpu;
			continue;
		}
		if (in_cpu && !strncmp(p, key, strlen(key))) {
			ret = strtol(p + strlen(key), NULL, 10);
			break;
		}
	}
	free(text);
	return ret;
}

/*
 * The "protection: (a, b, c, d)" line of a zone in /proc/zoneinfo: its
 * lowmem_reserve[] against allocations whose highest zone is DMA,
 * DMA32, Normal, Movable.  Returns 0, or -1 if not found.
 */
static inline int zoneinfo_protection(struct mmsim *m, int nid,
				      const char *zone, long prot[4])
{
	char *text = report_text(m, "zoneinfo");
	char *line, *save = NULL;
	int in_zone = 0, ret = -1;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "Node ", 5)) {
			in_zone = is_zone_line(line, nid, zone);
			continue;
		}
		if (in_zone && sscanf(line, " protection: (%ld, %ld, %ld, %ld)",
				      &prot[0], &prot[1], &prot[2],
				      &prot[3]) == 4) {
			ret = 0;
			break;
		}
	}
	free(text);
	return ret;
}

/* One line of /proc/meminfo ("MemFree", "Slab" ...) in kB, or -1. */
static inline long meminfo_kb(struct mmsim *m, const char *key)
{
	char *text = report_text(m, "meminfo");
	char *line, *save = NULL;
	size_t len = strlen(key);
	long ret = -1;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, key, len) && line[len] == ':') {
			ret = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	free(text);
	return ret;
}

/*
 * One cache's line of /proc/slabinfo (format 2.1):
 *
 *	# name  <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>
 *	  : tunables <limit> <batchcount> <sharedfactor>
 *	  : slabdata <active_slabs> <num_slabs> <sharedavail>
 */
struct slabinfo_row {
	unsigned long active_objs, num_objs, objsize, objperslab, pagesperslab;
	unsigned long active_slabs, num_slabs;
};

/* Fill @row from the line of cache @name.  0, or -1 if it is not listed. */
static inline int slabinfo_row(struct mmsim *m, const char *name,
			       struct slabinfo_row *row)
{
	char *text = report_text(m, "slabinfo");
	char *line, *save = NULL, cache[64];
	unsigned long limit, batch, shared;
	int ret = -1;

	memset(row, 0, sizeof(*row));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%63s", cache) != 1 || strcmp(cache, name))
			continue;
		if (sscanf(line + strlen(cache),
			   "%lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu",
			   &row->active_objs, &row->num_objs, &row->objsize,
			   &row->objperslab, &row->pagesperslab, &limit, &batch,
			   &shared, &row->active_slabs, &row->num_slabs) == 10)
			ret = 0;
		break;
	}
	free(text);
	return ret;
}

/*
 * The end of every example: prove the machine is still consistent
 * (mmsim_validate() walks every free list and counter) and that no
 * BUG/WARNING report was made unless @expected_reports says so, then
 * shut the machine down.  Returns the exit status for main().
 */
static inline int example_end(struct mmsim *m, unsigned long expected_reports)
{
	int broken = mmsim_validate(m);
	unsigned long reports = mmsim_nr_reports(m);

	mmsim_shutdown(m);
	if (broken) {
		fprintf(stderr, "FAIL: %d broken invariants\n", broken);
		return 1;
	}
	if (reports != expected_reports) {
		fprintf(stderr, "FAIL: %lu BUG/WARNING reports, expected %lu\n",
			reports, expected_reports);
		return 1;
	}
	return 0;
}

/* Boot or die, naming the bad word as the library does. */
static inline struct mmsim *boot_or_die(const char *params)
{
	struct mmsim *m = mmsim_boot(params);

	if (!m) {
		fprintf(stderr, "mmsim_boot(\"%s\"): %s\n", params,
			mmsim_strerror());
		exit(2);
	}
	return m;
}

#endif /* MMSIM_EXAMPLE_H */
