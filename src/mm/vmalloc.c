// SPDX-License-Identifier: MIT
#include <asm/mmu.h>
#include <sim/machine.h>

int vmalloc_init(struct mmsim *m)
{
	(void)m;
	return 0;
}

void vmalloc_exit(struct mmsim *m)
{
	(void)m;
}

int show_vmallocinfo(struct mmsim *m, FILE *out)
{
	(void)m;
	(void)out;
	return 0;
}
