/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the CMocka test programs.  Include after <cmocka.h>
 * and <mmsim/mmsim.h>.
 */
#ifndef MMSIM_TEST_UTIL_H
#define MMSIM_TEST_UTIL_H

#include <stdio.h>

/* Boot @params or fail the test; reports are kept off stderr. */
static inline struct mmsim *boot(const char *params)
{
	struct mmsim *m = mmsim_boot(params);

	if (!m)
		fail_msg("boot \"%s\": %s", params, mmsim_strerror());
	mmsim_set_report_stream(m, NULL);
	return m;
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

#endif /* MMSIM_TEST_UTIL_H */
