// SPDX-License-Identifier: MIT
/*
 * 13-vmalloc-vs-kmalloc: two ways to get 64 KiB of kernel memory, and
 * what each costs.
 *
 *	./build/examples/13-vmalloc-vs-kmalloc
 *
 * kmalloc(64K) is one physically contiguous block (an order-4 compound
 * page, as kmalloc() serves sizes above 8 KiB straight from the buddy
 * allocator); its kernel address is in the linear map, which maps it
 * with a 2 MiB block: one TLB entry covers it, no page table is needed.
 *
 * vmalloc(64K) (mm/vmalloc.c) is 16 order-0 pages from anywhere, made
 * virtually contiguous by 16 new PTEs in the vmalloc area:
 *
 *   kernel VA   VMALLOC_START ... [ 16 pages | guard ] ...
 *                                   |  |  |
 *   PA                    scattered pfns, wherever the buddy had them
 *
 * It needs no contiguous memory, so it works when memory is fragmented
 * and kmalloc() of the same size cannot; but it costs a vmap area, a
 * vm_struct, an array of 16 page pointers, maybe page tables, 16 TLB
 * entries instead of one, and its free is lazy: vfree() clears the PTEs
 * at once but flushes the TLBs only later, for many areas at a time.
 *
 * The program fragments a small machine's memory on purpose (every
 * other page taken), then asks both for 64 KiB, and shows: the physical
 * pages, the translations (mmsim_walk()), the TLB at work on reads
 * through the MMU (mmsim_mmu_read()), the guard page, /proc/vmallocinfo,
 * kvmalloc() choosing, and the lazy purge.
 */
#include <errno.h>
#include <inttypes.h>
#include <mmsim/mmu.h>

#include "example.h"

#define SIZE		(64 * 1024UL)
#define NPAGES		(SIZE / PAGE_SIZE)
#define MAX_HELD	(64UL * 1024 * 1024 / PAGE_SIZE)

/* Read @len bytes at kernel VA @va through CPU 0's MMU; return the
 * table walks this took. */
static uint64_t walks_to_read(struct mmsim *m, uint64_t va, size_t len)
{
	struct mmsim_tlb_stats st;
	char buf[PAGE_SIZE];
	size_t off;

	mmsim_tlb_reset_stats(m, 0);
	for (off = 0; off < len; off += sizeof(buf))
		check(mmsim_mmu_read(va + off, buf, sizeof(buf), 1, NULL) == 0,
		      "the read through the MMU succeeds");
	mmsim_tlb_stats(m, 0, &st);
	return st.walks;
}

static struct page *held[MAX_HELD];

int main(void)
{
	struct mmsim *m = boot_or_die("mem=64M pcp=off");
	unsigned long nheld = 0, i, freed = 0;
	uint64_t kva_k, kva_v;
	struct mmsim_walk w;
	char *k, *v, *kv;

	/* 1. Fragment: take every free page (__GFP_MEMALLOC: below the
	 *    watermarks too), give back every other one. */
	while (nheld < MAX_HELD &&
	       (held[nheld] = alloc_page(GFP_KERNEL | __GFP_MEMALLOC |
					 __GFP_NOWARN)))
		nheld++;
	for (i = 0; i < nheld; i += 2, freed++)
		__free_page(held[i]);
	printf("Fragmented: took %lu pages, gave back every other one (%lu).\n"
	       "No two free pages are buddies, so nothing above order 0 is free:\n",
	       nheld, freed);
	print_report_lines(m, "buddyinfo", "Node");

	/* 2. kmalloc() needs 16 contiguous pages: it fails. */
	k = kmalloc(SIZE, GFP_KERNEL | __GFP_NOWARN);
	printf("\nkmalloc(64K) = %p: an order-4 block does not exist\n", (void *)k);
	check(k == NULL, "kmalloc() of 64K fails on fragmented memory");

	/* 3. vmalloc() takes 16 single pages and maps them together. */
	v = vmalloc(SIZE);
	check(v != NULL, "vmalloc() of 64K succeeds");
	if (!v)
		return 1;
	memset(v, 'v', SIZE);
	kva_v = mmsim_kernel_va(m, v);
	printf("vmalloc(64K) = host %p, kernel VA 0x%016" PRIx64 "\n", (void *)v, kva_v);
	printf("  page  kernel VA            pfn       (from vmalloc_to_pfn() and the MMU's walk)\n");
	for (i = 0; i < NPAGES; i++) {
		unsigned long pfn = vmalloc_to_pfn(v + i * PAGE_SIZE);

		check(mmsim_walk(kva_v + i * PAGE_SIZE, MMSIM_ACCESS_READ, 1, &w) == 0,
		      "the MMU translates the vmalloc area");
		check(w.pa >> PAGE_SHIFT == pfn, "vmalloc_to_pfn() and the walk agree");
		check(w.size_shift == PAGE_SHIFT, "each page is its own 4K PTE");
		if (i < 4 || i == NPAGES - 1)
			printf("  %4lu  0x%016" PRIx64 "   0x%05lx\n", i,
			       kva_v + i * PAGE_SIZE, pfn);
		else if (i == 4)
			printf("  ...\n");
		if (i)
			check(pfn != vmalloc_to_pfn(v + (i - 1) * PAGE_SIZE) + 1,
			      "the pages are not physically contiguous");
	}

	/* the guard page after it: unmapped */
	check(mmsim_walk(kva_v + SIZE, MMSIM_ACCESS_READ, 1, &w) == -EFAULT,
	      "the guard page is not mapped");
	printf("\nThe page after it, 0x%016" PRIx64 ", is the guard page: %s fault at level %d.\n",
	       kva_v + SIZE, mmsim_fault_name(w.fault.type), w.fault.level);
	printf("\n/proc/vmallocinfo shows the area, guard page included in its size:\n");
	print_report_lines(m, "vmallocinfo", "pages=");

	/* 4. Unfragment, and compare with a kmalloc()ed 64K. */
	for (i = 1; i < nheld; i += 2)
		__free_page(held[i]);
	k = kmalloc(SIZE, GFP_KERNEL);
	check(k != NULL, "kmalloc() of 64K succeeds once memory is free again");
	if (!k)
		return 1;
	memset(k, 'k', SIZE);
	kva_k = mmsim_kernel_va(m, k);
	check(mmsim_walk(kva_k, MMSIM_ACCESS_READ, 1, &w) == 0, "walk of kmalloc memory");
	printf("\nkmalloc(64K) = host %p, kernel VA 0x%016" PRIx64 " (the linear map),\n"
	       "  pfn 0x%05lx..0x%05lx contiguous, inside a %s of the linear map:\n"
	       "  one TLB entry covers %lu KiB around it\n",
	       (void *)k, kva_k, (unsigned long)(virt_to_phys(k) >> PAGE_SHIFT),
	       (unsigned long)((virt_to_phys(k) + SIZE) >> PAGE_SHIFT) - 1,
	       w.contiguous ? "run of 16 contiguous 2 MiB blocks" : "block",
	       (1UL << w.size_shift) >> 10);
	check(w.size_shift > PAGE_SHIFT, "the linear map uses a block here");

	/* 5. The TLB: 16 entries against 1. */
	walks_to_read(m, kva_k, SIZE);	/* warm */
	walks_to_read(m, kva_v, SIZE);
	{
		uint64_t wk, wv;

		mmsim_tlb_reset_stats(m, 0);
		wk = walks_to_read(m, kva_k, SIZE);
		wv = walks_to_read(m, kva_v, SIZE);
		printf("\nReading all 64K again through the MMU: %" PRIu64
		       " table walks for kmalloc's block, %" PRIu64 " for vmalloc's pages\n"
		       "(both in the TLB now; a cold read costs 1 walk against 16:\n",
		       wk, wv);
		mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
		wk = walks_to_read(m, kva_k, SIZE);
		mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
		wv = walks_to_read(m, kva_v, SIZE);
		printf(" after TLBI VMALLE1, %" PRIu64 " walk(s) for kmalloc, %" PRIu64
		       " for vmalloc)\n", wk, wv);
		check(wk == 1 && wv == NPAGES, "one walk per TLB entry");
	}

	/* 6. kvmalloc() picks: kmalloc() if it can, vmalloc() if not. */
	kv = kvmalloc(8UL << 20, GFP_KERNEL);
	printf("\nkvmalloc(8M): %s (kmalloc() stops at 4 MiB, KMALLOC_MAX_SIZE)\n",
	       is_vmalloc_addr(kv) ? "vmalloc memory" : "kmalloc memory");
	check(kv && is_vmalloc_addr(kv), "kvmalloc() falls back to vmalloc()");
	kvfree(kv);

	/* 7. vfree() is lazy: the range waits for a purge, one TLBI for all. */
	vfree(v);
	printf("\nAfter vfree() (and kvfree() of the 8M): the PTEs are clear, the ranges\n"
	       "are not free yet:\n");
	print_report_lines(m, "vmallocinfo", "unpurged");
	check(mmsim_walk(kva_v, MMSIM_ACCESS_READ, 1, &w) == -EFAULT,
	      "vfree() cleared the PTEs");
	vm_unmap_aliases();
	printf("after vm_unmap_aliases() (one flush_tlb_kernel_range() over all of them):\n");
	print_report_lines(m, "vmallocinfo", "unpurged");
	printf("    (nothing left)\n");

	kfree(k);
	if (failures) {
		printf("%d check(s) failed\n", failures);
		mmsim_shutdown(m);
		return 1;
	}
	return example_end(m, 0);
}
