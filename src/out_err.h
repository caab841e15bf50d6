/* SPDX-License-Identifier: GPL-2.0 */
/* out_err: the one-line error of a command. Same contract as out.h's
 * out_error() on the lead's branch; replaced by it once that lands. */
#ifndef DROPDOC_OUT_ERR_H
#define DROPDOC_OUT_ERR_H

#include <stdbool.h>

/* "dropdoc: MSG" on stderr; with json also
 * {"type":"error","message":MSG,"exit_code":CODE} on stdout. */
void out_error(bool json, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
