// SPDX-License-Identifier: MIT
/*
 * Fault injection for the page allocator (mm/fail_page_alloc.c,
 * lib/fault-inject.c).
 *
 * fail_page_alloc=<interval>,<probability>,<space>,<times> as the kernel
 * parses it: after @space bytes have gone through, every @interval-th
 * call fails with @probability percent, at most @times times (-1: no
 * limit).  As in the kernel, allocations that may reclaim (GFP_KERNEL)
 * and highmem ones are not failed unless asked: the debugfs knob
 * ignore-gfp-wait, here the boot parameter
 * fail_page_alloc.ignore-gfp-wait=N.  The random numbers come from the
 * machine's seed=, so a failing run repeats.
 *
 * failslab=<interval>,<probability>,<space>,<times> is the same for
 * slab allocations (mm/failslab.c), with failslab.ignore-gfp-wait=.
 */
#include <stdlib.h>
#include <string.h>

#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

/* xorshift64*: the machine's reproducible random numbers */
static u32 fault_random_below(struct fault_attr *attr, u32 n)
{
	u64 x = attr->rnd_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	attr->rnd_state = x;
	return (u32)(((x * 0x2545F4914F6CDD1DULL) >> 32) % n);
}

void setup_fault_attr(struct fault_attr *attr, const char *str, u64 seed)
{
	unsigned long interval, probability, space;
	long times;

	/* the boot parameter parser already checked the format */
	if (sscanf(str, "%lu,%lu,%lu,%ld", &interval, &probability, &space,
		   &times) != 4)
		return;
	attr->interval = interval;
	attr->probability = probability;
	atomic_long_set(&attr->space, (long)space);
	atomic_long_set(&attr->times, times);
	attr->rnd_state = seed ? seed : 1;
	attr->ignore_gfp_reclaim = true;
	attr->ignore_gfp_highmem = true;
	attr->enabled = true;
}

/* Mirrors: lib/fault-inject.c:fail_dump() */
static void fail_dump(struct mmsim *m, struct fault_attr *attr)
{
	struct report r;

	report_begin(&r, m);
	report_printf(&r, "FAULT_INJECTION: forcing a failure.\n"
			  "name %s, interval %lu, probability %lu, space %ld, times %ld\n",
		      attr == &m->failslab ? "failslab" : "fail_page_alloc",
		      attr->interval, attr->probability,
		      atomic_long_read(&attr->space),
		      atomic_long_read(&attr->times));
	report_backtrace(&r, 2);
	report_end(&r, REPORT_NOTICE);
}

/* Mirrors: lib/fault-inject.c:should_fail_ex() */
static bool should_fail(struct mmsim *m, struct fault_attr *attr, long size,
			bool nowarn)
{
	if (attr->probability == 0)
		return false;
	if (atomic_long_read(&attr->times) == 0)
		return false;
	if (atomic_long_read(&attr->space) > size) {
		atomic_long_add(-size, &attr->space);
		return false;
	}
	if (attr->interval > 1) {
		long count = atomic_long_add_return(1, &attr->count);

		if (count % (long)attr->interval)
			return false;
	}
	if (attr->probability <= fault_random_below(attr, 100))
		return false;
	if (!nowarn)
		fail_dump(m, attr);
	if (atomic_long_read(&attr->times) != -1)
		atomic_long_add(-1, &attr->times);
	return true;
}

/*
 * Mirrors: mm/failslab.c:__should_failslab(): as fail_page_alloc, with
 * the object size as the "space" consumed; allocations that may reclaim
 * are spared unless failslab.ignore-gfp-wait=N.
 */
bool should_failslab(struct mmsim *m, unsigned int object_size, gfp_t gfpflags)
{
	if (gfpflags & __GFP_NOFAIL)
		return false;
	if (m->cfg.failslab_ignore_gfp_wait != 0 &&
	    (gfpflags & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail(m, &m->failslab, (long)object_size,
			   gfpflags & __GFP_NOWARN);
}

/* Mirrors: mm/fail_page_alloc.c:should_fail_alloc_page() */
bool should_fail_alloc_page(struct mmsim *m, gfp_t gfp_mask, unsigned int order)
{
	struct fault_attr *attr = &m->fail_page_alloc;
	bool ignore_reclaim = m->cfg.fail_page_alloc_ignore_gfp_wait != 0;

	if (order < (unsigned int)m->cfg.fail_page_alloc_min_order)
		return false;
	if (gfp_mask & __GFP_NOFAIL)
		return false;
	if (attr->ignore_gfp_highmem && (gfp_mask & __GFP_HIGHMEM))
		return false;
	if (ignore_reclaim && (gfp_mask & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail(m, attr, 1L << order, gfp_mask & __GFP_NOWARN);
}
