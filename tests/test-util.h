/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the CMocka test programs.  Include after <cmocka.h>
 * and <mmsim/mmsim.h>.
 */
#ifndef MMSIM_TEST_UTIL_H
#define MMSIM_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Boot @params or fail the test; reports are kept off stderr. */
static inline struct mmsim *boot(const char *params)
{
	struct mmsim *m = mmsim_boot(params);

	if (!m)
		fail_msg("boot \"%s\": %s", params, mmsim_strerror());
	mmsim_set_report_stream(m, NULL);
	return m;
}

/* The seed of a randomized test: MMSIM_SEED if set (to replay a run),
 * else one from the clock.  The caller prints it. */
static inline uint64_t test_seed(void)
{
	const char *env = getenv("MMSIM_SEED");
	struct timespec ts;

	if (env && *env)
		return strtoull(env, NULL, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
}

/* The text of report @what of @m, malloc()ed. */
static inline char *show(struct mmsim *m, const char *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(mmsim_show(m, what, f), 0);
	fclose(f);
	return text;
}

#ifdef TEST_UTIL_REPORTS
/*
 * Reports captured through mmsim_set_report_hook(): a count and the
 * text of all of them, concatenated (truncated when long).  A test file
 * defines TEST_UTIL_REPORTS before including this header to use them.
 */
struct reports {
	int n;
	char text[16384];
};

static struct reports reports;

static inline void report_hook(struct mmsim *m, const char *text, void *arg)
{
	struct reports *r = arg;
	size_t len = strlen(r->text);

	(void)m;
	r->n++;
	snprintf(r->text + len, sizeof(r->text) - len, "%s", text);
}

static inline void reports_reset(void)
{
	reports.n = 0;
	reports.text[0] = '\0';
}

/* Boot quietly: reports go to the hook only, counted in @reports. */
static inline struct mmsim *boot_hooked(const char *params)
{
	struct mmsim *m = boot(params);

	mmsim_set_report_hook(m, report_hook, &reports);
	reports_reset();
	return m;
}
#endif /* TEST_UTIL_REPORTS */

#endif /* MMSIM_TEST_UTIL_H */
