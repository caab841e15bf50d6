/* SPDX-License-Identifier: GPL-2.0 */
/* out_finding: printing findings, as text and as JSON. Decides nothing. */
#ifndef DROPDOC_OUT_FINDING_H
#define DROPDOC_OUT_FINDING_H

#include <stdio.h>
#include <json-c/json.h>

#include "model/finding.h"

/* The finding as a JSON object (for embedding: a drop's or path's
 * "finding" member). Caller owns it. */
json_object *out_finding_json_obj(const struct finding *f);
/* One JSON line {"type":"finding", ...}. */
void out_finding_json(FILE *out, const struct finding *f);
/* Text block: "warning  id  (dev, netns)\n  summary\n  evidence: ...\n  fix: ...". */
void out_finding_text(FILE *out, const struct finding *f);

#endif
