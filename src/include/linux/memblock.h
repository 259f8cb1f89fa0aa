/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time memory allocator (include/linux/memblock.h).
 *
 * Two sorted arrays of non-overlapping regions: memory (what RAM exists,
 * with its node) and reserved (what is in use before the buddy allocator
 * runs).  memblock_free_all() hands every memory page that is not
 * reserved to the buddy allocator; after that memblock is read-only.
 */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <linux/types.h>

#define INIT_MEMBLOCK_REGIONS	128
#define NUMA_NO_NODE		(-1)
#define MEMBLOCK_ALLOC_ANYWHERE	(~(phys_addr_t)0)

enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region regions[INIT_MEMBLOCK_REGIONS];
	const char *name;
};

struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
	bool debug;		/* memblock=debug: log each call */
	bool frozen;		/* after memblock_free_all() */
};

struct mmsim;

void memblock_init(struct memblock *mb);
int memblock_add_node(struct mmsim *m, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags);
int memblock_remove(struct mmsim *m, phys_addr_t base, phys_addr_t size);
int memblock_reserve(struct mmsim *m, phys_addr_t base, phys_addr_t size,
		     const char *why);
int memblock_phys_free(struct mmsim *m, phys_addr_t base, phys_addr_t size);
int memblock_set_node(struct mmsim *m, phys_addr_t base, phys_addr_t size,
		      int nid);
/*
 * Allocate @size bytes aligned to @align between @min_addr and @max_addr
 * on node @nid (falling back to any node), top-down as arm64 does.
 * Returns the physical address, or 0 when nothing fits.
 */
phys_addr_t memblock_alloc_range_nid(struct mmsim *m, phys_addr_t size,
				     phys_addr_t align, phys_addr_t min_addr,
				     phys_addr_t max_addr, int nid,
				     const char *caller);
void *memblock_alloc_node(struct mmsim *m, phys_addr_t size,
			  phys_addr_t align, int nid, const char *caller);
bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr);
phys_addr_t memblock_start_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_phys_mem_size(const struct memblock *mb);
phys_addr_t memblock_reserved_size(const struct memblock *mb);
void memblock_dump_all(struct mmsim *m);
/* Hand all free memory to the buddy allocator: mm/memblock.c */
void memblock_free_all(struct mmsim *m);

#define for_each_mem_region(mb, rgn)                                          \
	for (rgn = (mb)->memory.regions;                                       \
	     rgn < (mb)->memory.regions + (mb)->memory.cnt; rgn++)
#define for_each_reserved_mem_region(mb, rgn)                                 \
	for (rgn = (mb)->reserved.regions;                                     \
	     rgn < (mb)->reserved.regions + (mb)->reserved.cnt; rgn++)

#endif /* _LINUX_MEMBLOCK_H */
