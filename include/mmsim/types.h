/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/types.h> - the types of the public API.
 *
 * Public types keep the kernel's struct tags (struct page) but stay
 * opaque: a program holds pointers to them and asks the library about
 * them.  Scalar types carry an mmsim_ prefix here; <mmsim/kernel.h>
 * gives the kernel spellings (gfp_t, phys_addr_t).
 */
#ifndef MMSIM_TYPES_H
#define MMSIM_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mmsim;		/* one simulated machine */
struct page;		/* one page frame: the kernel's struct page */

typedef unsigned int mmsim_gfp_t;	/* kernel: gfp_t */
typedef uint64_t mmsim_phys_addr_t;	/* kernel: phys_addr_t */

/* Zones, in the kernel's order (include/linux/mmzone.h: enum zone_type). */
enum mmsim_zone_type {
	MMSIM_ZONE_DMA,
	MMSIM_ZONE_DMA32,
	MMSIM_ZONE_NORMAL,
	MMSIM_ZONE_MOVABLE,
	MMSIM_MAX_NR_ZONES
};

/* Page sizes of the simulated machine (4 KiB pages, as arm64 defconfig). */
#define MMSIM_PAGE_SHIFT	12
#define MMSIM_PAGE_SIZE		(1UL << MMSIM_PAGE_SHIFT)
#define MMSIM_MAX_PAGE_ORDER	10	/* inclusive, as Linux 6.x */
#define MMSIM_NR_PAGE_ORDERS	(MMSIM_MAX_PAGE_ORDER + 1)

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_TYPES_H */
