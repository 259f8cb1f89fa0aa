// SPDX-License-Identifier: MIT
#include <hw/mmu.h>
#include <sim/machine.h>

int tlb_init(struct mmsim *m) { (void)m; return 0; }
void tlb_exit(struct mmsim *m) { (void)m; }
void tlbi(struct mmsim_cpu *cpu, enum mmsim_tlbi_op op, u64 operand, bool broadcast)
{ (void)cpu; (void)op; (void)operand; (void)broadcast; }
void tlb_context_changed(struct mmsim_cpu *cpu) { (void)cpu; }
int show_tlb(struct mmsim *m, FILE *out) { (void)m; (void)out; return 0; }
