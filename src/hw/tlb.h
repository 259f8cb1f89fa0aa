/* SPDX-License-Identifier: MIT */
/*
 * The TLB model of one CPU (hw/tlb.c), and the acceleration table in
 * front of it that the access fast path reads.
 *
 * The modelled hardware: a fully associative L1 instruction micro-TLB,
 * a fully associative L1 data micro-TLB, a set-associative unified L2
 * TLB and a fully associative walk cache of table descriptors.  Entries
 * carry the ASID, global bit, size (page, block, contiguous run: one
 * entry each) and the permissions the walk computed.
 *
 * In front of the L1s sits a direct-mapped table, per EL, of 4 KiB
 * pages the L1s currently translate (as QEMU's softmmu has): a hit there
 * is an L1 hit of the model, counted as one, with the L1 entry's LRU
 * stamp updated; each fast entry names the L1 slot it came from and that
 * slot's generation, and any change to the slot (eviction, TLBI) bumps
 * the generation, so the fast table never answers differently from the
 * L1 it mirrors.
 */
#ifndef _HW_TLB_H
#define _HW_TLB_H

#include <hw/mmu.h>
#include <sim/machine.h>

#define TLB_FAST_SIZE	128		/* pages per EL, a power of two */

struct tlb_entry {
	u64 vpn;		/* canonical VA >> shift */
	u64 pa;			/* PA of the first byte the entry maps */
	u64 stamp;		/* LRU */
	u16 asid;
	u8 shift;		/* log2 of the bytes mapped */
	u8 level;		/* lookup level of the leaf */
	u8 perms;		/* MMSIM_PERM_* */
	u8 valid : 1, global : 1, dbm_clean : 1;
	u8 attr;		/* MAIR attribute */
};

struct tlb_array {
	struct tlb_entry *e;
	u32 *gen;		/* per slot, L1 only: bumped on every change */
	unsigned int entries, ways, sets;
	u64 clock;
	u64 sizes;		/* bit n: some entry has shift n (L2 probes) */
};

struct walk_cache_entry {
	u64 tag;		/* VA >> shift */
	u64 table;		/* next-level table address */
	u64 stamp;
	u16 asid;
	u8 level;		/* the level of the cached table descriptor */
	u8 shift;		/* log2 of the VA range it covers (its level
				 * under the granule of the walk that filled it) */
	u8 ttbr;
	u8 tbl;			/* hierarchical bits down to here */
	u8 valid;
};

/* 64 bytes, so that the index is one shift and one mask of the VA */
struct tlb_fast {
	u64 tag_r, tag_w, tag_x;	/* VA of the page, or ~0 */
	uintptr_t addend;		/* host address - VA */
	u32 slot_d, gen_d;		/* the L1D slot this came from */
	u32 slot_i, gen_i;		/* the L1I slot */
	u64 pad[2];
};

#define TLB_FAST_SHIFT	6		/* log2 sizeof(struct tlb_fast) */

/* the fast-table entry of @va at @el */
static __always_inline struct tlb_fast *tlb_fast_entry(struct cpu_tlb *t,
						       u64 va, int el);

struct cpu_tlb {
	/*
	 * The fast table first, EL1's half at offset 0, so that finding an
	 * entry is base + index (fast[el ^ 1]): an address with three
	 * components would cost the hit path a slow LEA.
	 */
	struct tlb_fast fast[2][TLB_FAST_SIZE];
	/* owner-only hot data */
	unsigned long access_seq;	/* odd during a fast-path access */
	struct tlb_array l1i, l1d, l2;
	struct mmsim_tlb_stats stats;

	spinlock_t lock;		/* the model; taken by the owner's
					 * slow path and by remote TLBIs */
	struct walk_cache_entry *wc;
	unsigned int wc_entries;
	u64 wc_clock;
	u64 rnd;			/* random replacement */
};

static __always_inline struct tlb_fast *tlb_fast_entry(struct cpu_tlb *t,
						       u64 va, int el)
{
	return (struct tlb_fast *)((char *)t->fast[el ^ 1] +
				   ((va >> (12 - TLB_FAST_SHIFT)) &
				    ((TLB_FAST_SIZE - 1) << TLB_FAST_SHIFT)));
}

/* The L1 hit path: a host pointer for @va, or NULL to take the slow path.
 * Data accesses only (EXEC has its own table column). */
static __always_inline void *tlb_fast_lookup(struct cpu_tlb *t, u64 va,
					     enum mmsim_access acc, int el)
{
	struct tlb_fast *f = tlb_fast_entry(t, va, el);
	u64 page = va & ~0xfffULL;
	struct tlb_array *a;
	u32 slot, gen;

	if (acc == MMSIM_ACCESS_READ) {
		if (f->tag_r != page)
			return NULL;
	} else if (acc == MMSIM_ACCESS_WRITE) {
		if (f->tag_w != page)
			return NULL;
	} else {
		if (f->tag_x != page)
			return NULL;
	}
	if (acc == MMSIM_ACCESS_EXEC) {
		a = &t->l1i;
		slot = f->slot_i;
		gen = f->gen_i;
	} else {
		a = &t->l1d;
		slot = f->slot_d;
		gen = f->gen_d;
	}
	if (__atomic_load_n(&a->gen[slot], __ATOMIC_RELAXED) != gen)
		return NULL;
	/* a valid addend never makes NULL: tell the compiler */
	if ((uintptr_t)(f->addend + va) == 0)
		__builtin_unreachable();
	a->e[slot].stamp = ++a->clock;
	if (acc == MMSIM_ACCESS_EXEC)
		t->stats.l1i_hits++;
	else
		t->stats.l1d_hits++;
	return (void *)(f->addend + va);
}

/*
 * Bracket a fast-path access so that a remote TLBI can wait for it: the
 * sequence number is odd during the access.  begin returns the even
 * value it found and end stores the next one, so that the pair costs
 * one read of the counter, not a store-to-load round trip each.
 */
static __always_inline unsigned long tlb_access_begin(struct cpu_tlb *t)
{
	unsigned long seq = t->access_seq;

	__atomic_store_n(&t->access_seq, seq + 1, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return seq;
}

static __always_inline void tlb_access_end(struct cpu_tlb *t,
					   unsigned long seq)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&t->access_seq, seq + 2, __ATOMIC_RELEASE);
}

/* The slow path: TLB lookup, walk, fill; performs the copy under the
 * TLB lock.  See mmu_access_page() in hw/mmu.h. */
int tlb_access_slow(struct mmsim_cpu *cpu, u64 va, void *buf, size_t len,
		    enum mmsim_access acc, int el, struct mmsim_fault *fault);

#endif /* _HW_TLB_H */
