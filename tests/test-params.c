// SPDX-License-Identifier: MIT
/*
 * Tests of the boot parameter parser (src/sim/params.c,
 * mmsim_config_parse() and mmsim_boot()).
 *
 * Sizes follow lib/cmdline.c:memparse() (K, M, G, T suffixes, either
 * case, decimal or 0x hex); fail_page_alloc= is lib/fault-inject.c's
 * "<interval>,<probability>,<space>,<times>"; the sysctl ranges are
 * those of mm/page_alloc.c (watermark_scale_factor 1..3000,
 * percpu_pagelist_high_fraction 0 or >= 8).  Unlike the kernel, which
 * passes unknown words on to init, every malformed or unknown word is
 * refused: mmsim_boot() returns NULL, errno is EINVAL and
 * mmsim_strerror() names the word (DESIGN.md sections 4 and 6).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mmsim/mmsim.h>
#include <sim/machine.h>

#define SZ_M(x)	((u64)(x) << 20)
#define SZ_G(x)	((u64)(x) << 30)

/* clang-format off */
static const struct {
	const char *params;
	const char *named;	/* what mmsim_strerror() must contain */
} bad_params[] = {
	{ "mem=abc",				"mem=abc" },
	{ "mem=1X",				"mem=1X" },
	{ "mem=",				"mem=" },
	{ "mem",				"mem" },
	{ "mem=-1G",				"mem=-1G" },
	{ "mem=4M",				"mem=4M" },	/* below 8M */
	{ "mem=17T",				"mem=17T" },	/* above 16T */
	{ "numa=0",				"numa=0" },
	{ "numa=17",				"numa=17" },
	{ "numa=1G,",				"numa=1G," },
	{ "numa=1G,abc",			"numa=1G,abc" },
	{ "mem=3G numa=1G,1G",			"numa=" },	/* sizes != mem */
	{ "nr_cpus=0",				"nr_cpus=0" },
	{ "nr_cpus=999",			"nr_cpus=999" },
	{ "nr_cpus=two",			"nr_cpus=two" },
	{ "watermark_scale_factor=0",		"watermark_scale_factor=0" },
	{ "watermark_scale_factor=3001",	"watermark_scale_factor=3001" },
	{ "percpu_pagelist_high_fraction=4",	"percpu_pagelist_high_fraction=4" },
	{ "panic=maybe",			"panic=maybe" },
	{ "fail_page_alloc=1,2,3",		"fail_page_alloc=1,2,3" },
	{ "fail_page_alloc=1,101,0,1",		"fail_page_alloc=1,101,0,1" },
	{ "fail_page_alloc=1,2,3,4,5",		"fail_page_alloc=1,2,3,4,5" },
	{ "fail_page_alloc=x,1,0,1",		"fail_page_alloc=x,1,0,1" },
	{ "fail_page_alloc.ignore-gfp-wait=maybe", "fail_page_alloc.ignore-gfp-wait=maybe" },
	{ "page_owner=maybe",			"page_owner=maybe" },
	{ "movablecore=lots",			"movablecore=lots" },
	{ "movablecore=101%",			"movablecore=101%" },
	{ "kernelcore=mirror",			"kernelcore=mirror" },
	{ "bogus=1",				"bogus=1" },
	{ "bogus",				"bogus" },
	{ "=1G",				"=1G" },
	{ "hole=1G",				"hole=1G" },	/* no @ */
	{ "hole=1M@",				"hole=1M@" },
	{ "hole=1M@0x10000000",			"hole=" },	/* below RAM */
	{ "mem=256M hole=1M@0x50000000",	"hole=" },	/* above RAM */
	{ "mem=256M hole=2M@0x4ff00000",	"hole=" },	/* crosses the end */
	{ "mem=256M nr_cpus=2 bogus=1",		"bogus=1" },	/* last word */
	{ "va_bits=40",				"va_bits=40" },
	{ "va_bits=52",				"va_bits=52" },
	{ "granule=16k",			"granule=16k" },
	{ "granule=8k",				"granule=8k" },
	{ "asid_bits=12",			"asid_bits=12" },
	{ "hafdbs=sometimes",			"hafdbs=sometimes" },
	{ "tlb=l1d:0",				"tlb=l1d:0" },
	{ "tlb=l1d:257",			"tlb=l1d:257" },
	{ "tlb=l2:1280",			"tlb=l2:1280" },	/* no ways */
	{ "tlb=l2:100/3",			"tlb=l2:100/3" },	/* sets */
	{ "tlb=l3:64",				"tlb=l3:64" },
	{ "tlb=walk:x",				"tlb=walk:x" },
	{ "tlb=repl:fifo",			"tlb=repl:fifo" },
	{ "tlb=l1d",				"tlb=l1d" },
};
/* clang-format on */

static void test_bad_words_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_params) / sizeof(bad_params[0]); i++) {
		struct mmsim *m;

		errno = 0;
		m = mmsim_boot(bad_params[i].params);
		if (m) {
			mmsim_shutdown(m);
			fail_msg("\"%s\" was accepted", bad_params[i].params);
		}
		if (errno != EINVAL)
			fail_msg("\"%s\": errno %d, not EINVAL",
				 bad_params[i].params, errno);
		if (!strstr(mmsim_strerror(), bad_params[i].named))
			fail_msg("\"%s\": error \"%s\" does not name '%s'",
				 bad_params[i].params, mmsim_strerror(),
				 bad_params[i].named);
	}
	/* a failed boot leaves the thread unbound */
	assert_null(mmsim_current());
}

static struct mmsim_config parse(const char *params)
{
	struct mmsim_config c;

	if (mmsim_config_parse(&c, params))
		fail_msg("\"%s\" refused: %s", params, mmsim_strerror());
	return c;
}

static void test_defaults(void **state)
{
	struct mmsim_config c = parse(NULL), e = parse("");

	(void)state;
	assert_int_equal(c.mem, SZ_M(256));
	assert_int_equal(c.nr_nodes, 1);
	assert_int_equal(c.nr_cpus, 1);
	assert_int_equal(c.watermark_scale_factor, 10);	/* the sysctl default */
	assert_int_equal(c.percpu_pagelist_high_fraction, 0);
	assert_int_equal(c.min_free_kbytes, -1);
	assert_int_equal(c.zone_dma_bits, 32);
	assert_int_equal(c.phys_offset, 0x40000000);
	assert_int_equal(c.fail_page_alloc[0], '\0');
	assert_false(c.page_owner);
	assert_int_equal(e.mem, c.mem);
}

/* lib/cmdline.c:memparse(): suffixes in either case, hex, no suffix */
static void test_memparse_sizes(void **state)
{
	(void)state;
	assert_int_equal(parse("mem=1G").mem, SZ_G(1));
	assert_int_equal(parse("mem=1g").mem, SZ_G(1));
	assert_int_equal(parse("mem=512M").mem, SZ_M(512));
	assert_int_equal(parse("mem=524288k").mem, SZ_M(512));
	assert_int_equal(parse("mem=0x10000000").mem, SZ_M(256));
	assert_int_equal(parse("mem=268435456").mem, SZ_M(256));
	assert_int_equal(parse("mem=1T").mem, SZ_G(1024));
	assert_int_equal(parse("mem=16T").mem, SZ_G(16384));
	assert_int_equal(parse("mem=8M").mem, SZ_M(8));
	/* the last of repeated words wins, as for the kernel's early params */
	assert_int_equal(parse("mem=1G mem=2G").mem, SZ_G(2));
	/* blanks of any kind separate words */
	assert_int_equal(parse("  mem=1G\tnr_cpus=3\n").nr_cpus, 3);
}

static void test_numa(void **state)
{
	struct mmsim_config c;

	(void)state;
	c = parse("mem=1G numa=4");
	assert_int_equal(c.nr_nodes, 4);
	assert_int_equal(c.node_mem[0], 0);
	c = parse("numa=16 mem=1G");
	assert_int_equal(c.nr_nodes, 16);
	/* numa=SIZE,SIZE without mem=: mem is their sum */
	c = parse("numa=1G,512M,512M");
	assert_int_equal(c.nr_nodes, 3);
	assert_int_equal(c.mem, SZ_G(2));
	assert_int_equal(c.node_mem[1], SZ_M(512));
	c = parse("mem=2G numa=1G,1G");
	assert_int_equal(c.nr_nodes, 2);
	c = parse("numa=off");
	assert_int_equal(c.nr_nodes, 1);
}

static void test_sysctl_ranges(void **state)
{
	(void)state;
	assert_int_equal(parse("watermark_scale_factor=1").watermark_scale_factor, 1);
	assert_int_equal(parse("watermark_scale_factor=3000").watermark_scale_factor,
			 3000);
	assert_int_equal(parse("percpu_pagelist_high_fraction=0").percpu_pagelist_high_fraction,
			 0);
	assert_int_equal(parse("percpu_pagelist_high_fraction=8").percpu_pagelist_high_fraction,
			 8);
	assert_int_equal(parse("min_free_kbytes=4096").min_free_kbytes, 4096);
	assert_int_equal(parse("nr_cpus=256").nr_cpus, 256);
	assert_int_equal(parse("zone_dma_bits=30").zone_dma_bits, 30);
}

static void test_core_and_faults(void **state)
{
	struct mmsim_config c;

	(void)state;
	c = parse("movablecore=25%");
	assert_int_equal(c.movablecore_percent, 25);
	c = parse("movablecore=64M kernelcore=50%");
	assert_int_equal(c.movablecore, SZ_M(64));
	assert_int_equal(c.movablecore_percent, -1);
	assert_int_equal(c.kernelcore_percent, 50);
	c = parse("fail_page_alloc=10,50,4096,-1");
	assert_string_equal(c.fail_page_alloc, "10,50,4096,-1");
	assert_int_equal(c.fail_page_alloc_ignore_gfp_wait, -1);
	c = parse("fail_page_alloc=1,100,0,1 fail_page_alloc.ignore-gfp-wait=N");
	assert_int_equal(c.fail_page_alloc_ignore_gfp_wait, 0);
	c = parse("page_owner=on panic=abort panic_on_warn");
	assert_true(c.page_owner);
	assert_int_equal(c.panic, PANIC_ABORT);
	assert_true(c.panic_on_warn);
	c = parse("mem=256M hole=4M@0x48000000 hole=1M@0x4c000000");
	assert_int_equal(c.nr_holes, 2);
	assert_int_equal(c.holes[0].base, 0x48000000);
	assert_int_equal(c.holes[0].size, SZ_M(4));
}

/* Good words boot, and the machine keeps the command line. */
/* the MMU's parameters: a Cortex-A76-like default, and every knob */
static void test_mmu_params(void **state)
{
	struct mmsim_config d = parse(""), c;

	(void)state;
	assert_int_equal(d.va_bits, 48);
	assert_int_equal(d.mmu.asid_bits, 16);
	assert_true(d.mmu.hafdbs);
	assert_int_equal(d.mmu.l1i_entries, 48);
	assert_int_equal(d.mmu.l1d_entries, 48);
	assert_int_equal(d.mmu.l2_entries, 1280);
	assert_int_equal(d.mmu.l2_ways, 5);
	assert_int_equal(d.mmu.walk_entries, 32);
	assert_false(d.mmu.random_replacement);
	c = parse("va_bits=39 asid_bits=8 hafdbs=off granule=4k "
		  "tlb=l1d:8,l2:64/4,walk:0,repl:random,l1i:2");
	assert_int_equal(c.va_bits, 39);
	assert_int_equal(c.mmu.asid_bits, 8);
	assert_false(c.mmu.hafdbs);
	assert_int_equal(c.mmu.l1i_entries, 2);
	assert_int_equal(c.mmu.l1d_entries, 8);
	assert_int_equal(c.mmu.l2_entries, 64);
	assert_int_equal(c.mmu.l2_ways, 4);
	assert_int_equal(c.mmu.walk_entries, 0);
	assert_true(c.mmu.random_replacement);
	/* a partial tlb= keeps the other defaults */
	c = parse("tlb=walk:4");
	assert_int_equal(c.mmu.walk_entries, 4);
	assert_int_equal(c.mmu.l2_entries, 1280);
}

static void test_good_boot(void **state)
{
	const char *params = "mem=512M numa=2 nr_cpus=4 printk.time=0";
	struct mmsim *m = mmsim_boot(params);
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(m);
	assert_int_equal(mmsim_nr_cpus(m), 4);
	assert_int_equal(mmsim_nr_nodes(m), 2);
	f = open_memstream(&text, &len);
	assert_int_equal(mmsim_show(m, "cmdline", f), 0);
	fclose(f);
	assert_string_equal(text, "mem=512M numa=2 nr_cpus=4 printk.time=0\n");
	free(text);
	/* an unknown report is refused, naming it */
	assert_int_equal(mmsim_show(m, "bogus", stdout), -EINVAL);
	assert_non_null(strstr(mmsim_strerror(), "bogus"));
	mmsim_shutdown(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_words_refused),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_memparse_sizes),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_sysctl_ranges),
		cmocka_unit_test(test_core_and_faults),
		cmocka_unit_test(test_mmu_params),
		cmocka_unit_test(test_good_boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
