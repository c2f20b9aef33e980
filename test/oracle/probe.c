/*
 * Koru's probe around the SBaGen+ reference source (built on the fly, never shipped).
 *
 * It compiles SBaGen+ unchanged, with three seams set by macros:
 *  - the wall clock is fixed at 12:00:00.000 (run with TZ=UTC), so NOW is deterministic;
 *  - the first write of audio ends the program: by then SBaGen has read the whole sequence,
 *    settled its periods (correctPeriods) and picked its start time; opening the -m mix file
 *    (mode "rb") marks that the sequence has been read, in case the mix file then fails;
 *  - at exit the settled period list is printed with full precision (SBaGen's own -D prints
 *    seconds and two decimals, too coarse for a differential test).
 *
 * Output, one record per line, numbers in %.17g:
 *   stage audio|sequence   (sequence: SBaGen read it all but stopped before audio, e.g. its -m
 *                           mix file is missing or in a format this build cannot decode)
 *   opts <fade_ms> <S> <E> <L_ms> <T_ms> <V> <N> <w> <tim0_ms> <tim1_ms> <start_ms> <mix_flag> <rate>
 *   wave <index> <256 samples of the 16384-point table, every 64th, scaled to -1..1>
 *   period <start_ms>
 *   ch <slot> <typ> <amp> <carr> <res> <waveform> <typ> <amp> <carr> <res> <waveform>   (v0 then v1)
 *   end
 * Nothing is printed when SBaGen stopped with an error before producing audio.
 */
#include <stdio.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/ioctl.h>
#include <sys/times.h>
#include <pthread.h>

#define KORU_NOON 43200

static int koru_gettimeofday(struct timeval *tv, void *tz) {
  (void)tz;
  tv->tv_sec = KORU_NOON;
  tv->tv_usec = 0;
  return 0;
}

static time_t koru_time(time_t *t) {
  if (t) *t = KORU_NOON;
  return KORU_NOON;
}

/* 1 once SBaGen has read the whole sequence (it opens the -m mix file next), 2 at its first audio. */
static int koru_stage = 0;

static FILE *koru_fopen(const char *path, const char *mode) {
  if (strcmp(mode, "rb") == 0) koru_stage = 1;
  return fopen(path, mode);
}

static ssize_t koru_write(int fd, const void *buf, size_t n) {
  (void)fd; (void)buf; (void)n;
  koru_stage = 2;
  exit(0);
}

#define gettimeofday(tv, tz) koru_gettimeofday(tv, tz)
#define time(t) koru_time(t)
#define write(fd, buf, n) koru_write(fd, buf, n)
#define fopen(path, mode) koru_fopen(path, mode)
#define main sbagen_main
#include SBAGEN_SOURCE
#undef main

static void koru_dump(void) {
  Period *p0, *pp;
  int a, i;
  if (!koru_stage || !per) return;
  /* Where output starts (loop()): the first time line with -S, else the clock, unless -T. */
  if (koru_stage == 1) now = opt_T != -1 ? opt_T : opt_S ? fast_tim0 : now;
  printf("stage %s\n", koru_stage == 2 ? "audio" : "sequence");
  printf("opts %d %d %d %d %d %d %d %d %d %d %d %d %d\n", fade_int, opt_S, opt_E, opt_L, opt_T, opt_V, opt_N,
         opt_w, fast_tim0, fast_tim1, now, mix_flag, out_rate);
  for (i = 0; i < 100; i++) {
    if (!waves[i]) continue;
    printf("wave %d", i);
    for (a = 0; a < ST_SIZ; a += ST_SIZ / 256) printf(" %.17g", waves[i][a] / (double)ST_AMP);
    printf("\n");
  }
  p0 = per;
  while (p0->prv != p0 && p0->prv->tim < p0->tim) p0 = p0->prv;
  pp = p0;
  do {
    printf("period %d\n", pp->tim);
    for (a = 0; a < N_CH; a++) {
      Voice *v0 = &pp->v0[a], *v1 = &pp->v1[a];
      if (!v0->typ && !v1->typ) continue;
      printf("ch %d %d %.17g %.17g %.17g %d %d %.17g %.17g %.17g %d\n", a, v0->typ, v0->amp, v0->carr, v0->res,
             v0->waveform, v1->typ, v1->amp, v1->carr, v1->res, v1->waveform);
    }
    pp = pp->nxt;
  } while (pp != p0);
  printf("end\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  atexit(koru_dump);
  return sbagen_main(argc, argv);
}
