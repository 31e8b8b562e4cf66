"""Finding one's way in the page: the filter box, its script and the policy that allows it.

The page runs one inline script, ``templates/filter.js``: typing an outlet, group or frame name
shows only the rows and blocks tagged with it (``data-outlet``, ``data-group``, ``data-frame``,
see :func:`framing.report.sections.views.filter_tags`). The Content-Security-Policy allows that
script by its SHA-256 hash and nothing else: no other script, no request of any kind.
"""

from __future__ import annotations

import base64
import hashlib

from jinja2 import Environment

from framing.report.rundata import RunData
from framing.report.sections.groups import membership

#: The filter's script, a template file embedded as it is.
SCRIPT = "filter.js"

#: Everything but the script: styles inline, images as data URIs, no request leaves the page.
POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "script-src '{script}'; base-uri 'none'; form-action 'none'"
)


def script_source(env: Environment) -> str:
    """The filter's script, as embedded in the page."""
    return env.loader.get_source(env, SCRIPT)[0]


def content_security_policy(script: str) -> str:
    """The page's policy: ``script`` (the exact text of its one inline script) runs, by hash."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return POLICY.format(script=f"sha256-{digest}")


def filter_names(run: RunData) -> list[str]:
    """Names the filter box suggests: the groups, then the outlets, then the frames."""
    groups = membership(run)
    outlets: list[str] = []
    if run.has("documents"):
        outlets = sorted({str(o) for o in run.table("documents", columns=["outlet"])["outlet"]})
    shares = run.table("frame_shares")
    frames = [] if shares is None else [str(f) for f in dict.fromkeys(shares["frame"])]
    named = [] if groups is None else list(dict.fromkeys(groups))
    return list(dict.fromkeys([*named, *outlets, *frames]))
