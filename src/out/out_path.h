/* SPDX-License-Identifier: GPL-2.0 */
/* out_path: printing a path_result, as text and as one JSON line. */
#ifndef DROPDOC_OUT_PATH_H
#define DROPDOC_OUT_PATH_H

#include <stdio.h>

#include "model/netcfg.h"
#include "model/path.h"

void out_path_text(FILE *out, const struct netcfg *cfg, const struct path_result *r);
void out_path_json(FILE *out, const struct netcfg *cfg, const struct path_result *r);

#endif
