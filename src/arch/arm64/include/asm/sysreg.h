/* SPDX-License-Identifier: MIT */
/*
 * System register fields the MMU model reads (Arm ARM D19.2; the
 * kernel's arch/arm64/include/asm/sysreg.h), and the values Linux
 * programs into them (arch/arm64/mm/proc.S, asm/memory.h).
 */
#ifndef _ASM_SYSREG_H
#define _ASM_SYSREG_H

#include <asm/pgtable-hwdef.h>

/* SCTLR_EL1 */
#define SCTLR_ELx_M		BIT_ULL(0)	/* MMU enable */
#define SCTLR_ELx_A		BIT_ULL(1)
#define SCTLR_ELx_C		BIT_ULL(2)
#define SCTLR_ELx_SA		BIT_ULL(3)
#define SCTLR_EL1_SA0		BIT_ULL(4)
#define SCTLR_ELx_I		BIT_ULL(12)
#define SCTLR_ELx_WXN		BIT_ULL(19)	/* write implies XN */
#define SCTLR_EL1_SPAN		BIT_ULL(23)
#define SCTLR_EL1_EPAN		BIT_ULL(57)
/* RES1 bits of SCTLR_EL1 in ARMv8.0 (11, 20, 22, 23, 28, 29) */
#define SCTLR_EL1_RES1		(BIT_ULL(11) | BIT_ULL(20) | BIT_ULL(22) | \
				 BIT_ULL(28) | BIT_ULL(29))
/* what Linux runs with (INIT_SCTLR_EL1_MMU_ON, no WXN) */
#define INIT_SCTLR_EL1_MMU_ON	(SCTLR_ELx_M | SCTLR_ELx_C | SCTLR_ELx_SA | \
				 SCTLR_EL1_SA0 | SCTLR_ELx_I | \
				 SCTLR_EL1_RES1)

/* MAIR_EL1: memory types, by AttrIndx (asm/memory.h) */
#define MT_NORMAL		0
#define MT_NORMAL_TAGGED	1
#define MT_NORMAL_NC		2
#define MT_DEVICE_nGnRnE	3
#define MT_DEVICE_nGnRE		4
#define MAIR_ATTR_DEVICE_nGnRnE	0x00ULL
#define MAIR_ATTR_DEVICE_nGnRE	0x04ULL
#define MAIR_ATTR_NORMAL_NC	0x44ULL
#define MAIR_ATTR_NORMAL	0xffULL
#define MAIR_ATTRIDX(attr, idx)	((attr) << ((idx) * 8))
#define MAIR_EL1_SET							\
	(MAIR_ATTRIDX(MAIR_ATTR_DEVICE_nGnRnE, MT_DEVICE_nGnRnE) |	\
	 MAIR_ATTRIDX(MAIR_ATTR_DEVICE_nGnRE, MT_DEVICE_nGnRE) |	\
	 MAIR_ATTRIDX(MAIR_ATTR_NORMAL_NC, MT_NORMAL_NC) |		\
	 MAIR_ATTRIDX(MAIR_ATTR_NORMAL, MT_NORMAL) |			\
	 MAIR_ATTRIDX(MAIR_ATTR_NORMAL, MT_NORMAL_TAGGED))

/* PAR_EL1 after AT (64-bit format) */
#define SYS_PAR_EL1_F		BIT_ULL(0)
#define SYS_PAR_EL1_FST_SHIFT	1
#define SYS_PAR_EL1_FST		GENMASK_ULL(6, 1)
#define SYS_PAR_EL1_SH_SHIFT	7
#define SYS_PAR_EL1_SH		GENMASK_ULL(8, 7)
#define SYS_PAR_EL1_PTW		BIT_ULL(8)	/* F == 1 */
#define SYS_PAR_EL1_S		BIT_ULL(9)	/* F == 1: stage 2 */
#define SYS_PAR_EL1_NS		BIT_ULL(9)	/* F == 0 */
#define SYS_PAR_EL1_RES1	BIT_ULL(11)
#define SYS_PAR_EL1_PA		GENMASK_ULL(47, 12)
#define SYS_PAR_EL1_ATTR_SHIFT	56

/* ID_AA64MMFR0_EL1 */
#define ID_AA64MMFR0_PARANGE_SHIFT	0
#define ID_AA64MMFR0_PARANGE_48		5
#define ID_AA64MMFR0_ASIDBITS_SHIFT	4	/* 0: 8 bits, 2: 16 bits */
#define ID_AA64MMFR0_TGRAN16_SHIFT	20	/* 1: supported */
#define ID_AA64MMFR0_TGRAN64_SHIFT	24	/* 0: supported */
#define ID_AA64MMFR0_TGRAN4_SHIFT	28	/* 0: supported */

/* the PA size this implementation has (ID_AA64MMFR0_EL1.PARange) */
#define MMSIM_PA_BITS		48

#endif /* _ASM_SYSREG_H */
