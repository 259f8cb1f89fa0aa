// SPDX-License-Identifier: MIT
/*
 * memblock: the boot-time memory allocator (mm/memblock.c).
 *
 * Two arrays of regions, each sorted by base address and never
 * overlapping:
 *
 *	memory:   what RAM the firmware described, with its NUMA node
 *	reserved: what is already in use (the DTB, the kernel image, and
 *	          every memblock allocation: the mem_map, pageblock bitmaps)
 *
 *	memory   |=================|   |=========================|
 *	reserved   |dtb| |kernel|                      |mem_map|
 *	free     |=|   |=|      |==|   |===============|       |=|
 *
 * Allocations search the free ranges (memory minus reserved) from the
 * top of memory down, as arm64 does, and reserve what they take.  When
 * the buddy allocator is ready, memblock_free_all() hands every free
 * range to it; memblock is read-only from then on (the kernel discards
 * it unless CONFIG_ARCH_KEEP_MEMBLOCK: arm64 keeps it, and so do we, for
 * pfn_valid() and the reports).
 */
#include <errno.h>
#include <string.h>

#include <linux/memblock.h>
#include <linux/mm.h>
#include <mm/internal.h>
#include <sim/debug.h>
#include <sim/machine.h>

void memblock_init(struct memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
	mb->memory.max = INIT_MEMBLOCK_REGIONS;
	mb->memory.name = "memory";
	mb->reserved.max = INIT_MEMBLOCK_REGIONS;
	mb->reserved.name = "reserved";
	mb->current_limit = MEMBLOCK_ALLOC_ANYWHERE;
}

static void memblock_remove_region(struct memblock_type *type, unsigned long r)
{
	type->total_size -= type->regions[r].size;
	memmove(&type->regions[r], &type->regions[r + 1],
		(type->cnt - (r + 1)) * sizeof(type->regions[r]));
	type->cnt--;
}

/* Merge neighbours that touch and agree on node and flags. */
static void memblock_merge_regions(struct memblock_type *type)
{
	unsigned long i = 0;

	while (i + 1 < type->cnt) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = &type->regions[i + 1];

		if (this->base + this->size != next->base ||
		    this->nid != next->nid || this->flags != next->flags) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1,
			(type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
	}
}

static int memblock_insert_region(struct memblock_type *type, unsigned long idx,
				  phys_addr_t base, phys_addr_t size, int nid,
				  enum memblock_flags flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	if (type->cnt >= type->max)
		return -ENOMEM;
	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	rgn->nid = nid;
	type->cnt++;
	type->total_size += size;
	return 0;
}

/*
 * Mirrors: mm/memblock.c:memblock_add_range().  Adds the parts of
 * [base, base + size) not yet covered, then merges.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid,
			      enum memblock_flags flags)
{
	phys_addr_t end = base + size;
	unsigned long idx;
	int ret;

	if (!size)
		return 0;
	for (idx = 0; idx < type->cnt && base < end; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base) {
			ret = memblock_insert_region(type, idx, base,
						     rbase - base, nid, flags);
			if (ret)
				return ret;
			idx++;
		}
		base = min(rend, end);
	}
	if (base < end) {
		ret = memblock_insert_region(type, idx, base, end - base, nid,
					     flags);
		if (ret)
			return ret;
	}
	memblock_merge_regions(type);
	return 0;
}

/*
 * Mirrors: mm/memblock.c:memblock_isolate_range().  Splits regions so
 * that [base, base + size) is covered by whole regions, and returns
 * their index range [*start_rgn, *end_rgn).
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base,
				  phys_addr_t size, unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end = base + size;
	unsigned long idx;

	*start_rgn = *end_rgn = 0;
	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* split off the part below base */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			if (memblock_insert_region(type, idx, rbase,
						   base - rbase, rgn->nid,
						   rgn->flags))
				return -ENOMEM;
		} else if (rend > end) {
			/* split off the part above end */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			if (memblock_insert_region(type, idx--, rbase,
						   end - rbase, rgn->nid,
						   rgn->flags))
				return -ENOMEM;
		} else {
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base,
				 phys_addr_t size)
{
	unsigned long start_rgn, end_rgn;
	int ret = memblock_isolate_range(type, base, size, &start_rgn,
					 &end_rgn);

	if (ret)
		return ret;
	while (end_rgn-- > start_rgn)
		memblock_remove_region(type, end_rgn);
	return 0;
}

int memblock_add_node(struct mmsim *m, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags)
{
	if (m->memblock.debug)
		pr_info(m, "memblock_add_node: [0x%016llx-0x%016llx] nid=%d flags=%x",
			(unsigned long long)base,
			(unsigned long long)(base + size - 1), nid, flags);
	return memblock_add_range(&m->memblock.memory, base, size, nid, flags);
}

int memblock_remove(struct mmsim *m, phys_addr_t base, phys_addr_t size)
{
	if (m->memblock.debug)
		pr_info(m, "memblock_remove: [0x%016llx-0x%016llx]",
			(unsigned long long)base,
			(unsigned long long)(base + size - 1));
	return memblock_remove_range(&m->memblock.memory, base, size);
}

int memblock_reserve(struct mmsim *m, phys_addr_t base, phys_addr_t size,
		     const char *why)
{
	if (m->memblock.frozen)
		return -EBUSY;
	if (m->memblock.debug)
		pr_info(m, "memblock_reserve: [0x%016llx-0x%016llx] %s",
			(unsigned long long)base,
			(unsigned long long)(base + size - 1), why);
	return memblock_add_range(&m->memblock.reserved, base, size,
				  MAX_NUMNODES, MEMBLOCK_NONE);
}

int memblock_phys_free(struct mmsim *m, phys_addr_t base, phys_addr_t size)
{
	if (m->memblock.debug)
		pr_info(m, "memblock_phys_free: [0x%016llx-0x%016llx]",
			(unsigned long long)base,
			(unsigned long long)(base + size - 1));
	return memblock_remove_range(&m->memblock.reserved, base, size);
}

int memblock_set_node(struct mmsim *m, phys_addr_t base, phys_addr_t size,
		      int nid)
{
	struct memblock_type *type = &m->memblock.memory;
	unsigned long start_rgn, end_rgn, i;
	int ret = memblock_isolate_range(type, base, size, &start_rgn,
					 &end_rgn);

	if (ret)
		return ret;
	for (i = start_rgn; i < end_rgn; i++)
		type->regions[i].nid = nid;
	memblock_merge_regions(type);
	return 0;
}

static bool region_contains(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr >= r->base + r->size)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr)
{
	return region_contains(&mb->memory, addr);
}

bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr)
{
	return region_contains(&mb->reserved, addr);
}

phys_addr_t memblock_start_of_DRAM(const struct memblock *mb)
{
	return mb->memory.cnt ? mb->memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(const struct memblock *mb)
{
	const struct memblock_region *r;

	if (!mb->memory.cnt)
		return 0;
	r = &mb->memory.regions[mb->memory.cnt - 1];
	return r->base + r->size;
}

phys_addr_t memblock_phys_mem_size(const struct memblock *mb)
{
	return mb->memory.total_size;
}

phys_addr_t memblock_reserved_size(const struct memblock *mb)
{
	return mb->reserved.total_size;
}

/*
 * Highest free range [*out, *out + size) inside memory region @r and
 * [min_addr, max_addr), aligned to @align, clear of every reserved
 * region.  Mirrors: mm/memblock.c:__memblock_find_range_top_down().
 */
static bool find_in_region(const struct memblock *mb,
			   const struct memblock_region *r, phys_addr_t size,
			   phys_addr_t align, phys_addr_t min_addr,
			   phys_addr_t max_addr, phys_addr_t *out)
{
	phys_addr_t lo = max(r->base, min_addr);
	phys_addr_t hi = min(r->base + r->size, max_addr);
	long i = (long)mb->reserved.cnt - 1;

	/* walk the gaps between reserved regions from the top down */
	while (hi > lo) {
		phys_addr_t gap_lo = lo, cand;

		while (i >= 0 && mb->reserved.regions[i].base >= hi)
			i--;
		if (i >= 0) {
			const struct memblock_region *res =
				&mb->reserved.regions[i];
			phys_addr_t rend = res->base + res->size;

			if (rend > hi) {	/* hi is inside a reservation */
				hi = res->base;
				i--;
				continue;
			}
			gap_lo = max(rend, lo);
		}
		if (hi - gap_lo >= size) {
			cand = ALIGN_DOWN(hi - size, align);
			if (cand >= gap_lo) {
				*out = cand;
				return true;
			}
		}
		if (i < 0)
			break;
		hi = mb->reserved.regions[i].base;
		i--;
	}
	return false;
}

phys_addr_t memblock_alloc_range_nid(struct mmsim *m, phys_addr_t size,
				     phys_addr_t align, phys_addr_t min_addr,
				     phys_addr_t max_addr, int nid,
				     const char *caller)
{
	struct memblock *mb = &m->memblock;
	phys_addr_t found = 0;
	bool ok = false;
	int pass;

	if (mb->frozen || !size)
		return 0;
	/* the kernel reserves exactly @size: no rounding to the alignment */
	if (!align)
		align = PAGE_SIZE;
	if (m->memblock.debug)
		pr_info(m, "memblock_alloc_try_nid: %llu bytes align=0x%llx nid=%d from=0x%llx max_addr=0x%llx %s",
			(unsigned long long)size, (unsigned long long)align,
			nid, (unsigned long long)min_addr,
			(unsigned long long)(max_addr == MEMBLOCK_ALLOC_ANYWHERE ? 0 : max_addr),
			caller);
	/* first the requested node, then any node (as the kernel retries
	 * with NUMA_NO_NODE) */
	for (pass = 0; pass < 2 && !ok; pass++) {
		long i;

		for (i = (long)mb->memory.cnt - 1; i >= 0 && !ok; i--) {
			const struct memblock_region *r =
				&mb->memory.regions[i];

			if (pass == 0 && nid != NUMA_NO_NODE && r->nid != nid)
				continue;
			ok = find_in_region(mb, r, size, align, min_addr,
					    max_addr, &found);
		}
		if (nid == NUMA_NO_NODE)
			break;
	}
	if (!ok)
		return 0;
	if (memblock_add_range(&mb->reserved, found, size, MAX_NUMNODES,
			       MEMBLOCK_NONE))
		return 0;
	return found;
}

void *memblock_alloc_node(struct mmsim *m, phys_addr_t size,
			  phys_addr_t align, int nid, const char *caller)
{
	phys_addr_t pa = memblock_alloc_range_nid(m, size, align, 0,
						  MEMBLOCK_ALLOC_ANYWHERE, nid,
						  caller);
	void *va;

	if (!pa)
		return NULL;
	va = m->arena + (pa - m->phys_offset);
	memset(va, 0, size);
	return va;
}

static void memblock_dump(struct mmsim *m, const struct memblock_type *type)
{
	unsigned long idx;

	pr_info(m, " %s.cnt  = 0x%lx", type->name, type->cnt);
	for (idx = 0; idx < type->cnt; idx++) {
		const struct memblock_region *rgn = &type->regions[idx];
		char nid_buf[32] = "";

		if (rgn->nid >= 0 && rgn->nid < MAX_NUMNODES)
			snprintf(nid_buf, sizeof(nid_buf), " on node %d",
				 rgn->nid);
		pr_info(m, " %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes%s flags: 0x%x",
			type->name, idx, (unsigned long long)rgn->base,
			(unsigned long long)(rgn->base + rgn->size - 1),
			(unsigned long long)rgn->size, nid_buf, rgn->flags);
	}
}

/* Mirrors: mm/memblock.c:__memblock_dump_all() */
void memblock_dump_all(struct mmsim *m)
{
	pr_info(m, "MEMBLOCK configuration:");
	pr_info(m, " memory size = 0x%016llx reserved size = 0x%016llx",
		(unsigned long long)m->memblock.memory.total_size,
		(unsigned long long)m->memblock.reserved.total_size);
	memblock_dump(m, &m->memblock.memory);
	memblock_dump(m, &m->memblock.reserved);
}

/*
 * Mirrors: mm/memblock.c:memblock_free_all() / free_low_memory_core_early().
 * Every range of memory that no reservation covers goes to the buddy
 * allocator, in the largest naturally aligned blocks that fit.
 */
void memblock_free_all(struct mmsim *m)
{
	const struct memblock *mb = &m->memblock;
	unsigned long r;

	for (r = 0; r < mb->memory.cnt; r++) {
		const struct memblock_region *mem = &mb->memory.regions[r];
		phys_addr_t start = mem->base, end = mem->base + mem->size;
		unsigned long i;

		for (i = 0; i < mb->reserved.cnt && start < end; i++) {
			const struct memblock_region *res =
				&mb->reserved.regions[i];
			phys_addr_t rend = res->base + res->size;

			if (rend <= start)
				continue;
			if (res->base >= end)
				break;
			if (res->base > start)
				memblock_free_pages_range(m, PFN_UP(start),
							  PFN_DOWN(res->base));
			start = max(start, rend);
		}
		if (start < end)
			memblock_free_pages_range(m, PFN_UP(start),
						  PFN_DOWN(end));
	}
	m->memblock.frozen = true;
}
