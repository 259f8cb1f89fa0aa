// SPDX-License-Identifier: MIT
/*
 * The ASID allocator and address-space switch (arch/arm64/mm/context.c,
 * Linux 6.18).  Read beside the kernel's file: the names, the order of
 * the steps and the comments' reasoning are the kernel's; the state that
 * the kernel keeps in static and per-CPU variables lives in one struct
 * asid_state per machine (m->asid), and the system registers are this
 * CPU's struct cpu_sysregs.
 *
 * Why ASIDs.  TLB entries of user mappings are tagged with the ASID that
 * was current when they were filled (nG = 1).  Giving every mm its own
 * ASID lets a context switch change TTBR0_EL1 without flushing the TLB:
 * the old mm's entries stay, unmatched, and are hit again when it comes
 * back.  There are only 2^8 or 2^16 ASIDs (TCR_EL1.AS), far fewer than
 * mms over a machine's life, so they are recycled, and an ASID may be
 * given to a new mm only once no TLB holds entries of its previous mm.
 *
 * Generations.  mm->context.id holds the ASID in its low asid_bits and
 * the generation it was allocated in above them:
 *
 *	context.id = generation | asid,  generation = k << asid_bits
 *
 * asid_map has one bit per ASID, set when the ASID is taken in the
 * current generation.  new_context() takes the next clear bit after the
 * last one handed out (cur_idx), so ASIDs go round in order.  When none
 * is left, the generation rolls over (flush_context()):
 *
 *	1. asid_generation += 1 << asid_bits: every mm's id is now stale;
 *	2. asid_map is cleared, except for
 *	3. the ASID each CPU is running (active_asids), or ran last if it
 *	   has not switched since the previous rollover (reserved_asids):
 *	   those mms are live in TLBs and TTBRs right now, so their ASIDs
 *	   are reserved and will be handed back to the same mms;
 *	4. every CPU is marked in tlb_flush_pending: its TLB may hold
 *	   entries of any old ASID, and must be flushed (locally, once)
 *	   before it runs anything with an ASID of the new generation.
 *
 * An mm whose id is stale gets, on its next switch, its reserved ASID
 * back if it was running at the rollover, its old ASID if still free,
 * or a fresh one.  Nothing is ever freed one by one: an exiting mm's
 * ASID stays taken until the next rollover (destroy_context()).
 *
 * The fast path.  A switch to an mm whose id is of the current
 * generation needs no lock: it only records the ASID in this CPU's
 * active_asids with a cmpxchg against the value it read, and writes the
 * TTBRs.  A rollover zeroes every active_asids with xchg under the lock;
 * a racing fast path then either fails its cmpxchg (it read a non-zero
 * value, now 0) and takes the lock, or succeeded first, and then the
 * rollover's xchg sees its ASID and reserves it.  Read-modify-writes of
 * one location are totally ordered, so relaxed atomics suffice, as in
 * the kernel.
 *
 * Pinned ASIDs (arm64_mm_context_get()): an mm shared with a device
 * (the SMMU caches the ASID in its context descriptor) must keep its
 * ASID across rollovers even when no CPU runs it.  Pinned ASIDs are
 * kept in pinned_asid_map, which seeds asid_map at every rollover, and
 * at most max_pinned_asids may exist, so that a rollover always leaves a
 * free ASID even if every CPU also holds a reserved one.
 *
 * kpti (unmapping the kernel at EL0) would allocate ASIDs in even/odd
 * pairs; the simulator never enables it (arm64_kernel_unmapped_at_el0()
 * is false), so every ASID 1 .. 2^asid_bits - 1 is one mm's.  ASID 0
 * is the kernel's: TTBR1 carries it while only init_mm has run, and it
 * is never handed out (the search always starts at 1).
 *
 * Lock order: cpu_asid_lock is taken with no other lock held, and the
 * TLB's own locks (hw/tlb.c, through local_flush_tlb_all()) nest inside
 * it, as the kernel flushes with the lock held.
 *
 * Simplifications: no CnP (FEAT_TTCNP), no software PAN (TTBR0 is
 * switched at once, not at uaccess_enable()), no Falkor E1003 or
 * Cortex-A speculative-AT errata, no branch-predictor hardening.  The
 * bookkeeping is host memory (calloc), not kmalloc: it is the
 * simulator's, and must not show in the machine's slabinfo.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <asm/mmu.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include <linux/spinlock.h>
#include <sim/debug.h>
#include <sim/machine.h>

/* The per-CPU variables, one cache line per CPU (DEFINE_PER_CPU). */
struct asid_pcpu {
	atomic64_t active_asids;	/* the context id this CPU runs, 0
					 * after a rollover until it switches */
	u64 reserved_asids;		/* the id it ran at the last
					 * rollover */
} __cacheline_aligned;

/*
 * Invariants (with cpu_asid_lock held):
 *	asid_generation = k << asid_bits, k >= 1
 *	a non-zero active_asids[cpu] is of the current generation, and its
 *	  ASID is set in asid_map
 *	the ASID of every reserved_asids[cpu] is set in asid_map
 *	pinned_asid_map is a subset of asid_map,
 *	  nr_pinned_asids = |pinned_asid_map| <= max_pinned_asids
 */
struct asid_state {
	u32 asid_bits;
	spinlock_t cpu_asid_lock;
	atomic64_t asid_generation;
	unsigned long *asid_map;		/* NUM_USER_ASIDS bits */
	struct asid_pcpu *pcpu;			/* [nr_cpu_ids] */
	unsigned long *tlb_flush_pending;	/* cpumask: nr_cpu_ids bits */
	int nr_cpus;

	unsigned long max_pinned_asids;
	unsigned long nr_pinned_asids;
	unsigned long *pinned_asid_map;		/* NUM_USER_ASIDS bits */

	u32 cur_idx;		/* new_context()'s static: search here */
	struct mm_struct init_mm;
};

#define ASID_MASK(s)		(~GENMASK((s)->asid_bits - 1, 0))
#define ASID_FIRST_VERSION(s)	(1UL << (s)->asid_bits)
#define NUM_USER_ASIDS(s)	ASID_FIRST_VERSION(s)
#define ctxid2asid(s, id)	((id) & ~ASID_MASK(s))
#define asid2ctxid(asid, genid)	((asid) | (genid))

/* Is context id @asid of the current generation? */
static inline bool asid_gen_match(struct asid_state *s, u64 asid)
{
	return !((asid ^ (u64)atomic64_read(&s->asid_generation)) >>
		 s->asid_bits);
}

/* ---- bitmaps (include/linux/bitmap.h, cpumask.h), under the lock ---- */

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

static inline bool __test_and_set_bit(unsigned long nr, unsigned long *map)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);
	unsigned long *word = &map[nr / BITS_PER_LONG];
	bool old = *word & mask;

	*word |= mask;
	return old;
}

static inline bool __test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

/* The first clear bit at or after @start, or @size if none. */
static unsigned long find_next_zero_bit(const unsigned long *map,
					unsigned long size, unsigned long start)
{
	unsigned long i, word;

	for (i = start; i < size; i = (i | (BITS_PER_LONG - 1)) + 1) {
		word = ~map[i / BITS_PER_LONG] & (~0UL << (i % BITS_PER_LONG));
		if (word) {
			i = (i & ~(BITS_PER_LONG - 1UL)) +
			    (unsigned long)__builtin_ctzl(word);
			return i < size ? i : size;
		}
	}
	return size;
}

static unsigned long bitmap_weight(const unsigned long *map,
				   unsigned long size)
{
	unsigned long i, w = 0;

	for (i = 0; i < BITS_TO_LONGS(size); i++)
		w += (unsigned long)__builtin_popcountl(map[i]);
	return w;
}

static inline size_t bitmap_bytes(unsigned long bits)
{
	return BITS_TO_LONGS(bits) * sizeof(unsigned long);
}

static void cpumask_setall(struct asid_state *s)
{
	int cpu;

	for (cpu = 0; cpu < s->nr_cpus; cpu++)
		set_bit(cpu, s->tlb_flush_pending);
}

static bool cpumask_test_and_clear_cpu(int cpu, unsigned long *mask)
{
	unsigned long bit = 1UL << (cpu % BITS_PER_LONG);

	return __atomic_fetch_and(&mask[cpu / BITS_PER_LONG], ~bit,
				  __ATOMIC_RELAXED) & bit;
}

/* ---- the allocator ------------------------------------------------------ */

/*
 * The CPU's ASIDBits: ID_AA64MMFR0_EL1.ASIDBits reads 0 (8 bits) or
 * 2 (16 bits); the simulated CPUs report the asid_bits= boot parameter.
 * Mirrors: context.c:get_cpu_asid_bits().
 */
static u32 get_cpu_asid_bits(const struct mmsim *m)
{
	return m->cfg.mmu.asid_bits == 16 ? 16 : 8;
}

/* Under kpti, the even ASIDs are the kernel's halves of the pairs. */
static void set_kpti_asid_bits(struct asid_state *s, unsigned long *map)
{
	memset(map, 0xaa, bitmap_bytes(NUM_USER_ASIDS(s)));
}

static void set_reserved_asid_bits(struct asid_state *s)
{
	if (s->pinned_asid_map)
		memcpy(s->asid_map, s->pinned_asid_map,
		       bitmap_bytes(NUM_USER_ASIDS(s)));
	else if (arm64_kernel_unmapped_at_el0())
		set_kpti_asid_bits(s, s->asid_map);
	else
		memset(s->asid_map, 0, bitmap_bytes(NUM_USER_ASIDS(s)));
}

/*
 * Rollover: start the new generation's asid_map with the pinned ASIDs
 * and the one each CPU runs, and queue a local TLB flush on every CPU.
 * Called with cpu_asid_lock held, after the generation was bumped.
 * Mirrors: context.c:flush_context().
 */
static void flush_context(struct asid_state *s)
{
	int i;
	u64 asid;

	set_reserved_asid_bits(s);

	for (i = 0; i < s->nr_cpus; i++) {
		asid = (u64)atomic64_xchg_relaxed(&s->pcpu[i].active_asids, 0);
		/*
		 * A CPU that has not switched since the previous rollover
		 * has 0 here; its reserved ASID is then the only trace of
		 * the mm it still runs, and must be kept.
		 */
		if (asid == 0)
			asid = s->pcpu[i].reserved_asids;
		__set_bit(ctxid2asid(s, asid), s->asid_map);
		s->pcpu[i].reserved_asids = asid;
	}

	/* Each CPU flushes its TLB at its next slow-path switch. */
	cpumask_setall(s);
}

/*
 * Was @asid reserved by a CPU at the last rollover?  Then every copy is
 * moved to @newasid (the same ASID, this generation).  The loop may not
 * stop at the first hit: a copy left with the old generation would not
 * be recognised at the next rollover.
 * Mirrors: context.c:check_update_reserved_asid().
 */
static bool check_update_reserved_asid(struct asid_state *s, u64 asid,
				       u64 newasid)
{
	bool hit = false;
	int cpu;

	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		if (s->pcpu[cpu].reserved_asids == asid) {
			hit = true;
			s->pcpu[cpu].reserved_asids = newasid;
		}
	}
	return hit;
}

/*
 * A context id of the current generation for @mm, whose id is stale
 * (or 0).  Called with cpu_asid_lock held.  In order of preference:
 *	1. its reserved ASID, if it was running at the last rollover;
 *	2. its ASID, if pinned (kept in asid_map across rollovers);
 *	3. its old ASID, if nobody took it in this generation;
 *	4. the next free ASID after cur_idx;
 *	5. roll the generation over (flush_context()) and take the first
 *	   free one, which exists as max_pinned_asids leaves one.
 * Mirrors: context.c:new_context().
 */
static u64 new_context(struct asid_state *s, struct mm_struct *mm)
{
	u64 asid = (u64)atomic64_read(&mm->context.id);
	u64 generation = (u64)atomic64_read(&s->asid_generation);

	if (asid != 0) {
		u64 newasid = asid2ctxid(ctxid2asid(s, asid), generation);

		/* Active during a rollover: a false alarm, keep it. */
		if (check_update_reserved_asid(s, asid, newasid))
			return newasid;

		/*
		 * Pinned: keep it.  Reserved comes first, because a pinned
		 * ASID that is also reserved needs its reserved copies
		 * moved to this generation.
		 */
		if (refcount_read(&mm->context.pinned))
			return newasid;

		/* Had one in a previous life: reuse it if still free. */
		if (!__test_and_set_bit(ctxid2asid(s, asid), s->asid_map))
			return newasid;
	}

	/*
	 * A free ASID, counting from 1: ASID 0 is the reserved TTBR0's
	 * (init_mm).
	 */
	asid = find_next_zero_bit(s->asid_map, NUM_USER_ASIDS(s), s->cur_idx);
	if (asid != NUM_USER_ASIDS(s))
		goto set_asid;

	/* Out of ASIDs: a new generation. */
	generation = (u64)atomic64_add_return_relaxed(
		(s64)ASID_FIRST_VERSION(s), &s->asid_generation);
	flush_context(s);

	/* More ASIDs than CPUs and pins: this always succeeds. */
	asid = find_next_zero_bit(s->asid_map, NUM_USER_ASIDS(s), 1);

set_asid:
	__set_bit(asid, s->asid_map);
	s->cur_idx = (u32)asid;
	return asid2ctxid(asid, generation);
}

/*
 * Mirrors: context.c:check_and_switch_context().  High level logic flow:
 *	fast path: @mm's id is of this generation and this CPU's
 *	  active_asids is non-zero: cmpxchg it to @mm's id, no lock;
 *	slow path, under cpu_asid_lock: a new id if @mm's is stale
 *	  (new_context(), which may roll over), the local TLB flush a
 *	  rollover queued for this CPU, then active_asids := id;
 *	both: cpu_switch_mm() writes TTBR1.ASID and TTBR0.
 */
void check_and_switch_context(struct mm_struct *mm)
{
	struct mmsim_cpu *cpu = this_cpu();
	struct asid_state *s = cpu->machine->asid;
	atomic64_t *active = &s->pcpu[cpu->id].active_asids;
	u64 asid, old_active_asid;
	unsigned long flags = 0;

	asid = (u64)atomic64_read(&mm->context.id);

	/*
	 * If active_asids is non-zero and @mm's id is of this generation,
	 * a relaxed cmpxchg records it.  Racing with a rollover, either
	 * the cmpxchg finds the 0 the rollover wrote and we take the lock
	 * (which orders us after the rollover), or it succeeded first and
	 * the rollover's xchg reserves our ASID: RMWs of one location are
	 * totally ordered.
	 */
	old_active_asid = (u64)atomic64_read(active);
	if (old_active_asid && asid_gen_match(s, asid) &&
	    atomic64_cmpxchg_relaxed(active, (s64)old_active_asid, (s64)asid))
		goto switch_mm_fastpath;

	spin_lock_irqsave(&s->cpu_asid_lock, flags);
	/* Check that our ASID belongs to the current generation. */
	asid = (u64)atomic64_read(&mm->context.id);
	if (!asid_gen_match(s, asid)) {
		asid = new_context(s, mm);
		atomic64_set(&mm->context.id, (s64)asid);
	}

	if (cpumask_test_and_clear_cpu(cpu->id, s->tlb_flush_pending))
		local_flush_tlb_all();

	atomic64_set(active, (s64)asid);
	spin_unlock_irqrestore(&s->cpu_asid_lock, flags);

switch_mm_fastpath:
	cpu_switch_mm(mm->pgd, mm);
}

unsigned long arm64_mm_context_get(struct mm_struct *mm)
{
	struct asid_state *s = this_machine()->asid;
	unsigned long flags = 0;
	u64 asid;

	if (!s->pinned_asid_map)
		return 0;

	spin_lock_irqsave(&s->cpu_asid_lock, flags);

	asid = (u64)atomic64_read(&mm->context.id);

	if (refcount_inc_not_zero(&mm->context.pinned))
		goto out_unlock;

	if (s->nr_pinned_asids >= s->max_pinned_asids) {
		asid = 0;
		goto out_unlock;
	}

	if (!asid_gen_match(s, asid)) {
		/*
		 * One or more rollovers since @mm last ran: make sure it
		 * has an ASID of this generation before pinning it.
		 */
		asid = new_context(s, mm);
		atomic64_set(&mm->context.id, (s64)asid);
	}

	s->nr_pinned_asids++;
	__set_bit(ctxid2asid(s, asid), s->pinned_asid_map);
	refcount_set(&mm->context.pinned, 1);

out_unlock:
	spin_unlock_irqrestore(&s->cpu_asid_lock, flags);

	asid = ctxid2asid(s, asid);

	/* the user half of a kpti pair */
	if (asid && arm64_kernel_unmapped_at_el0())
		asid |= 1;

	return (unsigned long)asid;
}

void arm64_mm_context_put(struct mm_struct *mm)
{
	struct asid_state *s = this_machine()->asid;
	u64 asid = (u64)atomic64_read(&mm->context.id);
	unsigned long flags = 0;

	if (!s->pinned_asid_map)
		return;

	spin_lock_irqsave(&s->cpu_asid_lock, flags);

	if (refcount_dec_and_test(&mm->context.pinned)) {
		__clear_bit(ctxid2asid(s, asid), s->pinned_asid_map);
		s->nr_pinned_asids--;
	}

	spin_unlock_irqrestore(&s->cpu_asid_lock, flags);
}

/* ---- the registers (asm/mmu_context.h, context.c) ----------------------- */

/* TTBR0 := reserved_pg_dir, without the ISB: a write the caller's
 * tlb_context_changed() completes. */
static void cpu_set_reserved_ttbr0_nosync(struct mmsim_cpu *cpu)
{
	cpu->regs.ttbr0_el1 = phys_to_ttbr(cpu->machine->reserved_pg_dir);
}

void cpu_set_reserved_ttbr0(void)
{
	struct mmsim_cpu *cpu = this_cpu();

	cpu_set_reserved_ttbr0_nosync(cpu);
	tlb_context_changed(cpu);	/* isb() */
}

void cpu_do_switch_mm(phys_addr_t pgd_phys, struct mm_struct *mm)
{
	struct mmsim_cpu *cpu = this_cpu();
	u64 ttbr1 = cpu->regs.ttbr1_el1;
	u64 asid = ASID(mm);
	u64 ttbr0 = phys_to_ttbr(pgd_phys);

	/* TCR_EL1.A1 is set: the ASID goes in TTBR1. */
	ttbr1 &= ~TTBR_ASID_MASK;
	ttbr1 |= asid << TTBR_ASID_SHIFT;

	/*
	 * Through the reserved TTBR0: between the two writes below no
	 * walk may pair the new ASID with the old table or the reverse.
	 */
	cpu_set_reserved_ttbr0_nosync(cpu);
	cpu->regs.ttbr1_el1 = ttbr1;
	cpu->regs.ttbr0_el1 = ttbr0;
	tlb_context_changed(cpu);	/* isb() */
}

void cpu_switch_mm(phys_addr_t pgd, struct mm_struct *mm)
{
	if (VM_BUG_ON(pgd == this_machine()->swapper_pg_dir))
		return;
	cpu_do_switch_mm(pgd, mm);
}

struct mm_struct *machine_init_mm(struct mmsim *m)
{
	return &m->asid->init_mm;
}

/*
 * init_mm's pgd (swapper_pg_dir) has no user mappings and is always
 * TTBR1's: switching to it only parks TTBR0 on the reserved table.
 * Mirrors: asm/mmu_context.h:__switch_mm().
 */
static void __switch_mm(struct mm_struct *next)
{
	if (next == &this_machine()->asid->init_mm) {
		cpu_set_reserved_ttbr0();
		return;
	}
	check_and_switch_context(next);
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next,
	       struct task_struct *tsk)
{
	(void)tsk;	/* update_saved_ttbr0(): software PAN only */
	if (prev != next)
		__switch_mm(next);
}

int init_new_context(struct task_struct *tsk, struct mm_struct *mm)
{
	(void)tsk;
	atomic64_set(&mm->context.id, 0);
	refcount_set(&mm->context.pinned, 0);
	return 0;
}

void destroy_context(struct mm_struct *mm)
{
	/* A device still holds the ASID (arm64_mm_context_put() missing). */
	WARN_ON_ONCE(refcount_read(&mm->context.pinned));
}

/* ---- boot --------------------------------------------------------------- */

/*
 * How many ASIDs may be pinned: all usable ones but one per CPU (each
 * may hold a reserved ASID), ASID 0, and one to allocate after a
 * rollover.
 * Mirrors: context.c:asids_update_limit() (an arch_initcall).
 */
static void asids_update_limit(struct mmsim *m, struct asid_state *s)
{
	unsigned long num_available_asids = NUM_USER_ASIDS(s);
	unsigned long cpus = (unsigned long)s->nr_cpus;

	if (arm64_kernel_unmapped_at_el0()) {
		num_available_asids /= 2;
		if (s->pinned_asid_map)
			set_kpti_asid_bits(s, s->pinned_asid_map);
	}
	/*
	 * Allocation after a rollover can fail unless there is at least
	 * one more ASID than CPUs (ASID 0 is init_mm's).
	 */
	WARN_ON(num_available_asids - 1 <= cpus);
	pr_info(m, "ASID allocator initialised with %lu entries",
		num_available_asids);

	s->max_pinned_asids = num_available_asids > cpus + 2 ?
				      num_available_asids - cpus - 2 : 0;
}

/* Mirrors: context.c:asids_init() (an early_initcall), then
 * asids_update_limit().  Returns 0 or -ENOMEM. */
int asids_init(struct mmsim *m)
{
	struct asid_state *s;
	size_t map_bytes;

	s = calloc(1, sizeof(*s));
	if (!s)
		return mmsim_set_error(ENOMEM, "out of host memory");
	m->asid = s;
	s->asid_bits = get_cpu_asid_bits(m);
	s->nr_cpus = m->nr_cpu_ids;
	spin_lock_init(&s->cpu_asid_lock);
	atomic64_set(&s->asid_generation, (s64)ASID_FIRST_VERSION(s));
	s->cur_idx = 1;

	map_bytes = bitmap_bytes(NUM_USER_ASIDS(s));
	s->asid_map = calloc(1, map_bytes);
	s->pinned_asid_map = calloc(1, map_bytes);
	s->tlb_flush_pending = calloc(BITS_TO_LONGS((unsigned long)s->nr_cpus),
				      sizeof(unsigned long));
	s->pcpu = aligned_alloc(SMP_CACHE_BYTES,
				sizeof(*s->pcpu) * (size_t)s->nr_cpus);
	if (!s->asid_map || !s->pinned_asid_map || !s->tlb_flush_pending ||
	    !s->pcpu) {
		asids_exit(m);
		return mmsim_set_error(ENOMEM, "out of host memory");
	}
	memset(s->pcpu, 0, sizeof(*s->pcpu) * (size_t)s->nr_cpus);
	s->nr_pinned_asids = 0;

	/* The kernel reserves the kpti halves from the start, before it
	 * knows whether kpti will be on; it never is here. */
	if (arm64_kernel_unmapped_at_el0())
		set_kpti_asid_bits(s, s->asid_map);

	/* mm/init-mm.c: the kernel's address space, context id 0 */
	s->init_mm.pgd = m->swapper_pg_dir;
	init_new_context(NULL, &s->init_mm);

	asids_update_limit(m, s);
	return 0;
}

void asids_exit(struct mmsim *m)
{
	struct asid_state *s = m->asid;

	if (!s)
		return;
	free(s->asid_map);
	free(s->pinned_asid_map);
	free(s->tlb_flush_pending);
	free(s->pcpu);
	free(s);
	m->asid = NULL;
}

/* ---- introspection ------------------------------------------------------ */

u64 asid_generation_read(struct mmsim *m)
{
	return (u64)atomic64_read(&m->asid->asid_generation);
}

unsigned long asid_num_user_asids(struct mmsim *m)
{
	return NUM_USER_ASIDS(m->asid);
}

u64 asid_cpu_active(struct mmsim *m, int cpu)
{
	return (u64)atomic64_read(&m->asid->pcpu[cpu].active_asids);
}

u64 asid_cpu_reserved(struct mmsim *m, int cpu)
{
	return READ_ONCE(m->asid->pcpu[cpu].reserved_asids);
}

int asids_validate(struct mmsim *m)
{
	struct asid_state *s = m->asid;
	unsigned long flags = 0;
	u64 gen, id;
	int cpu, bad = 0;

	spin_lock_irqsave(&s->cpu_asid_lock, flags);
	gen = (u64)atomic64_read(&s->asid_generation);
	if (!gen || ctxid2asid(s, gen)) {
		pr_err(m, "asid: generation %#llx is not a multiple of %#lx",
		       (unsigned long long)gen, ASID_FIRST_VERSION(s));
		bad++;
	}
	for (cpu = 0; cpu < s->nr_cpus; cpu++) {
		id = (u64)atomic64_read(&s->pcpu[cpu].active_asids);
		if (id && (!asid_gen_match(s, id) ||
			   !__test_bit(ctxid2asid(s, id), s->asid_map))) {
			pr_err(m, "asid: CPU%d active %#llx: stale or not in asid_map (generation %#llx)",
			       cpu, (unsigned long long)id,
			       (unsigned long long)gen);
			bad++;
		}
		/* 0 until the first rollover */
		id = s->pcpu[cpu].reserved_asids;
		if (ctxid2asid(s, id) &&
		    !__test_bit(ctxid2asid(s, id), s->asid_map)) {
			pr_err(m, "asid: CPU%d reserved %#llx not in asid_map",
			       cpu, (unsigned long long)id);
			bad++;
		}
	}
	if (bitmap_weight(s->pinned_asid_map, NUM_USER_ASIDS(s)) !=
		    s->nr_pinned_asids ||
	    s->nr_pinned_asids > s->max_pinned_asids) {
		pr_err(m, "asid: %lu pinned ASIDs counted, %lu in the map, at most %lu",
		       s->nr_pinned_asids,
		       bitmap_weight(s->pinned_asid_map, NUM_USER_ASIDS(s)),
		       s->max_pinned_asids);
		bad++;
	}
	for (id = 0; id < NUM_USER_ASIDS(s); id++) {
		if (__test_bit(id, s->pinned_asid_map) &&
		    !__test_bit(id, s->asid_map)) {
			pr_err(m, "asid: pinned ASID %llu not in asid_map",
			       (unsigned long long)id);
			bad++;
		}
	}
	spin_unlock_irqrestore(&s->cpu_asid_lock, flags);
	return bad;
}
