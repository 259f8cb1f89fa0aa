// SPDX-License-Identifier: MIT
/*
 * 01-boot: boot a machine and read its boot log.
 *
 *	./build/examples/01-boot ["boot parameters"]
 *
 * A real arm64 kernel brings up physical memory in this order
 * (arch/arm64/kernel/setup.c:setup_arch(), init/main.c:start_kernel(),
 * mm/mm_init.c:mm_core_init()):
 *
 *  1. memblock         The firmware (device tree) says where RAM is.
 *                      arm64_memblock_init() adds it to memblock.memory
 *                      and reserves what is already used: the kernel
 *                      image, the device tree, the initrd.  memblock is
 *                      the only allocator at this point: a sorted list
 *                      of regions, nothing more.
 *
 *  2. mem_map          sparse_init() allocates the struct pages
 *                      (vmemmap) from memblock: one 64-byte struct page
 *                      for every 4 KiB page frame, 1.6% of RAM.
 *
 *  3. zones            zone_sizes_init() -> free_area_init() decides
 *                      where DMA, DMA32 and Normal end, prints "Zone
 *                      ranges" and "Early memory node ranges", and
 *                      memmap_init() stamps every struct page with its
 *                      node and zone.
 *
 *  4. memblock_free_all()
 *                      mem_init() hands every page that memblock did not
 *                      reserve to the buddy allocator, in blocks as big
 *                      as alignment allows (order 10 = 4 MiB), and
 *                      prints "Memory: 253372K/262144K available".
 *
 *  5. buddy            From here on alloc_pages() works and memblock is
 *                      retired.
 *
 *   phys:  0x40000000                                         0x50000000
 *          | kernel image | free ...                | mem_map | dtb |
 *          '--reserved----'                          '---reserved----'
 *                     memblock.memory: one region, the whole 256 MiB
 *                     memblock.reserved: the pieces already in use
 *
 * The library runs the same steps and writes the same messages to its
 * kernel log, which mmsim_show(m, "dmesg") prints.
 */
#include "example.h"

int main(int argc, char **argv)
{
	/* memblock=debug logs every memblock call, as on a real kernel */
	const char *params = argc > 1 ? argv[1] : "mem=256M memblock=debug";
	struct mmsim *m;

	printf("== booting with \"%s\"\n\n", params);
	m = boot_or_die(params);

	/*
	 * The whole boot log.  Look for, in this order:
	 *   memblock_add / memblock_reserve ...   step 1 (memblock=debug)
	 *   Zone ranges: / Early memory node ranges   step 3
	 *   Built N zonelists                      zonelists: the fallback
	 *                                          order of zones and nodes
	 *   Memory: ...K/...K available            step 4: the buddy
	 *                                          allocator owns the rest
	 */
	printf("== dmesg: the boot log\n\n");
	mmsim_show(m, "dmesg", stdout);

	/*
	 * /proc/meminfo.  MemTotal is what the buddy allocator manages
	 * (totalram_pages), not the size of RAM: the kernel image and the
	 * mem_map were reserved in memblock and never reached the buddy.
	 */
	printf("\n== meminfo\n\n");
	mmsim_show(m, "meminfo", stdout);

	printf("\n== the same numbers through the API\n\n");
	{
		/* "Memory: 253372K/262144K available (...)": free/RAM */
		char *log = report_text(m, "dmesg");
		char *p = strstr(log, "Memory: ");
		unsigned long avail_k = 0, ram_k = 0;

		if (p)
			sscanf(p, "Memory: %luK/%luK", &avail_k, &ram_k);
		free(log);
		printf("  RAM (\"Memory: .../%luK\")\n", ram_k);
		printf("                         %8lu pages\n",
		       ram_k / (PAGE_SIZE >> 10));
	}
	printf("  managed by the buddy   %8lu pages (MemTotal)\n",
	       mmsim_totalram_pages());
	printf("  free right now         %8lu pages (MemFree)\n",
	       mmsim_nr_free_pages());
	printf("\n  The difference between the first two went to memblock\n"
	       "  reservations: the kernel image, the mem_map and the other\n"
	       "  early tables.  MemFree is a little short of MemTotal:\n"
	       "  boot created the slab caches (kmem_cache_init()), whose\n"
	       "  first slabs came from the buddy (meminfo Slab), and their\n"
	       "  per-CPU list refills left a few pages on CPU 0's list.\n");

	/* step 5: the buddy allocator answers */
	{
		struct page *page = alloc_pages(GFP_KERNEL, 0);

		if (!page) {
			fprintf(stderr, "alloc_pages: %s\n", mmsim_strerror());
			return 1;
		}
		printf("\n  alloc_pages(GFP_KERNEL, 0) -> pfn 0x%lx, "
		       "phys 0x%llx, zone %s, node %d\n",
		       page_to_pfn(page),
		       (unsigned long long)page_to_phys(page),
		       mmsim_zone_name(mmsim_page_zonenum(page)),
		       page_to_nid(page));
		__free_pages(page, 0);
	}

	return example_end(m, 0);
}
