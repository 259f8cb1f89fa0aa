/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/vmalloc.h> - vmalloc, vmap and friends (mm/vmalloc.c).
 */
#ifndef MMSIM_VMALLOC_H
#define MMSIM_VMALLOC_H

#include <mmsim/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif /* MMSIM_VMALLOC_H */
