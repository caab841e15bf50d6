// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "live/sig.h"

volatile sig_atomic_t sig_stop;

static void on_signal(int signo)
{
	sig_stop = signo;
}

void sig_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}
