#!/usr/bin/env bash
# Compiles resources/firmware/koru-amp/koru-amp.ino for an Arduino Uno (ATmega328P, 16 MHz) with
# avr-gcc against Arduino's own AVR core, the way the Arduino IDE would, and links it to an ELF
# that simavr (test/firmware/sim-uart.c) can run.
#   usage: build-sketch.sh <out-dir>    → <out-dir>/koru-amp.elf
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: build-sketch.sh <out-dir>" >&2; exit 2; }
out=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
sketch="$root/resources/firmware/koru-amp/koru-amp.ino"
avr=${ARDUINO_AVR_DIR:-/usr/share/arduino/hardware/arduino/avr}
core="$avr/cores/arduino"
variant="$avr/variants/standard"

die() { echo "build-sketch: $*" >&2; exit 1; }
command -v avr-gcc >/dev/null || die "avr-gcc is missing — install it with: apt-get install -y gcc-avr avr-libc"
command -v avr-g++ >/dev/null || die "avr-g++ is missing — install it with: apt-get install -y gcc-avr avr-libc"
[ -f "$core/Arduino.h" ] && [ -f "$variant/pins_arduino.h" ] \
  || die "the Arduino AVR core is missing ($core) — install it with: apt-get install -y arduino-core-avr"

mkdir -p "$out/core"
common=(-mmcu=atmega328p -DF_CPU=16000000L -DARDUINO=10807 -DARDUINO_AVR_UNO -DARDUINO_ARCH_AVR
  -Os -g -ffunction-sections -fdata-sections -I"$core" -I"$variant")
cflags=("${common[@]}" -std=gnu11)
cxxflags=("${common[@]}" -std=gnu++11 -fno-exceptions -fno-threadsafe-statics)
# Debian pairs core 1.8.7 (written for Arduino's avr-gcc 7.3) with avr-gcc 5.4, whose <float.h>
# hides DECIMAL_DIG from C++, so WString.cpp fails (ArduinoCore-avr#633). GCC 7 gives it this value.
corecxx=(-DDECIMAL_DIG=__DECIMAL_DIG__)

# The core is Arduino's code, built as the IDE builds it (its own warnings are not ours to fix).
objs=()
for src in "$core"/*.c "$core"/*.cpp "$core"/*.S; do
  [ -e "$src" ] || continue
  obj="$out/core/$(basename "$src").o"
  case "$src" in
    *.c) avr-gcc "${cflags[@]}" -c "$src" -o "$obj" ;;
    *.cpp) avr-g++ "${cxxflags[@]}" "${corecxx[@]}" -c "$src" -o "$obj" ;;
    *.S) avr-gcc "${common[@]}" -x assembler-with-cpp -c "$src" -o "$obj" ;;
  esac
  objs+=("$obj")
done

# The sketch already includes <Arduino.h> and defines setup()/loop(): it compiles as plain C++.
# Ours, so any warning fails the build.
cp "$sketch" "$out/koru-amp.cpp"
avr-g++ "${cxxflags[@]}" -Wall -Werror -c "$out/koru-amp.cpp" -o "$out/koru-amp.o" \
  || die "the sketch does not compile cleanly ($sketch)"

avr-gcc -mmcu=atmega328p -Os -Wl,--gc-sections -o "$out/koru-amp.elf" "$out/koru-amp.o" "${objs[@]}" -lm
avr-size -C --mcu=atmega328p "$out/koru-amp.elf"
