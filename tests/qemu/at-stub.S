/* SPDX-License-Identifier: MIT */
/*
 * A bare-metal program for qemu-system-aarch64 that answers, for a list
 * of (registers, VA) records, what the AT instructions say: the
 * reference side of tests/qemu/walk-xcheck.c.
 *
 * It runs from the virt board's flash (-bios) at EL2 (virtualization=on)
 * with its own MMU off, so that the EL1&0 regime's registers are free to
 * hold whatever a record says; AT S1E1* and S1E0* executed at EL2
 * translate in that regime (HCR_EL2.{E2H,TGE} = {0,0}, stage 2 off).
 *
 * The job, written by the generator and loaded at JOB (-device loader):
 *
 *	JOB + 0x00	"MMSIMAT1"
 *	JOB + 0x08	number of records
 *	JOB + 0x10	address of the results (6 words a record)
 *	JOB + 0x18	address of the results file's name (NUL-terminated)
 *	JOB + 0x20	address of the records (8 words each):
 *			TTBR0_EL1, TTBR1_EL1, TCR_EL1, MAIR_EL1, SCTLR_EL1,
 *			PSTATE.PAN, VA, 0
 *	JOB + 0x40	scratch for the semihosting parameter blocks
 *
 * For each record: PAR_EL1 after AT S1E1R, S1E1W, S1E0R, S1E0W, S1E1RP,
 * S1E1WP.  An AT whose walk takes a synchronous External abort does not
 * write PAR_EL1 but takes a Data Abort (Arm ARM, PAR_EL1.FST); the
 * vector below records ESR_EL2 instead, as
 *	0xe5e5 << 48 | ESR_EL2[31:0] << 12 | 1
 * (F = 1 with non-zero PA bits: no PAR_EL1 value looks like it), and
 * resumes after the AT.  Then the results go to the host file through semihosting
 * (SYS_OPEN, SYS_WRITE, SYS_CLOSE) and SYS_EXIT ends QEMU with status 0
 * (1: the file could not be written, 2: no job).
 */
	.equ	JOB, 0x48000000
	.equ	HCR_EL2_RW, (1 << 31)
	.equ	SYS_OPEN, 0x01
	.equ	SYS_CLOSE, 0x02
	.equ	SYS_WRITE, 0x05
	.equ	SYS_EXIT, 0x18
	.equ	ADP_Stopped_ApplicationExit, 0x20026

	.arch	armv8.2-a
	.text
	.global	_start
_start:
	mov	x0, #HCR_EL2_RW		/* EL1 is AArch64; no stage 2, no traps */
	msr	hcr_el2, x0
	adr	x0, vectors
	msr	vbar_el2, x0
	isb
	ldr	x20, =JOB
	ldr	x0, [x20]
	ldr	x1, =0x3154414d49534d4d	/* "MMSIMAT1" */
	mov	x2, #2
	cmp	x0, x1
	b.ne	exit
	ldr	x21, [x20, #0x08]	/* records left */
	ldr	x24, [x20, #0x10]	/* results */
	ldr	x23, [x20, #0x20]	/* records */

next:	cbz	x21, write_results
	ldp	x0, x1, [x23]
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x1
	ldp	x0, x1, [x23, #16]
	msr	tcr_el1, x0
	msr	mair_el1, x1
	ldp	x0, x1, [x23, #32]
	msr	sctlr_el1, x0
	cbz	x1, 1f
	msr	pan, #1
	b	2f
1:	msr	pan, #0
2:	isb
	tlbi	vmalle1			/* nothing cached from the last record */
	dsb	nsh
	isb
	ldr	x0, [x23, #48]

	/* x9: what the vector saw during the AT, 0 if nothing */
	.macro	at_par, op, reg
	mov	x9, #0
	at	\op, x0
	isb
	mrs	\reg, par_el1
	cbz	x9, 9f
	mov	\reg, x9
9:
	.endm
	at_par	s1e1r, x1
	at_par	s1e1w, x2
	stp	x1, x2, [x24]
	at_par	s1e0r, x1
	at_par	s1e0w, x2
	stp	x1, x2, [x24, #16]
	at_par	s1e1rp, x1
	at_par	s1e1wp, x2
	stp	x1, x2, [x24, #32]

	add	x24, x24, #48
	add	x23, x23, #64
	sub	x21, x21, #1
	b	next

write_results:
	add	x19, x20, #0x40		/* parameter blocks */
	/* SYS_OPEN(name, "wb", strlen(name)) */
	ldr	x3, [x20, #0x18]
	mov	x4, x3
3:	ldrb	w5, [x4]
	cbz	w5, 4f
	add	x4, x4, #1
	b	3b
4:	sub	x4, x4, x3
	mov	x5, #5			/* "wb" */
	stp	x3, x5, [x19]
	str	x4, [x19, #16]
	mov	x0, #SYS_OPEN
	mov	x1, x19
	hlt	#0xf000
	mov	x2, #1
	cmn	x0, #1
	b.eq	exit
	mov	x22, x0			/* handle */
	/* SYS_WRITE(handle, results, 48 * n) */
	ldr	x3, [x20, #0x10]
	ldr	x4, [x20, #0x08]
	mov	x5, #48
	mul	x4, x4, x5
	stp	x22, x3, [x19]
	str	x4, [x19, #16]
	mov	x0, #SYS_WRITE
	mov	x1, x19
	hlt	#0xf000
	mov	x2, #1
	cbnz	x0, exit		/* bytes not written */
	str	x22, [x19]
	mov	x0, #SYS_CLOSE
	mov	x1, x19
	hlt	#0xf000
	mov	x2, #0

	/* SYS_EXIT(ApplicationExit, status x2) */
exit:	add	x19, x20, #0x40
	ldr	x3, =ADP_Stopped_ApplicationExit
	stp	x3, x2, [x19]
	mov	x0, #SYS_EXIT
	mov	x1, x19
	hlt	#0xf000
	b	.
	.ltorg

	/* every exception: note ESR_EL2, skip the instruction, return */
	.balign	0x800
vectors:
	.rept	16
	b	exception
	.balign	0x80
	.endr
exception:
	mrs	x9, esr_el2
	and	x9, x9, #0xffffffff
	lsl	x9, x9, #12
	orr	x9, x9, #1
	movk	x9, #0xe5e5, lsl #48
	mrs	x10, elr_el2
	add	x10, x10, #4
	msr	elr_el2, x10
	eret
