/* SPDX-License-Identifier: MIT */
/*
 * <mmsim/mmsim.h> - libmmsim: the Linux kernel's memory management, run
 * in user space.  Include this umbrella header; add <mmsim/kernel.h> for
 * the kernel's own spellings (alloc_pages(), GFP_KERNEL ...).
 */
#ifndef MMSIM_MMSIM_H
#define MMSIM_MMSIM_H

#include <mmsim/types.h>
#include <mmsim/gfp.h>
#include <mmsim/machine.h>
#include <mmsim/page_alloc.h>
#include <mmsim/slab.h>
#include <mmsim/mmu.h>
#include <mmsim/vmalloc.h>

#define MMSIM_VERSION_MAJOR 0
#define MMSIM_VERSION_MINOR 1

#endif /* MMSIM_MMSIM_H */
