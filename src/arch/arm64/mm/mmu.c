// SPDX-License-Identifier: MIT
#include <asm/mmu.h>
#include <sim/machine.h>

int paging_init(struct mmsim *m)
{
	(void)m;
	return 0;
}

int show_kernel_layout(struct mmsim *m, FILE *out)
{
	(void)m;
	(void)out;
	return 0;
}
