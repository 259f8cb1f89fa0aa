// SPDX-License-Identifier: MIT
/*
 * The kernel's own address space (arch/arm64/mm/mmu.c, Linux 6.18, with
 * arch/arm64/kernel/pi/map_kernel.c and map_range.c for the image and
 * arch/arm64/mm/proc.S:__cpu_setup for the registers).
 *
 * paging_init() builds swapper_pg_dir, the table TTBR1_EL1 points at:
 *
 *   map_kernel()   the kernel image at KIMAGE_VADDR, segment by segment
 *                  (text ROX, rodata RO, init text ROX, init data and
 *                  data/bss RW), with tables taken from the image itself
 *                  as the early boot code takes them from init_pg_dir
 *   map_mem()      the linear map of every memblock.memory region at
 *                  PAGE_OFFSET + (pa - PHYS_OFFSET), with the largest
 *                  mappings alignment allows (__create_pgd_mapping()):
 *
 *        level 1   1 GiB block    if VA, PA and end are 1 GiB aligned
 *        level 2   2 MiB block,   PMD_SECT_CONT on runs of 16 (32 MiB)
 *        level 3   4 KiB page,    PTE_CONT on runs of 16 (64 KiB)
 *
 *                  tables from memblock (early_pgtable_alloc())
 *   __cpu_setup()  MAIR, TCR, SCTLR of every CPU; TTBR1 = swapper_pg_dir,
 *                  TTBR0 = reserved_pg_dir (cpu_set_reserved_ttbr0())
 *
 * swapper_pg_dir and reserved_pg_dir are pages of the kernel image, as
 * in vmlinux.lds.S: the last two pages of the read-only data, just below
 * __init_begin (RESERVED_SWAPPER_OFFSET = PAGE_SIZE apart).
 *
 * The linear map here is the arena (DESIGN.md 3.3): the simulator never
 * needs the fixmap to reach a new table, __va(pa) is its host address.
 * Tables allocated after boot (vmalloc) come from the buddy allocator,
 * as pagetable_alloc() does, and count in NR_PAGETABLE ("PageTables").
 *
 * The layout report and the conversions between host pointers and
 * kernel VAs are in mmu_layout.c.
 *
 * Simplifications: no KASLR, no KPTI (kernel mappings are global), no
 * BTI guard bits, no MTE (MT_NORMAL_TAGGED is plain Normal memory), no
 * rodata=full: the CPU is taken to have BBML2_NOABORT, so the linear map
 * keeps its block mappings (force_pte_mapping() is false), and no
 * fixmap, vmemmap or idmap mappings.  The __init segments stay mapped,
 * as the simulator never frees init memory.
 */
#include <errno.h>
#include <string.h>

#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

#define NO_BLOCK_MAPPINGS	BIT(0)
#define NO_CONT_MAPPINGS	BIT(1)
#define NO_EXEC_MAPPINGS	BIT(2)	/* assumes no FEAT_HPDS */

#define INVALID_PHYS_ADDR	(~(phys_addr_t)0)

/* A broken page-table invariant: the kernel BUG()s; we report. */
#define BUG_ON(cond)		__VM_CHECK("BUG_ON", cond, NULL)

enum pgtable_level {
	PGTABLE_LEVEL_PTE,
	PGTABLE_LEVEL_PMD,
	PGTABLE_LEVEL_PUD,
	PGTABLE_LEVEL_P4D,
	PGTABLE_LEVEL_PGD,
};

typedef phys_addr_t (*pgtable_alloc_fn)(enum pgtable_level level);

/* ------------------------------------------------------------------ */
/* The kernel image, as vmlinux.lds.S lays it out                       */

/*
 * _text/_stext .. _etext                          .text     ROX
 * __start_rodata .. __init_begin                  .rodata   RO
 *        ... reserved_pg_dir, swapper_pg_dir (the last two pages)
 * __inittext_begin .. __inittext_end              init text ROX
 * __initdata_begin .. __initdata_end = __init_end init data RW
 * _data .. _edata, __bss_start .. _end            data, bss RW
 *
 * The sizes are the machine's (sim/machine.c); its single "init" size
 * is split in halves between init text and init data.
 */
void kernel_image_segments(const struct mmsim *m,
			   struct kernel_segment seg[KERNEL_SEGMENT_COUNT])
{
	phys_addr_t text = m->kimage_start;
	phys_addr_t rodata = text + m->kimage_text;
	phys_addr_t init_begin = rodata + m->kimage_rodata;
	phys_addr_t initdata = init_begin +
			       ALIGN(m->kimage_init / 2, PAGE_SIZE);
	phys_addr_t init_end = init_begin + m->kimage_init;

	seg[KSEG_TEXT] = (struct kernel_segment){ text, rodata };
	seg[KSEG_RODATA] = (struct kernel_segment){ rodata, init_begin };
	seg[KSEG_INITTEXT] = (struct kernel_segment){ init_begin, initdata };
	seg[KSEG_INITDATA] = (struct kernel_segment){ initdata, init_end };
	seg[KSEG_DATA] = (struct kernel_segment){ init_end, m->kimage_end };
}

/* Mirrors: arch/arm64/mm/mmu.c:declare_vma(), declare_kernel_vmas() */
static void declare_vma(struct vm_struct *vma, const struct mmsim *m,
			const struct kernel_segment *seg,
			unsigned long vm_flags, const void *caller)
{
	unsigned long size = seg->end - seg->start;

	if (!(vm_flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	vma->addr = seg->start + kimage_voffset(m);
	vma->phys_addr = seg->start;
	vma->size = size;
	vma->flags = VM_MAP | vm_flags;
	vma->caller = caller;
}

void declare_kernel_vmas(struct mmsim *m,
			 struct vm_struct vmlinux_seg[KERNEL_SEGMENT_COUNT])
{
	struct kernel_segment seg[KERNEL_SEGMENT_COUNT];
	const void *caller = __builtin_return_address(0);
	int i;

	kernel_image_segments(m, seg);
	for (i = 0; i < KERNEL_SEGMENT_COUNT; i++)
		declare_vma(&vmlinux_seg[i], m, &seg[i],
			    i == KSEG_DATA ? 0 : VM_NO_GUARD, caller);
}

/* ------------------------------------------------------------------ */
/* Page-table pages                                                     */

/*
 * Mirrors: arch/arm64/mm/mmu.c:pgattr_change_is_safe(): which changes to
 * a live entry need no break-before-make.
 */
bool pgattr_change_is_safe(pteval_t old, pteval_t new)
{
	pteval_t mask = PTE_PXN | PTE_RDONLY | PTE_WRITE | PTE_NG |
			PTE_SWBITS_MASK;

	/* creating or taking down mappings is always safe */
	if (!pte_valid(__pte(old)) || !pte_valid(__pte(new)))
		return true;
	/* a live entry's pfn should not change */
	if (pte_pfn(__pte(old)) != pte_pfn(__pte(new)))
		return false;
	/* transitioning from non-global to global is unsafe */
	if (old & ~new & PTE_NG)
		return false;
	return ((old ^ new) & ~mask) == 0;
}

static void init_clear_pgtable(void *table)
{
	memset(table, 0, PAGE_SIZE);
	/* Ensure the zeroing is observed by page table walks. */
	dsb(ishst);
}

/*
 * Mirrors: arch/arm64/mm/mmu.c:early_pgtable_alloc(): a page from
 * memblock (top down)
 */
static phys_addr_t early_pgtable_alloc(enum pgtable_level level)
{
	phys_addr_t phys;

	(void)level;
	phys = memblock_alloc_range_nid(this_machine(), PAGE_SIZE, PAGE_SIZE, 0,
					MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE,
					"early_pgtable_alloc");
	return phys ? phys : INVALID_PHYS_ADDR;
}

/*
 * A kernel page-table page after boot.
 * Mirrors: include/linux/mm.h:pagetable_alloc() + pagetable_pte_ctor()
 * (__pagetable_ctor(): the page becomes PageTable and counts in
 * NR_PAGETABLE).  The caller clears it (init_clear_pgtable()), or asks
 * for __GFP_ZERO.
 */
phys_addr_t kernel_pgtable_alloc(struct mmsim *m, gfp_t gfp)
{
	struct page *page = mmsim_alloc_pages(gfp & ~__GFP_HIGHMEM, 0);

	if (!page)
		return INVALID_PHYS_ADDR;
	__SetPageTable(page);
	mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_PAGETABLE, 1);
	return page_to_phys(page);
}

/* Mirrors: include/linux/mm.h:pagetable_dtor_free() */
void kernel_pgtable_free(struct mmsim *m, phys_addr_t pa)
{
	struct page *page = pfn_to_page(PHYS_PFN(pa));

	__ClearPageTable(page);
	mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_PAGETABLE, -1);
	mmsim___free_pages(page, 0);
}

/* ------------------------------------------------------------------ */
/* __create_pgd_mapping(): the linear map                               */

static void init_pte(pte_t *ptep, u64 addr, u64 end, phys_addr_t phys,
		     pgprot_t prot)
{
	do {
		pte_t old_pte = __ptep_get(ptep);

		/* the barriers come at the end of alloc_init_cont_pte() */
		__set_pte_nosync(ptep, pfn_pte(PHYS_PFN(phys), prot));
		/* once populated, only permission changes are allowed */
		BUG_ON(!pgattr_change_is_safe(pte_val(old_pte),
					      pte_val(__ptep_get(ptep))));
		phys += PAGE_SIZE;
	} while (ptep++, addr += PAGE_SIZE, addr != end);
}

static bool pte_range_has_valid_noncont(pte_t *ptep)
{
	int i;

	for (i = 0; i < CONT_PTES; i++) {
		pte_t pte = __ptep_get(&ptep[i]);

		if (pte_valid(pte) && !pte_cont(pte))
			return true;
	}
	return false;
}

static int alloc_init_cont_pte(pmd_t *pmdp, u64 addr, u64 end,
			       phys_addr_t phys, pgprot_t prot,
			       pgtable_alloc_fn pgtable_alloc, int flags)
{
	pmd_t pmd = pmdp_get(pmdp);
	pte_t *ptep;
	u64 next;

	BUG_ON(pmd_leaf(pmd));
	if (pmd_none(pmd)) {
		pmdval_t pmdval = PMD_TYPE_TABLE | PMD_TABLE_UXN | PMD_TABLE_AF;
		phys_addr_t pte_phys;

		if (flags & NO_EXEC_MAPPINGS)
			pmdval |= PMD_TABLE_PXN;
		pte_phys = pgtable_alloc(PGTABLE_LEVEL_PTE);
		if (pte_phys == INVALID_PHYS_ADDR)
			return -ENOMEM;
		ptep = __va(pte_phys);
		init_clear_pgtable(ptep);
		ptep += pte_index(addr);
		__pmd_populate(pmdp, pte_phys, pmdval);
	} else {
		BUG_ON(pmd_bad(pmd));
		ptep = pte_offset_kernel(pmdp, addr);
	}

	do {
		pgprot_t __prot = prot;

		next = pte_cont_addr_end(addr, end);
		/* a contiguous run if VA, PA and the end are 64K aligned */
		if (((addr | next | phys) & ~CONT_PTE_MASK) == 0 &&
		    (flags & NO_CONT_MAPPINGS) == 0 &&
		    !pte_range_has_valid_noncont(ptep))
			__prot = __pgprot(pgprot_val(prot) | PTE_CONT);
		init_pte(ptep, addr, next, phys, __prot);
		ptep += pte_index(next) - pte_index(addr);
		phys += next - addr;
	} while (addr = next, addr != end);

	/* the kernel's pte_clear_fixmap() makes the writes visible */
	dsb(ishst);
	return 0;
}

/* Mirrors: arch/arm64/mm/mmu.c:pmd_set_huge(), pud_set_huge() */
static int pmd_set_huge(pmd_t *pmdp, phys_addr_t phys, pgprot_t prot)
{
	pmd_t new_pmd = pfn_pmd(PHYS_PFN(phys), mk_pmd_sect_prot(prot));

	if (!pgattr_change_is_safe(pmd_val(pmdp_get(pmdp)), pmd_val(new_pmd)))
		return 0;
	set_pmd(pmdp, new_pmd);
	return 1;
}

static int pud_set_huge(pud_t *pudp, phys_addr_t phys, pgprot_t prot)
{
	pud_t new_pud = pfn_pud(PHYS_PFN(phys), mk_pud_sect_prot(prot));

	if (!pgattr_change_is_safe(pud_val(pudp_get(pudp)), pud_val(new_pud)))
		return 0;
	set_pud(pudp, new_pud);
	return 1;
}

static int init_pmd(pmd_t *pmdp, u64 addr, u64 end, phys_addr_t phys,
		    pgprot_t prot, pgtable_alloc_fn pgtable_alloc, int flags)
{
	u64 next;
	int ret;

	do {
		pmd_t old_pmd = pmdp_get(pmdp);

		next = pmd_addr_end(addr, end);
		/* try section mapping first */
		if (((addr | next | phys) & ~PMD_MASK) == 0 &&
		    (flags & NO_BLOCK_MAPPINGS) == 0 && !pmd_table(old_pmd)) {
			WARN_ON(!pmd_set_huge(pmdp, phys, prot));
			BUG_ON(!pgattr_change_is_safe(pmd_val(old_pmd),
						      pmd_val(pmdp_get(pmdp))));
		} else {
			ret = alloc_init_cont_pte(pmdp, addr, next, phys, prot,
						  pgtable_alloc, flags);
			if (ret)
				return ret;
		}
		phys += next - addr;
	} while (pmdp++, addr = next, addr != end);
	return 0;
}

static bool pmd_range_has_valid_noncont(pmd_t *pmdp)
{
	int i;

	for (i = 0; i < CONT_PMDS; i++) {
		pte_t pte = pmd_pte(pmdp_get(&pmdp[i]));

		if (pte_valid(pte) && !pte_cont(pte))
			return true;
	}
	return false;
}

static int alloc_init_cont_pmd(pud_t *pudp, u64 addr, u64 end,
			       phys_addr_t phys, pgprot_t prot,
			       pgtable_alloc_fn pgtable_alloc, int flags)
{
	pud_t pud = pudp_get(pudp);
	pmd_t *pmdp;
	u64 next;
	int ret;

	/* check for initial section mappings in the pgd/pud */
	BUG_ON(pud_leaf(pud));
	if (pud_none(pud)) {
		pudval_t pudval = PUD_TYPE_TABLE | PUD_TABLE_UXN | PUD_TABLE_AF;
		phys_addr_t pmd_phys;

		if (flags & NO_EXEC_MAPPINGS)
			pudval |= PUD_TABLE_PXN;
		pmd_phys = pgtable_alloc(PGTABLE_LEVEL_PMD);
		if (pmd_phys == INVALID_PHYS_ADDR)
			return -ENOMEM;
		pmdp = __va(pmd_phys);
		init_clear_pgtable(pmdp);
		pmdp += pmd_index(addr);
		__pud_populate(pudp, pmd_phys, pudval);
	} else {
		BUG_ON(pud_bad(pud));
		pmdp = pmd_offset(pudp, addr);
	}

	do {
		pgprot_t __prot = prot;

		next = pmd_cont_addr_end(addr, end);
		/* a contiguous run of blocks if 32M aligned */
		if (((addr | next | phys) & ~CONT_PMD_MASK) == 0 &&
		    (flags & NO_CONT_MAPPINGS) == 0 &&
		    !pmd_range_has_valid_noncont(pmdp))
			__prot = __pgprot(pgprot_val(prot) | PTE_CONT);
		ret = init_pmd(pmdp, addr, next, phys, __prot, pgtable_alloc,
			       flags);
		if (ret)
			return ret;
		pmdp += pmd_index(next) - pmd_index(addr);
		phys += next - addr;
	} while (addr = next, addr != end);
	return 0;
}

static int alloc_init_pud(p4d_t *p4dp, u64 addr, u64 end, phys_addr_t phys,
			  pgprot_t prot, pgtable_alloc_fn pgtable_alloc,
			  int flags)
{
	p4d_t p4d = p4dp_get(p4dp);
	pud_t *pudp;
	u64 next;
	int ret;

	if (p4d_none(p4d)) {
		p4dval_t p4dval = P4D_TYPE_TABLE | P4D_TABLE_UXN | P4D_TABLE_AF;
		phys_addr_t pud_phys;

		if (flags & NO_EXEC_MAPPINGS)
			p4dval |= P4D_TABLE_PXN;
		pud_phys = pgtable_alloc(PGTABLE_LEVEL_PUD);
		if (pud_phys == INVALID_PHYS_ADDR)
			return -ENOMEM;
		init_clear_pgtable(__va(pud_phys));
		__p4d_populate(p4dp, pud_phys, p4dval);
	} else {
		BUG_ON(p4d_bad(p4d));
	}
	pudp = pud_offset(p4dp, addr);

	do {
		pud_t old_pud = pudp_get(pudp);

		next = pud_addr_end(addr, end);
		/* for the 4K granule only: a 1 GiB block */
		if (pud_sect_supported() &&
		    ((addr | next | phys) & ~PUD_MASK) == 0 &&
		    (flags & NO_BLOCK_MAPPINGS) == 0 && !pud_table(old_pud)) {
			WARN_ON(!pud_set_huge(pudp, phys, prot));
			BUG_ON(!pgattr_change_is_safe(pud_val(old_pud),
						      pud_val(pudp_get(pudp))));
		} else {
			ret = alloc_init_cont_pmd(pudp, addr, next, phys, prot,
						  pgtable_alloc, flags);
			if (ret)
				return ret;
		}
		phys += next - addr;
	} while (pudp++, addr = next, addr != end);
	return 0;
}

/*
 * Map [virt, virt + size) to [phys, ...) in the tables rooted at @pgdir
 * (a host pointer), allocating tables with @pgtable_alloc.  The p4d is
 * always folded into the pgd, and with three levels the pud is too:
 * pud_offset() then returns the pgd entry itself, so alloc_init_pud()
 * puts 1 GiB blocks straight into the pgd, as the kernel's folding does.
 * Mirrors: arch/arm64/mm/mmu.c:__create_pgd_mapping_locked() (no
 * alloc_init_p4d(): there are never 5 levels)
 */
static int __create_pgd_mapping(pgd_t *pgdir, phys_addr_t phys, u64 virt,
				phys_addr_t size, pgprot_t prot,
				pgtable_alloc_fn pgtable_alloc, int flags)
{
	pgd_t *pgdp = pgd_offset_pgd(pgdir, virt);
	u64 addr, end, next;
	int ret;

	if (WARN_ON((phys ^ virt) & ~PAGE_MASK))
		return -EINVAL;
	phys &= PAGE_MASK;
	addr = virt & PAGE_MASK;
	end = ALIGN(virt + size, PAGE_SIZE);

	do {
		next = pgd_addr_end(addr, end);
		ret = alloc_init_pud(p4d_offset(pgdp, addr), addr, next, phys,
				     prot, pgtable_alloc, flags);
		if (ret)
			return ret;
		phys += next - addr;
	} while (pgdp++, addr = next, addr != end);
	return 0;
}

/* Mirrors: arch/arm64/mm/mmu.c:__map_memblock() */
static int __map_memblock(struct mmsim *m, phys_addr_t start, phys_addr_t end,
			  pgprot_t prot, int flags)
{
	return __create_pgd_mapping(__va(m->swapper_pg_dir), start,
				    __phys_to_virt(start), end - start, prot,
				    early_pgtable_alloc, flags);
}

/*
 * The linear map: the kernel image's text+rodata and data+bss first, so
 * that their permissions can change later without splitting the blocks
 * of the loop below, then every memory bank.  RAM beyond PAGE_END is not
 * mapped (arm64_memblock_init() would have removed it).
 * Mirrors: arch/arm64/mm/mmu.c:map_mem() (force_pte_mapping() false: no
 * flags but NO_EXEC_MAPPINGS)
 */
static int map_mem(struct mmsim *m)
{
	const struct memblock_region *r;
	struct kernel_segment seg[KERNEL_SEGMENT_COUNT];
	phys_addr_t lm_end = lm_va_to_phys(m, m->layout.page_end - 1) + 1;
	int flags = NO_EXEC_MAPPINGS;
	int ret;

	kernel_image_segments(m, seg);
	ret = __map_memblock(m, seg[KSEG_TEXT].start, seg[KSEG_RODATA].end,
			     pgprot_tagged(PAGE_KERNEL), flags);
	if (!ret)
		ret = __map_memblock(m, seg[KSEG_DATA].start,
				     seg[KSEG_DATA].end,
				     pgprot_tagged(PAGE_KERNEL), flags);
	for_each_mem_region(&m->memblock, r) {
		phys_addr_t start = r->base, end = r->base + r->size;

		if (ret || (r->flags & MEMBLOCK_NOMAP))
			continue;
		if (start < memstart_addr(m) || start >= lm_end)
			continue;
		if (end > lm_end)
			end = lm_end;
		ret = __map_memblock(m, start, end, pgprot_tagged(PAGE_KERNEL),
				     flags);
	}
	return ret;
}

/* ------------------------------------------------------------------ */
/* The kernel image at KIMAGE_VADDR                                     */

/*
 * The early boot code maps the image before the MMU is on, with tables
 * from init_pg_dir, a zeroed area at the end of the image (vmlinux.lds.S).
 * Here: the last pages of the image, taken from the top down.
 */
#define INIT_DIR_PAGES	8

struct init_pg_dir {
	phys_addr_t next;	/* the next table page, going down */
	phys_addr_t floor;
	int root_level;		/* the pgd's: 0, or 1 with 3 levels */
	unsigned long root_entries;	/* PTRS_PER_PGD */
};

static phys_addr_t init_pg_dir_alloc(struct init_pg_dir *d)
{
	if (d->next <= d->floor)
		return INVALID_PHYS_ADDR;
	d->next -= PAGE_SIZE;
	init_clear_pgtable(__va(d->next));
	return d->next;
}

/*
 * Map [start, end) at level @level of table @tbl to @pa: blocks at level
 * 2 where aligned, pages at level 3 with PTE_CONT on 64K aligned runs if
 * @may_use_cont.  Tables get only PMD_TABLE_UXN, as the early code sets.
 * Mirrors: arch/arm64/kernel/pi/map_range.c:map_range()
 */
static int map_range(struct init_pg_dir *d, u64 start, u64 end,
		     phys_addr_t pa, pgprot_t prot, int level, pte_t *tbl,
		     bool may_use_cont)
{
	u64 cmask = level == 3 ? CONT_PTE_SIZE - 1 : ~0ULL;
	pteval_t protval = pgprot_val(prot) & ~PTE_TYPE_MASK;
	unsigned int lshift = (unsigned int)(3 - level) * (PAGE_SHIFT - 3);
	u64 lmask = (PAGE_SIZE << lshift) - 1;

	unsigned long entries = level == d->root_level ? d->root_entries
						       : PTRS_PER_PTE;

	start &= PAGE_MASK;
	pa &= PAGE_MASK;
	tbl += (start >> (lshift + PAGE_SHIFT)) & (entries - 1);
	protval |= level == 2 ? PMD_TYPE_SECT : PTE_TYPE_PAGE;

	while (start < end) {
		u64 next = min((start | lmask) + 1, ALIGN(end, PAGE_SIZE));

		if (level < 2 ||
		    (level == 2 && ((start | next | pa) & lmask))) {
			/* a finer grained mapping: a table, and recurse */
			if (pte_none(__ptep_get(tbl))) {
				phys_addr_t t = init_pg_dir_alloc(d);

				if (t == INVALID_PHYS_ADDR)
					return -ENOMEM;
				__set_pte(tbl, __pte(t | PMD_TYPE_TABLE |
						     PMD_TABLE_UXN));
			}
			if (map_range(d, start, next, pa, prot, level + 1,
				      __va(__pte_to_phys(__ptep_get(tbl))),
				      may_use_cont))
				return -ENOMEM;
		} else {
			/* start a contiguous range if start and pa allow */
			if (((start | pa) & cmask) == 0 && may_use_cont)
				protval |= PTE_CONT;
			/* not if the rest does not cover a whole run */
			if ((end & ~cmask) <= start)
				protval &= ~PTE_CONT;
			__set_pte(tbl, __pte(pa | protval));
		}
		pa += next - start;
		start = next;
		tbl++;
	}
	return 0;
}

/*
 * The image segments with the permissions they have once boot is done
 * (mark_rodata_ro() has made rodata read-only): only rodata and the init
 * segments refuse contiguous mappings.
 * Mirrors: arch/arm64/kernel/pi/map_kernel.c:map_kernel() + map_segment()
 */
static int map_kernel(struct mmsim *m)
{
	static const struct {
		pteval_t prot;
		bool may_use_cont;
	} segs[KERNEL_SEGMENT_COUNT] = {
		[KSEG_TEXT] = { _PAGE_KERNEL_ROX, true },
		[KSEG_RODATA] = { _PAGE_KERNEL_RO, false },
		[KSEG_INITTEXT] = { _PAGE_KERNEL_ROX, false },
		[KSEG_INITDATA] = { _PAGE_KERNEL, false },
		[KSEG_DATA] = { _PAGE_KERNEL, true },
	};
	struct kernel_segment seg[KERNEL_SEGMENT_COUNT];
	int root_level = 4 - pgtable_levels(m), i;
	struct init_pg_dir d = {
		.next = m->kimage_end,
		.floor = m->kimage_end - INIT_DIR_PAGES * PAGE_SIZE,
		.root_level = root_level,
		.root_entries = ptrs_per_pgd(m),
	};
	u64 va_offset = kimage_voffset(m);

	kernel_image_segments(m, seg);
	for (i = 0; i < KERNEL_SEGMENT_COUNT; i++)
		if (map_range(&d, seg[i].start + va_offset,
			      seg[i].end + va_offset, seg[i].start,
			      __pgprot(segs[i].prot), root_level,
			      __va(m->swapper_pg_dir), segs[i].may_use_cont))
			return mmsim_set_error(ENOMEM,
					       "paging_init: init_pg_dir too small for the kernel image's tables");
	dsb(ishst);
	return 0;
}

/* ------------------------------------------------------------------ */
/* paging_init() and the CPUs' registers                                */

/*
 * What __cpu_setup (proc.S) and the cpufeature code leave in the EL1&0
 * registers of every CPU, then cpu_set_reserved_ttbr0() and
 * cpu_replace_ttbr1(swapper_pg_dir), ASID 0.  Unlike proc.S, TCR_EL1.AS
 * is set only when the CPU has 16-bit ASIDs (it is RES0 otherwise);
 * TCR_EL1.HA comes from __cpu_setup, HD from cpu_enable_hw_dbm().
 */
static void cpu_setup(struct mmsim *m, struct mmsim_cpu *cpu)
{
	struct cpu_sysregs *r = &cpu->regs;
	u64 tcr = TCR_TxSZ(m->layout.va_bits) | TCR_CACHE_FLAGS | TCR_SHARED |
		  TCR_TG0_4K | TCR_TG1_4K | TCR_A1 | TCR_TBI0 |
		  ((u64)ID_AA64MMFR0_PARANGE_48 << TCR_IPS_SHIFT);

	if (m->cfg.mmu.asid_bits == 16)
		tcr |= TCR_ASID16;
	if (m->cfg.mmu.hafdbs)
		tcr |= TCR_HA | TCR_HD;
	r->mair_el1 = MAIR_EL1_SET;
	r->tcr_el1 = tcr;
	r->sctlr_el1 = INIT_SCTLR_EL1_MMU_ON;
	r->ttbr0_el1 = phys_to_ttbr(m->reserved_pg_dir);
	r->ttbr1_el1 = phys_to_ttbr(m->swapper_pg_dir);
	tlb_context_changed(cpu);
}

/*
 * Build the kernel's page tables from memblock and turn every CPU's MMU
 * on.  Runs after arm64_memblock_init(), before mm_core_init().
 * Mirrors: arch/arm64/mm/mmu.c:paging_init() (with the early map_kernel())
 */
int paging_init(struct mmsim *m)
{
	struct kernel_segment seg[KERNEL_SEGMENT_COUNT];
	int cpu, ret;

	kernel_layout_init(&m->layout, m->cfg.va_bits);
	kernel_image_segments(m, seg);
	/* vmlinux.lds.S: reserved_pg_dir, swapper_pg_dir end the rodata */
	m->swapper_pg_dir = seg[KSEG_RODATA].end - PAGE_SIZE;
	m->reserved_pg_dir = m->swapper_pg_dir - PAGE_SIZE;
	init_clear_pgtable(__va(m->reserved_pg_dir));
	init_clear_pgtable(__va(m->swapper_pg_dir));

	ret = map_kernel(m);
	if (ret)
		return ret;
	ret = map_mem(m);
	if (ret)
		return mmsim_set_error(-ret, "paging_init: out of memory for the linear map's page tables");
	for_each_possible_cpu(m, cpu)
		cpu_setup(m, &m->cpus[cpu]);
	return 0;
}
