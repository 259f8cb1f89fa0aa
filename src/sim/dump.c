// SPDX-License-Identifier: MIT
#include <sim/machine.h>
