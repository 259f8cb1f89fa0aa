/* SPDX-License-Identifier: MIT */
/*
 * Page flags and page types (include/linux/page-flags.h, Linux 6.18).
 *
 * page->flags:	| NODE | ZONE | ......... | PG_ flags |
 *		63   60 59   58             __NR_PAGEFLAGS-1  0
 */
#ifndef _LINUX_PAGE_FLAGS_H
#define _LINUX_PAGE_FLAGS_H

#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_owner_2,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_dropbehind,
	PG_mlocked,
	__NR_PAGEFLAGS,
	PG_swapcache = PG_owner_priv_1,
};

/* Names as %pGp prints them (include/trace/events/mmflags.h). */
extern const char *const pageflag_names[__NR_PAGEFLAGS];

#define NODES_SHIFT	4
#define MAX_NUMNODES	(1 << NODES_SHIFT)
#define ZONES_SHIFT	2
#define NODES_PGSHIFT	(64 - NODES_SHIFT)
#define ZONES_PGSHIFT	(NODES_PGSHIFT - ZONES_SHIFT)
#define NODES_MASK	((1UL << NODES_SHIFT) - 1)
#define ZONES_MASK	((1UL << ZONES_SHIFT) - 1)
/* node and zone together: the zone's id across the machine */
#define ZONEID_PGSHIFT	ZONES_PGSHIFT
#define ZONEID_MASK	((1UL << (NODES_SHIFT + ZONES_SHIFT)) - 1)

/*
 * Flags checked when a page is freed and when it is handed out
 * (mm/page_alloc.c: PAGE_FLAGS_CHECK_AT_FREE / _AT_PREP).
 */
#define PAGE_FLAGS_CHECK_AT_FREE                                            \
	(BIT(PG_lru) | BIT(PG_locked) | BIT(PG_private) | BIT(PG_private_2) | \
	 BIT(PG_writeback) | BIT(PG_reserved) | BIT(PG_active) |            \
	 BIT(PG_unevictable) | BIT(PG_mlocked) | BIT(PG_swapbacked))
#define PAGE_FLAGS_CHECK_AT_PREP (BIT(__NR_PAGEFLAGS) - 1)

static inline bool PageFlag(const struct page *page, int nr)
{
	return test_bit(nr, &page->flags);
}
#define PAGE_FLAG_OPS(uname, lname)                                         \
	static inline bool Page##uname(const struct page *page)             \
	{                                                                    \
		return test_bit(PG_##lname, &page->flags);                   \
	}                                                                    \
	static inline void __SetPage##uname(struct page *page)              \
	{                                                                    \
		page->flags |= BIT(PG_##lname);                              \
	}                                                                    \
	static inline void __ClearPage##uname(struct page *page)            \
	{                                                                    \
		page->flags &= ~BIT(PG_##lname);                             \
	}                                                                    \
	static inline void SetPage##uname(struct page *page)                \
	{                                                                    \
		set_bit(PG_##lname, &page->flags);                           \
	}                                                                    \
	static inline void ClearPage##uname(struct page *page)              \
	{                                                                    \
		clear_bit(PG_##lname, &page->flags);                         \
	}
PAGE_FLAG_OPS(Reserved, reserved)
PAGE_FLAG_OPS(Head, head)
PAGE_FLAG_OPS(Locked, locked)
PAGE_FLAG_OPS(LRU, lru)
PAGE_FLAG_OPS(Private, private)
PAGE_FLAG_OPS(Referenced, referenced)
PAGE_FLAG_OPS(Dirty, dirty)
PAGE_FLAG_OPS(Active, active)
PAGE_FLAG_OPS(SwapBacked, swapbacked)
PAGE_FLAG_OPS(Workingset, workingset)
#undef PAGE_FLAG_OPS

/*
 * Page types share the word of _mapcount: when the top byte is one of
 * these values the page is of that type and not mapped.  UINT_MAX
 * (_mapcount == -1) means "no type, not mapped".
 */
enum pagetype {
	PGTY_buddy = 0xf0,
	PGTY_offline = 0xf1,
	PGTY_table = 0xf2,
	PGTY_guard = 0xf3,
	PGTY_hugetlb = 0xf4,
	PGTY_slab = 0xf5,
	PGTY_zsmalloc = 0xf6,
	PGTY_unaccepted = 0xf7,
	PGTY_large_kmalloc = 0xf8,
	PGTY_mapcount_underflow = 0xff,
};

/* Signed, as the kernel compares: _mapcount -1 (UINT_MAX) is no type,
 * 0.. is a mapcount, 0xf0000000.. (negative) is a type. */
static inline bool page_has_type(const struct page *page)
{
	return (int)(READ_ONCE(page->page_type) + 1) <
	       (int)((unsigned int)PGTY_mapcount_underflow << 24);
}

#define PAGE_TYPE_OPS(uname, lname)                                         \
	static inline bool Page##uname(const struct page *page)             \
	{                                                                    \
		return (READ_ONCE(page->page_type) >> 24) == PGTY_##lname;   \
	}                                                                    \
	static inline void __SetPage##uname(struct page *page)              \
	{                                                                    \
		page->page_type = (unsigned int)PGTY_##lname << 24;          \
	}                                                                    \
	static inline void __ClearPage##uname(struct page *page)            \
	{                                                                    \
		page->page_type = UINT32_MAX;                                \
	}
PAGE_TYPE_OPS(Buddy, buddy)
PAGE_TYPE_OPS(Guard, guard)
PAGE_TYPE_OPS(Table, table)
PAGE_TYPE_OPS(Slab, slab)
PAGE_TYPE_OPS(LargeKmalloc, large_kmalloc)
#undef PAGE_TYPE_OPS

static inline bool PageTail(const struct page *page)
{
	return READ_ONCE(page->compound_head) & 1;
}

static inline bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (unlikely(head & 1))
		return (struct page *)(head - 1);
	return (struct page *)page;
}

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].compound_order;
}

#endif /* _LINUX_PAGE_FLAGS_H */
