#!/usr/bin/env bash
# Takes the README's screenshots of the plugin (docs/images/gui-*.png) in a real ImageJ 1.x under Xvfb:
# the Plugins > RIDE menu, both Train dialogs, training with the loss plot, a log-likelihood map with its LUT
# and calibration bar, a synthesized texture, an inpainting before/after (org.ride.guitest.Screenshots).
#   scripts/screenshots.sh [out_dir]          (default docs/images; needs Debian's xvfb: apt-get install xvfb)
# Trains a "fast" model on the demo's 128x128 grass crop first: a few minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/images}"
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing; apt-get install xvfb" >&2; exit 2; }
cd "$root"
mvn -B -q -ntp -DskipTests package                     # plugin jar and the test classes (the GUI driver)
./ride-macro -eval 'print("ImageJ folder ready");'     # lays out target/ij: ij.jar, plugins/, jars/
rm -rf target/ij/guiboot && mkdir -p target/ij/guiboot/org/ride
cp -r target/test-classes/org/ride/guitest target/ij/guiboot/org/ride/
uptime
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" timeout 900 xvfb-run -a -s "-screen 0 1600x1200x24" \
	java -Dplugins.dir="$root/target/ij" -Xmx2g -cp "target/ij/ij.jar:target/ij/guiboot" \
	org.ride.guitest.Screenshots "$out" sample-images/grass.png target/screenshots
ls -l "$out"/gui-*.png
