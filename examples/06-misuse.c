// SPDX-License-Identifier: MIT
/*
 * 06-misuse: freeing pages wrongly, and how the kernel catches it.
 *
 *	./build/examples/06-misuse
 *
 * The buddy allocator trusts its callers: __free_pages(page, order)
 * does not know which order was allocated.  Two classic mistakes:
 *
 * 1. Double free.  The first __free_pages() drops _refcount from 1 to 0
 *    and frees the page.  The second finds _refcount already 0.  The
 *    kernel catches it in put_page_testzero() with
 *    VM_BUG_ON_PAGE(page_ref_count(page) == 0, page) (CONFIG_DEBUG_VM);
 *    libmmsim reports it as a bad page with that condition as the
 *    reason, and does not free the page again.
 *
 * 2. Freeing with a larger order than was allocated: the allocator
 *    would free neighbours that someone else still uses.  The kernel's
 *    free_pages_prepare() -> free_page_is_bad() finds each neighbour
 *    that is in use (_refcount != 0) and refuses the whole block.
 *    libmmsim remembers the order of every allocation (like page_owner
 *    does) and catches the mismatch at the first page.  Either way:
 *
 *	BUG: Bad page state in process mmsim  pfn:40810
 *	page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 ...
 *	flags: 0x0(node=0|zone=0)
 *	page dumped because: ...
 *	Call trace: ...
 *
 *    The kernel then leaks the block; libmmsim leaves it allocated, so
 *    that the program can still free it the right way.
 *
 * (Freeing with a SMALLER order just leaks the tail pages; nothing
 * notices it but page_owner and leak checkers.)
 *
 * After each report the machine stays consistent: mmsim_validate() walks
 * every free list, and the buddy allocator keeps working.  The library
 * calls our hook with the text of every report; this program checks
 * that each mistake was reported and exits non-zero if not.
 */
#include "example.h"

static unsigned long hook_calls;

static void on_report(struct mmsim *mm, const char *text, void *arg)
{
	const char *nl = strchr(text, '\n');

	hook_calls++;
	printf("  [hook] report %lu: %.*s\n", hook_calls,
	       (int)(nl ? nl - text : (long)strlen(text)), text);
}

static long mem_free_kb(struct mmsim *m)
{
	char *text = report_text(m, "meminfo");
	char *p = strstr(text, "MemFree:");
	long kb = p ? strtol(p + 8, NULL, 10) : -1;

	free(text);
	return kb;
}

static int check_reported(struct mmsim *m, const char *what,
			  unsigned long before)
{
	unsigned long n = mmsim_nr_reports(m) - before;
	int broken = mmsim_validate(m);

	printf("\n  -> %s: %lu report(s); validate: %s\n", what, n,
	       broken ? "BROKEN" : "all invariants hold");
	if (!n)
		printf("FAIL: %s was not reported\n", what);
	return !n || broken;
}

int main(void)
{
	struct mmsim *m = boot_or_die("mem=256M");
	struct page *page, *block;
	unsigned long before;
	long free_kb;
	int i, ret = 0;

	mmsim_set_report_hook(m, on_report, NULL);
	mmsim_set_report_stream(m, stdout);	/* full text, in order */
	drain_all_pages(NULL);
	free_kb = mem_free_kb(m);

	/* 1. double free */
	printf("== 1. double free of an order-0 page\n\n");
	page = alloc_page(GFP_KERNEL);
	if (!page)
		return 1;
	printf("  page at pfn 0x%lx: __free_page() twice\n\n",
	       page_to_pfn(page));
	before = mmsim_nr_reports(m);
	__free_page(page);
	__free_page(page);		/* BUG */
	ret |= check_reported(m, "double free", before);

	/*
	 * 2. wrong order.  Take an order-2 block and split_page() it into
	 * four order-0 pages of refcount 1 each, then free the first one
	 * as if it were still the whole order-2 block:
	 *
	 *   block: [ page 0 | page 1 | page 2 | page 3 ]
	 *            order 0  order 0  order 0  order 0   (after split_page)
	 *            \__ __free_pages(page 0, 2) would free all four __/
	 */
	printf("\n== 2. __free_pages(page, 2) of a page allocated alone\n\n");
	block = alloc_pages(GFP_KERNEL, 2);
	if (!block)
		return 1;
	split_page(block, 2);
	printf("  block at pfn 0x%lx, split into 4 pages\n\n",
	       page_to_pfn(block));
	before = mmsim_nr_reports(m);
	__free_pages(block, 2);		/* BUG: Bad page state */
	ret |= check_reported(m, "wrong order", before);

	/* The right way: each page with the order it now has. */
	for (i = 0; i < 4; i++)
		__free_page(pfn_to_page(page_to_pfn(block) + i));

	/* The allocator still works, and nothing was lost. */
	page = alloc_pages(GFP_KERNEL, 3);
	if (!page)
		return 1;
	__free_pages(page, 3);
	drain_all_pages(NULL);
	printf("\n== after the mistakes\n\n");
	printf("  MemFree before: %ld kB, after: %ld kB\n\n", free_kb,
	       mem_free_kb(m));
	if (mem_free_kb(m) != free_kb) {
		printf("FAIL: pages were lost\n");
		ret = 1;
	}
	mmsim_show(m, "buddyinfo", stdout);

	if (hook_calls != mmsim_nr_reports(m)) {
		printf("FAIL: the hook saw %lu reports, the machine %lu\n",
		       hook_calls, mmsim_nr_reports(m));
		ret = 1;
	}
	return example_end(m, hook_calls) | ret;
}
