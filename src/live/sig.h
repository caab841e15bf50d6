/* SPDX-License-Identifier: GPL-2.0 */
/* sig: SIGINT/SIGTERM end a run cleanly — they only set a flag, so every
 * loop can finish, detach and tear down before the process exits. */
#ifndef DROPDOC_SIG_H
#define DROPDOC_SIG_H

#include <signal.h>

extern volatile sig_atomic_t sig_stop;
/* Installs the handlers (no SA_RESTART, so blocking calls return EINTR). */
void sig_install(void);

#endif
