/* SPDX-License-Identifier: MIT */
/*
 * struct page, as include/linux/mm_types.h lays it out (Linux 6.18,
 * 64-bit, no memcg): 64 bytes, with unions for each user of the page.
 *
 *	 0 flags		PG_ bits; node and zone in the top bits
 *	 8 lru / buddy_list / pcp_list	(or compound_head in tail pages)
 *	24 mapping		address_space, or anon_vma | PAGE_MAPPING_ANON
 *	32 index		offset in the mapping
 *	40 private		buddy order while PageBuddy
 *	48 _mapcount / page_type
 *	52 _refcount
 *	56 memcg_data		unused: the simulator has no memory cgroups
 *
 * Invariants (kernel's):
 *  - a free page in the buddy allocator: PageBuddy, private == order,
 *    _refcount == 0, on zone->free_area[order].free_list[mt].
 *  - a free page on a per-CPU list: _refcount == 0, page_type unset,
 *    on pcp->lists[order_to_pindex(mt, order)].
 *  - an allocated page: _refcount >= 1 (the head; tails of a
 *    non-compound block have 0), _mapcount == -1 unless mapped.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/list.h>
#include <linux/types.h>

struct address_space;

struct page {
	unsigned long flags;
	union {
		struct {	/* page cache, anonymous, buddy, pcp lists */
			union {
				struct list_head lru;
				struct list_head buddy_list;
				struct list_head pcp_list;
			};
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
		};
		struct {	/* tail pages of compound pages */
			unsigned long compound_head;	/* bit 0 set */
			unsigned char compound_order;	/* in page[1] */
		};
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
	atomic_t _refcount;
	unsigned long memcg_data;
};

BUILD_BUG_ON(sizeof(struct page) != 64);

/* ==== BEGIN mm_struct (arch/arm64/mm/context.c; extended by processes) ====
 *
 * The smallest mm_struct the ASID allocator needs: the user page table
 * (what TTBR0_EL1 points at) and the arch context (mm_context_t,
 * arch/arm64/include/asm/mmu.h).  The processes work adds the VMA tree,
 * mm_users/mm_count, RSS counters, mmap_lock ... below these fields.
 */

/*
 * mm_context_t (arch/arm64/include/asm/mmu.h).  @id is the ASID with
 * its generation above it:
 *
 *	63                      asid_bits  asid_bits-1        0
 *	+-------------------------------+---------------------+
 *	|  generation (counts rollovers) |  hardware ASID      |
 *	+-------------------------------+---------------------+
 *
 * 0 means "never had one" (init_new_context()); ASID 0 itself belongs
 * to the kernel (reserved_pg_dir, init_mm) and is never handed out.
 * @pinned counts arm64_mm_context_get() users: a pinned mm keeps its
 * ASID across rollovers (an SMMU sharing the page tables needs that).
 */
typedef struct {
	atomic64_t id;
	refcount_t pinned;
} mm_context_t;

struct mm_struct {
	/*
	 * The user page table: the physical address of the level-0 (or
	 * start-level) table, what TTBR0_EL1.BADDR holds while the mm
	 * runs.  (The kernel keeps pgd_t *pgd, a linear-map pointer, and
	 * converts with virt_to_phys() in cpu_switch_mm().)
	 */
	phys_addr_t pgd;
	mm_context_t context;
};

/* ==== END mm_struct ===================================================== */

#endif /* _LINUX_MM_TYPES_H */
