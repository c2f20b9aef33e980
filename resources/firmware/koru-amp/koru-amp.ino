/*
 * koru-amp: Koru's amplifier controller (protocol: ../PROTOCOL.md, v1).
 *
 * Hardware (any 5 V Arduino: Uno, Nano, Pro Micro):
 *   D7  -> relay module switching the amplifier's mains/12 V supply (HIGH = on)
 *   D8  -> the amplifier's mute input (HIGH = muted; many class-D boards have one)
 *   D9  -> volume: 31 kHz PWM into an RC low-pass (10k + 10uF) driving a VCA's control input,
 *          or replace setVolumeHardware() with a digital potentiometer (MCP41010 over SPI).
 *
 * Fit pull-downs on D7 (10k) and D9 (100k) and a pull-up (10k to 5 V) on D8: after a reset the
 * bootloader leaves the pins floating for about a second, and the resistors keep the amplifier
 * off, muted and at zero until setup() drives them.
 *
 * Safety: boots with the amplifier off, muted, volume 0. Ramps and the maximum volume are the
 * host's job (Koru), so every amplifier it drives behaves the same.
 *
 * License: GPL-3.0-or-later (same as Koru).
 */

#include <Arduino.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>

static const char FIRMWARE[] = "koru-amp 1.0.0";
static const uint8_t PIN_POWER = 7;
static const uint8_t PIN_MUTE = 8;
static const uint8_t PIN_VOLUME = 9;
static const uint8_t LINE_MAX = 64;

static bool power = false;
static bool muted = true;
static uint8_t volume = 0;  // 0..100

static char line[LINE_MAX];
static uint8_t lineLen = 0;
static bool overflow = false;

static void setVolumeHardware(uint8_t v) {
  // 0..100 -> 0..255 PWM duty.
  analogWrite(PIN_VOLUME, (uint16_t)v * 255 / 100);
}

static void applyAll() {
  digitalWrite(PIN_POWER, power ? HIGH : LOW);
  digitalWrite(PIN_MUTE, muted ? HIGH : LOW);
  setVolumeHardware(volume);
}

static const char *onOff(bool b) { return b ? "ON" : "OFF"; }

static void reply(const char *a, const char *b = nullptr, const char *c = nullptr) {
  Serial.print(a);
  if (b) Serial.print(b);
  if (c) Serial.print(c);
  Serial.print("\r\n");
}

/* Parses "ON"/"OFF"; returns -1 for anything else. */
static int8_t parseOnOff(const char *s) {
  if (!s) return -1;
  if (strcmp(s, "ON") == 0) return 1;
  if (strcmp(s, "OFF") == 0) return 0;
  return -1;
}

static void handle(char *cmd) {
  for (char *p = cmd; *p; p++) *p = toupper(*p);
  char *verb = strtok(cmd, " ");
  char *arg = strtok(nullptr, " ");
  char *extra = strtok(nullptr, " ");
  if (!verb) return;  // blank line: no reply
  if (extra) return reply("ERR SYNTAX too many words");

  if (strcmp(verb, "PING") == 0) return reply("OK PONG");
  if (strcmp(verb, "VERSION") == 0) return reply("OK VERSION ", FIRMWARE);
  if (strcmp(verb, "STATUS") == 0) {
    Serial.print("OK STATUS POWER=");
    Serial.print(onOff(power));
    Serial.print(" VOLUME=");
    Serial.print(volume);
    Serial.print(" MUTE=");
    Serial.print(onOff(muted));
    Serial.print("\r\n");
    return;
  }
  if (strcmp(verb, "POWER") == 0 || strcmp(verb, "MUTE") == 0) {
    int8_t v = parseOnOff(arg);
    if (v < 0) return reply("ERR RANGE ", verb, " takes ON or OFF");
    if (verb[0] == 'P') power = v; else muted = v;
    applyAll();
    return reply("OK ", verb, v ? " ON" : " OFF");
  }
  if (strcmp(verb, "VOLUME") == 0) {
    if (!arg || strlen(arg) > 3) return reply("ERR RANGE VOLUME takes 0-100");
    for (const char *p = arg; *p; p++) if (!isdigit(*p)) return reply("ERR RANGE VOLUME takes 0-100");
    int v = atoi(arg);
    if (v > 100) return reply("ERR RANGE VOLUME takes 0-100");
    volume = (uint8_t)v;
    setVolumeHardware(volume);
    Serial.print("OK VOLUME ");
    Serial.print(volume);
    Serial.print("\r\n");
    return;
  }
  reply("ERR UNKNOWN command");
}

void setup() {
  // Levels first, then outputs: a pin made an output first drives LOW for a moment, and LOW on
  // D8 is "unmuted". Written while still inputs, the levels are latched and the pins come up
  // off, muted and silent.
  applyAll();
  pinMode(PIN_POWER, OUTPUT);
  pinMode(PIN_MUTE, OUTPUT);
  pinMode(PIN_VOLUME, OUTPUT);
#if defined(TCCR1B)
  TCCR1B = (TCCR1B & 0b11111000) | 0x01;  // D9/D10 PWM at 31 kHz: inaudible, easy to filter
#endif
  Serial.begin(115200);
  reply("READY ", FIRMWARE);
}

void loop() {
  while (Serial.available() > 0) {
    char c = (char)Serial.read();
    if (c == '\r' || c == '\n') {
      if (overflow) reply("ERR SYNTAX line too long");
      else if (lineLen > 0) {
        line[lineLen] = '\0';
        handle(line);
      }
      lineLen = 0;
      overflow = false;
    } else if (lineLen < LINE_MAX - 1) {
      line[lineLen++] = c;
    } else {
      overflow = true;
    }
  }
}
