/*
 * sim-uart: runs an ATmega328P firmware (16 MHz) on simavr with UART0 bridged to a pty, so Koru's
 * real serial code can talk to the real sketch (test/integration/firmware-sim.test.ts).
 *
 *   sim-uart <firmware.elf> [pinlog]
 *
 * Prints one line, "PTY <slave path>", then waits for one byte on stdin before starting the CPU:
 * the test opens the port first (opening flushes it) and so sees the boot banner, as it would
 * from a real Uno, which resets when its port opens. EOF instead of that byte: exit.
 * Logs changes of D7 (PD7, power relay) and D8 (PB0, mute) as "D7 1" lines to pinlog or stderr.
 * Runs until the firmware stops or crashes, SIGTERM, or the parent dies.
 *
 * Build: gcc -I/usr/include/simavr -I/usr/include/simavr/parts sim-uart.c -lsimavr -lsimavrparts
 *        -lpthread -lutil
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "avr_ioport.h"
#include "sim_avr.h"
#include "sim_elf.h"
#include "uart_pty.h"

static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }

static FILE *pinlog;
struct pin { const char *name; int last; };
static struct pin d7 = { "D7", -1 }, d8 = { "D8", -1 };

/* simavr raises a pin's irq on every write to its PORT register; log only real changes. */
static void on_pin(struct avr_irq_t *irq, uint32_t value, void *param) {
	(void)irq;
	struct pin *p = param;
	int v = value & 1;
	if (v == p->last) return;
	p->last = v;
	fprintf(pinlog, "%s %d\n", p->name, v);
	fflush(pinlog);
}

int main(int argc, char **argv) {
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: sim-uart <firmware.elf> [pinlog]\n");
		return 2;
	}
	pinlog = argc == 3 ? fopen(argv[2], "w") : stderr;
	if (!pinlog) { perror(argv[2]); return 2; }
	/* A test runner that crashes must not leave an emulator spinning at 100% CPU. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	/* simavr and uart_pty chat on stdout ("Loaded ...", "uart_pty_init ..."): send all of that to
	 * stderr and keep the real stdout for our one line. */
	int out = dup(1);
	dup2(2, 1);
	struct sigaction sa = { .sa_handler = on_term };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	elf_firmware_t f;
	memset(&f, 0, sizeof f);
	if (elf_read_firmware(argv[1], &f) != 0) {
		fprintf(stderr, "sim-uart: cannot read %s\n", argv[1]);
		return 2;
	}
	/* A plain Arduino build carries no .mmcu section: say what board this is. */
	strcpy(f.mmcu, "atmega328p");
	f.frequency = 16000000;
	avr_t *avr = avr_make_mcu_by_name(f.mmcu);
	if (!avr) { fprintf(stderr, "sim-uart: simavr has no atmega328p\n"); return 2; }
	avr_init(avr);
	avr_load_firmware(avr, &f);
	avr->frequency = 16000000;
	avr->log = LOG_WARNING; /* surfaces UART overruns, bad opcodes, stack crashes */

	static uart_pty_t pty;
	uart_pty_init(avr, &pty);
	uart_pty_connect(&pty, '0');
	fflush(stdout);
	if (!pty.pty.s) { fprintf(stderr, "sim-uart: no pty\n"); return 1; }
	/* It also points /tmp/simavr-uart0 at its pty; concurrent runs would fight over that name,
	 * so nobody may use it: remove ours. */
	char link[PATH_MAX];
	ssize_t n = readlink("/tmp/simavr-uart0", link, sizeof link - 1);
	if (n > 0) {
		link[n] = '\0';
		if (strcmp(link, pty.pty.slavename) == 0) unlink("/tmp/simavr-uart0");
	}

	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 7), on_pin, &d7);
	avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 0), on_pin, &d8);

	dprintf(out, "PTY %s\n", pty.pty.slavename);
	char go;
	if (read(0, &go, 1) != 1) return 0;

	int state = cpu_Running;
	while (!stop && state != cpu_Done && state != cpu_Crashed) state = avr_run(avr);
	if (state == cpu_Crashed) {
		fprintf(stderr, "sim-uart: firmware crashed at pc 0x%04x\n", avr->pc);
		return 1;
	}
	fprintf(stderr, "sim-uart: stopped after %.2f s of AVR time\n", (double)avr->cycle / avr->frequency);
	/* Exit without uart_pty_stop(): it SIGINTs its thread, and the kernel closes the pty anyway. */
	return 0;
}
