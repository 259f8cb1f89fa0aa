// SPDX-License-Identifier: MIT
/*
 * The kernel's virtual address layout, shown and converted: what
 * arch/arm64/mm/mmu.c reports rather than maps.
 *
 *   show_kernel_layout()  "Virtual kernel memory layout:", the table
 *                         arm64's mem_init() (arch/arm64/mm/init.c)
 *                         printed until Linux 4.16, with 6.18's regions
 *   mmsim_kernel_va()     host pointer -> kernel VA
 *   mmsim_kernel_ptr()    kernel VA -> host pointer
 *
 * Three kernel ranges have host memory behind them:
 *
 *   linear map    PAGE_OFFSET + (pa - PHYS_OFFSET)  <->  the arena
 *   kernel image  pa + kimage_voffset                ->  the arena
 *   vmalloc       VMALLOC_START + offset            <->  vmalloc's window
 *
 * The image has no host pointers of its own: mmsim_kernel_va() of an
 * arena pointer is always the linear-map VA.  Anything else converts to
 * 0 or NULL.
 */
#include <stdio.h>

#include <asm/memory.h>
#include <asm/mmu.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <sim/debug.h>
#include <sim/machine.h>

/* ------------------------------------------------------------------ */
/* The layout                                                           */

/*
 * "Virtual kernel memory layout:", as arm64's mem_init() printed it
 * until Linux 4.16 (arch/arm64/mm/init.c), with the 6.18 regions.
 */
static void kernel_layout_lines(struct mmsim *m,
				void (*line)(void *arg, const char *text),
				void *arg)
{
	const struct kernel_layout *l = &m->layout;
	struct kernel_segment seg[KERNEL_SEGMENT_COUNT];
	u64 vo = kimage_voffset(m);
	phys_addr_t dram_start = memblock_start_of_DRAM(&m->memblock);
	phys_addr_t dram_end = memblock_end_of_DRAM(&m->memblock);
	/* vmemmap = (struct page *)VMEMMAP_START - PHYS_PFN_OFFSET */
	u64 vmemmap_base = l->vmemmap_start -
			   (memstart_addr(m) >> PAGE_SHIFT) * 64;
	char buf[128];
	struct {
		const char *name;
		u64 start, end;
		unsigned int shift;
		const char *unit;
	} rows[] = {
		{ "    modules : ", l->modules_vaddr, l->modules_end, 20,
		  "MB" },
		{ "    vmalloc : ", l->vmalloc_start, l->vmalloc_end, 30,
		  "GB" },
		{ "      .text : ", 0, 0, 10, "KB" },
		{ "    .rodata : ", 0, 0, 10, "KB" },
		{ "      .init : ", 0, 0, 10, "KB" },
		{ "      .data : ", 0, 0, 10, "KB" },
		{ "       .bss : ", 0, 0, 10, "KB" },
		{ "    fixed   : ", l->fixaddr_start, l->fixaddr_top, 10,
		  "KB" },
		{ "    PCI I/O : ", l->pci_io_start, l->pci_io_end, 20, "MB" },
		{ "    vmemmap : ", l->vmemmap_start, l->vmemmap_end, 30,
		  "GB maximum" },
		{ "              ",
		  vmemmap_base + (dram_start >> PAGE_SHIFT) * 64,
		  vmemmap_base + (dram_end >> PAGE_SHIFT) * 64, 20,
		  "MB actual" },
		{ "    memory  : ", phys_to_kernel_va(m, dram_start),
		  phys_to_kernel_va(m, dram_end), 20, "MB" },
	};
	size_t i;

	kernel_image_segments(m, seg);
	rows[2].start = seg[KSEG_TEXT].start + vo;
	rows[2].end = seg[KSEG_TEXT].end + vo;
	rows[3].start = seg[KSEG_RODATA].start + vo;
	rows[3].end = seg[KSEG_RODATA].end + vo;
	rows[4].start = seg[KSEG_INITTEXT].start + vo;
	rows[4].end = seg[KSEG_INITDATA].end + vo;
	rows[5].start = seg[KSEG_DATA].start + vo;
	rows[5].end = rows[5].start + m->kimage_data;
	rows[6].start = rows[5].end;
	rows[6].end = seg[KSEG_DATA].end + vo;

	line(arg, "Virtual kernel memory layout:");
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		snprintf(buf, sizeof(buf),
			 "%s0x%016llx - 0x%016llx   (%6llu %s)",
			 rows[i].name, (unsigned long long)rows[i].start,
			 (unsigned long long)rows[i].end,
			 (unsigned long long)((rows[i].end - rows[i].start) >>
					      rows[i].shift),
			 rows[i].unit);
		line(arg, buf);
	}
}

static void layout_to_file(void *arg, const char *text)
{
	fprintf(arg, "%s\n", text);
}

static void layout_to_log(void *arg, const char *text)
{
	pr_notice((struct mmsim *)arg, "%s", text);
}

int show_kernel_layout(struct mmsim *m, FILE *out)
{
	kernel_layout_lines(m, layout_to_file, out);
	return 0;
}

/* mem_init() printed the layout right after "Memory: ..." */
void print_kernel_layout(struct mmsim *m)
{
	kernel_layout_lines(m, layout_to_log, m);
}

/* ------------------------------------------------------------------ */
/* Host pointers and kernel VAs                                         */

MMSIM_EXPORT uint64_t mmsim_kernel_va(struct mmsim *m, const void *ptr)
{
	const char *p = ptr;
	phys_addr_t pa;

	if (!m || !p)
		return 0;
	if (p >= m->arena && p < m->arena + m->arena_size) {
		pa = (phys_addr_t)(p - m->arena) + m->phys_offset;
		if (!memblock_is_memory(&m->memblock, pa) ||
		    pa < memstart_addr(m))
			return 0;
		if (!__is_lm_address_m(m, phys_to_kernel_va(m, pa)))
			return 0;
		return phys_to_kernel_va(m, pa);
	}
	return vmalloc_host_to_va(m, ptr);
}

MMSIM_EXPORT void *mmsim_kernel_ptr(struct mmsim *m, uint64_t va)
{
	struct kernel_segment seg[KERNEL_SEGMENT_COUNT];
	phys_addr_t pa;

	if (!m || !m->layout.va_bits)
		return NULL;
	if (va >= m->layout.page_offset && va < m->layout.page_end) {
		pa = lm_va_to_phys(m, va);
		if (!memblock_is_memory(&m->memblock, pa))
			return NULL;
		return pa_to_host(m, pa);
	}
	/* the kernel image: the linear map's alias of the same bytes */
	kernel_image_segments(m, seg);
	if (va >= seg[0].start + kimage_voffset(m) &&
	    va < seg[KERNEL_SEGMENT_COUNT - 1].end + kimage_voffset(m))
		return pa_to_host(m, va - kimage_voffset(m));
	return vmalloc_va_to_host(m, va);
}
