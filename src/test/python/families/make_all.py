"""Writes every family fixture, then cross-checks them (issue 14).

    /usr/bin/python3 src/test/python/families/make_all.py

Output: src/test/resources/fixtures/families/<id>/ (see the README.md there). Seeded and
single-threaded, so a rerun reproduces the files.
"""

import clip_families
import crosscheck
import dinov2_hub
import famref as R
import hf_families
import posembed
import timm_families

if __name__ == "__main__":
    R.setup()
    for family in (timm_families, hf_families, clip_families, dinov2_hub, posembed):
        family.main()
    crosscheck.main()
    print("family fixtures written to", R.OUT)
