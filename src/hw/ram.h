/* SPDX-License-Identifier: MIT */
/* The hardware model's RAM: one memfd arena (src/hw/ram.c). */
#ifndef _HW_RAM_H
#define _HW_RAM_H

#include <linux/types.h>

struct mmsim;

/* Create the arena covering [phys_offset, phys_offset + size). */
int ram_init(struct mmsim *m, phys_addr_t phys_offset, u64 size);
void ram_exit(struct mmsim *m);
/* Map arena bytes [pa, pa + size) at host address @where (MAP_FIXED). */
int ram_map_at(struct mmsim *m, void *where, phys_addr_t pa, size_t size);
/* Give the host back the memory behind [pa, pa + size): reads see zero. */
void ram_discard(struct mmsim *m, phys_addr_t pa, size_t size);

#endif /* _HW_RAM_H */
