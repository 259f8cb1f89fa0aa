/* SPDX-License-Identifier: MIT */
/*
 * The kernel's view of arm64 page tables (read beside the kernel's
 * arch/arm64/include/asm/pgtable.h, pgtable-prot.h, pgtable-types.h and
 * pgalloc.h, Linux 6.18): the descriptor types, the protections the
 * kernel maps with, and the accessors that read and write descriptors.
 *
 * Tables live in simulated RAM.  The kernel reaches a table at physical
 * address pa through the linear map, and the linear map is the arena:
 * __va(pa) (linux/mm.h) is the host pointer arena + (pa - PHYS_OFFSET).
 * There is no fixmap here: pte_set_fixmap(pa) would be __va(pa).
 *
 * Descriptors are read by the hardware model's walker concurrently with
 * relaxed atomic 64-bit loads, and the walker may compare-and-swap AF
 * and dirty bits into them.  So every store here is one atomic 64-bit
 * store (release: the table a descriptor points to is visible before
 * the descriptor), every read-modify-write an atomic exchange, and
 * every read a relaxed atomic load (READ_ONCE()).
 *
 * Levels with 4 KiB pages (ARM64_HW_PGTABLE_LEVELS(va_bits)):
 *
 *   va_bits 48, 47, 42: 4 levels, pgd = level 0, p4d folded into pgd
 *   va_bits 39:         3 levels, pgd = level 1, p4d and pud folded
 *
 * VA_BITS is a run-time property of the machine here (a build option in
 * the kernel), so the folding is decided at run time: pgtable_l4_enabled().
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <asm/memory.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <linux/mm.h>

/* ---- pgtable-prot.h: what the kernel maps its own memory with -------- */

/* Kernel mappings are global (no KPTI in the model) and Inner Shareable. */
#define PTE_MAYBE_NG		0ULL
#define PMD_MAYBE_NG		0ULL
#define PTE_MAYBE_SHARED	PTE_SHARED	/* no LPA2 */
#define PMD_MAYBE_SHARED	PMD_SECT_S

#define PROT_DEFAULT		(PTE_TYPE_PAGE | PTE_MAYBE_NG | PTE_MAYBE_SHARED | PTE_AF)
#define PROT_SECT_DEFAULT	(PMD_TYPE_SECT | PMD_MAYBE_NG | PMD_MAYBE_SHARED | PMD_SECT_AF)

#define PROT_NORMAL		(PROT_DEFAULT | PTE_PXN | PTE_UXN | PTE_WRITE | PTE_ATTRINDX(MT_NORMAL))
#define PROT_NORMAL_NC		(PROT_DEFAULT | PTE_PXN | PTE_UXN | PTE_WRITE | PTE_ATTRINDX(MT_NORMAL_NC))
#define PROT_DEVICE_nGnRE	(PROT_DEFAULT | PTE_PXN | PTE_UXN | PTE_WRITE | PTE_ATTRINDX(MT_DEVICE_nGnRE))
#define PROT_SECT_NORMAL	(PROT_SECT_DEFAULT | PMD_SECT_PXN | PMD_SECT_UXN | PTE_WRITE | PMD_ATTRINDX(MT_NORMAL))
#define PROT_SECT_NORMAL_EXEC	(PROT_SECT_DEFAULT | PMD_SECT_UXN | PMD_ATTRINDX(MT_NORMAL))

#define _PAGE_KERNEL		(PROT_NORMAL)
#define _PAGE_KERNEL_RO		((PROT_NORMAL & ~PTE_WRITE) | PTE_RDONLY)
#define _PAGE_KERNEL_ROX	((PROT_NORMAL & ~(PTE_WRITE | PTE_PXN)) | PTE_RDONLY)
#define _PAGE_KERNEL_EXEC	(PROT_NORMAL & ~PTE_PXN)
#define _PAGE_KERNEL_EXEC_CONT	((PROT_NORMAL & ~PTE_PXN) | PTE_CONT)

/* ---- pgtable-types.h ------------------------------------------------- */

typedef u64 pteval_t;
typedef u64 pmdval_t;
typedef u64 pudval_t;
typedef u64 p4dval_t;
typedef u64 pgdval_t;

typedef struct { pteval_t pte; } pte_t;
typedef struct { pmdval_t pmd; } pmd_t;
typedef struct { pudval_t pud; } pud_t;
typedef struct { p4dval_t p4d; } p4d_t;
typedef struct { pgdval_t pgd; } pgd_t;
typedef struct { pteval_t pgprot; } pgprot_t;

#define pte_val(x)	((x).pte)
#define pmd_val(x)	((x).pmd)
#define pud_val(x)	((x).pud)
#define p4d_val(x)	((x).p4d)
#define pgd_val(x)	((x).pgd)
#define pgprot_val(x)	((x).pgprot)
#define __pte(x)	((pte_t){ (x) })
#define __pmd(x)	((pmd_t){ (x) })
#define __pud(x)	((pud_t){ (x) })
#define __p4d(x)	((p4d_t){ (x) })
#define __pgd(x)	((pgd_t){ (x) })
#define __pgprot(x)	((pgprot_t){ (x) })

#define PAGE_KERNEL		__pgprot(_PAGE_KERNEL)
#define PAGE_KERNEL_RO		__pgprot(_PAGE_KERNEL_RO)
#define PAGE_KERNEL_ROX		__pgprot(_PAGE_KERNEL_ROX)
#define PAGE_KERNEL_EXEC	__pgprot(_PAGE_KERNEL_EXEC)
#define PAGE_KERNEL_EXEC_CONT	__pgprot(_PAGE_KERNEL_EXEC_CONT)

/* No MTE in the model: pgprot_tagged() would select MT_NORMAL_TAGGED,
 * which MAIR_EL1 makes the same Normal WB memory. */
#define pgprot_tagged(prot)	(prot)
#define pgprot_nx(prot)		__pgprot(pgprot_val(prot) | PTE_PXN)

/* ---- barriers: dsb(ishst) + isb after a kernel descriptor write ------- */

#define dsb(opt)	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define isb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)

/* ---- geometry --------------------------------------------------------- */

/* ARM64_HW_PGTABLE_LEVELS(va_bits): 3 for 39 bits, 4 for 42..48 */
static inline int pgtable_levels(const struct mmsim *m)
{
	return (int)((m->layout.va_bits - 4) / (PAGE_SHIFT - 3));
}

static inline bool pgtable_l4_enabled(void)
{
	return pgtable_levels(this_machine()) > 3;
}

/* PGDIR_SHIFT: what one pgd entry maps; PTRS_PER_PGD: entries in the pgd */
static inline unsigned int pgdir_shift(const struct mmsim *m)
{
	return ARM64_HW_PGTABLE_LEVEL_SHIFT(4 - pgtable_levels(m));
}

static inline unsigned long ptrs_per_pgd(const struct mmsim *m)
{
	return 1UL << (m->layout.va_bits - pgdir_shift(m));
}

#define PGDIR_SHIFT	pgdir_shift(this_machine())
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define PTRS_PER_PGD	ptrs_per_pgd(this_machine())
#define PTRS_PER_P4D	1

#define pgd_index(addr)	(((addr) >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1))
#define pud_index(addr)	(((addr) >> PUD_SHIFT) & (PTRS_PER_PUD - 1))
#define pmd_index(addr)	(((addr) >> PMD_SHIFT) & (PTRS_PER_PMD - 1))
#define pte_index(addr)	(((addr) >> PAGE_SHIFT) & (PTRS_PER_PTE - 1))

/* include/linux/pgtable.h: the end of this entry's range, or @end */
static inline u64 __addr_end(u64 addr, u64 end, u64 size)
{
	u64 boundary = (addr + size) & ~(size - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}
#define pgd_addr_end(a, e)	__addr_end((a), (e), PGDIR_SIZE)
#define p4d_addr_end(a, e)	(e)	/* folded */
#define pud_addr_end(a, e)	__addr_end((a), (e), PUD_SIZE)
#define pmd_addr_end(a, e)	__addr_end((a), (e), PMD_SIZE)
#define pte_cont_addr_end(a, e)	__addr_end((a), (e), CONT_PTE_SIZE)
#define pmd_cont_addr_end(a, e)	__addr_end((a), (e), CONT_PMD_SIZE)

/* ---- decoding --------------------------------------------------------- */

static inline phys_addr_t __pte_to_phys(pte_t pte)
{
	return pte_val(pte) & PTE_ADDR_LOW;
}

#define pte_pfn(pte)		(__pte_to_phys(pte) >> PAGE_SHIFT)
#define pfn_pte(pfn, prot)	__pte(((phys_addr_t)(pfn) << PAGE_SHIFT) | pgprot_val(prot))
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), prot)
#define pte_page(pte)		pfn_to_page(pte_pfn(pte))

#define pte_none(pte)		(!pte_val(pte))
#define pte_valid(pte)		(!!(pte_val(pte) & PTE_VALID))
#define pte_present_invalid(pte) \
	((pte_val(pte) & (PTE_VALID | PTE_PRESENT_INVALID)) == PTE_PRESENT_INVALID)
#define pte_present(pte)	(pte_valid(pte) || pte_present_invalid(pte))
#define pte_young(pte)		(!!(pte_val(pte) & PTE_AF))
#define pte_write(pte)		(!!(pte_val(pte) & PTE_WRITE))
#define pte_rdonly(pte)		(!!(pte_val(pte) & PTE_RDONLY))
#define pte_user(pte)		(!!(pte_val(pte) & PTE_USER))
#define pte_cont(pte)		(!!(pte_val(pte) & PTE_CONT))
/* Every valid kernel mapping has UXN and no AP[1]. */
#define pte_valid_not_user(pte) \
	((pte_val(pte) & (PTE_VALID | PTE_USER | PTE_UXN)) == (PTE_VALID | PTE_UXN))

#define pmd_pte(pmd)		__pte(pmd_val(pmd))
#define pud_pte(pud)		__pte(pud_val(pud))
#define pte_pmd(pte)		__pmd(pte_val(pte))

#define pmd_none(pmd)		(!pmd_val(pmd))
#define pmd_valid(pmd)		pte_valid(pmd_pte(pmd))
#define pmd_present(pmd)	pte_present(pmd_pte(pmd))
#define pmd_cont(pmd)		pte_cont(pmd_pte(pmd))
#define pmd_table(pmd)		((pmd_val(pmd) & PMD_TYPE_MASK) == PMD_TYPE_TABLE)
#define pmd_sect(pmd)		((pmd_val(pmd) & PMD_TYPE_MASK) == PMD_TYPE_SECT)
#define pmd_leaf(pmd)		(pmd_present(pmd) && !pmd_table(pmd))
#define pmd_bad(pmd)		(!pmd_table(pmd))
#define pmd_page_paddr(pmd)	__pte_to_phys(pmd_pte(pmd))
#define pmd_pfn(pmd)		((pmd_page_paddr(pmd) & PMD_MASK) >> PAGE_SHIFT)
#define pfn_pmd(pfn, prot)	__pmd(((phys_addr_t)(pfn) << PAGE_SHIFT) | pgprot_val(prot))
#define pmd_mkcont(pmd)		__pmd(pmd_val(pmd) | PMD_SECT_CONT)

#define pud_none(pud)		(!pud_val(pud))
#define pud_valid(pud)		pte_valid(pud_pte(pud))
#define pud_present(pud)	pte_present(pud_pte(pud))
#define pud_table(pud)		((pud_val(pud) & PUD_TYPE_MASK) == PUD_TYPE_TABLE)
#define pud_sect(pud)		((pud_val(pud) & PUD_TYPE_MASK) == PUD_TYPE_SECT)
#define pud_leaf(pud)		(pud_present(pud) && !pud_table(pud))
#define pud_bad(pud)		((pud_val(pud) & PUD_TYPE_MASK) != PUD_TYPE_TABLE)
#define pud_page_paddr(pud)	__pte_to_phys(pud_pte(pud))
#define pud_pfn(pud)		((pud_page_paddr(pud) & PUD_MASK) >> PAGE_SHIFT)
#define pfn_pud(pfn, prot)	__pud(((phys_addr_t)(pfn) << PAGE_SHIFT) | pgprot_val(prot))

/* With 4 levels a p4d entry is a pgd entry (level 0): only tables. */
#define p4d_none(p4d)		(pgtable_l4_enabled() && !p4d_val(p4d))
#define p4d_bad(p4d)		(pgtable_l4_enabled() && \
				 (p4d_val(p4d) & P4D_TYPE_MASK) != P4D_TYPE_TABLE)
#define p4d_present(p4d)	(!p4d_none(p4d))
#define p4d_page_paddr(p4d)	(p4d_val(p4d) & PTE_ADDR_LOW)
#define pgd_none(pgd)		false	/* folded: the p4d says */

/* 1 GiB blocks at level 1 exist with 4K granules only. */
static inline bool pud_sect_supported(void)
{
	return PAGE_SIZE == SZ_4K;
}

static inline pgprot_t mk_pud_sect_prot(pgprot_t prot)
{
	return __pgprot((pgprot_val(prot) & ~PUD_TYPE_MASK) | PUD_TYPE_SECT);
}

static inline pgprot_t mk_pmd_sect_prot(pgprot_t prot)
{
	return __pgprot((pgprot_val(prot) & ~PMD_TYPE_MASK) | PMD_TYPE_SECT);
}

/* ---- walking: host pointers to the entries covering @addr ------------ */

/* pgd_offset_pgd(): entry of @addr in the pgd whose host address is @pgd */
static inline pgd_t *pgd_offset_pgd(pgd_t *pgd, u64 addr)
{
	return pgd + pgd_index(addr);
}

/* pgd_offset_k(): in swapper_pg_dir, the kernel's (init_mm's) pgd */
static inline pgd_t *pgd_offset_k(u64 addr)
{
	return pgd_offset_pgd((pgd_t *)__va(this_machine()->swapper_pg_dir),
			      addr);
}

/* There are never 5 levels: the p4d is the pgd entry itself. */
static inline p4d_t *p4d_offset(pgd_t *pgdp, u64 addr)
{
	(void)addr;
	return (p4d_t *)pgdp;
}

static inline pud_t *pud_offset(p4d_t *p4dp, u64 addr)
{
	if (!pgtable_l4_enabled())
		return (pud_t *)p4dp;	/* 3 levels: the pgd entry is the pud */
	return (pud_t *)__va(p4d_page_paddr(READ_ONCE(*p4dp))) +
	       pud_index(addr);
}

static inline pmd_t *pmd_offset(pud_t *pudp, u64 addr)
{
	return (pmd_t *)__va(pud_page_paddr(READ_ONCE(*pudp))) +
	       pmd_index(addr);
}

static inline pte_t *pte_offset_kernel(pmd_t *pmdp, u64 addr)
{
	return (pte_t *)__va(pmd_page_paddr(READ_ONCE(*pmdp))) +
	       pte_index(addr);
}

/* ---- reading and writing descriptors ---------------------------------- */

#define __DESC_LOAD(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define __DESC_STORE(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

static inline pte_t __ptep_get(pte_t *ptep)
{
	return __pte(__DESC_LOAD(&ptep->pte));
}
#define ptep_get	__ptep_get
#define pmdp_get(p)	__pmd(__DESC_LOAD(&(p)->pmd))
#define pudp_get(p)	__pud(__DESC_LOAD(&(p)->pud))
#define p4dp_get(p)	__p4d(__DESC_LOAD(&(p)->p4d))

static inline void __set_pte_nosync(pte_t *ptep, pte_t pte)
{
	__DESC_STORE(&ptep->pte, pte_val(pte));
}

/* A valid kernel descriptor is visible to the walker on return. */
static inline void __set_pte(pte_t *ptep, pte_t pte)
{
	__set_pte_nosync(ptep, pte);
	if (pte_valid_not_user(pte)) {
		dsb(ishst);
		isb();
	}
}
#define set_pte		__set_pte

/* The walker may CAS AF/dirty into a live entry: take it atomically. */
static inline pte_t __ptep_get_and_clear(pte_t *ptep)
{
	return __pte(__atomic_exchange_n(&ptep->pte, 0, __ATOMIC_RELAXED));
}

static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	__DESC_STORE(&pmdp->pmd, pmd_val(pmd));
	if (pmd_valid(pmd)) {
		dsb(ishst);
		isb();
	}
}

static inline void pmd_clear(pmd_t *pmdp)
{
	set_pmd(pmdp, __pmd(0));
}

static inline void set_pud(pud_t *pudp, pud_t pud)
{
	__DESC_STORE(&pudp->pud, pud_val(pud));
	if (pud_valid(pud)) {
		dsb(ishst);
		isb();
	}
}

static inline void pud_clear(pud_t *pudp)
{
	set_pud(pudp, __pud(0));
}

static inline void set_p4d(p4d_t *p4dp, p4d_t p4d)
{
	__DESC_STORE(&p4dp->p4d, p4d_val(p4d));
	dsb(ishst);
	isb();
}

/* asm/pgalloc.h: point an entry at the next-level table at @pa */
static inline void __pmd_populate(pmd_t *pmdp, phys_addr_t ptep, pmdval_t prot)
{
	set_pmd(pmdp, __pmd(ptep | prot));
}

static inline void __pud_populate(pud_t *pudp, phys_addr_t pmdp, pudval_t prot)
{
	set_pud(pudp, __pud(pmdp | prot));
}

static inline void __p4d_populate(p4d_t *p4dp, phys_addr_t pudp, p4dval_t prot)
{
	set_p4d(p4dp, __p4d(pudp | prot));
}

/* TTBRn_EL1.BADDR of a table (phys_to_ttbr(); no 52-bit PA) */
static inline u64 phys_to_ttbr(phys_addr_t pa)
{
	return pa & TTBR_BADDR_MASK;
}

/* arch/arm64/mm/mmu.c */
bool pgattr_change_is_safe(pteval_t old, pteval_t new);

#endif /* _ASM_PGTABLE_H */
