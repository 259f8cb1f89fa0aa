/* SPDX-License-Identifier: MIT */
/*
 * bench/harness.c - calibration, timed runs, statistics and JSON output
 * for the benchmarks (see harness.h for the model and the output format).
 *
 * Each run starts its measuring threads afresh, so that an impl can bind
 * them to simulated CPUs that another case also uses; starting threads
 * costs tens of microseconds, outside the timed region.
 */
#include "harness.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_OPS		(1ULL << 40)	/* calibration gives up beyond */
#define MAX_GROWTH	10.0		/* per calibration step */

/* One measuring thread of one run. */
struct worker {
	struct bench_thread t;
	struct run *run;
	pthread_t tid;
	int err;
	double start, end;	/* CLOCK_MONOTONIC, ns */
};

struct run {
	struct bench_case *c;
	uint64_t n;
	pthread_barrier_t barrier;
	struct worker *workers;
};

/* Host CPUs this process may run on: thread i is pinned to cpus[i]. */
static int host_cpus[CPU_SETSIZE];
static int nr_host_cpus;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int do_ops(struct bench_case *c, struct bench_thread *t, uint64_t n)
{
	uint64_t i;

	if (c->impl->loop)
		return c->impl->loop(t, n);
	for (i = 0; i < n; i++)
		if (c->impl->op(t))
			return -1;
	return 0;
}

/*
 * A measuring thread: set up, warm up untimed, wait for the others, time
 * n operations.  A thread whose set-up failed still meets the barrier,
 * or the others would wait for ever.
 */
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct bench_case *c = w->run->c;
	uint64_t n = w->run->n;

	int init_err;

	init_err = c->impl->thread_init ? c->impl->thread_init(&w->t) : 0;
	w->err = init_err ? init_err : do_ops(c, &w->t, n / 8 + 1);
	pthread_barrier_wait(&w->run->barrier);
	if (!w->err) {
		w->start = now_ns();
		w->err = do_ops(c, &w->t, n);
		w->end = now_ns();
	}
	if (!init_err && c->impl->thread_fini)
		c->impl->thread_fini(&w->t);
	return NULL;
}

/* One run of @n operations per thread: ns per operation per thread. */
static int measure(struct bench_case *c, uint64_t n, double *ns_per_op)
{
	struct worker workers[c->nr_threads];
	struct run run = { .c = c, .n = n, .workers = workers };
	bool pin = c->nr_threads <= nr_host_cpus;
	double start = INFINITY, end = 0;
	int i, started, err = 0;

	pthread_barrier_init(&run.barrier, NULL, c->nr_threads);
	for (started = 0; started < c->nr_threads; started++) {
		struct worker *w = &workers[started];
		pthread_attr_t attr;
		cpu_set_t set;

		*w = (struct worker){
			.t = { .id = started, .nr_threads = c->nr_threads,
			       .arg = c->arg },
			.run = &run,
		};
		pthread_attr_init(&attr);
		if (pin) {
			CPU_ZERO(&set);
			CPU_SET(host_cpus[started], &set);
			pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
		}
		err = pthread_create(&w->tid, &attr, worker_main, w);
		pthread_attr_destroy(&attr);
		if (err) {
			fprintf(stderr, "bench: pthread_create: %s\n",
				strerror(err));
			/* The barrier needs every thread: cannot go on. */
			exit(1);
		}
	}
	for (i = 0; i < c->nr_threads; i++) {
		pthread_join(workers[i].tid, NULL);
		if (workers[i].err)
			err = workers[i].err;
		start = fmin(start, workers[i].start);
		end = fmax(end, workers[i].end);
	}
	pthread_barrier_destroy(&run.barrier);
	if (err)
		return -1;
	*ns_per_op = (end - start) / n;
	return 0;
}

/* Grow n until one run lasts about opt->run_ns; this is the warm-up too. */
static int calibrate(const struct bench_options *opt, struct bench_case *c)
{
	uint64_t n = 1;
	double ns_per_op, wall;

	for (;;) {
		if (measure(c, n, &ns_per_op))
			return -1;
		wall = ns_per_op * n;
		if (wall >= 0.9 * opt->run_ns || n >= MAX_OPS)
			break;
		n = (uint64_t)ceil(n * fmin(MAX_GROWTH,
					    1.1 * opt->run_ns / fmax(wall, 1)));
	}
	c->n = n;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void summarise(struct bench_case *c, int runs)
{
	double sorted[runs];

	memcpy(sorted, c->ns, sizeof(sorted));
	qsort(sorted, runs, sizeof(double), cmp_double);
	c->min = sorted[0];
	c->max = sorted[runs - 1];
	c->median = runs % 2 ? sorted[runs / 2] :
			       (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
}

/* Does @key contain one of the comma-separated substrings of @filter?
 * (NULL: everything is kept.) */
bool bench_filter_keeps(const char *filter, const char *key)
{
	const char *sub = filter, *end;
	char want[256];
	size_t len;

	if (!filter)
		return true;
	for (;; sub = end + 1) {
		end = strchrnul(sub, ',');
		len = (size_t)(end - sub);
		if (len && len < sizeof(want)) {
			memcpy(want, sub, len);
			want[len] = '\0';
			if (strstr(key, want))
				return true;
		}
		if (!*end)
			return false;
	}
}

/* Is "bench/impl/Nt" selected by --filter? */
static bool selected(const struct bench_options *opt,
		     const struct bench_case *c)
{
	char key[256];

	snprintf(key, sizeof(key), "%s/%s/%dt", c->bench, c->impl->name,
		 c->nr_threads);
	return bench_filter_keeps(opt->filter, key);
}

/* The common head of every line; the caller adds keys and "}\n". */
static void print_head(const char *bench, const char *impl, double median,
		       double min, double max, int runs, int threads)
{
	printf("{\"bench\": \"%s\", \"impl\": \"%s\", \"ns_per_op\": %.2f, "
	       "\"min\": %.2f, \"max\": %.2f, \"runs\": %d, \"threads\": %d",
	       bench, impl, median, min, max, runs, threads);
}

int bench_run(const struct bench_options *opt, struct bench_case *cases,
	      int nr)
{
	struct bench_case *c;
	int r, ret = 0;

	for (c = cases; c < cases + nr; c++) {
		c->selected = selected(opt, c);
		c->failed = false;
		if (!c->selected)
			continue;
		c->ns = calloc(opt->runs, sizeof(double));
		if (!c->ns || calibrate(opt, c))
			c->failed = true;
	}

	for (r = 0; r < opt->runs; r++)
		for (c = cases; c < cases + nr; c++)
			if (c->selected && !c->failed &&
			    measure(c, c->n, &c->ns[r]))
				c->failed = true;

	for (c = cases; c < cases + nr; c++) {
		if (!c->selected)
			continue;
		if (c->failed) {
			fprintf(stderr, "bench: %s/%s/%dt failed\n", c->bench,
				c->impl->name, c->nr_threads);
			ret = -1;
			continue;
		}
		summarise(c, opt->runs);
		print_head(c->bench, c->impl->name, c->median, c->min, c->max,
			   opt->runs, c->nr_threads);
		printf("}\n");
	}
	fflush(stdout);
	return ret;
}

static bool measured(const struct bench_case *c)
{
	return c->selected && !c->failed && c->ns;
}

void bench_ratio(const struct bench_options *opt, const char *bench,
		 const struct bench_case *num, const struct bench_case *den,
		 const char *target)
{
	const struct bench_case *vs;
	double lo = INFINITY, hi = 0, ratio, bound;
	char impl[128], op[3];
	int r;

	if (!measured(num) || !measured(den))
		return;
	/* Runs were interleaved: run r of both were measured side by side. */
	for (r = 0; r < opt->runs; r++) {
		lo = fmin(lo, num->ns[r] / den->ns[r]);
		hi = fmax(hi, num->ns[r] / den->ns[r]);
	}
	ratio = num->median / den->median;
	snprintf(impl, sizeof(impl), "ratio:%s/%s", num->impl->name,
		 den->impl->name);
	print_head(bench, impl, ratio, lo, hi, opt->runs, num->nr_threads);
	/* The other side: the case that is not the line's own bench. */
	vs = strcmp(num->bench, bench) ? num : den;
	printf(", \"ratio_vs\": \"%s/%s\"", vs->bench, vs->impl->name);
	if (target && sscanf(target, "%2[<>=] %lf", op, &bound) == 2)
		printf(", \"target\": \"%s\", \"target_met\": %s", target,
		       (op[0] == '<' ? ratio <= bound : ratio >= bound) ?
			       "true" : "false");
	printf("}\n");
	fflush(stdout);
}

void bench_free(struct bench_case *cases, int nr)
{
	int i;

	for (i = 0; i < nr; i++) {
		free(cases[i].ns);
		cases[i].ns = NULL;
	}
}

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [--runs N] [--quick] [--filter SUBSTRING]\n"
		"  --runs N       measured runs per case (default %d)\n"
		"  --quick        %d short runs: a smoke test, not a figure\n"
		"  --filter SUB   only cases whose \"bench/impl/Nt\" "
		"contains SUB\n"
		"                 (SUB,SUB2,...: any of them)\n"
		"Prints one JSON object per line: see bench/README.md.\n",
		prog, BENCH_DEFAULT_RUNS, BENCH_QUICK_RUNS);
}

static void find_host_cpus(void)
{
	cpu_set_t set;
	int cpu;

	nr_host_cpus = 0;
	if (sched_getaffinity(0, sizeof(set), &set))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			host_cpus[nr_host_cpus++] = cpu;
}

int bench_parse_args(int argc, char **argv, struct bench_options *opt)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "quick", no_argument, NULL, 'q' },
		{ "filter", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, runs = 0;
	char *end;

	*opt = (struct bench_options){ .runs = BENCH_DEFAULT_RUNS,
				       .run_ns = BENCH_RUN_NS };
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			errno = 0;
			runs = strtol(optarg, &end, 10);
			if (errno || *end || runs < 1 || runs > 10000) {
				fprintf(stderr, "%s: bad --runs '%s'\n",
					argv[0], optarg);
				return -1;
			}
			break;
		case 'q':
			opt->quick = true;
			opt->runs = BENCH_QUICK_RUNS;
			opt->run_ns = BENCH_QUICK_RUN_NS;
			break;
		case 'f':
			opt->filter = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 1;
		default:
			usage(stderr, argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		return -1;
	}
	if (runs)
		opt->runs = runs;
	find_host_cpus();
	return 0;
}
