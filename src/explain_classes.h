/* SPDX-License-Identifier: GPL-2.0 */
/* explain_classes: the functions behind the rows of explain_rules.c, and
 * the small helpers they share. Internal to the explain module. */
#ifndef DROPDOC_EXPLAIN_CLASSES_H
#define DROPDOC_EXPLAIN_CLASSES_H

#include "explain.h"

/* explain_route.c: rp_filter, local/invalid source, no route (fib model) */
int explain_route(const struct explain_in *in, struct finding *f);
/* explain_packet.c: what the packet's own bytes show */
int explain_otherhost(const struct explain_in *in, struct finding *f);
int explain_malformed(const struct explain_in *in, struct finding *f);

/* explain.c: shared helpers */
/* Starts f: id, severity, where (netns, dev) from the drop. */
void explain_begin(const struct explain_in *in, struct finding *f, const char *id,
		   enum finding_severity sev);
/* The drop's device in the model, or NULL. */
const struct netcfg_link *explain_link(const struct explain_in *in);
/* "aa:bb:cc:dd:ee:ff" */
void explain_mac(const uint8_t *mac, char *buf, size_t n);

#endif
