// SPDX-License-Identifier: MIT
/*
 * A program with the mistakes Memcheck must report in simulated kernel
 * memory (tests/valgrind/check-memcheck.sh runs it under valgrind and
 * reads the report):
 *
 *   uaf	write to a kmalloc object after kfree()
 *   overflow	write one byte past a 64-byte kmalloc object
 *   uninit	branch on a kmalloc object never written
 *   page-uaf	write to a page after __free_pages()
 *   none	no mistake: Memcheck must stay quiet
 */
#include <stdio.h>
#include <string.h>

#include <mmsim/kernel.h>

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "none";
	struct mmsim *m = mmsim_boot("mem=32M printk.time=0");
	volatile char *p;
	int ret = 0;

	if (!m)
		return 2;
	if (!strcmp(what, "uaf")) {
		p = kmalloc(64, GFP_KERNEL);
		kfree((void *)p);
		p[8] = 1;
	} else if (!strcmp(what, "overflow")) {
		/* the next kmalloc-64 slot is free: its bytes are no access */
		p = kmalloc(64, GFP_KERNEL);
		p[64] = 1;
		kfree((void *)p);
	} else if (!strcmp(what, "uninit")) {
		p = kmalloc(64, GFP_KERNEL);
		if (p[3] == 42)
			ret = 1;
		kfree((void *)p);
	} else if (!strcmp(what, "page-uaf")) {
		struct page *page = alloc_pages(GFP_KERNEL, 0);

		p = page_address(page);
		__free_pages(page, 0);
		p[100] = 1;
	} else {
		p = kzalloc(64, GFP_KERNEL);
		ret = p[10];
		kfree((void *)p);
	}
	mmsim_shutdown(m);
	return ret;
}
