/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/machine.h> - boot, CPUs, reports: the simulator's own entry points
 * (DESIGN.md section 6).
 *
 * A machine is booted from a kernel-command-line style string
 * ("mem=1G numa=2 nr_cpus=4").  The thread that boots it is bound to
 * CPU 0.  Every other thread that calls into the machine first binds
 * itself to a CPU with mmsim_cpu_enter(); kernel-style calls
 * (mmsim_alloc_pages() ...) then act on that thread's machine and CPU,
 * as kernel code acts on the current CPU.  A CPU is held by at most one
 * thread at a time.
 */
#ifndef MMSIM_MACHINE_H
#define MMSIM_MACHINE_H

#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Boot a machine.  @params: boot parameters, words separated by blanks
 * (NULL or "" for the defaults; see docs/boot-parameters.md).
 * Returns NULL on error with errno set (EINVAL for a bad parameter,
 * ENOMEM when the host cannot provide the arena) and mmsim_strerror()
 * naming the offending word.
 */
struct mmsim *mmsim_boot(const char *params);

/* The last error of this thread, as text ("" when none). */
const char *mmsim_strerror(void);

/* Free everything the machine owns.  Threads bound to it are unbound. */
void mmsim_shutdown(struct mmsim *m);

/*
 * Bind the calling thread to simulated CPU @cpu of @m, releasing any CPU
 * it held before.  Returns 0, -EINVAL (no such CPU) or -EBUSY (the CPU
 * is held by another thread).
 */
int mmsim_cpu_enter(struct mmsim *m, int cpu);

/* Release the calling thread's CPU.  Returns 0, or -EINVAL if none. */
int mmsim_cpu_exit(void);

/* The calling thread's machine (NULL if unbound) and CPU (-1 if unbound). */
struct mmsim *mmsim_current(void);
int mmsim_smp_processor_id(void);

int mmsim_nr_cpus(const struct mmsim *m);
int mmsim_nr_nodes(const struct mmsim *m);
/* The NUMA node of CPU @cpu (CPUs are spread over nodes round-robin). */
int mmsim_cpu_to_node(const struct mmsim *m, int cpu);

/*
 * Print a report in Linux's text format: "meminfo", "buddyinfo",
 * "pagetypeinfo", "zoneinfo", "vmstat", "dmesg", "page_owner" (with
 * page_owner=on) and "cmdline" (the boot parameters).
 * Returns 0, or -EINVAL for an unknown report (mmsim_strerror() names it).
 */
int mmsim_show(struct mmsim *m, const char *what, FILE *out);

/*
 * Reports of misuse (BUG:/WARNING: text, also written to dmesg and by
 * default to stderr).  The hook, if set, is called with the whole text
 * of each report; tests use it to prove that a check fires.
 */
typedef void (*mmsim_report_fn)(struct mmsim *m, const char *text, void *arg);
void mmsim_set_report_hook(struct mmsim *m, mmsim_report_fn fn, void *arg);
/* Where reports are printed besides dmesg: stderr by default, NULL: nowhere. */
void mmsim_set_report_stream(struct mmsim *m, FILE *out);
/* How many BUG/WARNING reports the machine has made since boot. */
unsigned long mmsim_nr_reports(const struct mmsim *m);

/*
 * Run the debug-vm validators over the whole machine (free lists, per-CPU
 * lists, counters).  Returns 0 when every invariant holds, else the number
 * of broken invariants (each one reported).
 */
int mmsim_validate(struct mmsim *m);

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_MACHINE_H */
