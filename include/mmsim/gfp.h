/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/gfp.h> - GFP flags, with the kernel's values
 * (include/linux/gfp_types.h).  <mmsim/kernel.h> drops the MMSIM_ prefix.
 */
#ifndef MMSIM_GFP_H
#define MMSIM_GFP_H

#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* clang-format off */
#define MMSIM___GFP_DMA			0x01u
#define MMSIM___GFP_HIGHMEM		0x02u
#define MMSIM___GFP_DMA32		0x04u
#define MMSIM___GFP_MOVABLE		0x08u
#define MMSIM___GFP_RECLAIMABLE		0x10u
#define MMSIM___GFP_HIGH		0x20u
#define MMSIM___GFP_IO			0x40u
#define MMSIM___GFP_FS			0x80u
#define MMSIM___GFP_ZERO		0x100u
/* 0x200u unused, as in the kernel */
#define MMSIM___GFP_DIRECT_RECLAIM	0x400u
#define MMSIM___GFP_KSWAPD_RECLAIM	0x800u
#define MMSIM___GFP_WRITE		0x1000u
#define MMSIM___GFP_NOWARN		0x2000u
#define MMSIM___GFP_RETRY_MAYFAIL	0x4000u
#define MMSIM___GFP_NOFAIL		0x8000u
#define MMSIM___GFP_NORETRY		0x10000u
#define MMSIM___GFP_MEMALLOC		0x20000u
#define MMSIM___GFP_COMP		0x40000u
#define MMSIM___GFP_NOMEMALLOC		0x80000u
#define MMSIM___GFP_HARDWALL		0x100000u
#define MMSIM___GFP_THISNODE		0x200000u
#define MMSIM___GFP_ACCOUNT		0x400000u
#define MMSIM___GFP_ZEROTAGS		0x800000u
#define MMSIM___GFP_BITS_SHIFT		24
#define MMSIM___GFP_BITS_MASK		((1u << MMSIM___GFP_BITS_SHIFT) - 1)

#define MMSIM___GFP_RECLAIM	(MMSIM___GFP_DIRECT_RECLAIM | MMSIM___GFP_KSWAPD_RECLAIM)

#define MMSIM_GFP_ATOMIC	(MMSIM___GFP_HIGH | MMSIM___GFP_KSWAPD_RECLAIM)
#define MMSIM_GFP_KERNEL	(MMSIM___GFP_RECLAIM | MMSIM___GFP_IO | MMSIM___GFP_FS)
#define MMSIM_GFP_KERNEL_ACCOUNT (MMSIM_GFP_KERNEL | MMSIM___GFP_ACCOUNT)
#define MMSIM_GFP_NOWAIT	(MMSIM___GFP_KSWAPD_RECLAIM | MMSIM___GFP_NOWARN)
#define MMSIM_GFP_NOIO		(MMSIM___GFP_RECLAIM)
#define MMSIM_GFP_NOFS		(MMSIM___GFP_RECLAIM | MMSIM___GFP_IO)
#define MMSIM_GFP_USER		(MMSIM___GFP_RECLAIM | MMSIM___GFP_IO | \
				 MMSIM___GFP_FS | MMSIM___GFP_HARDWALL)
#define MMSIM_GFP_DMA		MMSIM___GFP_DMA
#define MMSIM_GFP_DMA32		MMSIM___GFP_DMA32
#define MMSIM_GFP_HIGHUSER	(MMSIM_GFP_USER | MMSIM___GFP_HIGHMEM)
#define MMSIM_GFP_HIGHUSER_MOVABLE (MMSIM_GFP_HIGHUSER | MMSIM___GFP_MOVABLE)
#define MMSIM_GFP_TRANSHUGE_LIGHT ((MMSIM_GFP_HIGHUSER_MOVABLE | MMSIM___GFP_COMP | \
				  MMSIM___GFP_NOMEMALLOC | MMSIM___GFP_NOWARN) & \
				 ~MMSIM___GFP_RECLAIM)
#define MMSIM_GFP_TRANSHUGE	(MMSIM_GFP_TRANSHUGE_LIGHT | MMSIM___GFP_DIRECT_RECLAIM)
/* clang-format on */

/*
 * Parse a GFP expression as the kernel spells it: names joined by '|',
 * e.g. "GFP_KERNEL|__GFP_ZERO", or a number ("0xcc0").  Returns 0, or
 * -EINVAL with mmsim_strerror() naming the unknown word.
 */
int mmsim_gfp_parse(const char *s, mmsim_gfp_t *out);

/*
 * Format flags as the kernel's %pGg does ("GFP_KERNEL|__GFP_ZERO").
 * Returns the length that the full text needs, as snprintf().
 */
int mmsim_gfp_format(mmsim_gfp_t gfp, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_GFP_H */
