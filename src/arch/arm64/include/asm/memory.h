/* SPDX-License-Identifier: MIT */
/*
 * The kernel's virtual address space on arm64 (read beside the kernel's
 * arch/arm64/include/asm/memory.h, pgtable.h and fixmap.h, Linux 6.18),
 * for 4 KiB pages and VA_BITS = VA_BITS_MIN = 39, 42, 47 or 48 (no
 * 52-bit VAs, no KASAN, no KASLR).
 *
 * The TTBR1 half, for VA_BITS = 48 (m->layout, filled by paging_init()):
 *
 *   ffff000000000000  PAGE_OFFSET   +----------------------------+
 *                                   | linear map of all RAM      |  2^47
 *   ffff800000000000  PAGE_END      +----------------------------+
 *                     MODULES_VADDR | modules                    |  2 GiB
 *   ffff800080000000  MODULES_END   +----------------------------+
 *                     KIMAGE_VADDR  | kernel image (vmlinux)     |
 *                     VMALLOC_START | vmalloc, vmap ...          |
 *   fffffdffbf800000  VMALLOC_END   +----------------------------+
 *                                   | 8 MiB guard                |
 *   fffffdffc0000000  VMEMMAP_START +----------------------------+
 *                                   | vmemmap: struct page[]     |  2 TiB
 *   ffffffffc0000000  VMEMMAP_END   +----------------------------+
 *                                   | 8 MiB guard, 16 MiB PCI    |
 *                                   | I/O, ... fixmap (top down) |
 *   ffffffffff800000  FIXADDR_TOP   +----------------------------+
 *                                   | 8 MiB guard                |
 *
 * Every boundary is a formula of VA_BITS, computed once at boot into
 * struct kernel_layout (sim/machine.h), so that a machine with
 * va_bits=39 and one with va_bits=48 can live in one process.
 *
 * Two kinds of "virtual address" meet here.  A *kernel VA* is what the
 * simulated MMU translates (u64, in the TTBR1 range).  A *host pointer*
 * is what a program dereferences.  For the linear map the host pointer
 * of physical address pa is arena + (pa - m->phys_offset) (DESIGN.md
 * 3.3); __phys_to_virt() below gives the kernel VA of the same byte.
 */
#ifndef _ASM_MEMORY_H
#define _ASM_MEMORY_H

#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <sim/machine.h>

#ifndef SZ_8M
#define SZ_8M			0x00800000UL
#endif
#ifndef SZ_16M
#define SZ_16M			0x01000000UL
#endif
#ifndef SZ_2G
#define SZ_2G			0x80000000UL
#endif

/* sizeof(struct page): 64 bytes (STRUCT_PAGE_MAX_SHIFT 6) */
#define STRUCT_PAGE_MAX_SHIFT	6

/* Size of the PCI I/O space; a power of two (IO_SPACE_LIMIT is a mask). */
#define PCI_IO_SIZE		SZ_16M
#define MODULES_VSIZE		SZ_2G

/* _PAGE_OFFSET(va), _PAGE_END(va): the two halves of the TTBR1 range */
static inline u64 _PAGE_OFFSET(unsigned int va)
{
	return -(1ULL << va);
}

static inline u64 _PAGE_END(unsigned int va)
{
	return -(1ULL << (va - 1));
}

/*
 * The permanent fixmap slots of an arm64 defconfig build (fixmap.h,
 * enum fixed_addresses, up to __end_of_permanent_fixed_addresses):
 *
 *	FIX_HOLE					1
 *	FIX_FDT_END .. FIX_FDT		1 + 2M / 4K + 1 (MAX_FDT_SIZE)
 *	FIX_EARLYCON_MEM_BASE, FIX_TEXT_POKE0		2
 *	FIX_VNCR_END .. FIX_VNCR (KVM)	1 + NR_CPUS (512)
 *	FIX_APEI_GHES_IRQ, _SEA, _SDEI_NORMAL,
 *	_SDEI_CRITICAL (APEI_GHES, SDEI)		4
 *	FIX_ENTRY_TRAMP_TEXT4..1 (KPTI, RELOCATABLE)	4
 *
 * = 1038 slots; FIXADDR_SIZE = 1038 pages (4152 KiB) below FIXADDR_TOP.
 * The early_ioremap() slots and FIX_PTE..FIX_PGD lie below FIXADDR_START
 * and are used only during boot (FIXADDR_TOT_SIZE).
 */
#define MAX_FDT_SIZE		SZ_2M
#define FIX_NR_CPUS		512	/* CONFIG_NR_CPUS of defconfig */
#define __end_of_permanent_fixed_addresses				\
	(1 + 1 + MAX_FDT_SIZE / PAGE_SIZE + 1 + 2 + 1 + FIX_NR_CPUS + 4 + 4)
#define FIXADDR_SIZE \
	((u64)__end_of_permanent_fixed_addresses << PAGE_SHIFT)

/*
 * ARM64_MEMSTART_ALIGN: PHYS_OFFSET (memstart_addr) is the start of DRAM
 * rounded down to PUD_SIZE with 4K pages (arm64_memblock_init()), so
 * that the linear map can use 1 GiB blocks.
 */
#define ARM64_MEMSTART_ALIGN	(1ULL << 30)

/*
 * Fill @l from @va_bits with memory.h's and pgtable.h's formulas.
 * Mirrors: arch/arm64/include/asm/memory.h:PAGE_OFFSET and the other
 * layout macros (VA_BITS_MIN == VA_BITS), VMALLOC_START/END of
 * asm/pgtable.h, FIXADDR_* of fixmap.h.
 */
static inline void kernel_layout_init(struct kernel_layout *l,
				      unsigned int va_bits)
{
	u64 vmemmap_size;

	l->va_bits = va_bits;
	l->page_offset = _PAGE_OFFSET(va_bits);		/* PAGE_OFFSET */
	l->page_end = _PAGE_END(va_bits);		/* PAGE_END */
	l->modules_vaddr = l->page_end;		/* MODULES_VADDR */
	l->modules_end = l->modules_vaddr + MODULES_VSIZE;
	l->kimage_vaddr = l->modules_end;		/* KIMAGE_VADDR */
	/* VMEMMAP_RANGE = _PAGE_END(VA_BITS_MIN) - PAGE_OFFSET */
	vmemmap_size = ((l->page_end - l->page_offset) >> PAGE_SHIFT)
		       << STRUCT_PAGE_MAX_SHIFT;
	l->vmemmap_end = -(u64)SZ_1G;			/* VMEMMAP_END */
	l->vmemmap_start = l->vmemmap_end - vmemmap_size;
	l->vmalloc_start = l->modules_end;		/* VMALLOC_START */
	l->vmalloc_end = l->vmemmap_start - SZ_8M;	/* VMALLOC_END */
	l->pci_io_start = l->vmemmap_end + SZ_8M;	/* PCI_IO_START */
	l->pci_io_end = l->pci_io_start + PCI_IO_SIZE;
	l->fixaddr_top = -(u64)SZ_8M;			/* FIXADDR_TOP */
	l->fixaddr_start = l->fixaddr_top - FIXADDR_SIZE;
}

/* The kernel's spellings, for the machine of the calling thread. */
#define KLAYOUT		(this_machine()->layout)
#define VA_BITS		(KLAYOUT.va_bits)
#define PAGE_OFFSET	(KLAYOUT.page_offset)
#define PAGE_END	(KLAYOUT.page_end)
#define MODULES_VADDR	(KLAYOUT.modules_vaddr)
#define MODULES_END	(KLAYOUT.modules_end)
#define KIMAGE_VADDR	(KLAYOUT.kimage_vaddr)
#define VMALLOC_START	(KLAYOUT.vmalloc_start)
#define VMALLOC_END	(KLAYOUT.vmalloc_end)
#define VMEMMAP_START	(KLAYOUT.vmemmap_start)
#define VMEMMAP_END	(KLAYOUT.vmemmap_end)
#define PCI_IO_START	(KLAYOUT.pci_io_start)
#define PCI_IO_END	(KLAYOUT.pci_io_end)
#define FIXADDR_START	(KLAYOUT.fixaddr_start)
#define FIXADDR_TOP	(KLAYOUT.fixaddr_top)

/*
 * memstart_addr, PHYS_OFFSET: the physical address the linear map
 * starts from (arm64_memblock_init(): round_down(memblock_start_of_DRAM(),
 * ARM64_MEMSTART_ALIGN)).  With the default phys_offset=0x40000000 it is
 * m->phys_offset itself.
 */
static inline phys_addr_t memstart_addr(const struct mmsim *m)
{
	return memblock_start_of_DRAM(&m->memblock) &
	       ~(ARM64_MEMSTART_ALIGN - 1);
}
#define PHYS_OFFSET	memstart_addr(this_machine())

/*
 * Linear map conversions between physical addresses and kernel VAs.
 * Mirrors: arch/arm64/include/asm/memory.h:__phys_to_virt(),
 * __is_lm_address(), __lm_to_phys()
 */
static inline u64 phys_to_kernel_va(const struct mmsim *m, phys_addr_t pa)
{
	return (u64)(pa - memstart_addr(m)) | m->layout.page_offset;
}

static inline bool __is_lm_address_m(const struct mmsim *m, u64 va)
{
	return (va & ~m->layout.page_offset) <
	       m->layout.page_end - m->layout.page_offset;
}

static inline phys_addr_t lm_va_to_phys(const struct mmsim *m, u64 va)
{
	return (va & ~m->layout.page_offset) + memstart_addr(m);
}

#define __phys_to_virt(pa)	phys_to_kernel_va(this_machine(), (pa))
#define __is_lm_address(va)	__is_lm_address_m(this_machine(), (va))
#define __lm_to_phys(va)	lm_va_to_phys(this_machine(), (va))

/*
 * The kernel image: linked at KIMAGE_VADDR (no KASLR), loaded at
 * m->kimage_start.  kimage_voffset is the difference.
 */
static inline u64 kimage_voffset(const struct mmsim *m)
{
	return m->layout.kimage_vaddr - m->kimage_start;
}

/* __virt_to_phys(): the linear map, else the kernel image. */
static inline phys_addr_t kernel_va_to_phys(const struct mmsim *m, u64 va)
{
	if (__is_lm_address_m(m, va))
		return lm_va_to_phys(m, va);
	return va - kimage_voffset(m);
}
#define __virt_to_phys(va)	kernel_va_to_phys(this_machine(), (va))

/* The host pointer through which the simulator reaches @pa (the arena). */
static inline void *pa_to_host(const struct mmsim *m, phys_addr_t pa)
{
	return m->arena + (pa - m->phys_offset);
}

#endif /* _ASM_MEMORY_H */
