"""Facts read by hand from the bundled seed minutes, shared by the tests that need them.

The five seeds are ``S000`` .. ``S004`` in ``SEED_DIR``.

Attendees of the two meetings of the invoice-centralisation matter, in document order:
002_a5db68b1e2c219a1.txt lines 9-10 ("Mødedeltagere Mogens Bak Hansen, Morten V. Pedersen,
Vicki Møberg / Torp, ...") and 000_684b67a3f1ecf733.txt lines 9-12 (wrapped: "Henrik Gregers /
Boesen", "Judith / Poulsen", "Gitte / Clemmensen").
"""

from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
S000 = "000_684b67a3f1ecf733.txt"
S001 = "001_684bb67d542aeeb8.txt"
S002 = "002_a5db68b1e2c219a1.txt"
S003 = "003_aa9dec555a515a74.txt"
S004 = "004_4cfb6e13448d6800.txt"
SEEDS = (S000, S001, S002, S003, S004)

DIREKTIONEN_2021_01_07 = [
    "Mogens Bak Hansen",
    "Morten V. Pedersen",
    "Vicki Møberg Torp",
    "Karsten Poulsen",
    "Henrik Gregers Boesen",
    "Gitte Clemmensen",
]
CHEFFORUM_2021_01_13 = [
    "Mogens Bak Hansen",
    "Søren Nielsen",
    "Åse Nielsen",
    "Henrik Gregers Boesen",
    "Mette Højby Petersen",
    "Jesper Due Pedersen",
    "Judith Poulsen",
    "Louise Rasmussen",
    "Morten V. Pedersen",
    "Gitte Clemmensen",
    "Karsten Poulsen",
    "Vicki Møberg Torp",
    "Gitte Høj Nielsen",
]
