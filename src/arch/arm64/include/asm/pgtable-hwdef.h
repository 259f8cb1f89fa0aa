/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 stage-1 translation table formats and the registers that
 * configure them, each bit defined once (read beside the kernel's
 * arch/arm64/include/asm/pgtable-hwdef.h and the Arm ARM, D8.3).
 *
 * Shared by both worlds: the hardware model's walker decodes these
 * bits, the kernel's page-table code writes them.
 *
 * The kernel side uses 4 KiB pages (PAGE_SHIFT 12); the hardware side
 * decodes every granule, so granule-dependent geometry is given both as
 * the kernel's constants and as functions of the granule shift.
 */
#ifndef _ASM_PGTABLE_HWDEF_H
#define _ASM_PGTABLE_HWDEF_H

#include <linux/types.h>

#ifndef BIT_ULL
#define BIT_ULL(n)		((u64)1 << (n))
#endif
#ifndef GENMASK_ULL
#define GENMASK_ULL(h, l)	((~(u64)0 >> (63 - (h))) & (~(u64)0 << (l)))
#endif

/* ---- descriptors (D8.3) ------------------------------------------------ */

/* bits [1:0] */
#define PTE_VALID		BIT_ULL(0)
#define PTE_TYPE_MASK		(3ULL << 0)
#define PTE_TYPE_PAGE		(3ULL << 0)	/* level 3 */
#define PTE_TABLE_BIT		BIT_ULL(1)
#define PMD_TYPE_MASK		(3ULL << 0)
#define PMD_TYPE_TABLE		(3ULL << 0)	/* levels 0-2 */
#define PMD_TYPE_SECT		(1ULL << 0)	/* block, where allowed */

/* lower attributes of block and page descriptors */
#define PTE_ATTRINDX_SHIFT	2
#define PTE_ATTRINDX(t)		((u64)(t) << PTE_ATTRINDX_SHIFT)
#define PTE_ATTRINDX_MASK	(7ULL << PTE_ATTRINDX_SHIFT)
#define PTE_NS			BIT_ULL(5)	/* ignored in Non-secure state */
#define PTE_USER		BIT_ULL(6)	/* AP[1]: EL0 access */
#define PTE_RDONLY		BIT_ULL(7)	/* AP[2]: read-only */
#define PTE_AP_MASK		(3ULL << 6)
#define PTE_SH_SHIFT		8
#define PTE_SH_MASK		(3ULL << PTE_SH_SHIFT)
#define PTE_SHARED		(3ULL << PTE_SH_SHIFT)	/* Inner Shareable */
#define PTE_AF			BIT_ULL(10)	/* Access Flag */
#define PTE_NG			BIT_ULL(11)	/* not global: ASID-tagged */
/* upper attributes */
#define PTE_GP			BIT_ULL(50)	/* BTI guarded page */
#define PTE_DBM			BIT_ULL(51)	/* Dirty Bit Modifier */
#define PTE_CONT		BIT_ULL(52)	/* contiguous hint */
#define PTE_PXN			BIT_ULL(53)	/* privileged execute-never */
#define PTE_UXN			BIT_ULL(54)	/* unprivileged execute-never */
#define PTE_SWBITS_MASK		(BIT_ULL(63) | GENMASK_ULL(58, 55))
/* output address: bits [47:granule] (no FEAT_LPA/LPA2: PA is 48 bits) */
#define PTE_ADDR_MASK_48	GENMASK_ULL(47, 0)
/* the kernel's OA field, 4 KiB granule: bits [47:12] (6.18: [49:12], as
 * it allows 52-bit PAs; bits [49:48] are RES0 here) */
#define PTE_ADDR_LOW		GENMASK_ULL(47, PAGE_SHIFT)

/* table descriptors: AF (bit 10) and hierarchical attributes [63:59] */
#define PMD_TABLE_AF		BIT_ULL(10)	/* ignored without FEAT_HAFT */
#define PMD_TABLE_PXN		BIT_ULL(59)	/* PXNTable */
#define PMD_TABLE_UXN		BIT_ULL(60)	/* UXNTable (XNTable) */
#define PMD_TABLE_AP_SHIFT	61
#define PMD_TABLE_AP_NO_EL0	BIT_ULL(61)	/* APTable[0]: no EL0 access */
#define PMD_TABLE_AP_RDONLY	BIT_ULL(62)	/* APTable[1]: no writes */
#define S1_TABLE_AP		(3ULL << 61)
#define PMD_TABLE_NS		BIT_ULL(63)	/* NSTable */

/*
 * Level 1 (PUD) and level 0 (P4D) descriptors: the same formats under
 * the kernel's per-level names (a level 0 block needs FEAT_LPA2).
 */
#define PUD_TYPE_MASK		PMD_TYPE_MASK
#define PUD_TYPE_TABLE		PMD_TYPE_TABLE
#define PUD_TYPE_SECT		PMD_TYPE_SECT
#define PUD_TABLE_AF		PMD_TABLE_AF
#define PUD_TABLE_PXN		PMD_TABLE_PXN
#define PUD_TABLE_UXN		PMD_TABLE_UXN
#define P4D_TYPE_MASK		PMD_TYPE_MASK
#define P4D_TYPE_TABLE		PMD_TYPE_TABLE
#define P4D_TABLE_AF		PMD_TABLE_AF
#define P4D_TABLE_PXN		PMD_TABLE_PXN
#define P4D_TABLE_UXN		PMD_TABLE_UXN

/* block (section) spellings the kernel uses */
#define PMD_SECT_USER		PTE_USER
#define PMD_SECT_RDONLY		PTE_RDONLY
#define PMD_SECT_S		PTE_SHARED
#define PMD_SECT_AF		PTE_AF
#define PMD_SECT_NG		PTE_NG
#define PMD_SECT_CONT		PTE_CONT
#define PMD_SECT_PXN		PTE_PXN
#define PMD_SECT_UXN		PTE_UXN
#define PMD_ATTRINDX(t)		PTE_ATTRINDX(t)

/* ---- granule geometry (D8.2) ------------------------------------------ */

/* bits resolved per level: granule_shift - 3 (9, 11, 13) */
static inline unsigned int gran_stride(unsigned int gshift)
{
	return gshift - 3;
}

/* log2 of the bytes one entry at @level maps */
static inline unsigned int gran_level_shift(unsigned int gshift, int level)
{
	return (gshift - 3) * (unsigned int)(4 - level) + 3;
}

/*
 * Contiguous-hint run lengths, log2 of entries (D8.6.1): 4K: 16 at
 * levels 1-3; 16K: 128 at level 3, 32 at level 2; 64K: 32 at levels 2-3.
 * 0 where the hint has no effect.
 */
static inline unsigned int gran_cont_bits(unsigned int gshift, int level)
{
	switch (gshift) {
	case 12: return level >= 1 ? 4 : 0;
	case 14: return level == 3 ? 7 : level == 2 ? 5 : 0;
	case 16: return level >= 2 ? 5 : 0;
	}
	return 0;
}

/* Block descriptors allowed at @level (no FEAT_LPA2, no 52-bit OA). */
static inline bool gran_block_allowed(unsigned int gshift, int level)
{
	if (gshift == 12)
		return level == 1 || level == 2;
	return level == 2;	/* 16K: 32M, 64K: 512M */
}

/* ---- the kernel's geometry: 4 KiB pages -------------------------------- */

#define ARM64_HW_PGTABLE_LEVEL_SHIFT(n)	((PAGE_SHIFT - 3) * (4 - (n)) + 3)
#define PTRS_PER_PTE		(1 << (PAGE_SHIFT - 3))
#define PTRS_PER_PMD		PTRS_PER_PTE
#define PTRS_PER_PUD		PTRS_PER_PTE
#define PMD_SHIFT		ARM64_HW_PGTABLE_LEVEL_SHIFT(2)
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(~(PMD_SIZE - 1))
#define PUD_SHIFT		ARM64_HW_PGTABLE_LEVEL_SHIFT(1)
#define PUD_SIZE		(1UL << PUD_SHIFT)
#define PUD_MASK		(~(PUD_SIZE - 1))
#define P4D_SHIFT		ARM64_HW_PGTABLE_LEVEL_SHIFT(0)
#define CONT_PTE_SHIFT		(4 + PAGE_SHIFT)
#define CONT_PTES		(1 << (CONT_PTE_SHIFT - PAGE_SHIFT))
#define CONT_PTE_SIZE		(CONT_PTES * PAGE_SIZE)
#define CONT_PTE_MASK		(~(CONT_PTE_SIZE - 1))
#define CONT_PMD_SHIFT		(4 + PMD_SHIFT)
#define CONT_PMDS		(1 << (CONT_PMD_SHIFT - PMD_SHIFT))
#define CONT_PMD_SIZE		(CONT_PMDS * PMD_SIZE)
#define CONT_PMD_MASK		(~(CONT_PMD_SIZE - 1))

/* ---- TTBRn_EL1 (D19.2) ------------------------------------------------ */

#define TTBR_CNP_BIT		BIT_ULL(0)
#define TTBR_BADDR_MASK		GENMASK_ULL(47, 1)
#define TTBR_ASID_SHIFT		48
#define TTBR_ASID_MASK		(0xffffULL << TTBR_ASID_SHIFT)

/* ---- TCR_EL1 ---------------------------------------------------------- */

#define TCR_T0SZ_OFFSET		0
#define TCR_T1SZ_OFFSET		16
#define TCR_TxSZ_WIDTH		6
#define TCR_T0SZ(x)		((u64)(64 - (x)) << TCR_T0SZ_OFFSET)
#define TCR_T1SZ(x)		((u64)(64 - (x)) << TCR_T1SZ_OFFSET)
#define TCR_TxSZ(x)		(TCR_T0SZ(x) | TCR_T1SZ(x))
#define TCR_EPD0		BIT_ULL(7)
#define TCR_IRGN0_SHIFT		8
#define TCR_ORGN0_SHIFT		10
#define TCR_SH0_SHIFT		12
#define TCR_TG0_SHIFT		14
#define TCR_TG0_MASK		(3ULL << TCR_TG0_SHIFT)
#define TCR_TG0_4K		(0ULL << TCR_TG0_SHIFT)
#define TCR_TG0_64K		(1ULL << TCR_TG0_SHIFT)
#define TCR_TG0_16K		(2ULL << TCR_TG0_SHIFT)
#define TCR_A1			BIT_ULL(22)	/* ASID from TTBR1 */
#define TCR_EPD1		BIT_ULL(23)
#define TCR_IRGN1_SHIFT		24
#define TCR_ORGN1_SHIFT		26
#define TCR_SH1_SHIFT		28
#define TCR_TG1_SHIFT		30
#define TCR_TG1_MASK		(3ULL << TCR_TG1_SHIFT)
#define TCR_TG1_16K		(1ULL << TCR_TG1_SHIFT)
#define TCR_TG1_4K		(2ULL << TCR_TG1_SHIFT)
#define TCR_TG1_64K		(3ULL << TCR_TG1_SHIFT)
#define TCR_IPS_SHIFT		32
#define TCR_IPS_MASK		(7ULL << TCR_IPS_SHIFT)
#define TCR_ASID16		BIT_ULL(36)	/* AS */
#define TCR_TBI0		BIT_ULL(37)
#define TCR_TBI1		BIT_ULL(38)
#define TCR_HA			BIT_ULL(39)
#define TCR_HD			BIT_ULL(40)
#define TCR_HPD0		BIT_ULL(41)
#define TCR_HPD1		BIT_ULL(42)
#define TCR_IRGN_WBWA		((1ULL << TCR_IRGN0_SHIFT) | (1ULL << TCR_IRGN1_SHIFT))
#define TCR_ORGN_WBWA		((1ULL << TCR_ORGN0_SHIFT) | (1ULL << TCR_ORGN1_SHIFT))
#define TCR_SHARED		((3ULL << TCR_SH0_SHIFT) | (3ULL << TCR_SH1_SHIFT))
#define TCR_CACHE_FLAGS		(TCR_IRGN_WBWA | TCR_ORGN_WBWA)

/* TxSZ limits without FEAT_TTST and FEAT_LVA (D8.1.9) */
#define TCR_TxSZ_MIN		16	/* 48-bit input */
#define TCR_TxSZ_MAX		39	/* 25-bit input */

/* IPS/PARange encodings -> bits */
static inline unsigned int id_aa64mmfr0_parange_bits(unsigned int enc)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return enc < sizeof(bits) ? bits[enc] : 48;
}

/* ---- software PTE bits Linux uses (pgtable-prot.h, 6.18) -------------- */

#define PTE_WRITE		PTE_DBM		/* same as DBM (51) */
#define PTE_DIRTY		BIT_ULL(55)
#define PTE_SPECIAL		BIT_ULL(56)
#define PTE_UFFD_WP		BIT_ULL(58)
#define PTE_PRESENT_INVALID	PTE_NG		/* only when !PTE_VALID */

/*
 * Swap entries in non-present PTEs (pgtable.h):
 *	bits 0-1:	present (must be zero)
 *	bit  2:		remember PG_anon_exclusive
 *	bit  3:		remember uffd-wp state
 *	bits 6-10:	swap type
 *	bit  11:	PTE_PRESENT_INVALID (must be zero)
 *	bits 12-61:	swap offset
 */
#define PTE_SWP_EXCLUSIVE	BIT_ULL(2)
#define PTE_SWP_UFFD_WP		BIT_ULL(3)
#define __SWP_TYPE_SHIFT	6
#define __SWP_TYPE_BITS		5
#define __SWP_TYPE_MASK		(((u64)1 << __SWP_TYPE_BITS) - 1)
#define __SWP_OFFSET_SHIFT	12
#define __SWP_OFFSET_BITS	50
#define __SWP_OFFSET_MASK	(((u64)1 << __SWP_OFFSET_BITS) - 1)

#endif /* _ASM_PGTABLE_HWDEF_H */
