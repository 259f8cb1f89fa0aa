// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the boot parameter parser (src/sim/params.c).
 *
 * Any byte string given to mmsim_config_parse() must come back as a
 * configuration or as -EINVAL with a message that names a word: never a
 * crash, a hang, or an out-of-bounds access.  Built as a libFuzzer target
 * with -Dfuzz=true under clang; tests/fuzz/replay.c runs the same entry
 * point over the seed corpus and generated inputs in every test run.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sim/machine.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mmsim_config cfg;
	char *s = malloc(size + 1);
	int ret;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	ret = mmsim_config_parse(&cfg, s);
	if (ret) {
		/* an error always explains itself */
		if (ret != -EINVAL && ret != -ENOMEM)
			abort();
		if (!mmsim_strerror()[0])
			abort();
	} else {
		/* an accepted configuration is one the machine can boot */
		if (cfg.mem < (8ULL << 20) || cfg.nr_nodes < 1 ||
		    cfg.nr_cpus < 1 || cfg.watermark_scale_factor < 1)
			abort();
	}
	free(s);
	return 0;
}
