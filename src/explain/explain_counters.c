// SPDX-License-Identifier: GPL-2.0
/* explain_counters: the counters that belong to a drop's reason (its
 * catalogue entry names them) and moved, as evidence lines. No other
 * counter is shown: a drop's evidence is about that drop. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "decode/decode.h"

#include "explain/catalogue.h"
#include "explain/explain_classes.h"
#include "host/mib.h"

/* A counter of the other IP family than the drop's packet says nothing
 * about it: Ip6/Udp6/Icmp6 for IPv4, Ip/Udp/Icmp for IPv6 (Tcp is both). */
static bool same_family(const struct drop_record *d, const char *name)
{
	static const char *const v4[] = {"Ip", "Udp", "Icmp", "UdpLite"};
	int fam = d->pkt ? d->pkt->family : 0;

	for (size_t i = 0; fam && i < sizeof(v4) / sizeof(v4[0]); i++) {
		size_t k = strlen(v4[i]);

		if (strncmp(name, v4[i], k))
			continue;
		if (name[k] == '6')
			return fam == AF_INET6;
		if (!strncmp(name, "IpExt", 5) || (name[k] >= 'A' && name[k] <= 'Z'))
			return fam == AF_INET;
	}
	return true;
}

int explain_counters(const struct explain_in *in, struct finding *f, int max)
{
	const struct cat_entry *e =
	    in->entry ? in->entry : catalogue_find(in->d->reason, in->d->location);
	struct mib_delta m[EXPLAIN_MAX_MIBS];
	int n, shown = 0;

	if (!e || !e->counters[0] || !in->env || !in->env->mibs || max <= 0)
		return 0;
	n = in->env->mibs(in->env->arg, in->d->netns, e->counters, m, EXPLAIN_MAX_MIBS);
	for (int i = 0; i < n && shown < max; i++) {
		if (!same_family(in->d, m[i].name))
			continue;
		shown++;
		if (m[i].total)
			finding_evidence(f, "counter %s = %lld (no earlier reading: its total)",
					 m[i].name, (long long)m[i].delta);
		else
			finding_evidence(f,
					 "counter %s %+lld since the last look at this namespace",
					 m[i].name, (long long)m[i].delta);
	}
	return shown;
}
