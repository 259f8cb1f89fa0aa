// SPDX-License-Identifier: MIT
#include <hw/mmu.h>
#include <sim/machine.h>
