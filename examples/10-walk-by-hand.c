// SPDX-License-Identifier: MIT
/*
 * 10-walk-by-hand: translate a kernel virtual address the way the MMU
 * does, one table at a time, then ask the MMU and compare.
 *
 *	./build/examples/10-walk-by-hand ["boot parameters"]
 *
 * A kmalloc() object lives in the kernel's linear map: its virtual
 * address is PAGE_OFFSET + (its physical address - PHYS_OFFSET).  The
 * CPU finds the physical address by reading translation tables from
 * RAM (Arm ARM D8.2):
 *
 *   VA[55] = 1           -> the kernel half: TTBR1_EL1 holds the first table
 *   TCR_EL1.T1SZ = 16    -> 64 - 16 = 48-bit addresses
 *   TCR_EL1.TG1 = 0b10   -> 4 KiB granule: 512 entries of 8 bytes a table,
 *                           9 bits of the VA per level
 *
 *   VA: | 63..48 | 47..39 | 38..30 | 29..21 | 20..12 | 11..0  |
 *       | all 1s | L0 idx | L1 idx | L2 idx | L3 idx | offset |
 *
 * At each level: descriptor address = table + 8 * index; the descriptor's
 * bits [1:0] say what it is: 0b11 at levels 0-2 is a table (bits [47:12]
 * are the next table), 0b01 at level 1 or 2 is a block (1 GiB or 2 MiB of
 * memory in one entry), 0b11 at level 3 is a page, bit 0 clear is a
 * fault.  Linux maps the linear map with the biggest blocks it can
 * (arch/arm64/mm/mmu.c: map_mem()), so this walk usually ends early, at
 * a 2 MiB block, with the low 21 bits of the VA as the offset in it.
 *
 * The program reads each descriptor itself (the tables are ordinary
 * simulated RAM: phys_to_virt() gives a pointer to them), prints what
 * it decodes, then compares every step with the MMU's own recorded walk
 * (mmsim_walk(), what the scenario command `walk kernel VA r` prints)
 * and finally loads the object's bytes through the MMU.
 */
#include <errno.h>
#include <inttypes.h>
#include <mmsim/mmu.h>

#include "example.h"

static uint64_t bits(uint64_t x, int hi, int lo)
{
	return (x >> lo) & ((2ULL << (hi - lo)) - 1);
}

int main(int argc, char **argv)
{
	struct mmsim *m = mmsim_boot(argc > 1 ? argv[1] : "mem=256M");
	uint64_t ttbr1, tcr, va, table, desc = 0, pa = 0, got;
	struct mmsim_walk w;
	int level, start, va_bits, n = 0;
	char *obj;

	if (!m) {
		fprintf(stderr, "boot: %s\n", mmsim_strerror());
		return 2;
	}
	obj = kmalloc(64, GFP_KERNEL);
	strcpy(obj, "hello from the linear map");
	va = mmsim_kernel_va(m, obj);
	printf("kmalloc(64) = host %p, physical 0x%" PRIx64 ", kernel VA 0x%016" PRIx64 "\n\n",
	       (void *)obj, (uint64_t)virt_to_phys(obj), va);

	mmsim_read_sysreg(MMSIM_TTBR1_EL1, &ttbr1);
	mmsim_read_sysreg(MMSIM_TCR_EL1, &tcr);
	va_bits = 64 - (int)bits(tcr, 21, 16);		/* T1SZ */
	check(bits(tcr, 31, 30) == 2, "TCR_EL1.TG1 is 4K");
	/* levels needed: ceil((va_bits - 12) / 9); the walk starts at 4 - that */
	start = 4 - (va_bits - 12 + 8) / 9;
	table = ttbr1 & 0x0000fffffffffffeULL;		/* BADDR */
	printf("TTBR1_EL1 = 0x%016" PRIx64 "  TCR_EL1.T1SZ = %" PRIu64
	       " (%d-bit VA): start at level %d\n",
	       ttbr1, bits(tcr, 21, 16), va_bits, start);

	for (level = start; level <= 3; level++) {
		int shift = 12 + 9 * (3 - level);
		int top = level == start ? va_bits - 1 : shift + 8;
		uint64_t idx = bits(va, top, shift);
		uint64_t daddr = table + 8 * idx;

		desc = *(uint64_t *)phys_to_virt(daddr);
		printf("  L%d: index VA[%d:%d] = %3" PRIu64 ", descriptor at 0x%" PRIx64 " = 0x%016" PRIx64 ": ",
		       level, top, shift, idx, daddr, desc);
		if (n < 4) {
			/* the MMU's record must show the same read */
			if (mmsim_walk(va, MMSIM_ACCESS_READ, 1, &w) == 0 &&
			    n < w.nr_levels) {
				check(w.levels[n].desc_pa == daddr,
				      "the MMU read the same descriptor address");
				check(w.levels[n].desc == desc,
				      "the MMU read the same descriptor");
			}
			n++;
		}
		if (!(desc & 1)) {
			printf("invalid -> translation fault\n");
			check(0, "the linear map is mapped");
			break;
		}
		if ((desc & 3) == 3 && level < 3) {
			table = desc & 0x0000fffffffff000ULL;
			printf("table -> next table at 0x%" PRIx64 "\n", table);
			continue;
		}
		/* a block (levels 1, 2) or a page (level 3) */
		pa = (desc & (0x0000ffffffffffffULL << shift) & 0x0000ffffffffffffULL) |
		     bits(va, shift - 1, 0);
		printf("%s of %lu KiB at 0x%" PRIx64 " -> PA = that | VA[%d:0] = 0x%" PRIx64 "\n",
		       level == 3 ? "page" : "block", (1UL << shift) >> 10,
		       (uint64_t)(desc & 0x0000fffffffff000ULL & (~0ULL << shift)),
		       shift - 1, pa);
		printf("       AF=%" PRIu64 " AP[2:1]=%" PRIu64 " (EL0 %s) PXN=%" PRIu64 " UXN=%" PRIu64 " AttrIndx=%" PRIu64 "%s\n",
		       bits(desc, 10, 10), bits(desc, 7, 6),
		       bits(desc, 6, 6) ? "may access" : "no access",
		       bits(desc, 53, 53), bits(desc, 54, 54), bits(desc, 4, 2),
		       bits(desc, 52, 52) ? " Contiguous" : "");
		break;
	}
	check(pa == (uint64_t)virt_to_phys(obj),
	      "the hand walk found the object's physical address");

	printf("\nThe MMU's own walk (the scenario's `walk kernel 0x%" PRIx64 " r`):\n", va);
	check(mmsim_walk(va, MMSIM_ACCESS_READ, 1, &w) == 0, "mmsim_walk");
	mmsim_walk_print(&w, stdout);
	check(w.pa == pa, "the MMU agrees with the hand walk");
	check(w.nr_levels == n, "as many levels");

	/* a load through the MMU (TLB miss, walk, fill), then a TLB hit */
	check(mmsim_mmu_load64(va, &got) == 0, "load through the MMU");
	check(memcmp(&got, obj, 8) == 0, "the MMU reads the object's bytes");
	printf("\nmmsim_mmu_load64(0x%" PRIx64 ") = \"%.8s\": the same bytes as the host pointer\n",
	       va, (char *)&got);

	/* EL0 may not read kernel memory: AP[1] is 0 */
	{
		struct mmsim_fault f;
		uint64_t v;

		check(mmsim_mmu_read(va, &v, 8, 0, &f) == -EFAULT,
		      "EL0 cannot read the linear map");
		printf("the same load from EL0: %s fault, level %d, ESR_EL1 0x%08" PRIx64 "\n",
		       mmsim_fault_name(f.type), f.level, f.esr);
		check(f.type == MMSIM_FAULT_PERMISSION, "a permission fault");
	}
	kfree(obj);
	if (failures) {
		printf("%d check(s) failed\n", failures);
		mmsim_shutdown(m);
		return 1;
	}
	return example_end(m, 0);
}
