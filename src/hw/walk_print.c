// SPDX-License-Identifier: MIT
/*
 * mmsim_walk_print(): a recorded table walk as a student reads it next to
 * the Arm ARM: the registers that chose the tables, one line per level
 * (where the descriptor was read, its value, what its fields say), then
 * the output address and permissions, or the fault with its ESR.
 */
#include <errno.h>
#include <inttypes.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <hw/mmu.h>
#include <sim/machine.h>

static const char *const access_names[] = { "read", "write", "exec" };
static const char *const sh_names[] = { "NSH", "SH?", "OSH", "ISH" };

static void size_str(char *buf, size_t len, unsigned int shift)
{
	static const char units[] = "KMGT";
	unsigned int u = 0;

	shift -= 10;
	while (shift >= 10 && u < 3) {
		shift -= 10;
		u++;
	}
	snprintf(buf, len, "%u%c", 1u << shift, units[u]);
}

static void perms_str(char *buf, size_t len, unsigned int p)
{
	snprintf(buf, len, "EL1 %c%c%c EL0 %c%c%c",
		 p & MMSIM_PERM_EL1_R ? 'r' : '-',
		 p & MMSIM_PERM_EL1_W ? 'w' : '-',
		 p & MMSIM_PERM_EL1_X ? 'x' : '-',
		 p & MMSIM_PERM_EL0_R ? 'r' : '-',
		 p & MMSIM_PERM_EL0_W ? 'w' : '-',
		 p & MMSIM_PERM_EL0_X ? 'x' : '-');
}

static void print_leaf_fields(FILE *out, u64 d, unsigned int gshift, int level)
{
	static const char *const ap[] = { "EL1 rw, EL0 --", "EL1 rw, EL0 rw",
					  "EL1 r-, EL0 --", "EL1 r-, EL0 r-" };
	char sz[16];

	size_str(sz, sizeof(sz), gran_level_shift(gshift, level));
	fprintf(out, "%s %s -> 0x%" PRIx64 "\n", level == 3 ? "page" : "block",
		sz, d & GENMASK_ULL(47, gran_level_shift(gshift, level)));
	fprintf(out, "      AttrIndx=%u SH=%s AP[2:1]=%u%u (%s) AF=%u nG=%u",
		(unsigned int)((d >> 2) & 7),
		sh_names[(d >> 8) & 3], (unsigned int)((d >> 7) & 1),
		(unsigned int)((d >> 6) & 1), ap[(d >> 6) & 3],
		(unsigned int)((d >> 10) & 1), (unsigned int)((d >> 11) & 1));
	if (d & PTE_DBM)
		fprintf(out, " DBM");
	if (d & PTE_CONT)
		fprintf(out, " Contiguous");
	if (d & PTE_PXN)
		fprintf(out, " PXN");
	if (d & PTE_UXN)
		fprintf(out, " UXN");
	if (d & PTE_GP)
		fprintf(out, " GP");
	/* Linux's software bits (pgtable-prot.h) */
	if (d & PTE_DIRTY)
		fprintf(out, " sw:DIRTY");
	if (d & PTE_SPECIAL)
		fprintf(out, " sw:SPECIAL");
	if (d & PTE_UFFD_WP)
		fprintf(out, " sw:UFFD_WP");
	fputc('\n', out);
}

static void print_invalid(FILE *out, u64 d, int level)
{
	if (!d) {
		fprintf(out, "invalid (empty)\n");
		return;
	}
	fprintf(out, "invalid");
	/* how Linux uses the other bits of an invalid level-3 entry */
	if (level == 3 && (d & PTE_PRESENT_INVALID))
		fprintf(out, " (Linux: present but inaccessible, PROT_NONE)");
	else if (level == 3)
		fprintf(out, " (Linux: swap entry type %" PRIu64 " offset %#" PRIx64 "%s)",
			(d >> __SWP_TYPE_SHIFT) & __SWP_TYPE_MASK,
			(d >> __SWP_OFFSET_SHIFT) & __SWP_OFFSET_MASK,
			(d & PTE_SWP_EXCLUSIVE) ? ", exclusive" : "");
	fputc('\n', out);
}

static void print_fault(FILE *out, const struct mmsim_fault *f)
{
	u64 esr = f->esr;

	fprintf(out, "  fault: %s", mmsim_fault_name(f->type));
	if (f->level >= 0)
		fprintf(out, " level %d", f->level);
	fprintf(out,
		", ESR_EL1 0x%08" PRIx64 " (EC 0x%02" PRIx64 ", IL %u, WnR %u, %s 0x%02" PRIx64 "), FAR_EL1 0x%016" PRIx64 "\n",
		esr, ESR_ELx_EC(esr), (unsigned int)!!(esr & ESR_ELx_IL),
		(unsigned int)!!(esr & ESR_ELx_WNR),
		(ESR_ELx_EC(esr) == ESR_ELx_EC_IABT_LOW ||
		 ESR_ELx_EC(esr) == ESR_ELx_EC_IABT_CUR) ? "IFSC" : "DFSC",
		esr & ESR_ELx_FSC, f->far);
}

MMSIM_EXPORT int mmsim_walk_print(const struct mmsim_walk *w, FILE *out)
{
	char buf[64];
	int i;

	if (!w || !out)
		return mmsim_set_error(EINVAL, "mmsim_walk_print: NULL argument");
	fprintf(out, "walk 0x%016" PRIx64 " %s el%d\n", w->va,
		access_names[w->access % 3], w->el);
	if (w->ttbr < 0) {
		fprintf(out, "  VA is in neither the TTBR0 nor the TTBR1 range\n");
	} else if (w->granule_shift) {
		fprintf(out,
			"  TTBR%d_EL1 0x%016" PRIx64 " ASID %u, %u-bit VA, %uK granule, start level %d, %u-bit PA\n",
			w->ttbr, w->ttbr_value, w->asid, w->ia_bits,
			1u << (w->granule_shift - 10), w->start_level,
			w->pa_bits);
	} else {
		fprintf(out, "  MMU off (SCTLR_EL1.M == 0): PA = VA\n");
	}
	for (i = 0; i < w->nr_levels; i++) {
		const struct mmsim_walk_level *l = &w->levels[i];

		fprintf(out, "  L%d table 0x%" PRIx64 "[%u] @0x%" PRIx64 " = 0x%016" PRIx64 " ",
			l->level, l->table_pa, l->index, l->desc_pa, l->desc);
		switch (l->kind) {
		case MMSIM_DESC_TABLE:
			fprintf(out, "table -> 0x%" PRIx64,
				l->desc & GENMASK_ULL(47, w->granule_shift));
			if (l->desc & S1_TABLE_AP)
				fprintf(out, " APTable=%u",
					(unsigned int)((l->desc >> 61) & 3));
			if (l->desc & PMD_TABLE_UXN)
				fprintf(out, " UXNTable");
			if (l->desc & PMD_TABLE_PXN)
				fprintf(out, " PXNTable");
			fputc('\n', out);
			break;
		case MMSIM_DESC_BLOCK:
		case MMSIM_DESC_PAGE:
			print_leaf_fields(out, l->desc, w->granule_shift, l->level);
			break;
		case MMSIM_DESC_RESERVED:
			fprintf(out, "reserved (0b01: no block at level %d)\n",
				l->level);
			break;
		default:
			if (w->fault.type == MMSIM_FAULT_EXTERNAL_WALK &&
			    i == w->nr_levels - 1)
				fprintf(out, "(not RAM)\n");
			else
				print_invalid(out, l->desc, l->level);
			break;
		}
	}
	if (w->fault.type != MMSIM_FAULT_NONE) {
		print_fault(out, &w->fault);
		return 0;
	}
	size_str(buf, sizeof(buf), w->size_shift);
	fprintf(out, "  -> PA 0x%016" PRIx64 " (%s%s, %s, MAIR attr 0x%02x)",
		w->pa, buf, w->contiguous ? " contiguous run" : "",
		w->global ? "global" : "nG", w->mair_attr);
	perms_str(buf, sizeof(buf), w->perms);
	fprintf(out, " %s", buf);
	if (w->af_set_by_hw)
		fprintf(out, ", hardware sets AF");
	if (w->dirty_set_by_hw)
		fprintf(out, ", hardware clears AP[2] (dirty)");
	fputc('\n', out);
	return 0;
}
