// SPDX-License-Identifier: MIT
/*
 * vmalloc (src/mm/vmalloc.c), each expectation from what Linux 6.18's
 * mm/vmalloc.c does on the same state:
 *
 *   use         host pointers: write and read back; the same bytes through
 *               the simulated MMU (mmsim_mmu_read/write at the kernel VA)
 *               and through the linear map of vmalloc_to_page()
 *   tables      every page's PTE (PAGE_KERNEL), vmalloc_to_page() against
 *               mmsim_walk(), new page tables count in PageTables
 *   guard       the page after each area: a translation fault
 *   placement   lowest fit (alloc_vmap_area()), alignment, reuse of a
 *               freed range only after the lazy purge
 *   lazy purge  vfree(): PTEs cleared, TLB entries stale until
 *               __purge_vmap_area_lazy() flushes once over the span;
 *               automatic past lazy_max_pages()
 *   vmap        pages mapped in order, PAGE_KERNEL_RO, vunmap()
 *   reports     /proc/vmallocinfo's line format, "unpurged vm_area"
 *   kvmalloc    kmalloc first, vmalloc above what kmalloc can give
 *   misuse      vmalloc(0), huge sizes, vfree() of what vmalloc did not
 *               return: WARNINGs like the kernel's, never a crash
 *
 * The vmalloc range, 48-bit VAs:
 *
 *   ffff800080000000 VMALLOC_START = KIMAGE_VADDR
 *   +--------------+-----+--+------+--+------+--+----------------------
 *   | kernel image | ... |g | area |g | area |g | free ...
 *   +--------------+-----+--+------+--+------+--+----------------------
 *   (text, rodata, init,     g: guard page (unmapped)
 *    data+bss + guard)
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <asm/mmu.h>
#include <linux/mm.h>
#include <sim/machine.h>

#define TEST_UTIL_REPORTS
#include "test-util.h"

/*
 * A read through a stale TLB entry reaches a freed page: Memcheck is
 * right to call that a use after free.  The test does it on purpose.
 */
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define quiet_valgrind()	VALGRIND_DISABLE_ERROR_REPORTING
#define loud_valgrind()		VALGRIND_ENABLE_ERROR_REPORTING
#else
#define quiet_valgrind()	((void)0)
#define loud_valgrind()		((void)0)
#endif

#define PG		4096UL
#define BOOT		"mem=256M printk.time=0"

#define assert_no_reports()						\
	do {								\
		if (reports.n)						\
			fail_msg("unexpected report(s):\n%s", reports.text); \
	} while (0)

/* The kernel VA of a vmalloc host pointer. */
static uint64_t kva(struct mmsim *m, const void *p)
{
	uint64_t va = mmsim_kernel_va(m, p);

	assert_true(va >= m->layout.vmalloc_start && va < m->layout.vmalloc_end);
	return va;
}

/* One line of meminfo ("PageTables:"), in kB. */
static unsigned long meminfo_kb(struct mmsim *m, const char *key)
{
	FILE *f = tmpfile();
	char line[128];
	unsigned long v = ~0UL;

	assert_non_null(f);
	assert_int_equal(mmsim_show(m, "meminfo", f), 0);
	rewind(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = strtoul(line + strlen(key), NULL, 10);
	fclose(f);
	assert_true(v != ~0UL);
	return v;
}

/* ------------------------------------------------------------------ */

static void test_vmalloc_basic(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	unsigned long size = 5 * PG + 123, i;
	unsigned char *p = mmsim_vmalloc(size), buf[16];
	struct mmsim_walk w;

	(void)state;
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % PG, 0);
	assert_true(mmsim_is_vmalloc_addr(p));
	assert_true(mmsim_is_vmalloc_addr(p + size - 1));
	for (i = 0; i < size; i++)
		p[i] = (unsigned char)(i * 7);
	for (i = 0; i < 6; i++) {
		uint64_t va = kva(m, p + i * PG);
		struct page *page = mmsim_vmalloc_to_page(p + i * PG);
		unsigned char *lm = mmsim_page_address(page);

		/* the walk of the hardware model and vmalloc_to_page() agree */
		assert_int_equal(mmsim_walk(va, MMSIM_ACCESS_WRITE, 1, &w), 0);
		assert_int_equal(w.pa, mmsim_page_to_phys(page));
		assert_int_equal(mmsim_vmalloc_to_pfn(p + i * PG),
				 mmsim_page_to_pfn(page));
		assert_int_equal(w.size_shift, 12);
		assert_false(w.contiguous);
		assert_true(w.global);
		assert_int_equal(w.perms, MMSIM_PERM_EL1_R | MMSIM_PERM_EL1_W);
		/* PAGE_KERNEL: AttrIndx 0, SH inner, AF, PXN, UXN, DBM */
		assert_int_equal(w.levels[w.nr_levels - 1].desc & ~0x0000fffffffff000ULL,
				 MMSIM_PAGE_KERNEL);
		/* the same bytes three ways: host, linear map, MMU */
		assert_int_equal(lm[17], (unsigned char)((i * PG + 17) * 7));
		assert_int_equal(mmsim_mmu_read(va + 17, buf, 1, 1, NULL), 0);
		assert_int_equal(buf[0], p[i * PG + 17]);
	}
	/* a store through the MMU is seen by the host pointer */
	buf[0] = 0x5a;
	assert_int_equal(mmsim_mmu_write(kva(m, p) + 3 * PG + 9, buf, 1, 1, NULL), 0);
	assert_int_equal(p[3 * PG + 9], 0x5a);
	/* the guard page after the area: a translation fault */
	assert_int_equal(mmsim_walk(kva(m, p) + 6 * PG, MMSIM_ACCESS_READ, 1, &w),
			 -EFAULT);
	assert_int_equal(w.fault.type, MMSIM_FAULT_TRANSLATION);
	assert_int_equal(w.fault.level, 3);
	assert_null(mmsim_vmalloc_to_page(p + 6 * PG));
	/* EL0 may not touch it, nothing may execute it */
	assert_int_equal(mmsim_walk(kva(m, p), MMSIM_ACCESS_READ, 0, &w), -EFAULT);
	assert_int_equal(w.fault.type, MMSIM_FAULT_PERMISSION);
	assert_int_equal(mmsim_walk(kva(m, p), MMSIM_ACCESS_EXEC, 1, &w), -EFAULT);
	mmsim_vfree(p);
	assert_no_reports();
	assert_int_equal(mmsim_validate(m), 0);
	mmsim_shutdown(m);
}

static void test_vzalloc_and_node(void **state)
{
	struct mmsim *m = boot_hooked("mem=512M numa=2 nr_cpus=2");
	unsigned char *z = mmsim_vzalloc(3 * PG), *n1;
	unsigned long i;

	(void)state;
	assert_non_null(z);
	for (i = 0; i < 3 * PG; i++)
		assert_int_equal(z[i], 0);
	n1 = mmsim_vmalloc_node(4 * PG, 1);
	assert_non_null(n1);
	for (i = 0; i < 4; i++)
		assert_int_equal(mmsim_page_to_nid(mmsim_vmalloc_to_page(n1 + i * PG)), 1);
	mmsim_vfree(z);
	mmsim_vfree(n1);
	/* a node that does not exist: NULL and an error, no report */
	assert_null(mmsim_vmalloc_node(PG, 7));
	assert_non_null(strstr(mmsim_strerror(), "node 7"));
	assert_null(mmsim_vzalloc_node(PG, -5));
	assert_no_reports();
	mmsim_shutdown(m);
}

/*
 * alloc_vmap_area() takes the lowest free range that fits; a freed range
 * is free again only once the lazy purge has flushed the TLBs.
 */
static void test_placement(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	void *a, *b, *c, *d, *e, *f;
	struct vm_struct *vm;

	(void)state;
	a = mmsim_vmalloc(PG);
	b = mmsim_vmalloc(PG);
	c = mmsim_vmalloc(PG);
	/* each area is its page and a guard page, back to back */
	assert_int_equal(kva(m, b), kva(m, a) + 2 * PG);
	assert_int_equal(kva(m, c), kva(m, b) + 2 * PG);
	/* the first area starts after the kernel image and its guard */
	assert_int_equal(kva(m, a), m->layout.kimage_vaddr +
				    (m->kimage_end - m->kimage_start) + PG);
	vm = find_vm_area(b);
	assert_non_null(vm);
	assert_int_equal(vm->size, 2 * PG);
	assert_int_equal(vm->nr_pages, 1);
	assert_int_equal(vm->flags, VM_ALLOC);
	assert_int_equal(vm->requested_size, PG);

	mmsim_vfree(b);
	/* lazy: b's range is not free yet, the next area goes after c */
	d = mmsim_vmalloc(PG);
	assert_int_equal(kva(m, d), kva(m, c) + 2 * PG);
	mmsim_vm_unmap_aliases();
	/* purged: the lowest fit is b's range again */
	e = mmsim_vmalloc(PG);
	assert_ptr_equal(e, b);
	/* three pages fit in no hole: after d */
	mmsim_vfree(e);
	mmsim_vm_unmap_aliases();
	f = mmsim_vmalloc(3 * PG);
	assert_int_equal(kva(m, f), kva(m, d) + 2 * PG);
	mmsim_vfree(f);
	/* an aligned allocation skips to the next 2M boundary */
	f = __vmalloc_node_range_noprof(PG, 1UL << 21, m->layout.vmalloc_start,
					m->layout.vmalloc_end, MMSIM_GFP_KERNEL,
					MMSIM_PAGE_KERNEL, 0, -1, NULL);
	assert_non_null(f);
	assert_int_equal(kva(m, f) % (1UL << 21), 0);
	assert_int_equal((uintptr_t)f % (1UL << 21), 0);	/* host too */
	mmsim_vfree(f);
	mmsim_vfree(a);
	mmsim_vfree(c);
	mmsim_vfree(d);
	assert_no_reports();
	mmsim_shutdown(m);
}

/*
 * vfree() clears the PTEs but leaves the TLBs: an entry a CPU cached is
 * still used until the purge issues the TLBI (the hazard lazy freeing
 * accepts, safe because the range is not reused before).
 */
static void test_lazy_purge(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct vmap_purge_stats st0, st;
	struct mmsim_tlb_stats t0, t;
	unsigned char *p = mmsim_vmalloc(2 * PG), c;
	uint64_t va = kva(m, p);
	struct mmsim_fault fault;
	char *text, line[128];

	(void)state;
	p[5] = 42;
	assert_int_equal(mmsim_mmu_read(va + 5, &c, 1, 1, NULL), 0);
	assert_int_equal(c, 42);
	vmap_purge_stats(m, &st0);
	assert_int_equal(mmsim_tlb_stats(m, 0, &t0), 0);
	mmsim_vfree(p);
	/* lazily freed: in vmallocinfo as an unpurged area */
	vmap_purge_stats(m, &st);
	assert_int_equal(st.lazy_nr, 3);	/* two pages and the guard */
	assert_int_equal(st.lazy_max, 32UL << 20 >> 12);	/* fls(1) * 32M */
	text = show(m, "vmallocinfo");
	snprintf(line, sizeof(line), "0x%016llx-0x%016llx   12288 unpurged vm_area\n",
		 (unsigned long long)va, (unsigned long long)va + 3 * PG);
	assert_non_null(strstr(text, line));
	free(text);
	/* the PTE is gone (a fresh walk faults), the TLB entry is not */
	assert_null(mmsim_vmalloc_to_page((char *)mmsim_kernel_ptr(m, va)));
	quiet_valgrind();
	assert_int_equal(mmsim_mmu_read(va + 5, &c, 1, 1, NULL), 0);
	loud_valgrind();
	assert_int_equal(mmsim_tlb_stats(m, 0, &t), 0);
	assert_int_equal(t.flushes, t0.flushes);
	/* the purge: one flush over the span, then the access faults */
	mmsim_vm_unmap_aliases();
	vmap_purge_stats(m, &st);
	assert_int_equal(st.nr_purges, st0.nr_purges + 1);
	assert_int_equal(st.lazy_nr, 0);
	assert_int_equal(st.last_start, va);
	assert_int_equal(st.last_end, va + 3 * PG);
	assert_int_equal(mmsim_tlb_stats(m, 0, &t), 0);
	assert_true(t.flushes > t0.flushes);
	assert_int_equal(mmsim_mmu_read(va + 5, &c, 1, 1, &fault), -EFAULT);
	assert_int_equal(fault.type, MMSIM_FAULT_TRANSLATION);
	assert_int_equal(fault.far, va + 5);
	text = show(m, "vmallocinfo");
	assert_null(strstr(text, "unpurged"));
	free(text);
	/* nothing lazy: a purge finds nothing and flushes nothing */
	mmsim_vm_unmap_aliases();
	vmap_purge_stats(m, &st);
	assert_int_equal(st.nr_purges, st0.nr_purges + 1);
	assert_no_reports();
	mmsim_shutdown(m);
}

/* Past lazy_max_pages() (32M times fls(CPUs)) vfree() purges itself. */
static void test_lazy_purge_automatic(void **state)
{
	struct mmsim *m = boot_hooked("mem=256M nr_cpus=2");
	unsigned long twenty = 20UL << 20;
	struct vmap_purge_stats st;
	void *a, *b;
	uint64_t va;

	(void)state;
	a = mmsim_vmalloc(twenty);
	b = mmsim_vmalloc(twenty);
	assert_non_null(a);
	assert_non_null(b);
	va = kva(m, a);
	vmap_purge_stats(m, &st);
	assert_int_equal(st.lazy_max, 2 * (32UL << 20 >> 12));	/* fls(2) = 2 */
	mmsim_vfree(a);
	mmsim_vfree(b);
	/*
	 * Each 20M area is 5120 pages + a guard, and its pages array (5120
	 * pointers, 40K) is vmalloc()ed too: 10 pages + a guard.  Both go
	 * lazy on vfree(): 5132 pages a vfree().
	 */
	vmap_purge_stats(m, &st);
	assert_int_equal(st.nr_purges, 0);
	assert_int_equal(st.lazy_nr, 2 * 5132);
	a = mmsim_vmalloc(twenty);
	b = mmsim_vmalloc(twenty);
	mmsim_vfree(a);
	vmap_purge_stats(m, &st);
	assert_int_equal(st.nr_purges, 0);	/* 15396 pages: not yet */
	/* b's area makes 20517 > 16384: the purge, before b's pages array
	 * goes lazy in its turn */
	mmsim_vfree(b);
	vmap_purge_stats(m, &st);
	assert_int_equal(st.nr_purges, 1);
	assert_int_equal(st.nr_purged_areas, 7);
	assert_int_equal(st.lazy_nr, 11);
	assert_int_equal(st.last_start, va);
	assert_int_equal(st.last_end, va + (3 * 5132 + 5121) * PG);
	assert_no_reports();
	assert_int_equal(mmsim_validate(m), 0);
	mmsim_shutdown(m);
}

/* The line of vmallocinfo that starts at kernel VA @va, or NULL. */
static char *info_line(const char *text, uint64_t va)
{
	char prefix[32], *p, *end;
	static char line[512];

	snprintf(prefix, sizeof(prefix), "0x%016llx-", (unsigned long long)va);
	p = strstr(text, prefix);
	if (!p || (p != text && p[-1] != '\n'))
		return NULL;
	end = strchr(p, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
	return line;
}

/*
 * /proc/vmallocinfo (vmalloc_info_show()):
 *	0x<start>-0x<end> <size %7ld> <caller %pS> [pages=N] [phys=0x..]
 *	[vmalloc] [vmap] [vpages] [N<nid>=<pages>...]
 */
static void test_vmallocinfo(void **state)
{
	struct mmsim *m = boot_hooked("mem=256M numa=2");
	char *small = mmsim_vmalloc(3 * PG - 100);
	char *big = mmsim_vmalloc(4UL << 20);	/* 1024 pages: 8K of pointers */
	char *text = show(m, "vmallocinfo"), *line, want[160], sym[64];
	unsigned long off, size;
	struct vm_struct *vm;

	(void)state;
	/* the kernel image's segments first: declared, never allocated */
	line = info_line(text, m->layout.kimage_vaddr);
	assert_non_null(line);
	snprintf(want, sizeof(want), "0x%016llx-0x%016llx %7ld ",
		 (unsigned long long)m->layout.kimage_vaddr,
		 (unsigned long long)m->layout.kimage_vaddr + m->kimage_text,
		 (long)m->kimage_text);
	assert_int_equal(strncmp(line, want, strlen(want)), 0);
	snprintf(want, sizeof(want), " phys=0x%016llx vmap",
		 (unsigned long long)m->kimage_start);
	assert_non_null(strstr(line, want));

	/* 3 pages + guard, this function as the caller, pages on node 0 */
	line = info_line(text, kva(m, small));
	assert_non_null(line);
	snprintf(want, sizeof(want), "0x%016llx-0x%016llx   16384 ",
		 (unsigned long long)kva(m, small),
		 (unsigned long long)kva(m, small) + 4 * PG);
	assert_int_equal(strncmp(line, want, strlen(want)), 0);
	assert_int_equal(sscanf(line + strlen(want), "%63[^+]+0x%lx/0x%lx", sym,
				&off, &size), 3);
	assert_string_equal(sym, "test_vmallocinfo");
	assert_true(off < size);
	assert_non_null(strstr(line, " pages=3 vmalloc N0=3"));
	assert_int_equal(strlen(strstr(line, " pages=3")),
			 strlen(" pages=3 vmalloc N0=3"));

	/* a pages array above a page is vmalloc()ed itself: "vpages" */
	line = info_line(text, kva(m, big));
	assert_non_null(line);
	assert_non_null(strstr(line, " pages=1024 vmalloc vpages N0=1024"));
	vm = find_vm_area(big);
	assert_true(is_vmalloc_addr(vm->pages));
	line = info_line(text, kva(m, vm->pages));
	assert_non_null(line);
	assert_non_null(strstr(line, " pages=2 vmalloc N0=2"));
	free(text);

	mmsim_vfree(small);
	mmsim_vfree(big);
	text = show(m, "vmallocinfo");
	assert_non_null(strstr(info_line(text, kva(m, big)), " unpurged vm_area"));
	snprintf(want, sizeof(want), "0x%016llx-0x%016llx   16384 unpurged vm_area\n",
		 (unsigned long long)kva(m, small),
		 (unsigned long long)kva(m, small) + 4 * PG);
	assert_non_null(strstr(text, want));
	free(text);
	assert_no_reports();
	mmsim_shutdown(m);
}

static void test_vmap(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct page *pages[4], **arr;
	unsigned long free0, i;
	struct mmsim_walk w;
	unsigned char *v;
	char *text, *line;

	(void)state;
	mmsim_drain_all_pages();
	free0 = mmsim_nr_free_pages();
	/* four pages, not contiguous, each filled with its number */
	for (i = 0; i < 4; i++) {
		pages[3 - i] = mmsim_alloc_pages(MMSIM_GFP_KERNEL, 0);
		assert_non_null(pages[3 - i]);
		mmsim_alloc_pages(MMSIM_GFP_KERNEL, 0);	/* a gap, leaked */
	}
	for (i = 0; i < 4; i++)
		memset(mmsim_page_address(pages[i]), (int)i + 1, PG);
	v = mmsim_vmap(pages, 4, MMSIM_VM_MAP, MMSIM_PAGE_KERNEL_RO);
	assert_non_null(v);
	for (i = 0; i < 4; i++) {
		assert_int_equal(v[i * PG + 100], i + 1);
		assert_ptr_equal(mmsim_vmalloc_to_page(v + i * PG), pages[i]);
		/* read-only, and vmap() added PXN */
		assert_int_equal(mmsim_walk(kva(m, v + i * PG), MMSIM_ACCESS_READ,
					    1, &w), 0);
		assert_int_equal(w.perms, MMSIM_PERM_EL1_R);
		assert_int_equal(mmsim_walk(kva(m, v + i * PG), MMSIM_ACCESS_WRITE,
					    1, &w), -EFAULT);
		assert_int_equal(w.fault.type, MMSIM_FAULT_PERMISSION);
	}
	text = show(m, "vmallocinfo");
	line = info_line(text, kva(m, v));
	assert_non_null(line);
	assert_non_null(strstr(line, "   20480 test_vmap+0x"));
	assert_int_equal(strcmp(line + strlen(line) - 5, " vmap"), 0);
	assert_null(strstr(line, "pages="));
	free(text);
	mmsim_vunmap(v);
	/* the pages are still the caller's */
	for (i = 0; i < 4; i++) {
		assert_int_equal(mmsim_page_count(pages[i]), 1);
		assert_int_equal(((unsigned char *)mmsim_page_address(pages[i]))[7],
				 i + 1);
	}
	/* an executable protection loses it: vmap() is pgprot_nx() */
	v = mmsim_vmap(pages, 2, MMSIM_VM_MAP, MMSIM_PAGE_KERNEL_EXEC);
	assert_int_equal(mmsim_walk(kva(m, v), MMSIM_ACCESS_EXEC, 1, &w), -EFAULT);
	mmsim_vunmap(v);
	/* VM_MAP_PUT_PAGES: vfree() frees the pages and the array */
	arr = mmsim_kmalloc(4 * sizeof(*arr), MMSIM_GFP_KERNEL);
	memcpy(arr, pages, sizeof(pages));
	v = mmsim_vmap(arr, 4, MMSIM_VM_MAP | MMSIM_VM_MAP_PUT_PAGES,
		       MMSIM_PAGE_KERNEL);
	assert_non_null(v);
	mmsim_vfree(v);
	for (i = 0; i < 4; i++)
		assert_int_equal(mmsim_page_count(pages[i]), 0);
	assert_int_equal(vmalloc_nr_pages(m), 0);
	(void)free0;
	assert_no_reports();
	assert_int_equal(mmsim_validate(m), 0);
	mmsim_shutdown(m);
}

/* Page tables for the vmalloc range come from the buddy allocator and
 * count in PageTables; the kernel never frees them on vfree(). */
static void test_page_tables(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	struct mmsim_walk w;
	unsigned long pt0 = meminfo_kb(m, "PageTables:"), pt;
	char *p = mmsim_vmalloc(8UL << 20);
	struct page *table;
	int i;

	(void)state;
	assert_int_equal(pt0, 0);
	assert_non_null(p);
	pt = meminfo_kb(m, "PageTables:");
	/* 8M + guard past the image's own table: 4 or 5 pte tables */
	assert_true(pt >= 16 && pt <= 20);
	assert_int_equal(mmsim_walk(kva(m, p + (6UL << 20)), MMSIM_ACCESS_READ, 1,
				    &w), 0);
	table = mmsim_pfn_to_page(w.levels[3].table_pa >> 12);
	assert_true(PageTable(table));
	/* init_mm's tables: PXNTable clear, UXNTable set, AF (FEAT_HAFT) */
	for (i = 1; i < 3; i++)
		assert_true(w.levels[i].desc & (1ULL << 60));
	assert_true(w.levels[2].desc & (1ULL << 10));
	mmsim_vfree(p);
	mmsim_vm_unmap_aliases();
	assert_int_equal(meminfo_kb(m, "PageTables:"), pt);
	assert_no_reports();
	mmsim_shutdown(m);
}

/* kvmalloc(): kmalloc() first (quietly above a page), vmalloc() after. */
static void test_kvmalloc(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	void *small, *big, *atomic;
	unsigned long free0;

	(void)state;
	mmsim_drain_all_pages();
	free0 = mmsim_nr_free_pages();
	small = mmsim_kvmalloc(16 * 1024, MMSIM_GFP_KERNEL);
	assert_non_null(small);
	assert_false(mmsim_is_vmalloc_addr(small));	/* kmalloc: order 2 */
	/* above KMALLOC_MAX_SIZE (4M) kmalloc() fails: vmalloc() */
	big = mmsim_kvmalloc(8UL << 20, MMSIM_GFP_KERNEL);
	assert_non_null(big);
	assert_true(mmsim_is_vmalloc_addr(big));
	memset(big, 1, 8UL << 20);
	/* an atomic caller gets no vmalloc() fallback */
	atomic = mmsim_kvmalloc(8UL << 20, MMSIM_GFP_ATOMIC);
	assert_null(atomic);
	/* the fallback is quiet: kmalloc() warned of nothing */
	assert_no_reports();
	mmsim_kvfree(small);
	mmsim_kvfree(big);
	mmsim_kvfree(NULL);
	mmsim_drain_all_pages();
	/* all back, but the page tables and a slab page for vm_struct */
	assert_int_equal(vmalloc_nr_pages(m), 0);
	assert_true(mmsim_nr_free_pages() >=
		    free0 - meminfo_kb(m, "PageTables:") / 4 - 2);
	assert_no_reports();
	mmsim_shutdown(m);
}

static void *unbound_thread(void *arg)
{
	(void)arg;
	return mmsim_vmalloc(PG);
}

/* Misuse is reported as the kernel reports it; nothing crashes. */
static void test_misuse(void **state)
{
	struct mmsim *m = boot_hooked(BOOT);
	char *p = mmsim_vmalloc(2 * PG), *k = mmsim_kmalloc(64, MMSIM_GFP_KERNEL);
	pthread_t t;
	void *ret;
	struct page *pg;

	(void)state;
	/* vmalloc(0): WARN_ON_ONCE(!size) */
	reports_reset();
	assert_null(mmsim_vmalloc(0));
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "WARNING: CPU: 0 PID: 0 at "));
	assert_non_null(strstr(reports.text, "!size"));
	/* more than all of RAM */
	reports_reset();
	assert_null(mmsim_vmalloc(1UL << 40));
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text,
			       "mmsim: vmalloc error: size 1099511627776, exceeds total pages, mode:0xcc0(GFP_KERNEL), nodemask=(null)"));
	reports_reset();
	assert_null(mmsim___vmalloc(1UL << 40, MMSIM_GFP_KERNEL | MMSIM___GFP_NOWARN));
	assert_null(mmsim_vmalloc(~0UL));
	assert_null(mmsim___vmalloc(~0UL - 100, MMSIM_GFP_KERNEL | MMSIM___GFP_NOWARN));
	assert_int_equal(reports.n, 1);		/* ~0UL warned, NOWARN did not */
	/* vfree() of what vmalloc() did not return */
	reports_reset();
	mmsim_vfree(k);
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "Trying to vfree() nonexistent vm area"));
	assert_non_null(strstr(reports.text, "at mm/vmalloc.c:"));
	assert_non_null(strstr(reports.text, "---[ end trace"));
	reports_reset();
	mmsim_vfree(p + 1);
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "Trying to vfree() bad address"));
	/* the start of the window is the kernel image's: not vfree()able */
	reports_reset();
	mmsim_vfree(mmsim_kernel_ptr(m, m->layout.vmalloc_start + 0x100000) ?
		    (char *)p - (kva(m, p) - m->layout.vmalloc_start) : p);
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "nonexistent vm area"));
	reports_reset();
	mmsim_vfree(NULL);
	mmsim_vunmap(NULL);
	assert_int_equal(reports.n, 0);
	mmsim_vfree(p);
	assert_int_equal(reports.n, 0);
	mmsim_vfree(p);				/* twice */
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "nonexistent vm area"));
	reports_reset();
	mmsim_vunmap(k);
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "Trying to vunmap() nonexistent vm area"));
	/* vmap() of nothing, of a bad protection, of a NULL page */
	reports_reset();
	pg = mmsim_alloc_pages(MMSIM_GFP_KERNEL, 0);
	assert_null(mmsim_vmap(NULL, 1, MMSIM_VM_MAP, MMSIM_PAGE_KERNEL));
	assert_null(mmsim_vmap(&pg, 0, MMSIM_VM_MAP, MMSIM_PAGE_KERNEL));
	assert_null(mmsim_vmap(&pg, 1, MMSIM_VM_MAP, MMSIM_PAGE_KERNEL | (1ULL << 6)));
	assert_non_null(strstr(mmsim_strerror(), "not a kernel page protection"));
	assert_null(mmsim_vmap(&pg, 1, MMSIM_VM_MAP, 0x1000 | MMSIM_PAGE_KERNEL));
	assert_int_equal(reports.n, 0);
	{
		struct page *two[2] = { pg, NULL };

		assert_null(mmsim_vmap(two, 2, MMSIM_VM_MAP, MMSIM_PAGE_KERNEL));
		assert_int_equal(reports.n, 1);		/* WARN_ON(!page) */
	}
	/* a thread bound to no CPU */
	assert_int_equal(pthread_create(&t, NULL, unbound_thread, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_null(ret);
	mmsim___free_pages(pg, 0);
	mmsim_kfree(k);
	/* the machine is fine, and vmalloc still works */
	mmsim_vm_unmap_aliases();
	assert_int_equal(mmsim_validate(m), 0);
	p = mmsim_vzalloc(PG);
	assert_non_null(p);
	mmsim_vfree(p);
	mmsim_shutdown(m);
}

/* Out of memory half-way: the pages taken go back, the area too. */
static void test_out_of_memory(void **state)
{
	struct mmsim *m = boot_hooked("mem=64M");
	unsigned long free0, freepg;
	void *a, *b;

	(void)state;
	mmsim_drain_all_pages();
	free0 = mmsim_nr_free_pages();
	a = mmsim_vmalloc(free0 / 2 * PG);
	assert_non_null(a);
	reports_reset();
	b = mmsim_vmalloc(free0 / 2 * PG + 64 * PG);
	assert_null(b);
	assert_int_equal(reports.n, 1);
	assert_non_null(strstr(reports.text, "failed to allocate pages"));
	mmsim_vfree(a);
	mmsim_vm_unmap_aliases();
	mmsim_drain_all_pages();
	freepg = mmsim_nr_free_pages();
	/* everything back but the page tables vmalloc() keeps (and a slab
	 * page for the vm_structs) */
	assert_true(freepg <= free0 &&
		    freepg >= free0 - meminfo_kb(m, "PageTables:") / 4 - 2);
	assert_int_equal(vmalloc_nr_pages(m), 0);
	assert_int_equal(mmsim_validate(m), 0);
	mmsim_shutdown(m);
}

/* Several CPUs allocating and freeing at once. */
struct worker {
	struct mmsim *m;
	int cpu;
	int errors;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	unsigned int seed = (unsigned int)w->cpu * 7919u + 1;
	int i;

	if (mmsim_cpu_enter(w->m, w->cpu))
		return NULL;
	for (i = 0; i < 150; i++) {
		unsigned long n = 1 + rand_r(&seed) % 12, j;
		unsigned char *p = mmsim_vmalloc(n * PG);

		if (!p) {
			w->errors++;
			continue;
		}
		for (j = 0; j < n; j++)
			p[j * PG + (unsigned long)w->cpu] = (unsigned char)(w->cpu + j);
		for (j = 0; j < n; j++)
			if (p[j * PG + (unsigned long)w->cpu] != (unsigned char)(w->cpu + j) ||
			    mmsim_vmalloc_to_pfn(p + j * PG) == 0)
				w->errors++;
		mmsim_vfree(p);
		/* purges (TLBI broadcasts) while the others work */
		if (i % 16 == 15)
			mmsim_vm_unmap_aliases();
	}
	mmsim_cpu_exit();
	return NULL;
}

static void test_concurrent(void **state)
{
	struct mmsim *m = boot_hooked("mem=256M nr_cpus=4");
	struct worker w[3];
	pthread_t t[3];
	char *text;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		w[i] = (struct worker){ m, i + 1, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, worker, &w[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(w[i].errors, 0);
	}
	mmsim_vm_unmap_aliases();
	assert_int_equal(vmalloc_nr_pages(m), 0);
	/* only the kernel image is left */
	text = show(m, "vmallocinfo");
	assert_null(strstr(text, " pages="));
	assert_null(strstr(text, "unpurged"));
	free(text);
	assert_no_reports();
	assert_int_equal(mmsim_validate(m), 0);
	mmsim_shutdown(m);
}

/* Other VA sizes (three levels for 39 bits, a smaller pgd for 42 and
 * 47), and the host window's mirror of kernel VAs. */
static void test_va_bits(void **state)
{
	static const unsigned int vas[] = { 39, 42, 47 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vas); i++) {
		struct vmap_purge_stats st;
		struct mmsim_walk w;
		struct mmsim *m;
		char params[64], *p;

		snprintf(params, sizeof(params), "mem=128M va_bits=%u", vas[i]);
		m = boot_hooked(params);
		p = mmsim_vmalloc(3 * PG);
		assert_non_null(p);
		assert_int_equal(kva(m, p), m->layout.vmalloc_start +
					    (m->kimage_end - m->kimage_start) + PG);
		p[PG] = 'x';
		assert_int_equal(mmsim_walk(kva(m, p) + PG, MMSIM_ACCESS_READ, 1,
					    &w), 0);
		assert_int_equal(w.nr_levels, vas[i] == 39 ? 3 : 4);
		assert_int_equal(w.pa, mmsim_vmalloc_to_pfn(p + PG) << 12);
		assert_ptr_equal(mmsim_kernel_ptr(m, kva(m, p) + 5), p + 5);
		vmap_purge_stats(m, &st);
		assert_int_equal(st.window_va, m->layout.vmalloc_start);
		/* 4 x 128M, at least 1G; under Valgrind 2 x 128M, at least 256M */
		assert_int_equal(st.window_size,
				 m->track ? 256ULL << 20 : 1ULL << 30);
		mmsim_vfree(p);
		assert_no_reports();
		mmsim_shutdown(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmalloc_basic),
		cmocka_unit_test(test_vzalloc_and_node),
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_lazy_purge),
		cmocka_unit_test(test_lazy_purge_automatic),
		cmocka_unit_test(test_vmallocinfo),
		cmocka_unit_test(test_vmap),
		cmocka_unit_test(test_page_tables),
		cmocka_unit_test(test_kvmalloc),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_va_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
