/* SPDX-License-Identifier: GPL-2.0 */
/* out_finding: the one renderer of a finding — one JSON shape everywhere
 * (drops, trace, check, path, lab) and the text layouts the commands print
 * it in. Decides nothing. */
#ifndef DROPDOC_OUT_FINDING_H
#define DROPDOC_OUT_FINDING_H

#include <stdio.h>
#include <json-c/json.h>

#include "model/finding.h"

/* The finding as a JSON object: id, severity, summary, evidence, fix, dev,
 * netns, netns_name (null where they do not apply), and for a flow's
 * finding (trace's asymmetric_route) out_dev, the replies' device. Embedded as
 * a drop's, path's or lab expectation's "finding"; caller owns it. */
json_object *out_finding_obj(const struct finding *f);
/* One JSON line: {"type":"finding", then the same members}. */
void out_finding_json(FILE *out, const struct finding *f);

enum out_finding_layout {
	/* check, path: "warning id [dev]", the summary, "evidence:", "fix:" */
	OUT_FINDING_REPORT,
	/* under a drop line: "  why: summary [id]", evidence, "fix:" */
	OUT_FINDING_WHY,
	/* trace: "finding id (severity): summary", "evidence:", "fix:" lines */
	OUT_FINDING_LINE,
};
/* brief: the same finding was printed in full moments ago — its first
 * line only, saying so (WHY and LINE). */
void out_finding_text(FILE *out, const struct finding *f, enum out_finding_layout layout,
		      bool brief);

#endif
