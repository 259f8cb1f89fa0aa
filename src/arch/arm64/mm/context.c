// SPDX-License-Identifier: MIT
#include <asm/mmu.h>
#include <sim/machine.h>

int asids_init(struct mmsim *m)
{
	(void)m;
	return 0;
}

void asids_exit(struct mmsim *m)
{
	(void)m;
}
