// SPDX-License-Identifier: MIT
/*
 * The kernel's own address space (src/arch/arm64/mm/mmu.c,
 * asm/memory.h, asm/pgtable.h), each expectation written again here from
 * Linux 6.18's arch/arm64/include/asm/memory.h, pgtable.h, fixmap.h,
 * proc.S and mm/mmu.c, not from the simulator's code:
 *
 *   layout      PAGE_OFFSET ... FIXADDR_TOP for va_bits 39, 42, 47, 48,
 *               from the formulas and, for 48 and 39, the literal values
 *               of Documentation/arch/arm64/memory.rst's tables
 *   registers   MAIR, TCR (TxSZ, TG, IPS, A1, TBI0, AS, HA/HD), SCTLR,
 *               TTBR1 = swapper_pg_dir, TTBR0 = reserved_pg_dir (empty)
 *   linear map  for every memblock region, pages walked through TTBR1 by
 *               this file's own table walker: the PA comes back, the leaf
 *               is the one map_mem() chooses (a reference model below),
 *               the attributes are PAGE_KERNEL's, holes are unmapped;
 *               and mmsim_walk() agrees (EL1 RW-, EL0 nothing)
 *   image       the kernel image at KIMAGE_VADDR: text ROX, rodata RO,
 *               data RW, swapper_pg_dir in the image
 *   conversions mmsim_kernel_va() / mmsim_kernel_ptr()
 *
 * A kernel VA, 4K pages, 4 levels (va_bits 48):
 *
 *   63    48 47     39 38     30 29     21 20     12 11        0
 *  +--------+---------+---------+---------+---------+-----------+
 *  |  1...1 | level 0 | level 1 | level 2 | level 3 | page off. |
 *  +--------+---------+---------+---------+---------+-----------+
 *   TTBR1     pgd       pud       pmd       pte
 *                       1G block  2M block  4K page
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <asm/mmu.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <sim/machine.h>

#include "test-util.h"

#define GiB	(1ULL << 30)
#define MiB	(1ULL << 20)
#define KiB	(1ULL << 10)

/* ---- descriptor bits, from the Arm ARM (D8.3) ------------------------- */

#define D_VALID		(1ULL << 0)
#define D_TABLE		(1ULL << 1)
#define D_ATTRINDX(d)	(((d) >> 2) & 7)
#define D_AP1_EL0	(1ULL << 6)
#define D_AP2_RO	(1ULL << 7)
#define D_SH(d)		(((d) >> 8) & 3)
#define D_AF		(1ULL << 10)
#define D_NG		(1ULL << 11)
#define D_DBM		(1ULL << 51)
#define D_CONT		(1ULL << 52)
#define D_PXN		(1ULL << 53)
#define D_UXN		(1ULL << 54)
#define T_PXN		(1ULL << 59)	/* PXNTable */
#define T_UXN		(1ULL << 60)	/* UXNTable */
#define T_AP		(3ULL << 61)	/* APTable */
#define D_OA		0x0000fffffffff000ULL

/* ---- this test's own stage-1 walker for TTBR1, 4K granule ------------ */

struct twalk {
	int level;		/* of the leaf */
	uint64_t desc;		/* the leaf */
	uint64_t pa;
	uint64_t tables;	/* OR of the table descriptors' attributes */
	uint64_t tpa[4];	/* the tables read, from the root */
	int ntables;
};

static uint64_t rd_desc(struct mmsim *m, uint64_t pa)
{
	return __atomic_load_n((uint64_t *)(m->arena + (pa - m->phys_offset)),
			       __ATOMIC_RELAXED);
}

/* 0, or -1 if @va is not mapped (an invalid descriptor). */
static int twalk(struct mmsim *m, uint64_t va, struct twalk *w)
{
	unsigned int ia = 64 - (unsigned int)((m->cpus[0].regs.tcr_el1 >> 16) & 63);
	int start = 4 - (int)((ia - 12 + 8) / 9);	/* ceil((ia - 12) / 9) levels */
	uint64_t table = m->cpus[0].regs.ttbr1_el1 & D_OA;
	int level;

	memset(w, 0, sizeof(*w));
	for (level = start; level <= 3; level++) {
		unsigned int shift = 12 + 9 * (unsigned int)(3 - level);
		unsigned int bits = level == start ? ia - shift : 9;
		uint64_t idx = (va >> shift) & ((1ULL << bits) - 1);
		uint64_t d = rd_desc(m, table + idx * 8);

		w->tpa[w->ntables++] = table;
		if (!(d & D_VALID))
			return -1;
		if (level < 3 && (d & D_TABLE)) {
			w->tables |= d & (T_PXN | T_UXN | T_AP);
			table = d & D_OA;
			continue;
		}
		if (level == 3 && !(d & D_TABLE))
			return -1;	/* reserved at level 3 */
		w->level = level;
		w->desc = d;
		w->pa = (d & D_OA & ~((1ULL << shift) - 1)) |
			(va & ((1ULL << shift) - 1));
		return 0;
	}
	return -1;
}

/* ---- the layout, from memory.h / pgtable.h / fixmap.h ---------------- */

struct want_layout {
	uint64_t page_offset, page_end, modules_vaddr, modules_end;
	uint64_t vmalloc_start, vmalloc_end, vmemmap_start, vmemmap_end;
	uint64_t pci_io_start, pci_io_end, fixaddr_start, fixaddr_top;
};

/* fixmap.h, arm64 defconfig: 1 hole + FDT (1 + 2M/4K + 1) + earlycon +
 * text_poke + VNCR (1 + NR_CPUS=512) + 4 GHES/SDEI + 4 trampoline */
#define FIX_PERMANENT_PAGES	1038ULL

static void want_layout(unsigned int va, struct want_layout *l)
{
	uint64_t vmemmap_size = ((1ULL << (va - 1)) >> 12) * 64;

	l->page_offset = 0 - (1ULL << va);
	l->page_end = 0 - (1ULL << (va - 1));
	l->modules_vaddr = l->page_end;
	l->modules_end = l->page_end + 2 * GiB;
	l->vmalloc_start = l->modules_end;
	l->vmemmap_end = 0 - GiB;
	l->vmemmap_start = l->vmemmap_end - vmemmap_size;
	l->vmalloc_end = l->vmemmap_start - 8 * MiB;
	l->pci_io_start = l->vmemmap_end + 8 * MiB;
	l->pci_io_end = l->pci_io_start + 16 * MiB;
	l->fixaddr_top = 0 - 8 * MiB;
	l->fixaddr_start = l->fixaddr_top - FIX_PERMANENT_PAGES * 4096;
}

static void test_layout(void **state)
{
	static const unsigned int vas[] = { 39, 42, 47, 48 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vas); i++) {
		char params[64];
		struct want_layout w;
		struct mmsim *m;
		const struct kernel_layout *l;

		snprintf(params, sizeof(params), "mem=64M va_bits=%u", vas[i]);
		m = boot(params);
		l = &m->layout;
		want_layout(vas[i], &w);
		assert_int_equal(l->va_bits, vas[i]);
		assert_int_equal(l->page_offset, w.page_offset);
		assert_int_equal(l->page_end, w.page_end);
		assert_int_equal(l->modules_vaddr, w.modules_vaddr);
		assert_int_equal(l->modules_end, w.modules_end);
		assert_int_equal(l->kimage_vaddr, w.modules_end);
		assert_int_equal(l->vmalloc_start, w.vmalloc_start);
		assert_int_equal(l->vmalloc_end, w.vmalloc_end);
		assert_int_equal(l->vmemmap_start, w.vmemmap_start);
		assert_int_equal(l->vmemmap_end, w.vmemmap_end);
		assert_int_equal(l->pci_io_start, w.pci_io_start);
		assert_int_equal(l->pci_io_end, w.pci_io_end);
		assert_int_equal(l->fixaddr_start, w.fixaddr_start);
		assert_int_equal(l->fixaddr_top, w.fixaddr_top);
		/* the regions are in this order and do not overlap */
		assert_true(l->page_end <= l->modules_vaddr);
		assert_true(l->vmalloc_end < l->vmemmap_start);
		assert_true(l->vmemmap_end < l->pci_io_start);
		assert_true(l->pci_io_end <= l->fixaddr_start);
		mmsim_shutdown(m);
	}
}

/* Documentation/arch/arm64/memory.rst and meminfo's VmallocTotal */
static void test_layout_literals(void **state)
{
	struct mmsim *m = boot("mem=64M");
	const struct kernel_layout *l = &m->layout;
	char *text;

	(void)state;
	assert_int_equal(l->page_offset, 0xffff000000000000ULL);
	assert_int_equal(l->modules_vaddr, 0xffff800000000000ULL);
	assert_int_equal(l->vmalloc_start, 0xffff800080000000ULL);
	assert_int_equal(l->vmalloc_end, 0xfffffdffbf800000ULL);
	assert_int_equal(l->vmemmap_start, 0xfffffdffc0000000ULL);
	assert_int_equal(l->pci_io_start, 0xffffffffc0800000ULL);
	assert_int_equal(l->fixaddr_top, 0xffffffffff800000ULL);
	/* fs/proc/meminfo.c prints VMALLOC_END - VMALLOC_START in kB */
	text = show(m, "meminfo");
	assert_non_null(strstr(text, "VmallocTotal:   135288315904 kB"));
	free(text);
	text = show(m, "layout");
	assert_non_null(strstr(text, "Virtual kernel memory layout:\n"));
	assert_non_null(strstr(text, "    modules : 0xffff800000000000 - 0xffff800080000000   (  2048 MB)\n"));
	assert_non_null(strstr(text, "    vmalloc : 0xffff800080000000 - 0xfffffdffbf800000   (129020 GB)\n"));
	assert_non_null(strstr(text, "    PCI I/O : 0xffffffffc0800000 - 0xffffffffc1800000   (    16 MB)\n"));
	assert_non_null(strstr(text, "    fixed   : 0xffffffffff3f2000 - 0xffffffffff800000   (  4152 KB)\n"));
	assert_non_null(strstr(text, "    memory  : 0xffff000000000000 - 0xffff000004000000   (    64 MB)\n"));
	free(text);
	/* the boot log has it too */
	text = show(m, "dmesg");
	assert_non_null(strstr(text, "Virtual kernel memory layout:"));
	free(text);
	mmsim_shutdown(m);

	m = boot("mem=64M va_bits=39");
	l = &m->layout;
	assert_int_equal(l->page_offset, 0xffffff8000000000ULL);
	assert_int_equal(l->vmalloc_start, 0xffffffc080000000ULL);
	assert_int_equal(l->vmemmap_start, 0xfffffffec0000000ULL);
	assert_int_equal(l->vmalloc_end, 0xfffffffebf800000ULL);
	mmsim_shutdown(m);
}

/* ---- registers, from proc.S:__cpu_setup ------------------------------- */

static void check_registers(struct mmsim *m, unsigned int va, int asid16,
			    int hafdbs)
{
	int cpu;

	for (cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		const struct cpu_sysregs *r = &m->cpus[cpu].regs;
		uint64_t tcr = r->tcr_el1;

		assert_int_equal(tcr & 63, 64 - va);			/* T0SZ */
		assert_int_equal((tcr >> 16) & 63, 64 - va);		/* T1SZ */
		assert_int_equal((tcr >> 8) & 0xf, 0x5);	/* IRGN0/ORGN0 WBWA */
		assert_int_equal((tcr >> 24) & 0xf, 0x5);	/* IRGN1/ORGN1 WBWA */
		assert_int_equal((tcr >> 12) & 3, 3);		/* SH0 inner */
		assert_int_equal((tcr >> 28) & 3, 3);		/* SH1 inner */
		assert_int_equal((tcr >> 14) & 3, 0);		/* TG0 4K */
		assert_int_equal((tcr >> 30) & 3, 2);		/* TG1 4K */
		assert_int_equal((tcr >> 32) & 7, 5);		/* IPS 48 bits */
		assert_true(tcr & (1ULL << 22));		/* A1 */
		assert_true(tcr & (1ULL << 37));		/* TBI0 */
		assert_false(tcr & (1ULL << 38));		/* TBI1 */
		assert_false(tcr & ((1ULL << 7) | (1ULL << 23)));	/* EPDn */
		assert_int_equal(!!(tcr & (1ULL << 36)), asid16);	/* AS */
		assert_int_equal(!!(tcr & (1ULL << 39)), hafdbs);	/* HA */
		assert_int_equal(!!(tcr & (1ULL << 40)), hafdbs);	/* HD */
		/* MAIR_EL1_SET: nGnRnE, nGnRE, NC, Normal, Normal-Tagged */
		/* Attr0 0xff (MT_NORMAL), Attr1 0xff (MT_NORMAL_TAGGED),
		 * Attr2 0x44 (NC), Attr3 0x00 (nGnRnE), Attr4 0x04 (nGnRE) */
		assert_int_equal(r->mair_el1, 0x000000040044ffffULL);
		assert_true(r->sctlr_el1 & 1);			/* M */
		assert_true(r->sctlr_el1 & (1ULL << 2));	/* C */
		assert_true(r->sctlr_el1 & (1ULL << 12));	/* I */
		assert_false(r->sctlr_el1 & (1ULL << 19));	/* WXN */
		assert_int_equal(r->ttbr1_el1, m->swapper_pg_dir);	/* ASID 0 */
		assert_int_equal(r->ttbr0_el1, m->reserved_pg_dir);
	}
}

static void test_registers(void **state)
{
	struct mmsim *m = boot("mem=64M nr_cpus=3");
	unsigned int i;

	(void)state;
	check_registers(m, 48, 1, 1);
	/* reserved_pg_dir is all invalid; swapper_pg_dir is in the image's
	 * rodata, just below __init_begin; reserved_pg_dir a page lower */
	for (i = 0; i < 512; i++)
		assert_int_equal(rd_desc(m, m->reserved_pg_dir + i * 8), 0);
	assert_int_equal(m->swapper_pg_dir, m->kimage_start + m->kimage_text +
					    m->kimage_rodata - 4096);
	assert_int_equal(m->reserved_pg_dir, m->swapper_pg_dir - 4096);
	mmsim_shutdown(m);

	m = boot("mem=64M va_bits=39 asid_bits=8 hafdbs=off");
	check_registers(m, 39, 0, 0);
	mmsim_shutdown(m);
}

/* ---- map_mem(), as a model of what it leaves -------------------------- */

/*
 * What __create_pgd_mapping() puts down for a range, modelled on sets of
 * slots rather than descriptors (arch/arm64/mm/mmu.c, 6.18):
 *
 *  - a 1G slot the range covers whole and that has no table: a block;
 *  - else a table; in it, per 32M group: the blocks get PMD_SECT_CONT if
 *    the range covers the group whole and no valid entry of the group
 *    lacks the hint (a table counts as one);
 *  - a 2M slot covered whole and without a table: a block; else a table
 *    of pages, PTE_CONT per 64K group on the same rule.
 *
 * map_mem() maps the kernel image's [_text, __init_begin) and [__init_end,
 * _end) first, then every memory bank.
 */
enum { NONE, BLOCK, TABLE };

struct refmap {
	uint64_t base;			/* PHYS_OFFSET, 1G aligned */
	size_t n4k;
	unsigned char *l1, *l2, *l2cont, *l3, *l3cont;
};

static uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static uint64_t next_boundary(uint64_t x, uint64_t a, uint64_t end)
{
	uint64_t b = align_down(x, a) + a;

	return b < end ? b : end;
}

static int l2_noncont(const struct refmap *r, uint64_t pa)
{
	size_t i = (size_t)((align_down(pa, 32 * MiB) - r->base) >> 21), k;

	for (k = i; k < i + 16; k++)
		if (r->l2[k] == TABLE || (r->l2[k] == BLOCK && !r->l2cont[k]))
			return 1;
	return 0;
}

static int l3_noncont(const struct refmap *r, uint64_t pa)
{
	size_t i = (size_t)((align_down(pa, 64 * KiB) - r->base) >> 12), k;

	for (k = i; k < i + 16; k++)
		if (r->l3[k] && !r->l3cont[k])
			return 1;
	return 0;
}

static void ref_map(struct refmap *r, uint64_t s, uint64_t e)
{
	uint64_t g, c, p, q, next1, next32, next2, next64;

	for (g = s; g < e; g = next1) {
		size_t i1 = (size_t)((g - r->base) >> 30);

		next1 = next_boundary(g, GiB, e);
		if (((g | next1) & (GiB - 1)) == 0 && r->l1[i1] != TABLE) {
			r->l1[i1] = BLOCK;
			continue;
		}
		r->l1[i1] = TABLE;
		for (c = g; c < next1; c = next32) {
			int cont;

			next32 = next_boundary(c, 32 * MiB, next1);
			cont = ((c | next32) & (32 * MiB - 1)) == 0 &&
			       !l2_noncont(r, c);
			for (p = c; p < next32; p = next2) {
				size_t i2 = (size_t)((p - r->base) >> 21);

				next2 = next_boundary(p, 2 * MiB, next32);
				if (((p | next2) & (2 * MiB - 1)) == 0 &&
				    r->l2[i2] != TABLE) {
					r->l2[i2] = BLOCK;
					r->l2cont[i2] = (unsigned char)cont;
					continue;
				}
				r->l2[i2] = TABLE;
				for (q = p; q < next2; q = next64) {
					int cont64;
					uint64_t pg;

					next64 = next_boundary(q, 64 * KiB, next2);
					cont64 = ((q | next64) & (64 * KiB - 1)) == 0 &&
						 !l3_noncont(r, q);
					for (pg = q; pg < next64; pg += 4096) {
						size_t i3 = (size_t)((pg - r->base) >> 12);

						r->l3[i3] = 1;
						r->l3cont[i3] = (unsigned char)cont64;
					}
				}
			}
		}
	}
}

static void ref_build(struct refmap *r, struct mmsim *m)
{
	uint64_t end = memblock_end_of_DRAM(&m->memblock);
	uint64_t init_begin = m->kimage_start + m->kimage_text + m->kimage_rodata;
	const struct memblock_region *reg;
	size_t n1g;

	r->base = align_down(memblock_start_of_DRAM(&m->memblock), GiB);
	n1g = (size_t)((end - r->base + GiB - 1) >> 30) + 1;
	r->n4k = n1g << 18;
	r->l1 = calloc(n1g, 1);
	r->l2 = calloc(n1g << 9, 1);
	r->l2cont = calloc(n1g << 9, 1);
	r->l3 = calloc(r->n4k, 1);
	r->l3cont = calloc(r->n4k, 1);
	assert_true(r->l1 && r->l2 && r->l2cont && r->l3 && r->l3cont);
	ref_map(r, m->kimage_start, init_begin);
	ref_map(r, init_begin + m->kimage_init, m->kimage_end);
	for_each_mem_region(&m->memblock, reg)
		ref_map(r, reg->base, reg->base + reg->size);
}

static void ref_free(struct refmap *r)
{
	free(r->l1);
	free(r->l2);
	free(r->l2cont);
	free(r->l3);
	free(r->l3cont);
}

/* The leaf map_mem() leaves for @pa: level (0: none) and its hint. */
static int ref_leaf(const struct refmap *r, uint64_t pa, int *cont)
{
	size_t i1 = (size_t)((pa - r->base) >> 30);
	size_t i2 = (size_t)((pa - r->base) >> 21);
	size_t i3 = (size_t)((pa - r->base) >> 12);

	*cont = 0;
	if (r->l1[i1] == BLOCK)
		return 1;
	if (r->l1[i1] == TABLE && r->l2[i2] == BLOCK) {
		*cont = r->l2cont[i2];
		return 2;
	}
	if (r->l1[i1] == TABLE && r->l2[i2] == TABLE && r->l3[i3]) {
		*cont = r->l3cont[i3];
		return 3;
	}
	return 0;
}

static uint64_t lm_va(struct mmsim *m, const struct refmap *r, uint64_t pa)
{
	return m->layout.page_offset + (pa - r->base);
}

/* One page of the linear map, against the model and the architecture. */
static void check_lm_page(struct mmsim *m, const struct refmap *r, uint64_t pa,
			  int hw)
{
	uint64_t va = lm_va(m, r, pa);
	struct twalk w;
	int cont, level = ref_leaf(r, pa, &cont);
	struct mmsim_walk mw;

	if (!level) {
		assert_int_equal(twalk(m, va, &w), -1);
		return;
	}
	if (twalk(m, va, &w))
		fail_msg("pa %#llx (va %#llx) is not mapped", (unsigned long long)pa,
			 (unsigned long long)va);
	assert_int_equal(w.pa, pa);
	if (w.level != level || !!(w.desc & D_CONT) != cont)
		fail_msg("pa %#llx: leaf at level %d%s, map_mem() puts it at %d%s",
			 (unsigned long long)pa, w.level,
			 (w.desc & D_CONT) ? " (cont)" : "", level,
			 cont ? " (cont)" : "");
	/* PAGE_KERNEL: Normal WB, inner shareable, AF, global, RW at EL1,
	 * nothing at EL0, never executable; the tables say XN too */
	assert_int_equal(D_ATTRINDX(w.desc), 0);
	assert_int_equal(D_SH(w.desc), 3);
	assert_true(w.desc & D_AF);
	assert_false(w.desc & (D_NG | D_AP1_EL0 | D_AP2_RO));
	assert_true(w.desc & D_DBM);
	assert_true((w.desc & (D_PXN | D_UXN)) == (D_PXN | D_UXN));
	if (w.ntables > 1)	/* a block in the pgd itself has no table */
		assert_true((w.tables & (T_PXN | T_UXN)) == (T_PXN | T_UXN));
	assert_int_equal(w.tables & T_AP, 0);
	if (!hw)
		return;
	/* the hardware model translates it the same way */
	assert_int_equal(mmsim_walk(va, MMSIM_ACCESS_WRITE, 1, &mw), 0);
	assert_int_equal(mw.pa, pa);
	/* a contiguous run is one TLB entry: 16 times the leaf */
	assert_int_equal(mw.size_shift,
			 (level == 1 ? 30 : level == 2 ? 21 : 12) + (cont ? 4 : 0));
	assert_int_equal(mw.contiguous, cont);
	assert_int_equal(mw.perms, MMSIM_PERM_EL1_R | MMSIM_PERM_EL1_W);
	assert_int_equal(mmsim_walk(va, MMSIM_ACCESS_EXEC, 1, &mw), -EFAULT);
	assert_int_equal(mw.fault.type, MMSIM_FAULT_PERMISSION);
	assert_int_equal(mmsim_walk(va, MMSIM_ACCESS_READ, 0, &mw), -EFAULT);
	assert_int_equal(mw.fault.type, MMSIM_FAULT_PERMISSION);
}

/*
 * Walk the linear map of @params: every page of small machines, a
 * sample of big ones; each region's first and last pages, and the pages
 * around every hole.
 */
static void check_linear_map(const char *params)
{
	struct mmsim *m = boot(params);
	const struct memblock_region *reg;
	struct refmap r;
	uint64_t pa, end = memblock_end_of_DRAM(&m->memblock);
	uint64_t step = (end - m->phys_offset) > 512 * MiB ? 37 * 4096 : 4096;
	unsigned long n = 0;

	ref_build(&r, m);
	for (pa = m->phys_offset; pa < end; pa += step, n++)
		check_lm_page(m, &r, pa, n % 64 == 0);
	for_each_mem_region(&m->memblock, reg) {
		check_lm_page(m, &r, reg->base, 1);
		check_lm_page(m, &r, reg->base + reg->size - 4096, 1);
		if (reg->base > m->phys_offset)
			check_lm_page(m, &r, reg->base - 4096, 0);	/* a hole */
	}
	/* after the end of DRAM: nothing */
	check_lm_page(m, &r, end, 0);
	/* boot tables are memblock memory: reserved, not NR_PAGETABLE */
	{
		char *text = show(m, "meminfo");

		assert_non_null(strstr(text, "PageTables:            0 kB"));
		free(text);
	}
	ref_free(&r);
	mmsim_shutdown(m);
}

static void test_linear_map_small(void **state)
{
	(void)state;
	check_linear_map("mem=256M");
	check_linear_map("mem=256M va_bits=39");
	/* PHYS_OFFSET rounds down to 1G: the linear map starts before RAM */
	check_linear_map("mem=256M phys_offset=0x40400000");
}

/* 1 GiB blocks, in a pud (4 levels) or straight in the pgd (3 levels) */
static void test_linear_map_blocks(void **state)
{
	struct mmsim *m = boot("mem=3G");
	struct twalk w;

	(void)state;
	/* 0x80000000 and 0xc0000000: 1 GiB blocks; the first GiB holds the
	 * image's alias, which is mapped first: a table */
	assert_int_equal(twalk(m, m->layout.page_offset + GiB, &w), 0);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.pa, 0x80000000ULL);
	assert_int_equal(twalk(m, m->layout.page_offset + 2 * GiB + 12345, &w), 0);
	assert_int_equal(w.level, 1);
	assert_int_equal(twalk(m, m->layout.page_offset, &w), 0);
	assert_int_equal(w.level, 2);
	mmsim_shutdown(m);
	check_linear_map("mem=3G");
	check_linear_map("mem=3G va_bits=39");
	check_linear_map("mem=3G numa=2 va_bits=42");
}

/* holes cut blocks into tables and contiguous runs into single pages */
static void test_linear_map_holes(void **state)
{
	(void)state;
	check_linear_map("mem=512M hole=60K@0x48011000 hole=2M@0x4a100000 "
			 "hole=4K@0x4c000000 hole=1M@0x50000000");
	check_linear_map("mem=2G va_bits=47 hole=68K@0x7ff00000");
}

/*
 * The boot tables of mem=256M: one pud, one pmd and two pte tables (the
 * image's alias leaves its 2M slots at 0x40400000 and 0x40600000 partly
 * covered), from memblock, top down: the last four pages of RAM.
 */
static void test_linear_map_tables(void **state)
{
	struct mmsim *m = boot("mem=256M");
	uint64_t lm = m->layout.page_offset, end = m->phys_offset + 256 * MiB;
	uint64_t tables[8];
	int n = 0, i, j, k;
	struct twalk w;
	static const uint64_t offs[] = { 0, 0x400000, 0x600000, 0x2000000 };

	(void)state;
	for (i = 0; i < (int)ARRAY_SIZE(offs); i++) {
		assert_int_equal(twalk(m, lm + offs[i], &w), 0);
		for (j = 0; j < w.ntables; j++) {
			for (k = 0; k < n && tables[k] != w.tpa[j]; k++)
				;
			if (k == n)
				tables[n++] = w.tpa[j];
		}
	}
	/* swapper_pg_dir and four more */
	assert_int_equal(n, 5);
	assert_int_equal(tables[0], m->swapper_pg_dir);
	for (k = 1; k < n; k++) {
		assert_true(tables[k] >= end - 4 * 4096 && tables[k] < end);
		assert_true(memblock_is_reserved(&m->memblock, tables[k]));
	}
	/* 0x40000000: a 2M block, not cont (its 32M group has tables) */
	assert_int_equal(twalk(m, lm, &w), 0);
	assert_int_equal(w.level, 2);
	assert_false(w.desc & D_CONT);
	/* 0x40400000 and 0x40600000: page tables, cont pages */
	assert_int_equal(twalk(m, lm + 0x400000, &w), 0);
	assert_int_equal(w.level, 3);
	assert_true(w.desc & D_CONT);
	assert_int_equal(twalk(m, lm + 0x600000, &w), 0);
	assert_int_equal(w.level, 3);
	/* 0x42000000: the second 32M group, cont blocks */
	assert_int_equal(twalk(m, lm + 0x2000000, &w), 0);
	assert_int_equal(w.level, 2);
	assert_true(w.desc & D_CONT);
	mmsim_shutdown(m);
}

/* ---- the kernel image at KIMAGE_VADDR ---------------------------------- */

static void check_image_leaf(struct mmsim *m, uint64_t off, int level,
			     int rdonly, int pxn, int cont)
{
	uint64_t va = m->layout.kimage_vaddr + off;
	struct twalk w;

	if (twalk(m, va, &w))
		fail_msg("image offset %#llx is not mapped", (unsigned long long)off);
	assert_int_equal(w.pa, m->kimage_start + off);
	assert_int_equal(w.level, level);
	assert_int_equal(!!(w.desc & D_AP2_RO), rdonly);
	assert_int_equal(!!(w.desc & D_PXN), pxn);
	assert_int_equal(!!(w.desc & D_CONT), cont);
	assert_true(w.desc & D_UXN);
	assert_true(w.desc & D_AF);
	assert_false(w.desc & (D_NG | D_AP1_EL0));
	/* the early tables: UXNTable only, as map_range() makes them */
	assert_int_equal(w.tables & (T_PXN | T_UXN | T_AP), T_UXN);
}

static void test_kernel_image(void **state)
{
	struct mmsim *m = boot("mem=256M");
	uint64_t text = m->kimage_text, rodata = m->kimage_rodata;
	uint64_t init = m->kimage_init, size = m->kimage_end - m->kimage_start;
	uint64_t swapper_va;
	struct mmsim_walk mw;
	struct twalk w;

	(void)state;
	/* .text: 2 MiB at a 2 MiB aligned PA: one block, read-only, exec */
	check_image_leaf(m, 0, 2, 1, 0, 0);
	check_image_leaf(m, text - 4096, 2, 1, 0, 0);
	assert_int_equal(mmsim_walk(m->layout.kimage_vaddr + 64, MMSIM_ACCESS_EXEC,
				    1, &mw), 0);
	assert_int_equal(mmsim_walk(m->layout.kimage_vaddr + 64, MMSIM_ACCESS_WRITE,
				    1, &mw), -EFAULT);
	assert_int_equal(mw.fault.type, MMSIM_FAULT_PERMISSION);
	/* .rodata: pages, read-only, never executable, no contiguous hint */
	check_image_leaf(m, text, 3, 1, 1, 0);
	check_image_leaf(m, text + rodata - 4096, 3, 1, 1, 0);
	/* swapper_pg_dir is the last page of it */
	swapper_va = m->layout.kimage_vaddr + (m->swapper_pg_dir - m->kimage_start);
	assert_int_equal(twalk(m, swapper_va, &w), 0);
	assert_int_equal(w.pa, m->swapper_pg_dir);
	assert_true(w.desc & D_AP2_RO);
	/* init text ROX, init data RW, neither contiguous */
	check_image_leaf(m, text + rodata, 3, 1, 0, 0);
	check_image_leaf(m, text + rodata + init - 4096, 3, 0, 1, 0);
	/* .data and .bss: RW, never executable, 64K runs contiguous */
	check_image_leaf(m, text + rodata + init, 3, 0, 1, 1);
	check_image_leaf(m, size - 4096, 3, 0, 1, 1);
	assert_int_equal(mmsim_walk(m->layout.kimage_vaddr + size - 8,
				    MMSIM_ACCESS_WRITE, 1, &mw), 0);
	/* after _end: nothing (the data segment's guard page) */
	assert_int_equal(twalk(m, m->layout.kimage_vaddr + size, &w), -1);
	assert_int_equal(mmsim_walk(m->layout.kimage_vaddr + size,
				    MMSIM_ACCESS_READ, 1, &mw), -EFAULT);
	assert_int_equal(mw.fault.type, MMSIM_FAULT_TRANSLATION);
	/* before KIMAGE_VADDR: the modules area, empty */
	assert_int_equal(twalk(m, m->layout.kimage_vaddr - 4096, &w), -1);
	/* the image's kernel VAs reach the same bytes as the linear map */
	assert_ptr_equal(mmsim_kernel_ptr(m, m->layout.kimage_vaddr + 4096),
			 m->arena + (m->kimage_start + 4096 - m->phys_offset));
	mmsim_shutdown(m);

	/* other sizes: a smaller pgd (42, 47 bits), or three levels (39) */
	{
		static const char *const params[] = {
			"mem=256M va_bits=39", "mem=256M va_bits=42",
			"mem=256M va_bits=47",
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(params); i++) {
			m = boot(params[i]);
			check_image_leaf(m, 0, 2, 1, 0, 0);
			check_image_leaf(m, m->kimage_text, 3, 1, 1, 0);
			check_image_leaf(m, size - 4096, 3, 0, 1, 1);
			assert_int_equal(mmsim_walk(m->layout.kimage_vaddr,
						    MMSIM_ACCESS_EXEC, 1, &mw), 0);
			mmsim_shutdown(m);
		}
	}
}

/* ---- host pointers and kernel VAs -------------------------------------- */

static void test_conversions(void **state)
{
	struct mmsim *m = boot("mem=128M hole=1M@0x84000000 phys_offset=0x80400000");
	uint64_t memstart = 0x80000000ULL;	/* rounded down to 1G */
	struct page *page;
	char *host;
	uint64_t pa, va;
	int local;

	(void)state;
	page = mmsim_alloc_pages(MMSIM_GFP_KERNEL, 0);
	assert_non_null(page);
	host = mmsim_page_address(page);
	pa = mmsim_page_to_phys(page);
	va = mmsim_kernel_va(m, host + 100);
	assert_int_equal(va, m->layout.page_offset + (pa - memstart) + 100);
	assert_ptr_equal(mmsim_kernel_ptr(m, va), host + 100);
	/* the first byte of RAM */
	va = mmsim_kernel_va(m, m->arena);
	assert_int_equal(va, m->layout.page_offset + 0x400000);
	assert_ptr_equal(mmsim_kernel_ptr(m, va), m->arena);
	/* neither RAM nor vmalloc: 0 and NULL */
	assert_int_equal(mmsim_kernel_va(m, &local), 0);
	assert_int_equal(mmsim_kernel_va(m, NULL), 0);
	assert_int_equal(mmsim_kernel_va(NULL, host), 0);
	assert_null(mmsim_kernel_ptr(m, 0x1000));
	assert_null(mmsim_kernel_ptr(m, m->layout.page_offset));	/* below RAM */
	assert_null(mmsim_kernel_ptr(m, m->layout.fixaddr_top));
	/* a hole has no kernel VA, and its VA no host pointer */
	assert_int_equal(mmsim_kernel_va(m, m->arena + (0x84000000 - 0x80400000)), 0);
	assert_null(mmsim_kernel_ptr(m, m->layout.page_offset + 0x4000000));
	mmsim___free_pages(page, 0);
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_literals),
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_linear_map_small),
		cmocka_unit_test(test_linear_map_blocks),
		cmocka_unit_test(test_linear_map_holes),
		cmocka_unit_test(test_linear_map_tables),
		cmocka_unit_test(test_kernel_image),
		cmocka_unit_test(test_conversions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
