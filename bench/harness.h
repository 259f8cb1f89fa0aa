/* SPDX-License-Identifier: MIT */
/*
 * bench/harness.h - the one harness every libmmsim benchmark shares.
 *
 * A benchmark program describes what it measures as an array of cases.
 * A case is one (bench, impl, threads) triple:
 *
 *	bench	what is measured: "page_alloc/order0/pcp", "slab/kmalloc-64"
 *	impl	who does it: "mmsim", or a reference ("freelist", "mmap",
 *		"glibc", "jemalloc" ...)
 *	threads	how many host threads run it at once, each its own loop
 *
 * An impl is a name and callbacks: thread_init()/thread_fini() run in
 * each measuring thread around its loop (bind to a simulated CPU, build
 * a private free list ...), and either op() does one operation, which
 * the harness calls in its own loop, or loop() does n operations itself
 * (preferred when an indirect call per operation would be a visible part
 * of what is measured).
 *
 * bench_run() then, for every case the --filter selects:
 *   1. calibrates: doubles the operation count until one run lasts about
 *	BENCH_RUN_NS (BENCH_QUICK_RUN_NS with --quick); this also warms up;
 *   2. measures opt->runs runs, interleaving the cases run by run
 *	(run 1 of every case, then run 2 of every case ...), so that slow
 *	phases of a noisy host hit every case alike and the ratio of two
 *	cases within one run means something;
 *   3. prints one JSON line per case with the median, min and max of
 *	the runs' ns per operation.
 *
 * A run starts one host thread per measuring thread (thread i pinned to
 * the i-th host CPU the process may use, when there are enough), calls
 * thread_init(), warms up with an untimed eighth of the run, meets the
 * other threads at a barrier, then times its n operations with
 * CLOCK_MONOTONIC.  The run's figure is the wall time (first start to
 * last end) divided by n: nanoseconds per operation per thread.
 *
 * bench_ratio() prints the ratio of two cases' medians, the figure worth
 * comparing on a noisy machine, as a line of its own whose impl is
 * "ratio:NUM/DEN"; its min and max are the extremes of the per-run
 * ratios.
 *
 * Output, one JSON object per line on stdout (numbers with 2 decimals):
 *
 *	{"bench": "B", "impl": "I", "ns_per_op": MEDIAN, "min": MIN,
 *	 "max": MAX, "runs": R, "threads": T}
 *	{"bench": "B", "impl": "ratio:I/J", "ns_per_op": RATIO, "min": ...,
 *	 "max": ..., "runs": R, "threads": T, "ratio_vs": "B2/J",
 *	 "target": "<= 3", "target_met": true}
 *
 * Diagnostics go to stderr.  Options: --runs N, --quick, --filter SUB
 * (kept: the cases whose "bench/impl/Nt" contains SUB, or one of
 * SUB1,SUB2,...), --help.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#define BENCH_DEFAULT_RUNS	15
#define BENCH_QUICK_RUNS	3
#define BENCH_RUN_NS		20000000.0	/* 20 ms per run */
#define BENCH_QUICK_RUN_NS	1000000.0	/* 1 ms per run */

struct bench_options {
	int runs;
	bool quick;
	const char *filter;	/* NULL: every case */
	double run_ns;		/* target length of one run */
};

/* One measuring thread, as the impl's callbacks see it. */
struct bench_thread {
	int id;			/* 0 .. nr_threads - 1 */
	int nr_threads;
	void *arg;		/* the case's arg */
	void *priv;		/* the impl's per-thread state */
};

struct bench_impl {
	const char *name;
	/* In the measuring thread, before and after its loop. 0 or -errno. */
	int (*thread_init)(struct bench_thread *t);
	void (*thread_fini)(struct bench_thread *t);
	/* One operation, or n of them.  0, or -1 on failure. */
	int (*op)(struct bench_thread *t);
	int (*loop)(struct bench_thread *t, uint64_t n);
};

struct bench_case {
	const char *bench;
	const struct bench_impl *impl;
	void *arg;
	int nr_threads;

	/* Results, filled in by bench_run(). */
	bool selected;		/* chosen by --filter */
	bool failed;
	uint64_t n;		/* operations per thread per run */
	double *ns;		/* [runs]: ns per operation of each run */
	double median, min, max;
};

/*
 * Parse the command line into @opt.  Returns 0, 1 when the program
 * should exit successfully (--help), or -1 on a bad option.
 */
int bench_parse_args(int argc, char **argv, struct bench_options *opt);

/* Calibrate, measure and report @cases.  0, or -1 if any case failed. */
int bench_run(const struct bench_options *opt, struct bench_case *cases,
	      int nr);

/*
 * Report @num's median over @den's as bench @bench, impl
 * "ratio:NUM/DEN".  @target (may be NULL) is printed, never asserted:
 * "<= 3" or ">= 100".  Nothing is printed unless both were measured.
 */
void bench_ratio(const struct bench_options *opt, const char *bench,
		 const struct bench_case *num, const struct bench_case *den,
		 const char *target);

/* Release the results bench_run() allocated. */
void bench_free(struct bench_case *cases, int nr);

/*
 * Keep the compiler from deleting or hoisting work whose result nothing
 * reads: bench_do_not_optimize(v) makes v "used" by an empty asm, and
 * bench_clobber() makes every store visible to memory.
 */
#define bench_do_not_optimize(v) \
	__asm__ __volatile__("" : : "r,m"(v) : "memory")
#define bench_clobber() __asm__ __volatile__("" : : : "memory")

/* --filter's rule: does @key contain one of @filter's comma-separated
 * substrings?  NULL keeps everything. */
bool bench_filter_keeps(const char *filter, const char *key);

#endif /* BENCH_HARNESS_H */
