// SPDX-License-Identifier: MIT
/*
 * TLBs, the walk cache and TLB maintenance (DESIGN.md 3.6; Arm ARM D8.13
 * "Translation Lookaside Buffers", D8.14 "TLB maintenance").
 *
 * A lookup goes L1 (instruction or data) -> L2 -> walk, and each level
 * that missed is filled on the way back, as a real hierarchy does.  Only
 * successful translations with AF set are cached; the walk cache holds
 * table descriptors, also from walks that faulted further down.  What
 * the hardware may keep, the model keeps: an entry stays until a TLBI
 * that covers it, or until replacement evicts it, so software that
 * changes a descriptor without the right TLBI sees the old translation.
 *
 * TLBI semantics (for the EL1&0 regime):
 *   VMALLE1          every entry, every ASID, global ones too
 *   ASIDE1  asid     non-global entries of that ASID
 *   VAE1    asid,va  entries for va: global ones and that ASID's
 *   VAAE1   va       entries for va, any ASID
 *   VALE1, VAALE1    as VAE1/VAAE1 but only last-level (leaf) entries:
 *                    the walk cache keeps its table descriptors
 *   RVAE1 ...        the same over a range of VAs
 * The IS forms apply to every CPU; the issuing call returns only when no
 * CPU can still use a removed entry (DSB ISH): a CPU in the middle of a
 * fast-path access is waited for, after membarrier(2) made the removal
 * visible to every thread.
 */
#include <errno.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>
#include <hw/tlb.h>
#include <sim/machine.h>

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ volatile("" ::: "memory");
#endif
}

static u64 xorshift(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static int array_init(struct tlb_array *a, unsigned int entries,
		      unsigned int ways, bool gens)
{
	a->entries = entries;
	a->ways = ways;
	a->sets = entries / ways;
	a->e = calloc(entries ? entries : 1, sizeof(*a->e));
	a->gen = gens ? calloc(entries ? entries : 1, sizeof(*a->gen)) : NULL;
	return !a->e || (gens && !a->gen) ? -ENOMEM : 0;
}

static void fast_flush(struct cpu_tlb *t)
{
	memset(t->fast, 0xff, sizeof(t->fast));
}

_Static_assert(sizeof(struct tlb_fast) == 1 << TLB_FAST_SHIFT,
	       "struct tlb_fast is indexed by shifting");

int tlb_init(struct mmsim *m)
{
	const struct mmu_config *c = &m->cfg.mmu;
	int cpu;

	/* remote TLBIs may only skip the lock of a CPU's fast path if every
	 * thread can be made to see the invalidation (membarrier) */
	m->tlb_fast_ok = m->nr_cpu_ids == 1 ||
			 (!m->track &&
			  !syscall(__NR_membarrier,
				   MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0,
				   0));
	for_each_possible_cpu(m, cpu) {
		struct cpu_tlb *t = aligned_alloc(64, (sizeof(*t) + 63) & ~63UL);

		if (!t)
			return mmsim_set_error(ENOMEM, "out of host memory");
		memset(t, 0, sizeof(*t));
		m->cpus[cpu].tlb = t;
		spin_lock_init(&t->lock);
		t->rnd = m->cfg.seed * 0x9e3779b97f4a7c15ULL + (u64)cpu + 1;
		fast_flush(t);
		if (array_init(&t->l1i, c->l1i_entries, c->l1i_entries, true) ||
		    array_init(&t->l1d, c->l1d_entries, c->l1d_entries, true) ||
		    array_init(&t->l2, c->l2_entries, c->l2_ways, false))
			return mmsim_set_error(ENOMEM, "out of host memory");
		t->wc_entries = c->walk_entries;
		t->wc = calloc(t->wc_entries ? t->wc_entries : 1,
			       sizeof(*t->wc));
		if (!t->wc)
			return mmsim_set_error(ENOMEM, "out of host memory");
	}
	return 0;
}

void tlb_exit(struct mmsim *m)
{
	int cpu;

	if (!m->cpus)
		return;
	for_each_possible_cpu(m, cpu) {
		struct cpu_tlb *t = m->cpus[cpu].tlb;

		if (!t)
			continue;
		free(t->l1i.e);
		free(t->l1i.gen);
		free(t->l1d.e);
		free(t->l1d.gen);
		free(t->l2.e);
		free(t->wc);
		free(t);
		m->cpus[cpu].tlb = NULL;
	}
}

void tlb_context_changed(struct mmsim_cpu *cpu)
{
	if (cpu->tlb)
		fast_flush(cpu->tlb);
}

/* ---- the translation context of the current registers ----------------- */

struct tctx {
	u64 va;			/* canonical: bits [63:56] follow bit 55 if TBI */
	u16 asid;
	bool in_range;
	bool ha, hd;
};

static void current_ctx(const struct mmsim *m, const struct cpu_sysregs *r,
			u64 va, struct tctx *c)
{
	u64 tcr = r->tcr_el1, mask;
	bool top = (va >> 55) & 1;
	bool tbi = tcr & (top ? TCR_TBI1 : TCR_TBI0);

	if (tbi)
		va = top ? va | (0xffULL << 56) : va & ~(0xffULL << 56);
	c->va = va;
	mask = GENMASK_ULL(63, tcr_ia_bits(tcr, top));
	c->in_range = (va & mask) == (top ? mask : 0) &&
		      !(tcr & (top ? TCR_EPD1 : TCR_EPD0));
	c->asid = regs_asid(r, m->cfg.mmu.asid_bits);
	c->ha = m->cfg.mmu.hafdbs && (tcr & TCR_HA);
	c->hd = c->ha && (tcr & TCR_HD);
}

/* ---- the arrays ------------------------------------------------------- */

static bool entry_match(const struct tlb_entry *e, u64 va, u16 asid)
{
	return e->valid && e->vpn == va >> e->shift &&
	       (e->global || e->asid == asid);
}

static void slot_changed(struct tlb_array *a, unsigned int slot)
{
	if (a->gen)
		__atomic_store_n(&a->gen[slot], a->gen[slot] + 1,
				 __ATOMIC_RELAXED);
}

/* fully associative lookup (the L1s) */
static int fa_lookup(struct tlb_array *a, u64 va, u16 asid)
{
	unsigned int i;

	for (i = 0; i < a->entries; i++)
		if (entry_match(&a->e[i], va, asid))
			return (int)i;
	return -1;
}

static struct tlb_entry *l2_lookup(struct tlb_array *a, u64 va, u16 asid)
{
	u64 sizes = a->sizes;

	while (sizes) {
		unsigned int shift = (unsigned int)__builtin_ctzll(sizes);
		unsigned int set = (unsigned int)((va >> shift) & (a->sets - 1));
		struct tlb_entry *e = &a->e[set * a->ways];
		unsigned int w;

		sizes &= sizes - 1;
		for (w = 0; w < a->ways; w++)
			if (e[w].shift == shift && entry_match(&e[w], va, asid))
				return &e[w];
	}
	return NULL;
}

/*
 * The victim among @n entries from @first: an invalid one, else the least
 * recently used (or a random one, as configured).  Invalid entries have
 * stamp 0 and valid ones a later stamp, so one branch-free pass finds
 * the LRU victim, invalid entries first.
 */
static unsigned int victim(struct cpu_tlb *t, const struct mmsim *m,
			   const struct tlb_entry *first, unsigned int n)
{
	unsigned int i, best = 0;
	u64 oldest = first[0].stamp;

	if (m->cfg.mmu.random_replacement) {
		for (i = 0; i < n; i++)
			if (!first[i].valid)
				return i;
		return (unsigned int)(xorshift(&t->rnd) % n);
	}
	for (i = 1; i < n; i++) {
		u64 st = first[i].stamp;
		bool older = st < oldest;

		oldest = older ? st : oldest;
		best = older ? i : best;
	}
	return best;
}

static unsigned int array_insert(struct cpu_tlb *t, const struct mmsim *m,
				 struct tlb_array *a,
				 const struct tlb_entry *ne)
{
	unsigned int set = (unsigned int)(ne->vpn & (a->sets - 1));
	unsigned int base = set * a->ways;
	unsigned int slot = base + victim(t, m, &a->e[base], a->ways);

	a->e[slot] = *ne;
	a->e[slot].stamp = ++a->clock;
	a->sizes |= 1ULL << ne->shift;
	slot_changed(a, slot);
	return slot;
}

/* ---- the walk cache --------------------------------------------------- */

static bool wc_lookup(struct cpu_tlb *t, const struct tctx *c,
		      struct walk_resume *res)
{
	bool top = (c->va >> 55) & 1;
	unsigned int i;
	int level;

	/* the deepest cached table descriptor for this VA */
	for (level = 2; level >= 0; level--) {
		for (i = 0; i < t->wc_entries; i++) {
			struct walk_cache_entry *e = &t->wc[i];

			if (e->valid && e->level == level &&
			    e->tag == c->va >> e->shift && e->ttbr == top &&
			    e->asid == c->asid) {
				e->stamp = ++t->wc_clock;
				res->level = level + 1;
				res->table = e->table;
				res->tbl = e->tbl;
				return true;
			}
		}
	}
	return false;
}

static void wc_fill(struct cpu_tlb *t, const struct mmsim *m,
		    const struct tctx *c, const struct mmsim_walk *w,
		    unsigned int tbl)
{
	bool hpd = w->tcr & (w->ttbr ? TCR_HPD1 : TCR_HPD0);
	int i;

	if (!t->wc_entries)
		return;
	/*
	 * A table descriptor is cached only once the walk read the table it
	 * points to: not one whose next-table address was beyond the output
	 * size (a fault must never be cached), nor one whose next table is
	 * not RAM.
	 */
	for (i = 0; i + 1 < w->nr_levels; i++) {
		const struct mmsim_walk_level *l = &w->levels[i];
		struct walk_cache_entry *e;
		unsigned int j;

		if (l->kind != MMSIM_DESC_TABLE)
			break;
		if (i + 2 == w->nr_levels &&
		    w->fault.type == MMSIM_FAULT_EXTERNAL_WALK)
			break;
		if (!hpd)
			tbl |= (unsigned int)((l->desc >> 61) & 3) |
			       ((l->desc & PMD_TABLE_UXN) ? 4 : 0) |
			       ((l->desc & PMD_TABLE_PXN) ? 8 : 0);
		j = 0;
		for (unsigned int k = 0; k < t->wc_entries; k++)
			if (!t->wc[k].valid) {
				j = k;
				goto found;
			}
		if (m->cfg.mmu.random_replacement) {
			j = (unsigned int)(xorshift(&t->rnd) % t->wc_entries);
		} else {
			for (unsigned int k = 1; k < t->wc_entries; k++)
				if (t->wc[k].stamp < t->wc[j].stamp)
					j = k;
		}
found:
		e = &t->wc[j];
		e->valid = 1;
		e->level = (u8)l->level;
		e->shift = (u8)gran_level_shift(w->granule_shift, l->level);
		e->tag = c->va >> e->shift;
		e->table = l->desc & GENMASK_ULL(47, w->granule_shift);
		e->asid = c->asid;
		e->ttbr = (u8)w->ttbr;
		e->tbl = (u8)tbl;
		e->stamp = ++t->wc_clock;
	}
}

/* ---- lookup, walk, fill ---------------------------------------------- */

static void fill_fast(struct mmsim_cpu *cpu, struct cpu_tlb *t, u64 va,
		      int el, bool exec, unsigned int slot,
		      const struct tlb_entry *e, uintptr_t host_page)
{
	struct tlb_fast *f = tlb_fast_entry(t, va, el);
	u64 page = va & ~0xfffULL;
	const struct cpu_sysregs *r = &cpu->regs;

	if (!cpu->machine->tlb_fast_ok)
		return;
	if (f->tag_r != page && f->tag_w != page && f->tag_x != page)
		f->tag_r = f->tag_w = f->tag_x = ~0ULL;
	f->addend = host_page - page;
	if (exec) {
		f->slot_i = slot;
		f->gen_i = t->l1i.gen[slot];
		f->tag_x = mmu_perms_allow(r, e->perms, MMSIM_ACCESS_EXEC, el, 0) ?
				   page : ~0ULL;
	} else {
		f->slot_d = slot;
		f->gen_d = t->l1d.gen[slot];
		f->tag_r = mmu_perms_allow(r, e->perms, MMSIM_ACCESS_READ, el, 0) ?
				   page : ~0ULL;
		f->tag_w = !e->dbm_clean &&
				   mmu_perms_allow(r, e->perms,
						   MMSIM_ACCESS_WRITE, el, 0) ?
				   page : ~0ULL;
	}
}

static void set_fault(struct mmsim_cpu *cpu, struct mmsim_fault *f,
		      enum mmsim_fault_type type, int level, u64 va,
		      enum mmsim_access acc, int el)
{
	f->type = type;
	f->level = level;
	f->esr = mmu_fault_esr(type, level < 0 ? 0 : level, acc, el);
	f->far = va;
	(void)cpu;
}

/* Walk for @c->va and build the TLB entry; -EFAULT with *f on a fault. */
static int walk_fill(struct mmsim_cpu *cpu, struct cpu_tlb *t,
		     const struct tctx *c, u64 va, enum mmsim_access acc,
		     int el, struct tlb_entry *ne, struct mmsim_fault *f)
{
	struct walk_resume res;
	struct mmsim_walk w;
	bool resumed = wc_lookup(t, c, &res);
	u64 leaf_mask;
	int ret;

	t->stats.walks++;
	if (resumed)
		t->stats.walk_cache_hits++;
	ret = mmu_walk_from(cpu, va, acc, el, 0, resumed ? &res : NULL, &w);
	t->stats.desc_reads += (u64)w.nr_levels;
	if (w.af_set_by_hw || w.dirty_set_by_hw)
		t->stats.hw_updates++;
	if (w.ttbr >= 0)
		wc_fill(t, cpu->machine, c, &w, resumed ? res.tbl : 0);
	if (ret) {
		*f = w.fault;
		return ret;
	}
	/* one entry for the leaf, or for its whole contiguous run */
	leaf_mask = (1ULL << w.size_shift) - 1;
	memset(ne, 0, sizeof(*ne));
	ne->vpn = c->va >> w.size_shift;
	ne->pa = (w.pa & ~0xfffULL) - ((c->va & leaf_mask) & ~0xfffULL);
	ne->shift = (u8)w.size_shift;
	ne->level = (u8)w.levels[w.nr_levels - 1].level;
	ne->perms = (u8)w.perms;
	ne->valid = 1;
	ne->global = w.global;
	ne->asid = c->asid;
	ne->attr = (u8)w.mair_attr;
	{
		u64 d = w.levels[w.nr_levels - 1].desc;

		/* writable (HD + DBM) but still clean in the table: a write
		 * must walk again to mark it dirty */
		ne->dbm_clean = c->hd && (d & PTE_DBM) && (d & PTE_RDONLY) &&
				!w.dirty_set_by_hw;
	}
	return 0;
}

/*
 * Translate @va for an access on @cpu with the TLB lock held; returns the
 * host address or NULL with *f filled.
 */
static void *translate_locked(struct mmsim_cpu *cpu, u64 va,
			      enum mmsim_access acc, int el,
			      struct mmsim_fault *f)
{
	struct mmsim *m = cpu->machine;
	struct cpu_tlb *t = cpu->tlb;
	const struct cpu_sysregs *r = &cpu->regs;
	bool exec = acc == MMSIM_ACCESS_EXEC;
	struct tlb_array *l1 = exec ? &t->l1i : &t->l1d;
	struct tlb_entry ne, *e;
	struct tctx c;
	int slot;
	u64 pa;

	if (!(r->sctlr_el1 & SCTLR_ELx_M)) {	/* no TLB without the MMU */
		struct mmsim_walk w;

		if (mmu_walk(cpu, va, acc, el, 0, &w)) {
			*f = w.fault;
			return NULL;
		}
		pa = w.pa;
		goto output;
	}
	current_ctx(m, r, va, &c);
	if (!c.in_range) {
		struct mmsim_walk w;

		mmu_walk(cpu, va, acc, el, 0, &w);	/* the fault */
		*f = w.fault;
		return NULL;
	}
	slot = fa_lookup(l1, c.va, c.asid);
	if (slot >= 0) {
		l1->e[slot].stamp = ++l1->clock;
		if (exec)
			t->stats.l1i_hits++;
		else
			t->stats.l1d_hits++;
	} else {
		if (exec)
			t->stats.l1i_misses++;
		else
			t->stats.l1d_misses++;
		e = l2_lookup(&t->l2, c.va, c.asid);
		if (e) {
			t->stats.l2_hits++;
			e->stamp = ++t->l2.clock;
			ne = *e;
		} else {
			t->stats.l2_misses++;
			if (walk_fill(cpu, t, &c, va, acc, el, &ne, f))
				return NULL;
			array_insert(t, m, &t->l2, &ne);
		}
		slot = (int)array_insert(t, m, l1, &ne);
	}
	e = &l1->e[slot];
	if (!mmu_perms_allow(r, e->perms, acc, el, 0)) {
		/* the cached entry's permissions fault */
		set_fault(cpu, f, MMSIM_FAULT_PERMISSION, e->level, va, acc, el);
		return NULL;
	}
	if (acc == MMSIM_ACCESS_WRITE && e->dbm_clean) {
		/* a write to a clean DBM page: the hardware walks again to
		 * mark the descriptor dirty */
		{
			struct tlb_entry *old = l2_lookup(&t->l2, c.va, c.asid);

			if (old)
				old->valid = 0, old->stamp = 0;
			e->valid = 0;
			e->stamp = 0;
			slot_changed(l1, (unsigned int)slot);
			if (walk_fill(cpu, t, &c, va, acc, el, &ne, f))
				return NULL;
			array_insert(t, m, &t->l2, &ne);
			slot = (int)array_insert(t, m, l1, &ne);
			e = &l1->e[slot];
		}
	}
	pa = e->pa + ((c.va - (e->vpn << e->shift)) & ~0xfffULL);
	if (phys_is_ram(m, pa))
		fill_fast(cpu, t, va, el, exec, (unsigned int)slot, e,
			  (uintptr_t)(m->arena + (pa - m->phys_offset)));
	pa |= va & 0xfff;
output:
	if (!phys_is_ram(m, pa)) {
		set_fault(cpu, f, MMSIM_FAULT_EXTERNAL, -1, va, acc, el);
		return NULL;
	}
	return m->arena + (pa - m->phys_offset);
}

int tlb_access_slow(struct mmsim_cpu *cpu, u64 va, void *buf, size_t len,
		    enum mmsim_access acc, int el, struct mmsim_fault *fault)
{
	struct cpu_tlb *t = cpu->tlb;
	struct mmsim_fault f;
	void *host;

	spin_lock(&t->lock);
	host = translate_locked(cpu, va, acc, el, &f);
	if (host) {
		if (acc == MMSIM_ACCESS_WRITE)
			memcpy(host, buf, len);
		else
			memcpy(buf, host, len);
	} else {
		t->stats.faults++;
	}
	spin_unlock(&t->lock);
	if (host)
		return 0;
	cpu->regs.esr_el1 = f.esr;
	cpu->regs.far_el1 = f.far;
	if (fault)
		*fault = f;
	return -EFAULT;
}

int mmu_access_page(struct mmsim_cpu *cpu, u64 va, void *buf, size_t len,
		    enum mmsim_access acc, int el, struct mmsim_fault *fault)
{
	struct cpu_tlb *t = cpu->tlb;
	unsigned long seq;
	void *host;

	seq = tlb_access_begin(t);
	host = tlb_fast_lookup(t, va, acc, el);
	if (host) {
		if (acc == MMSIM_ACCESS_WRITE)
			memcpy(host, buf, len);
		else
			memcpy(buf, host, len);
	}
	tlb_access_end(t, seq);
	if (host)
		return 0;
	return tlb_access_slow(cpu, va, buf, len, acc, el, fault);
}

int tlb_probe(struct mmsim_cpu *cpu, u64 va, u64 *pa)
{
	struct cpu_tlb *t = cpu->tlb;
	struct tlb_entry *e = NULL;
	struct tctx c;
	int slot, where = 0;

	spin_lock(&t->lock);
	current_ctx(cpu->machine, &cpu->regs, va, &c);
	slot = fa_lookup(&t->l1d, c.va, c.asid);
	if (slot >= 0) {
		e = &t->l1d.e[slot];
		where = 1;
	} else {
		e = l2_lookup(&t->l2, c.va, c.asid);
		where = e ? 2 : 0;
	}
	if (e)
		*pa = e->pa + ((c.va - (e->vpn << e->shift))) ;
	spin_unlock(&t->lock);
	return where;
}

/* ---- TLB maintenance -------------------------------------------------- */

struct tlbi_req {
	enum mmsim_tlbi_op op;
	bool by_va, by_asid, leaf_only;
	u16 asid;
	u64 start, last;	/* VA range [start, last], canonical */
};

/* Decode Xt as the architecture encodes it for each operation. */
static void tlbi_decode(enum mmsim_tlbi_op op, u64 x, struct tlbi_req *q)
{
	memset(q, 0, sizeof(*q));
	q->op = op;
	q->asid = (u16)(x >> 48);
	switch (op) {
	case MMSIM_TLBI_VMALLE1:
		return;
	case MMSIM_TLBI_ASIDE1:
		q->by_asid = true;
		return;
	case MMSIM_TLBI_VAE1:
	case MMSIM_TLBI_VALE1:
	case MMSIM_TLBI_VAAE1:
	case MMSIM_TLBI_VAALE1:
		q->by_va = true;
		q->by_asid = op == MMSIM_TLBI_VAE1 || op == MMSIM_TLBI_VALE1;
		q->leaf_only = op == MMSIM_TLBI_VALE1 || op == MMSIM_TLBI_VAALE1;
		/* VA[55:12] in Xt[43:0]; bits [63:56] follow VA[55] */
		q->start = (x & ((1ULL << 44) - 1)) << 12;
		if (q->start & (1ULL << 55))
			q->start |= 0xffULL << 56;
		q->last = q->start + 4095;
		return;
	default: {	/* the range forms */
		unsigned int tg = (unsigned int)(x >> 46) & 3;
		unsigned int scale = (unsigned int)(x >> 44) & 3;
		unsigned int num = (unsigned int)(x >> 39) & 31;
		unsigned int gshift = tg == 1 ? 12 : tg == 2 ? 14 : 16;
		u64 base = x & ((1ULL << 37) - 1);

		q->by_va = true;
		q->by_asid = op == MMSIM_TLBI_RVAE1 || op == MMSIM_TLBI_RVALE1;
		q->leaf_only = op == MMSIM_TLBI_RVALE1 ||
			       op == MMSIM_TLBI_RVAALE1;
		if (tg == 0) {	/* reserved: nothing is required */
			q->start = 1;
			q->last = 0;
			return;
		}
		q->start = base << gshift;
		/* BaseADDR holds VA[gshift+36:gshift]; extend from VA[55] */
		if (gshift + 36 >= 55 && (q->start & (1ULL << 55)))
			q->start |= ~0ULL << 55;
		else if (gshift + 36 < 55 && (base >> 36) & 1)
			q->start |= ~0ULL << (gshift + 36);
		q->last = q->start +
			  (((u64)(num + 1) << (5 * scale + 1)) << gshift) - 1;
		return;
	}
	}
}

static bool req_covers(const struct tlbi_req *q, u64 vstart, u64 vlast,
		       u16 asid, bool global)
{
	if (q->by_va && (vlast < q->start || vstart > q->last))
		return false;
	if (q->by_asid)
		return q->by_va ? global || asid == q->asid :
				  !global && asid == q->asid;
	return true;
}

static unsigned long array_invalidate(struct tlb_array *a,
				      const struct tlbi_req *q)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < a->entries; i++) {
		struct tlb_entry *e = &a->e[i];
		u64 vs;

		if (!e->valid)
			continue;
		vs = e->vpn << e->shift;
		if (!req_covers(q, vs, vs + ((1ULL << e->shift) - 1), e->asid,
				e->global))
			continue;
		e->valid = 0;
		e->stamp = 0;	/* the first choice of victim() */
		slot_changed(a, i);
		n++;
	}
	return n;
}

static unsigned long wc_invalidate(struct cpu_tlb *t,
				   const struct tlbi_req *q)
{
	unsigned long n = 0;
	unsigned int i;

	if (q->leaf_only)
		return 0;
	for (i = 0; i < t->wc_entries; i++) {
		struct walk_cache_entry *e = &t->wc[i];
		u64 vs;

		if (!e->valid)
			continue;
		vs = e->tag << e->shift;
		if (q->by_asid && e->asid != q->asid)
			continue;
		if (q->by_va && (vs + ((1ULL << e->shift) - 1) < q->start ||
				 vs > q->last))
			continue;
		e->valid = 0;
		n++;
	}
	return n;
}

static void tlbi_apply(struct mmsim_cpu *cpu, const struct tlbi_req *q)
{
	struct cpu_tlb *t = cpu->tlb;
	unsigned long n;

	spin_lock(&t->lock);
	n = array_invalidate(&t->l1i, q) + array_invalidate(&t->l1d, q) +
	    array_invalidate(&t->l2, q);
	n += wc_invalidate(t, q);
	if (q->op == MMSIM_TLBI_VMALLE1) {
		t->l2.sizes = 0;
		t->l1i.sizes = t->l1d.sizes = 0;
	}
	spin_unlock(&t->lock);
	__atomic_add_fetch(&t->stats.flushes, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&t->stats.flushed_entries, n, __ATOMIC_RELAXED);
}

void tlbi(struct mmsim_cpu *cpu, enum mmsim_tlbi_op op, u64 operand,
	  bool broadcast)
{
	struct mmsim *m = cpu->machine;
	struct tlbi_req q;
	int i;

	tlbi_decode(op, operand, &q);
	if (q.by_asid && m->cfg.mmu.asid_bits == 8)
		q.asid &= 0xff;
	if (!broadcast) {
		tlbi_apply(cpu, &q);
		return;
	}
	for_each_possible_cpu(m, i)
		tlbi_apply(&m->cpus[i], &q);
	/* DSB ISH: wait until no other CPU is inside an access that may
	 * have used a removed entry */
	if (m->nr_cpu_ids > 1 && m->tlb_fast_ok) {
		unsigned long seq[MMSIM_MAX_CPUS];

		syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
		for_each_possible_cpu(m, i)
			seq[i] = __atomic_load_n(&m->cpus[i].tlb->access_seq,
						 __ATOMIC_ACQUIRE);
		for_each_possible_cpu(m, i) {
			if (&m->cpus[i] == cpu || !(seq[i] & 1))
				continue;
			unsigned int spins = 0;

			/* the other thread may have been preempted inside
			 * its access: let it run */
			while (__atomic_load_n(&m->cpus[i].tlb->access_seq,
					       __ATOMIC_ACQUIRE) == seq[i]) {
				if (++spins < 1000)
					cpu_relax();
				else
					sched_yield();
			}
		}
	}
}
