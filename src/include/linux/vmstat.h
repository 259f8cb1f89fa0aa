/* SPDX-License-Identifier: MIT */
/*
 * The /proc-format memory reports (include/linux/vmstat.h, the seq_file
 * show functions of mm/vmstat.c and fs/proc/meminfo.c).
 *
 * Each show_*() prints one report of the whole machine to @out exactly
 * as Linux 6.18 prints the /proc file of that name, and returns 0.
 * mmsim_show() calls them with the calling thread bound to a CPU of @m.
 */
#ifndef _LINUX_VMSTAT_H
#define _LINUX_VMSTAT_H

#include <linux/vmstat_items.h>
#include <stdio.h>

struct mmsim;

int show_buddyinfo(struct mmsim *m, FILE *out);
int show_pagetypeinfo(struct mmsim *m, FILE *out);
int show_zoneinfo(struct mmsim *m, FILE *out);
int show_vmstat(struct mmsim *m, FILE *out);
int show_meminfo(struct mmsim *m, FILE *out);

/* The /proc/vmstat names of the counters (NULL: not shown by 6.18). */
extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

#endif /* _LINUX_VMSTAT_H */
