// SPDX-License-Identifier: MIT
/*
 * The kernel's range TLB flushes (arch/arm64/include/asm/tlbflush.h:
 * __flush_tlb_range_op(), flush_tlb_kernel_range(), __flush_tlb_range()).
 */
#include <asm/tlbflush.h>

static enum mmsim_tlbi_op range_form(enum mmsim_tlbi_op op)
{
	switch (op) {
	case MMSIM_TLBI_VAE1: return MMSIM_TLBI_RVAE1;
	case MMSIM_TLBI_VAAE1: return MMSIM_TLBI_RVAAE1;
	case MMSIM_TLBI_VALE1: return MMSIM_TLBI_RVALE1;
	default: return MMSIM_TLBI_RVAALE1;
	}
}

/* Mirrors: arch/arm64/include/asm/tlbflush.h:__TLBI_RANGE_NUM(). */
static int tlbi_range_num(unsigned long pages, int scale)
{
	unsigned long p = pages < MAX_TLBI_RANGE_PAGES ? pages :
							 MAX_TLBI_RANGE_PAGES;

	return (int)((p >> (5 * scale + 1)) & 0x1f) - 1;
}

/*
 * Mirrors: arch/arm64/include/asm/tlbflush.h:__flush_tlb_range_op().  A
 * function instead of a macro; no LPA2 alignment case (no 52-bit VAs).
 */
void __flush_tlb_range_op(enum mmsim_tlbi_op op, u64 start,
			  unsigned long pages, u16 asid)
{
	struct mmsim_cpu *cpu = this_cpu();
	int scale = 3;

	while (pages > 0) {
		int num;

		if (pages == 1) {
			tlbi(cpu, op, tlbi_vaddr(start, asid), true);
			start += PAGE_SIZE;
			pages--;
			continue;
		}
		num = tlbi_range_num(pages, scale);
		if (num >= 0) {
			unsigned long n = __TLBI_RANGE_PAGES(num, scale);

			tlbi(cpu, range_form(op),
			     tlbi_vaddr_range(start, asid, PAGE_SHIFT,
					      (unsigned)scale, (unsigned)num, 0),
			     true);
			start += n << PAGE_SHIFT;
			pages -= n;
		}
		scale--;
		if (scale < 0)
			scale = 3;
	}
}

static bool range_limit_excess(unsigned long pages)
{
	return pages > MAX_TLBI_RANGE_PAGES;
}

/* Mirrors: arch/arm64/include/asm/tlbflush.h:flush_tlb_kernel_range(). */
void flush_tlb_kernel_range(u64 start, u64 end)
{
	unsigned long pages;

	start &= PAGE_MASK;
	end = (end + PAGE_SIZE - 1) & PAGE_MASK;
	pages = (end - start) >> PAGE_SHIFT;
	if (range_limit_excess(pages)) {
		flush_tlb_all();
		return;
	}
	__flush_tlb_range_op(MMSIM_TLBI_VAALE1, start, pages, 0);
}

/*
 * Mirrors: arch/arm64/include/asm/tlbflush.h:__flush_tlb_range(), with
 * the ASID given instead of the VMA's mm and a page stride.
 */
void flush_tlb_user_range(u16 asid, u64 start, u64 end, bool last_level)
{
	unsigned long pages;

	start &= PAGE_MASK;
	end = (end + PAGE_SIZE - 1) & PAGE_MASK;
	pages = (end - start) >> PAGE_SHIFT;
	if (range_limit_excess(pages)) {
		flush_tlb_asid(asid);
		return;
	}
	__flush_tlb_range_op(last_level ? MMSIM_TLBI_VALE1 : MMSIM_TLBI_VAE1,
			     start, pages, asid);
}
