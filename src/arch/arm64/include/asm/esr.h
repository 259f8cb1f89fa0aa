/* SPDX-License-Identifier: MIT */
/*
 * ESR_ELx: the syndrome of a synchronous exception (Arm ARM D19.2,
 * the kernel's arch/arm64/include/asm/esr.h).  Only what the MMU raises:
 * instruction and data aborts.
 */
#ifndef _ASM_ESR_H
#define _ASM_ESR_H

#include <asm/pgtable-hwdef.h>

#define ESR_ELx_EC_SHIFT	26
#define ESR_ELx_EC_WIDTH	6
#define ESR_ELx_EC_MASK		((u64)0x3F << ESR_ELx_EC_SHIFT)
#define ESR_ELx_EC(esr)		(((esr) & ESR_ELx_EC_MASK) >> ESR_ELx_EC_SHIFT)

#define ESR_ELx_EC_IABT_LOW	0x20	/* instruction abort from EL0 */
#define ESR_ELx_EC_IABT_CUR	0x21	/* instruction abort from EL1 */
#define ESR_ELx_EC_DABT_LOW	0x24	/* data abort from EL0 */
#define ESR_ELx_EC_DABT_CUR	0x25	/* data abort from EL1 */

#define ESR_ELx_IL		BIT_ULL(25)	/* 32-bit instruction */
#define ESR_ELx_ISS_MASK	GENMASK_ULL(24, 0)

/* ISS of instruction and data aborts */
#define ESR_ELx_FSC		((u64)0x3F)		/* DFSC / IFSC */
#define ESR_ELx_FSC_TYPE	0x3CULL
#define ESR_ELx_FSC_LEVEL	0x03ULL
#define ESR_ELx_FSC_ADDRSZ	0x00	/* + level */
#define ESR_ELx_FSC_FAULT	0x04	/* translation fault, + level */
#define ESR_ELx_FSC_ACCESS	0x08	/* access flag fault, + level */
#define ESR_ELx_FSC_PERM	0x0C	/* permission fault, + level */
#define ESR_ELx_FSC_EXTABT	0x10	/* synchronous external abort */
#define ESR_ELx_FSC_SEA_TTW(n)	(0x14 + (n))	/* ... on a table walk */
#define ESR_ELx_WNR		BIT_ULL(6)	/* write, not read */
#define ESR_ELx_S1PTW		BIT_ULL(7)
#define ESR_ELx_CM		BIT_ULL(8)
#define ESR_ELx_EA		BIT_ULL(9)
#define ESR_ELx_FnV		BIT_ULL(10)
#define ESR_ELx_ISV		BIT_ULL(24)

#endif /* _ASM_ESR_H */
