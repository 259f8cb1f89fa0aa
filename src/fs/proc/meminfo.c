// SPDX-License-Identifier: MIT
/*
 * /proc/meminfo (fs/proc/meminfo.c), in Linux 6.18's field list and text
 * format for an arm64 defconfig build: 4 KiB pages, 48-bit VAs, no
 * highmem, CONFIG_MEMORY_FAILURE, TRANSPARENT_HUGEPAGE, CMA and
 * HUGETLB_PAGE on, ZSWAP and SHADOW_CALL_STACK off, no
 * arch_report_meminfo() (arm64 has none).
 *
 * Values come from the counters of mm/vmstat.c and mm/vmalloc.c; fields
 * whose subsystem the simulator does not have yet (block devices, swap
 * areas, the per-CPU allocator, hugetlb pools, CMA areas, memory
 * failure) print 0.
 */
#include <asm/mmu.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
#include <sim/machine.h>

/* vm.overcommit_ratio (mm/util.c) */
#define SYSCTL_OVERCOMMIT_RATIO	50

/* The default huge page: a PMD block, 2 MiB with 4 KiB pages. */
#define HPAGE_PMD_SIZE		(PAGE_SIZE << HPAGE_PMD_ORDER)

/*
 * VMALLOC_TOTAL (include/linux/vmalloc.h): VMALLOC_END - VMALLOC_START,
 * the machine's layout (asm/memory.h).  With 48-bit VAs and 4 KiB pages
 * that is 2^47 - 2^41 - 2^31 - 2^30 - 2^23 bytes = 135288315904 kB.
 */
#define VMALLOC_TOTAL(m) \
	((m)->layout.vmalloc_end - (m)->layout.vmalloc_start)

/* Mirrors: fs/proc/meminfo.c:show_val_kb(). */
static void show_val_kb(FILE *out, const char *s, unsigned long num)
{
	fprintf(out, "%s%8lu kB\n", s, num << (PAGE_SHIFT - 10));
}

/*
 * Mirrors: mm/show_mem.c:si_mem_available(): free pages above the
 * reserves, plus the page cache and reclaimable kernel memory that can
 * go without dropping below the low watermarks.
 */
static long si_mem_available(const struct mmsim *m)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	const struct zone *zone;
	long available;
	int nid, zid;

	for_each_zone(m, zone, nid, zid)
		wmark_low += low_wmark_pages(zone);

	available = global_zone_page_state(m, NR_FREE_PAGES) -
		    m->totalreserve_pages;

	pagecache = global_node_page_state(m, NR_ACTIVE_FILE) +
		    global_node_page_state(m, NR_INACTIVE_FILE);
	pagecache -= min(pagecache / 2, wmark_low);
	available += pagecache;

	reclaimable = global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) +
		      global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE);
	reclaimable -= min(reclaimable / 2, wmark_low);
	available += reclaimable;

	return available < 0 ? 0 : available;
}

/*
 * Mirrors: mm/util.c:vm_commit_limit() with vm.overcommit_kbytes unset:
 * half of RAM outside hugetlb pools, plus swap (none yet).
 */
static unsigned long vm_commit_limit(const struct mmsim *m)
{
	unsigned long totalram = atomic_long_read(&m->totalram_pages);

	return totalram * SYSCTL_OVERCOMMIT_RATIO / 100;
}

/*
 * Mirrors: mm/hugetlb.c:hugetlb_report_meminfo() with empty pools: the
 * default hstate (2 MiB) is the one shown.
 */
static void hugetlb_report_meminfo(FILE *out)
{
	fprintf(out,
		"HugePages_Total:   %5lu\n"
		"HugePages_Free:    %5lu\n"
		"HugePages_Rsvd:    %5lu\n"
		"HugePages_Surp:    %5lu\n"
		"Hugepagesize:   %8lu kB\n",
		0UL, 0UL, 0UL, 0UL, HPAGE_PMD_SIZE / 1024);
	fprintf(out, "Hugetlb:        %8lu kB\n", 0UL);
}

/*
 * Mirrors: fs/proc/meminfo.c:meminfo_proc_show().  Simplified: Buffers,
 * swap, Committed_AS, Percpu, HardwareCorrupted, CmaTotal and the hugetlb
 * pools are 0 until their subsystems exist; VmallocChunk is 0 as in the
 * kernel.
 */
int show_meminfo(struct mmsim *m, FILE *out)
{
	unsigned long totalram = atomic_long_read(&m->totalram_pages);
	unsigned long freeram = global_zone_page_state(m, NR_FREE_PAGES);
	unsigned long bufferram = 0, totalswap = 0, freeswap = 0;
	unsigned long swapcache = global_node_page_state(m, NR_SWAPCACHE);
	unsigned long active_anon, inactive_anon, active_file, inactive_file;
	unsigned long sreclaimable, sunreclaim;
	long cached;

	cached = (long)global_node_page_state(m, NR_FILE_PAGES) -
		 (long)swapcache - (long)bufferram;
	if (cached < 0)
		cached = 0;

	active_anon = global_node_page_state(m, NR_ACTIVE_ANON);
	inactive_anon = global_node_page_state(m, NR_INACTIVE_ANON);
	active_file = global_node_page_state(m, NR_ACTIVE_FILE);
	inactive_file = global_node_page_state(m, NR_INACTIVE_FILE);
	sreclaimable = global_node_page_state(m, NR_SLAB_RECLAIMABLE_B);
	sunreclaim = global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B);

	show_val_kb(out, "MemTotal:       ", totalram);
	show_val_kb(out, "MemFree:        ", freeram);
	show_val_kb(out, "MemAvailable:   ", si_mem_available(m));
	show_val_kb(out, "Buffers:        ", bufferram);
	show_val_kb(out, "Cached:         ", cached);
	show_val_kb(out, "SwapCached:     ", swapcache);
	show_val_kb(out, "Active:         ", active_anon + active_file);
	show_val_kb(out, "Inactive:       ", inactive_anon + inactive_file);
	show_val_kb(out, "Active(anon):   ", active_anon);
	show_val_kb(out, "Inactive(anon): ", inactive_anon);
	show_val_kb(out, "Active(file):   ", active_file);
	show_val_kb(out, "Inactive(file): ", inactive_file);
	show_val_kb(out, "Unevictable:    ",
		    global_node_page_state(m, NR_UNEVICTABLE));
	show_val_kb(out, "Mlocked:        ",
		    global_zone_page_state(m, NR_MLOCK));
	show_val_kb(out, "SwapTotal:      ", totalswap);
	show_val_kb(out, "SwapFree:       ", freeswap);
	show_val_kb(out, "Dirty:          ",
		    global_node_page_state(m, NR_FILE_DIRTY));
	show_val_kb(out, "Writeback:      ",
		    global_node_page_state(m, NR_WRITEBACK));
	show_val_kb(out, "AnonPages:      ",
		    global_node_page_state(m, NR_ANON_MAPPED));
	show_val_kb(out, "Mapped:         ",
		    global_node_page_state(m, NR_FILE_MAPPED));
	show_val_kb(out, "Shmem:          ",
		    global_node_page_state(m, NR_SHMEM));
	show_val_kb(out, "KReclaimable:   ",
		    sreclaimable +
		    global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE));
	show_val_kb(out, "Slab:           ", sreclaimable + sunreclaim);
	show_val_kb(out, "SReclaimable:   ", sreclaimable);
	show_val_kb(out, "SUnreclaim:     ", sunreclaim);
	fprintf(out, "KernelStack:    %8lu kB\n",
		global_node_page_state(m, NR_KERNEL_STACK_KB));
	show_val_kb(out, "PageTables:     ",
		    global_node_page_state(m, NR_PAGETABLE));
	show_val_kb(out, "SecPageTables:  ",
		    global_node_page_state(m, NR_SECONDARY_PAGETABLE));
	show_val_kb(out, "NFS_Unstable:   ", 0);
	show_val_kb(out, "Bounce:         ", 0);
	show_val_kb(out, "WritebackTmp:   ", 0);
	show_val_kb(out, "CommitLimit:    ", vm_commit_limit(m));
	show_val_kb(out, "Committed_AS:   ", 0);
	fprintf(out, "VmallocTotal:   %8lu kB\n",
		(unsigned long)VMALLOC_TOTAL(m) >> 10);
	show_val_kb(out, "VmallocUsed:    ", vmalloc_nr_pages(m));
	show_val_kb(out, "VmallocChunk:   ", 0);
	show_val_kb(out, "Percpu:         ", 0);
	fprintf(out, "HardwareCorrupted: %5lu kB\n", 0UL);
	show_val_kb(out, "AnonHugePages:  ",
		    global_node_page_state(m, NR_ANON_THPS));
	show_val_kb(out, "ShmemHugePages: ",
		    global_node_page_state(m, NR_SHMEM_THPS));
	show_val_kb(out, "ShmemPmdMapped: ",
		    global_node_page_state(m, NR_SHMEM_PMDMAPPED));
	show_val_kb(out, "FileHugePages:  ",
		    global_node_page_state(m, NR_FILE_THPS));
	show_val_kb(out, "FilePmdMapped:  ",
		    global_node_page_state(m, NR_FILE_PMDMAPPED));
	show_val_kb(out, "CmaTotal:       ", 0);
	show_val_kb(out, "CmaFree:        ",
		    global_zone_page_state(m, NR_FREE_CMA_PAGES));
	show_val_kb(out, "Balloon:        ",
		    global_node_page_state(m, NR_BALLOON_PAGES));
	hugetlb_report_meminfo(out);
	return 0;
}
