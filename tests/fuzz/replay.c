// SPDX-License-Identifier: MIT
/*
 * Runs a fuzz target's entry point without libFuzzer: over every file of
 * the seed corpus given on the command line, then over inputs generated
 * from a vocabulary of the parser's own words mixed with junk (seeded,
 * MMSIM_SEED repeats a run).  The target aborts on a broken contract.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const words[] = {
	"mem=", "numa=", "nr_cpus=", "cpus=", "movablecore=", "kernelcore=",
	"min_free_kbytes=", "watermark_scale_factor=", "panic=", "panic_on_warn",
	"seed=", "fail_page_alloc=", "fail_page_alloc.min-order=", "page_owner=",
	"printk.time=", "memblock=", "pcp=", "zone_dma_bits=", "phys_offset=",
	"hole=", "deferred_init=", "percpu_pagelist_high_fraction=",
	"64M", "1G", "0x1000", "4K", "16T", "99999999999999999999", "-1", "0",
	"3", "50%", "101%", "on", "off", "abort", "report", "debug", "1,2,3,4",
	"1G,1G", "1G@0x40000000", "@", ",", "=", "%", " ", "\t", "\n", "x",
	"\xff", "mirror", "12345678901234567890123456789012345678901234567890",
};

static uint64_t rnd;

static uint32_t next(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return (uint32_t)rnd;
}

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[4096];
	size_t n;

	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
}

int main(int argc, char **argv)
{
	const char *env = getenv("MMSIM_SEED");
	int i, files = 0, iters = getenv("MMSIM_UNDER_VALGRIND") ? 2000 : 50000;

	rnd = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);
	if (!rnd)
		rnd = 1;
	printf("seed=%llu\n", (unsigned long long)rnd);
	for (i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d) {
			replay_file(argv[i]);
			files++;
			continue;
		}
		while ((e = readdir(d))) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			replay_file(path);
			files++;
		}
		closedir(d);
	}
	for (i = 0; i < iters; i++) {
		char buf[512];
		size_t len = 0;
		int k, nw = 1 + (int)(next() % 8);

		for (k = 0; k < nw; k++) {
			const char *w = words[next() % (sizeof(words) / sizeof(words[0]))];
			size_t wl = strlen(w);

			if (len + wl + 2 >= sizeof(buf))
				break;
			memcpy(buf + len, w, wl);
			len += wl;
			if (next() % 3 == 0)
				buf[len++] = ' ';
			if (next() % 17 == 0)	/* a junk byte */
				buf[len++] = (char)(next() & 0xff);
		}
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	}
	printf("%d corpus files, %d generated inputs: no contract broken\n",
	       files, iters);
	return 0;
}
