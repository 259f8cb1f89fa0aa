// SPDX-License-Identifier: MIT
/*
 * 09-slub-debug: slub_debug catching a one-byte overflow.
 *
 *	./build/examples/09-slub-debug
 *
 * The classic off-by-one: a 64-character name copied with strcpy() into
 * a 64-byte kmalloc buffer.  The terminating NUL lands one byte past
 * the object.  Without debugging, SLUB packs kmalloc-64 objects back to
 * back and the NUL silently lands in the neighbour.  Booted with
 *
 *	slub_debug=FZPU,kmalloc-64
 *
 * (F sanity checks, Z red zones, P poisoning, U owner tracking; the
 * list after the comma limits it to kmalloc-64), every object of that
 * cache is laid out with guard bytes around it (calculate_sizes()):
 *
 *	+---------+------------------+---------+----+---------------+-----+
 *	| left RZ | object (64)      | right RZ| fp | alloc/free    | pad |
 *	| cc .. cc| your data        | cc .. cc|    | owner tracks  | 5a  |
 *	+---------+------------------+---------+----+---------------+-----+
 *
 * A red zone holds 0xcc (SLUB_RED_ACTIVE) while the object is
 * allocated, 0xbb while it is free; a free object is filled with 0x6b
 * (POISON_FREE) ending in 0xa5.  kfree() checks them all
 * (free_debug_processing() -> check_object()) and finds the NUL:
 *
 *	[Right Redzone overwritten] 0x...-0x... @offset=... First byte 0x0 instead of 0xcc
 *	=====================================================================
 *	BUG kmalloc-64 (Not tainted): Object corrupt
 *	---------------------------------------------------------------------
 *	Allocated in main+0x... age=0 cpu=0 pid=0
 *	...
 *	Redzone  ...: cc cc cc ...
 *	Object   ...: 6e 6e 6e ...  nnnnnnnnnnnnnnnn
 *	Redzone  ...: 00 cc cc ...
 *	FIX kmalloc-64: Restoring Right Redzone 0x...-0x...=0xcc
 *
 * The kernel then refuses to free the damaged object (it leaks it) and
 * carries on: the cache stays usable.  Debug caches are slow -- every
 * allocation and free is checked under the node's list lock instead of
 * taking the per-CPU fast path -- which is why this is a boot option.
 *
 * Under Valgrind, Memcheck would report the overflow itself (the red
 * zone is no-access memory); this program hides its deliberate mistake
 * from Memcheck so that slub_debug's report is what shows.
 */
#include "example.h"

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define quiet_valgrind()	VALGRIND_DISABLE_ERROR_REPORTING
#define loud_valgrind()		VALGRIND_ENABLE_ERROR_REPORTING
#else
#define quiet_valgrind()	((void)0)
#define loud_valgrind()		((void)0)
#endif

static unsigned long redzone_reports;

static void on_report(struct mmsim *mm, const char *text, void *arg)
{
	(void)mm;
	(void)arg;
	if (strstr(text, "Right Redzone overwritten") &&
	    strstr(text, "BUG kmalloc-64"))
		redzone_reports++;
}

int main(void)
{
	struct mmsim *m = mmsim_boot("mem=64M slub_debug=FZPU,kmalloc-64 printk.time=0");
	char name[65];
	char *buf, *again;

	if (!m) {
		fprintf(stderr, "boot: %s\n", mmsim_strerror());
		return 2;
	}
	mmsim_set_report_stream(m, stdout);
	mmsim_set_report_hook(m, on_report, NULL);

	memset(name, 'n', 64);
	name[64] = '\0';
	buf = mmsim_kmalloc(64, MMSIM_GFP_KERNEL);
	if (!buf)
		return 2;
	printf("kmalloc(64) = %p; strcpy() of a 64-character name into it\n",
	       (void *)buf);
	quiet_valgrind();
	strcpy(buf, name);	/* the bug: 65 bytes with the NUL */
	loud_valgrind();

	printf("kfree(): slub_debug checks the red zones\n\n");
	mmsim_kfree(buf);

	/* the cache stays usable: a clean allocation and free */
	again = mmsim_kmalloc(64, MMSIM_GFP_KERNEL);
	if (!again)
		return 2;
	memset(again, 0, 64);
	mmsim_kfree(again);

	printf("\n%lu red zone report(s)\n", redzone_reports);
	if (redzone_reports != 1) {
		fprintf(stderr, "FAIL: the overflow was not reported\n");
		mmsim_shutdown(m);
		return 1;
	}
	return example_end(m, 1);
}
