// SPDX-License-Identifier: MIT
/*
 * The TLB model: hits after a walk, entries that stay stale until the
 * right TLBI, global and ASID-tagged entries, the walk cache, contiguous
 * runs and blocks as one entry, hardware AF and dirty updates through
 * cached entries, the range TLBIs, and a broadcast TLBI while another
 * thread translates.  Tables are built by hand in TTBR0 (4K granule,
 * 48-bit VA), as the hardware sees them.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <sim/machine.h>

#include "test-util.h"

static struct mmsim *m;

static u64 *host_of(u64 pa)
{
	return (u64 *)(m->arena + (pa - m->phys_offset));
}

static u64 new_page(void)
{
	struct page *p = mmsim_alloc_pages(MMSIM_GFP_KERNEL | MMSIM___GFP_ZERO, 0);

	assert_non_null(p);
	return mmsim_page_to_phys(p);
}

/* the level-3 descriptor slot for @va under @root, tables made on demand */
static u64 *pte_slot(u64 root, u64 va)
{
	u64 table = root;
	int level;

	for (level = 0; level < 3; level++) {
		u64 *d = host_of(table) + ((va >> (39 - 9 * level)) & 511);

		if (!(*d & PTE_VALID))
			*d = new_page() | PMD_TYPE_TABLE;
		table = *d & GENMASK_ULL(47, 12);
	}
	return host_of(table) + ((va >> 12) & 511);
}

#define USER_RW (PTE_TYPE_PAGE | PTE_AF | PTE_SHARED | PTE_USER | PTE_NG | \
		 PTE_UXN | PTE_PXN | PTE_ATTRINDX(MT_NORMAL))

static void map(u64 root, u64 va, u64 pa, u64 attrs)
{
	__atomic_store_n(pte_slot(root, va), pa | attrs, __ATOMIC_RELEASE);
}

static u64 tcr_48(void)
{
	return TCR_T0SZ(48) | TCR_T1SZ(48) | TCR_TG0_4K | TCR_TG1_4K |
	       (5ULL << TCR_IPS_SHIFT) | TCR_ASID16 | TCR_HA | TCR_HD;
}

static void load_regs(u64 root, u16 asid)
{
	assert_int_equal(mmsim_write_sysreg(MMSIM_MAIR_EL1, MAIR_EL1_SET), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_TCR_EL1, tcr_48()), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_TTBR0_EL1,
					    root | ((u64)asid << 48)), 0);
	assert_int_equal(mmsim_write_sysreg(MMSIM_SCTLR_EL1,
					    INIT_SCTLR_EL1_MMU_ON), 0);
}

static struct mmsim_tlb_stats stats(int cpu)
{
	struct mmsim_tlb_stats s;

	assert_int_equal(mmsim_tlb_stats(m, cpu, &s), 0);
	return s;
}

static u64 load(u64 va)
{
	u64 v = 0;

	assert_int_equal(mmsim_mmu_load64(va, &v), 0);
	return v;
}

static int setup(void **state)
{
	(void)state;
	m = boot("mem=64M nr_cpus=2");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mmsim_shutdown(m);
	return 0;
}

#define VA 0x0000001234560000ULL

/* the first access walks all four levels; the next ones hit the L1 */
static void test_hit_after_walk(void **state)
{
	u64 root = new_page(), pa = new_page();
	struct mmsim_tlb_stats s0, s;
	int i;

	(void)state;
	*host_of(pa) = 0x1122334455667788ULL;
	map(root, VA, pa, USER_RW);
	load_regs(root, 1);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	s0 = stats(0);
	assert_int_equal(load(VA), 0x1122334455667788ULL);
	s = stats(0);
	assert_int_equal(s.l1d_misses - s0.l1d_misses, 1);
	assert_int_equal(s.l2_misses - s0.l2_misses, 1);
	assert_int_equal(s.walks - s0.walks, 1);
	assert_int_equal(s.desc_reads - s0.desc_reads, 4);
	for (i = 0; i < 100; i++)
		assert_int_equal(load(VA + 8), 0);
	s = stats(0);
	assert_int_equal(s.l1d_hits - s0.l1d_hits, 100);
	assert_int_equal(s.walks - s0.walks, 1);
}

/* a changed PTE is not seen until a TLBI that covers the entry */
static void test_stale_until_tlbi(void **state)
{
	u64 root = new_page(), old = new_page(), new = new_page();

	(void)state;
	*host_of(old) = 1;
	*host_of(new) = 2;
	map(root, VA, old, USER_RW);
	load_regs(root, 5);
	assert_int_equal(load(VA), 1);
	map(root, VA, new, USER_RW);
	assert_int_equal(load(VA), 1);			/* stale */
	/* another ASID's VAE1 does not touch this nG entry */
	mmsim_tlbi(MMSIM_TLBI_VAE1, tlbi_vaddr(VA, 6), false);
	assert_int_equal(load(VA), 1);
	/* another page's VAE1 neither */
	mmsim_tlbi(MMSIM_TLBI_VAE1, tlbi_vaddr(VA + 4096, 5), false);
	assert_int_equal(load(VA), 1);
	mmsim_tlbi(MMSIM_TLBI_VALE1, tlbi_vaddr(VA, 5), false);
	assert_int_equal(load(VA), 2);
	/* ASIDE1 of the right ASID also does it */
	map(root, VA, old, USER_RW);
	assert_int_equal(load(VA), 2);
	mmsim_tlbi(MMSIM_TLBI_ASIDE1, 5ULL << 48, false);
	assert_int_equal(load(VA), 1);
}

/* global entries match every ASID; nG entries only their own */
static void test_global_and_asid(void **state)
{
	u64 root = new_page(), a = new_page(), b = new_page();
	struct mmsim_tlb_stats s0, s;

	(void)state;
	*host_of(a) = 0xa;
	*host_of(b) = 0xb;
	map(root, VA, a, USER_RW & ~PTE_NG);		/* global */
	map(root, VA + 4096, b, USER_RW);		/* nG */
	load_regs(root, 7);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	assert_int_equal(load(VA), 0xa);
	assert_int_equal(load(VA + 4096), 0xb);
	load_regs(root, 8);				/* another ASID */
	s0 = stats(0);
	assert_int_equal(load(VA), 0xa);
	s = stats(0);
	assert_int_equal(s.walks - s0.walks, 0);	/* global: hit */
	assert_int_equal(load(VA + 4096), 0xb);
	s = stats(0);
	assert_int_equal(s.walks - s0.walks, 1);	/* nG: walked */
	/* ASIDE1 leaves global entries alone */
	mmsim_tlbi(MMSIM_TLBI_ASIDE1, 8ULL << 48, false);
	s0 = stats(0);
	assert_int_equal(load(VA), 0xa);
	assert_int_equal(stats(0).walks - s0.walks, 0);
	/* VAAE1 removes it whatever the ASID */
	mmsim_tlbi(MMSIM_TLBI_VAAE1, tlbi_vaddr(VA, 0), false);
	assert_int_equal(load(VA), 0xa);
	assert_int_equal(stats(0).walks - s0.walks, 1);
}

/* a contiguous run of 16 pages is one entry; a 2M block too */
static void test_contiguous_and_block(void **state)
{
	u64 root = new_page(), va = 0x40000000ULL, blk_va = 0x80000000ULL;
	struct page *run = mmsim_alloc_pages(MMSIM_GFP_KERNEL | MMSIM___GFP_ZERO, 4);
	u64 pa = mmsim_page_to_phys(run), *l2;
	struct mmsim_tlb_stats s0;
	int i;

	(void)state;
	for (i = 0; i < 16; i++) {
		map(root, va + i * 4096ULL, pa + i * 4096ULL, USER_RW | PTE_CONT);
		host_of(pa + i * 4096ULL)[1] = (u64)i;
	}
	load_regs(root, 9);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	s0 = stats(0);
	for (i = 0; i < 16; i++)
		assert_int_equal(load(va + i * 4096ULL + 8), (u64)i);
	assert_int_equal(stats(0).walks - s0.walks, 1);

	/* a 2M block at level 2: the level-2 slot of blk_va */
	pte_slot(root, blk_va);		/* make the tables */
	l2 = host_of(*(host_of(*(host_of(root) + 0) & GENMASK_ULL(47, 12)) + 2) &
		     GENMASK_ULL(47, 12));
	*l2 = (m->phys_offset + (32ULL << 20)) | PMD_TYPE_SECT | PTE_AF |
	      PTE_SHARED | PTE_USER | PTE_NG | PTE_UXN | PTE_PXN;
	s0 = stats(0);
	assert_int_equal(load(blk_va + 4096), *host_of(m->phys_offset + (32ULL << 20) + 4096));
	assert_int_equal(load(blk_va + (1 << 20)), *host_of(m->phys_offset + (33ULL << 20)));
	assert_int_equal(stats(0).walks - s0.walks, 1);
	mmsim___free_pages(run, 4);
}

/* the walk cache: VALE1 keeps table entries, VAE1 removes them */
static void test_walk_cache(void **state)
{
	u64 root = new_page(), a = new_page(), b = new_page(), *l2slot;
	u64 old_l3, new_l3;
	struct mmsim_tlb_stats s0, s;

	(void)state;
	*host_of(a) = 0xaa;
	*host_of(b) = 0xbb;
	map(root, VA, a, USER_RW);
	map(root, VA + 4096, a, USER_RW);
	load_regs(root, 10);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	assert_int_equal(load(VA), 0xaa);
	s0 = stats(0);
	assert_int_equal(load(VA + 4096), 0xaa);
	s = stats(0);
	assert_int_equal(s.walk_cache_hits - s0.walk_cache_hits, 1);
	assert_int_equal(s.desc_reads - s0.desc_reads, 1);

	/* replace the level-3 table behind VA's level-2 entry */
	new_l3 = new_page();
	host_of(new_l3)[(VA >> 12) & 511] = b | USER_RW;
	l2slot = host_of(*(host_of(*(host_of(root) + ((VA >> 39) & 511)) &
				   GENMASK_ULL(47, 12)) + ((VA >> 30) & 511)) &
			 GENMASK_ULL(47, 12)) + ((VA >> 21) & 511);
	old_l3 = *l2slot & GENMASK_ULL(47, 12);
	*l2slot = new_l3 | PMD_TYPE_TABLE;
	/* a last-level TLBI drops the leaf but the walk still goes through
	 * the cached (old) table */
	mmsim_tlbi(MMSIM_TLBI_VALE1, tlbi_vaddr(VA, 10), false);
	assert_int_equal(load(VA), 0xaa);
	/* a non-last-level TLBI also drops the cached table descriptors */
	mmsim_tlbi(MMSIM_TLBI_VAE1, tlbi_vaddr(VA, 10), false);
	assert_int_equal(load(VA), 0xbb);
	(void)old_l3;
}

/* TCR_EL1.HD: a write to a clean DBM page marks it dirty in the table */
static void test_dirty_bit(void **state)
{
	u64 root = new_page(), pa = new_page(), *pte;
	struct mmsim_fault f;
	u64 v = 0x55;

	(void)state;
	map(root, VA, pa, USER_RW | PTE_RDONLY | PTE_DBM);
	pte = pte_slot(root, VA);
	load_regs(root, 11);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	assert_int_equal(load(VA), 0);			/* cached clean */
	assert_true(*pte & PTE_RDONLY);
	assert_int_equal(mmsim_mmu_write(VA, &v, 8, 1, &f), 0);
	assert_false(*pte & PTE_RDONLY);		/* hardware dirty */
	assert_int_equal(*host_of(pa), 0x55);

	/* without DBM the cached read-only entry gives a permission fault */
	map(root, VA + 4096, pa, USER_RW | PTE_RDONLY);
	assert_int_equal(load(VA + 4096), 0x55);
	assert_int_equal(mmsim_mmu_write(VA + 4096, &v, 8, 1, &f), -EFAULT);
	assert_int_equal(f.type, MMSIM_FAULT_PERMISSION);
	assert_int_equal(f.level, 3);
	assert_int_equal(f.esr, ((u64)ESR_ELx_EC_DABT_CUR << ESR_ELx_EC_SHIFT) |
				ESR_ELx_IL | ESR_ELx_WNR | (ESR_ELx_FSC_PERM + 3));
	assert_int_equal(f.far, VA + 4096);
	/* making it writable without a TLBI: the stale entry still faults */
	map(root, VA + 4096, pa, USER_RW);
	assert_int_equal(mmsim_mmu_write(VA + 4096, &v, 8, 1, &f), -EFAULT);
	mmsim_tlbi(MMSIM_TLBI_VALE1, tlbi_vaddr(VA + 4096, 11), false);
	assert_int_equal(mmsim_mmu_write(VA + 4096, &v, 8, 1, &f), 0);
}

/* the range forms cover exactly their range */
static void test_range_tlbi(void **state)
{
	u64 root = new_page(), pa = new_page(), va = 0x7f0000000000ULL;
	struct mmsim_tlb_stats s0;
	int i;

	(void)state;
	for (i = 0; i < 32; i++)
		map(root, va + i * 4096ULL, pa, USER_RW);
	load_regs(root, 12);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	for (i = 0; i < 32; i++)
		load(va + i * 4096ULL);
	/* RVAE1: SCALE 0, NUM 7 -> (7+1) << 1 = 16 pages from page 8 */
	mmsim_tlbi(MMSIM_TLBI_RVAE1,
		   tlbi_vaddr_range(va + 8 * 4096ULL, 12, 12, 0, 7, 0), false);
	s0 = stats(0);
	for (i = 0; i < 32; i++)
		load(va + i * 4096ULL);
	assert_int_equal(stats(0).l2_misses - s0.l2_misses, 16);
	assert_int_equal(stats(0).l1d_hits - s0.l1d_hits, 16);
}

/* no access flag and no TCR_EL1.HA: a fault, and nothing cached */
static void test_access_flag_fault(void **state)
{
	struct mmsim *saved = m;
	u64 root, pa, *pte, v;
	struct mmsim_fault f;

	(void)state;
	m = boot("mem=64M hafdbs=off");
	root = new_page();
	pa = new_page();
	map(root, VA, pa, USER_RW & ~PTE_AF);
	pte = pte_slot(root, VA);
	load_regs(root, 1);
	assert_int_equal(mmsim_mmu_read(VA, &v, 8, 0, &f), -EFAULT);
	assert_int_equal(f.type, MMSIM_FAULT_ACCESS_FLAG);
	assert_int_equal(f.esr, ((u64)ESR_ELx_EC_DABT_LOW << ESR_ELx_EC_SHIFT) |
				ESR_ELx_IL | (ESR_ELx_FSC_ACCESS + 3));
	/* the kernel sets AF; no TLBI is needed since nothing was cached */
	*pte |= PTE_AF;
	assert_int_equal(mmsim_mmu_read(VA, &v, 8, 0, &f), 0);
	mmsim_shutdown(m);
	m = saved;
	mmsim_cpu_enter(m, 0);
}

struct racer {
	u64 va;
	int done;		/* set by the writer after its TLBI */
	int stop;
	long bad, reads;
};
/* the thread on CPU 1 translates the same VA while CPU 0 remaps it and
 * broadcasts the TLBI: once the TLBI returned, CPU 1 sees only the new page */
static u64 race_root;

static void *race_reader(void *arg)
{
	struct racer *r = arg;

	assert_int_equal(mmsim_cpu_enter(m, 1), 0);
	load_regs(race_root, 20);
	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		int done = __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
		u64 v = 0;

		if (mmsim_mmu_load64(r->va, &v))
			r->bad++;
		else if (done && v != 2)
			r->bad++;
		r->reads++;
	}
	mmsim_cpu_exit();
	return NULL;
}

static void test_broadcast_tlbi(void **state)
{
	u64 old = new_page(), new = new_page();
	struct racer r = { .va = VA };
	pthread_t t;
	int round;

	(void)state;
	race_root = new_page();
	*host_of(old) = 1;
	*host_of(new) = 2;
	for (round = 0; round < 20; round++) {
		map(race_root, VA, old, USER_RW);
		load_regs(race_root, 20);
		mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, true);
		r.done = 0;
		r.stop = 0;
		assert_int_equal(pthread_create(&t, NULL, race_reader, &r), 0);
		while (__atomic_load_n(&r.reads, __ATOMIC_RELAXED) < 100)
			;
		map(race_root, VA, new, USER_RW);
		mmsim_tlbi(MMSIM_TLBI_VAE1, tlbi_vaddr(VA, 20), true);
		__atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&r.reads, __ATOMIC_RELAXED) < 300)
			;
		__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
		pthread_join(t, NULL);
		assert_int_equal(r.bad, 0);
		r.reads = 0;
	}
}

/* the local form leaves the other CPU's entries */
static void test_local_vs_broadcast(void **state)
{
	struct mmsim_tlb_stats s1;

	(void)state;
	s1 = stats(1);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, false);
	assert_int_equal(stats(1).flushes, s1.flushes);
	mmsim_tlbi(MMSIM_TLBI_VMALLE1, 0, true);
	assert_int_equal(stats(1).flushes, s1.flushes + 1);
}

static void test_bad_input(void **state)
{
	u64 v;

	(void)state;
	assert_int_equal(mmsim_tlbi(MMSIM_TLBI_NR_OPS, 0, false), -EINVAL);
	assert_int_equal(mmsim_mmu_load64(VA + 3, &v), -EINVAL);
	assert_int_equal(mmsim_mmu_read(VA, &v, 8, 2, NULL), -EINVAL);
	assert_int_equal(mmsim_write_sysreg(MMSIM_ID_AA64MMFR0_EL1, 0), -EINVAL);
	assert_int_equal(mmsim_write_sysreg(MMSIM_PSTATE_PAN, 2), -EINVAL);
	assert_int_equal(mmsim_tlb_stats(m, 5, NULL), -EINVAL);
	assert_int_equal(mmsim_read_sysreg(MMSIM_NR_SYSREGS, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_after_walk),
		cmocka_unit_test(test_stale_until_tlbi),
		cmocka_unit_test(test_global_and_asid),
		cmocka_unit_test(test_contiguous_and_block),
		cmocka_unit_test(test_walk_cache),
		cmocka_unit_test(test_dirty_bit),
		cmocka_unit_test(test_range_tlbi),
		cmocka_unit_test(test_access_flag_fault),
		cmocka_unit_test(test_broadcast_tlbi),
		cmocka_unit_test(test_local_vs_broadcast),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
