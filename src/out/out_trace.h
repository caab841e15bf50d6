/* SPDX-License-Identifier: GPL-2.0 */
/* out_trace: printers for `dropdoc trace` — a packet's journey (a block of
 * hops in text, "hop" objects in JSON lines) and stats (findings:
 * out_finding.h). They
 * print what trace.c decided and decide nothing. */
#ifndef DROPDOC_OUT_TRACE_H
#define DROPDOC_OUT_TRACE_H

#include <stdbool.h>
#include <stdio.h>

#include "explain/flows.h"
#include "decode/record.h"

void out_text_trace_packet(FILE *f, const struct trace_packet *p);
void out_text_trace_stats(FILE *f, const struct trace_stats *s);

void out_json_trace_packet(FILE *f, const struct trace_packet *p);
void out_json_trace_stats(FILE *f, const struct trace_stats *s);

#endif
