// SPDX-License-Identifier: GPL-2.0
/* filter: pcap-filter expression → checked classic BPF for bpf/cbpf.h. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "collect/filter.h"

/* The snap length only shows up as the "accept" return value. */
#define FILTER_SNAPLEN 65535

static void filter_close_pcap(pcap_t **p)
{
	if (*p)
		pcap_close(*p);
}

static bool filter_known_load(uint16_t code)
{
	switch (code) {
	case CBPF_LD | CBPF_W | CBPF_ABS:
	case CBPF_LD | CBPF_H | CBPF_ABS:
	case CBPF_LD | CBPF_B | CBPF_ABS:
	case CBPF_LD | CBPF_W | CBPF_IND:
	case CBPF_LD | CBPF_H | CBPF_IND:
	case CBPF_LD | CBPF_B | CBPF_IND:
	case CBPF_LD | CBPF_W | CBPF_LEN:
	case CBPF_LD | CBPF_IMM:
	case CBPF_LD | CBPF_MEM:
	case CBPF_LDX | CBPF_W | CBPF_LEN:
	case CBPF_LDX | CBPF_B | CBPF_MSH:
	case CBPF_LDX | CBPF_IMM:
	case CBPF_LDX | CBPF_MEM:
		return true;
	}
	return false;
}

/* 0 when insns[pc] is an instruction the interpreter runs correctly. */
static int filter_check_insn(const struct cbpf_insn *in, uint32_t pc, uint32_t len, char *err,
			     size_t errlen)
{
	uint16_t code = in->code, op = code & 0xf0;
	uint64_t next = (uint64_t)pc + 1; /* jumps are relative to it */

	switch (code & 0x07) {
	case CBPF_LD:
	case CBPF_LDX:
		if (!filter_known_load(code))
			break;
		if ((code & 0xe0) == CBPF_MEM && in->k >= CBPF_MEMWORDS) {
			snprintf(err, errlen, "instruction %u: scratch word %u out of range", pc,
				 in->k);
			return -EINVAL;
		}
		return 0;
	case CBPF_ST:
	case CBPF_STX:
		if (code & ~0x07)
			break;
		if (in->k >= CBPF_MEMWORDS) {
			snprintf(err, errlen, "instruction %u: scratch word %u out of range", pc,
				 in->k);
			return -EINVAL;
		}
		return 0;
	case CBPF_ALU:
		if (op > CBPF_XOR || (code & ~0xf8) != CBPF_ALU)
			break;
		if ((op == CBPF_DIV || op == CBPF_MOD) && !(code & CBPF_X) && in->k == 0) {
			snprintf(err, errlen, "instruction %u: division by constant 0", pc);
			return -EINVAL;
		}
		return 0;
	case CBPF_JMP:
		if (op > CBPF_JSET || (op == CBPF_JA && code != (CBPF_JMP | CBPF_JA)) ||
		    (code & ~0xf8) != CBPF_JMP)
			break;
		if (op == CBPF_JA ? next + in->k >= len
				  : (next + in->jt >= len || next + in->jf >= len)) {
			snprintf(err, errlen, "instruction %u: jump beyond the program", pc);
			return -EINVAL;
		}
		return 0;
	case CBPF_RET:
		if (code != (CBPF_RET | CBPF_K) && code != (CBPF_RET | CBPF_A))
			break;
		return 0;
	case CBPF_MISC:
		if (code != (CBPF_MISC | CBPF_TAX) && code != (CBPF_MISC | CBPF_TXA))
			break;
		return 0;
	}
	snprintf(err, errlen, "instruction %u: opcode 0x%02x not supported in the kernel", pc,
		 code);
	return -ENOTSUP;
}

int filter_validate(const struct cbpf_insn *insns, uint32_t len, char *err, size_t errlen)
{
	int rc;

	if (len == 0) {
		snprintf(err, errlen, "empty filter program");
		return -EINVAL;
	}
	if (len > CBPF_MAX_INSNS) {
		snprintf(err, errlen,
			 "filter compiles to %u instructions; the kernel side runs at most %d", len,
			 CBPF_MAX_INSNS);
		return -E2BIG;
	}
	for (uint32_t pc = 0; pc < len; pc++) {
		rc = filter_check_insn(&insns[pc], pc, len, err, errlen);
		if (rc)
			return rc;
	}
	if ((insns[len - 1].code & 0x07) != CBPF_RET) {
		snprintf(err, errlen, "filter program does not end with a return");
		return -EINVAL;
	}
	return 0;
}

int filter_compile(const char *expr, struct cbpf_prog *out, char *err, size_t errlen)
{
	pcap_t *p __attribute__((cleanup(filter_close_pcap))) = NULL;
	struct bpf_program bp = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	out->version = CBPF_VERSION;
	p = pcap_open_dead(DLT_EN10MB, FILTER_SNAPLEN);
	if (!p) {
		snprintf(err, errlen, "cannot set up libpcap");
		return -ENOMEM;
	}
	if (pcap_compile(p, &bp, expr ? expr : "", 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, errlen, "%s", pcap_geterr(p));
		return -EINVAL;
	}
	_Static_assert(sizeof(struct bpf_insn) == sizeof(struct cbpf_insn), "insn layout");
	rc = filter_validate((const struct cbpf_insn *)bp.bf_insns, bp.bf_len, err, errlen);
	if (rc == 0) {
		memcpy(out->insns, bp.bf_insns, bp.bf_len * sizeof(struct cbpf_insn));
		out->len = bp.bf_len;
	}
	pcap_freecode(&bp);
	return rc;
}

uint32_t filter_run_user(const struct cbpf_prog *prog, const uint8_t *pkt, uint32_t caplen,
			 uint32_t wirelen)
{
	struct cbpf_scratch s;

	memset(&s, 0, sizeof(s));
	s.caplen = caplen < CBPF_PKT_MAX ? caplen : CBPF_PKT_MAX;
	s.wirelen = wirelen;
	if (s.caplen)
		memcpy(s.data, pkt, s.caplen);
	return cbpf_run(prog, &s);
}

bool filter_match_user(const struct cbpf_prog *prog, const uint8_t *pkt, uint32_t caplen,
		       uint32_t wirelen)
{
	return filter_run_user(prog, pkt, caplen, wirelen) != 0;
}

uint32_t filter_span(const struct cbpf_prog *prog)
{
	uint32_t xmax = 0, end = 0, len = prog->len < CBPF_MAX_INSNS ? prog->len : CBPF_MAX_INSNS;
	bool x_known = true;

	/* the largest value X can hold, from every instruction that sets it */
	for (uint32_t i = 0; i < len; i++) {
		uint16_t code = prog->insns[i].code;

		if (code == (CBPF_LDX | CBPF_B | CBPF_MSH))
			xmax = xmax > 60 ? xmax : 60;
		else if (code == (CBPF_LDX | CBPF_IMM))
			xmax = xmax > prog->insns[i].k ? xmax : prog->insns[i].k;
		else if ((code & 0x07) == CBPF_LDX || code == (CBPF_MISC | CBPF_TAX))
			x_known = false; /* from memory, the length or A */
	}
	for (uint32_t i = 0; i < len; i++) {
		uint16_t code = prog->insns[i].code;
		uint64_t k = prog->insns[i].k, sz, e;

		if ((code & 0x07) != CBPF_LD && code != (CBPF_LDX | CBPF_B | CBPF_MSH))
			continue;
		if ((code & 0xe0) != CBPF_ABS && (code & 0xe0) != CBPF_IND &&
		    (code & 0xe0) != CBPF_MSH)
			continue; /* imm, mem, len: no packet bytes */
		if ((code & 0xe0) == CBPF_IND && !x_known)
			return CBPF_PKT_MAX;
		sz = (code & 0x18) == CBPF_W ? 4 : (code & 0x18) == CBPF_H ? 2 : 1;
		e = k + sz + ((code & 0xe0) == CBPF_IND ? xmax : 0);
		if (e >= CBPF_PKT_MAX)
			return CBPF_PKT_MAX;
		end = e > end ? (uint32_t)e : end;
	}
	return end;
}
