// SPDX-License-Identifier: MIT
/*
 * 11-block-and-page-mappings: how Linux maps all of RAM with as few
 * table entries as it can, and what makes it use more.
 *
 *	./build/examples/11-block-and-page-mappings ["boot parameters"]
 *
 * At boot, paging_init() builds swapper_pg_dir, the kernel's table, with
 * the linear map: every byte of RAM at PAGE_OFFSET + (PA - PHYS_OFFSET).
 * __create_pgd_mapping() (arch/arm64/mm/mmu.c) puts down, for each piece
 * of a memory bank, the largest entry its alignment allows:
 *
 *   level 1   1 GiB block   VA, PA and the end 1 GiB aligned
 *   level 2   2 MiB block   ... 2 MiB aligned; 16 in a row, 32 MiB
 *                           aligned, get the Contiguous hint
 *   level 3   4 KiB page    16 in a row, 64 KiB aligned, get the hint
 *
 * A block is one TLB entry for 1 GiB or 2 MiB, and with the contiguous
 * hint 16 entries share one TLB entry too.  Three things break blocks:
 *
 *   - a hole in the memory map: the edges of a bank are not aligned;
 *   - the kernel image: map_mem() maps the image's text+rodata and its
 *     data+bss first, by themselves, so that mark_rodata_ro() can change
 *     their permissions later without splitting anything; the bank that
 *     holds them then finds tables already there and cannot put a 1 GiB
 *     block over them, nor the Contiguous hint over a group of 2 MiB
 *     blocks that has a table or an unhinted block in it;
 *   - the image's own mapping at KIMAGE_VADDR (text ROX, rodata RO, data
 *     RW) in pages, as the segments are not 2 MiB multiples.
 *
 * The program dumps the whole TTBR1 table tree the way the kernel's
 * /sys/kernel/debug/kernel_page_tables does (arch/arm64/mm/ptdump.c):
 * runs of equal leaves as one line, reading every descriptor itself from
 * simulated RAM (phys_to_virt() of a table's address), then checks each
 * leaf's size against its alignment and a sample against the MMU
 * (mmsim_walk()).
 */
#include <errno.h>
#include <inttypes.h>
#include <mmsim/mmu.h>

#include "example.h"

#define DEFAULT_BOOT	"mem=3G hole=60K@0x48011000 hole=2M@0x4a100000"

static uint64_t bits(uint64_t x, int hi, int lo)
{
	return (x >> lo) & ((2ULL << (hi - lo)) - 1);
}

/* One run of leaves with the same shape and attributes, being printed. */
struct run {
	uint64_t start, end, pa_next;
	int level, cont;
	uint64_t attrs;		/* the descriptor without its address */
	unsigned long n;
};

static struct run cur;
static unsigned long leaves[4][2];	/* [level][contiguous] */
static uint64_t page_offset, page_end, kimage_vaddr;

/* The section of the dump a VA is in (ptdump's address_markers[]). */
static const char *marker(uint64_t va)
{
	if (va < page_end)
		return "Linear Mapping";
	if (va < kimage_vaddr)
		return "Modules";
	return "Kernel image and vmalloc() area";
}

static void flush_run(void)
{
	static const char *lvl[] = { "PGD", "PUD", "PMD", "PTE" };
	static const char *sz[] = { "512G", "1G", "2M", "4K" };
	uint64_t a = cur.attrs;

	if (!cur.n)
		return;
	printf("0x%016" PRIx64 "-0x%016" PRIx64 " %5lu x %-4s %s %s %s %s %s %s %s\n",
	       cur.start, cur.end, cur.n, sz[cur.level], lvl[cur.level],
	       bits(a, 7, 7) ? "ro" : "RW", bits(a, 53, 53) ? "NX" : "x ",
	       bits(a, 6, 6) ? "USR" : "   ", bits(a, 11, 11) ? "NG" : "  ",
	       cur.level == 3 ? "PAGE" : "BLK ", cur.cont ? "CONT" : "");
	cur.n = 0;
}

/* A leaf at @va: extend the current run or start a new one. */
static void leaf(uint64_t va, int level, uint64_t desc)
{
	uint64_t size = 1ULL << (12 + 9 * (3 - level));
	uint64_t pa = desc & 0x0000fffffffff000ULL;
	uint64_t attrs = desc & ~0x0000fffffffff000ULL & ~(1ULL << 52);
	int cont = (int)bits(desc, 52, 52);

	/* a leaf is aligned to its size, in VA and in PA */
	check((va & (size - 1)) == 0 && (pa & (size - 1)) == 0,
	      "leaves are naturally aligned");
	/* with the hint, the group of 16 maps one aligned run of PAs */
	if (cont)
		check(((va ^ pa) & (16 * size - 1)) == 0,
		      "contiguous groups map aligned physical runs");
	leaves[level][cont]++;
	if (cur.n && cur.end == va && cur.level == level && cur.cont == cont &&
	    cur.attrs == attrs && cur.pa_next == pa) {
		cur.end += size;
		cur.pa_next += size;
		cur.n++;
		return;
	}
	flush_run();
	if (!cur.start || strcmp(marker(cur.start), marker(va)))
		printf("---[ %s ]---\n", marker(va));
	cur = (struct run){ va, va + size, pa + size, level, cont, attrs, 1 };
}

/* Walk the table at @table (level @level) covering VAs from @base. */
static unsigned long dump_table(uint64_t table, int level, uint64_t base,
				int va_bits, int start)
{
	int shift = 12 + 9 * (3 - level);
	int entries = level == start ? 1 << (va_bits - shift) : 512;
	const uint64_t *t = phys_to_virt(table);
	unsigned long tables = 1;
	int i;

	for (i = 0; i < entries; i++) {
		uint64_t desc = t[i], va = base + ((uint64_t)i << shift);

		if (!(desc & 1))
			continue;
		if (level < 3 && (desc & 2))
			tables += dump_table(desc & 0x0000fffffffff000ULL,
					     level + 1, va, va_bits, start);
		else
			leaf(va, level, desc);
	}
	return tables;
}

int main(int argc, char **argv)
{
	struct mmsim *m = boot_or_die(argc > 1 ? argv[1] : DEFAULT_BOOT);
	uint64_t ttbr1, tcr, va;
	unsigned long tables;
	int va_bits, start, i;
	struct mmsim_walk w;

	mmsim_read_sysreg(MMSIM_TTBR1_EL1, &ttbr1);
	mmsim_read_sysreg(MMSIM_TCR_EL1, &tcr);
	va_bits = 64 - (int)bits(tcr, 21, 16);
	start = 4 - (va_bits - 12 + 8) / 9;
	page_offset = 0 - (1ULL << va_bits);
	page_end = 0 - (1ULL << (va_bits - 1));
	kimage_vaddr = page_end + (2ULL << 30);	/* MODULES_END */

	printf("The kernel's virtual memory layout (mmsim_show(m, \"layout\")):\n");
	print_report_lines(m, "layout", ":");
	printf("\nswapper_pg_dir at 0x%" PRIx64 " (TTBR1_EL1), %d-bit VAs, %d levels:\n\n",
	       (uint64_t)(ttbr1 & 0x0000fffffffff000ULL), va_bits, 4 - start);

	tables = dump_table(ttbr1 & 0x0000fffffffff000ULL, start,
			    0 - (1ULL << va_bits), va_bits, start);
	flush_run();

	printf("\n%lu table pages; leaves: %lu x 1G, %lu x 2M (%lu contiguous), "
	       "%lu x 4K (%lu contiguous)\n", tables, leaves[1][0] + leaves[1][1],
	       leaves[2][0] + leaves[2][1], leaves[2][1],
	       leaves[3][0] + leaves[3][1], leaves[3][1]);

	/* a sample of the linear map, against the MMU's own walk */
	for (i = 0, va = page_offset; va < page_end && i < 4096;
	     va += 0xfffff000ULL / 256, i++) {
		uint64_t pa = virt_to_phys(mmsim_kernel_ptr(m, va));

		if (!mmsim_kernel_ptr(m, va))
			continue;	/* a hole or beyond RAM */
		check(mmsim_walk(va, MMSIM_ACCESS_READ, 1, &w) == 0,
		      "the MMU translates the linear map");
		check(w.pa == pa, "the MMU finds the same physical address");
		check(!(w.perms & (MMSIM_PERM_EL1_X | MMSIM_PERM_EL0_R)),
		      "the linear map is neither executable nor for EL0");
	}
	printf("\nWhy the shapes: the first GiB holds the kernel image (at PA 0x%" PRIx64 "),\n"
	       "whose alias map_mem() maps first: a table of 2 MiB blocks, not a 1 GiB\n"
	       "block; its first 32 MiB lack the Contiguous hint (tables and unhinted\n"
	       "blocks are in the group); the holes leave 4 KiB pages around them,\n"
	       "with the hint only where 64 KiB runs are whole.\n",
	       (uint64_t)virt_to_phys(mmsim_kernel_ptr(m, kimage_vaddr)));

	if (failures) {
		printf("%d check(s) failed\n", failures);
		mmsim_shutdown(m);
		return 1;
	}
	return example_end(m, 0);
}
