"""One measurement at one model size, in a process of its own (so its peak memory is its own).

    python -m benchmarks.scale MODE --root PROJECT [--cache DIR] [--repeat N]

MODE is one of

- ``cold``: validate + build_outputs with an empty cache and real `dot` runs;
- ``warm``: validate + build_outputs with the cache as it is (misses are answered without
  `dot` and counted: a warm run reports 0);
- ``pool``: save a sample of the project's real `dot` outputs (rendering what the cache
  lacks) to ``--pool``, for ``canned`` runs of other projects;
- ``canned``: validate + build_outputs where every diagram is a cache hit answered from
  ``--pool`` (keys computed as on a real cache read; no `dot`, no cache files): a warm build
  of a model whose thousands of diagrams were never rendered;
- ``site``: a full `mkdocs build` of the project with the radoc plugin.

Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from .harness import (
    CannedOutputs,
    CannedRenderer,
    GenerateSpy,
    RecordingRenderer,
    StubRenderer,
    current_rss_mb,
    mkdocs_build,
    now,
    peak_rss_mb,
)


def _generation(root: Path, renderer: Any) -> dict[str, Any]:
    from radoc.build import BuildOptions, build_outputs
    from radoc.validate import validate_project

    start = now()
    result = validate_project(root / "architecture")
    validated = now()
    if result.model is None:
        raise SystemExit(f"the architecture does not validate: {result.diagnostics[:3]}")
    generated = build_outputs(result.model, BuildOptions(root), renderer)
    end = now()
    return {
        "seconds": end - start,
        "validate": validated - start,
        "build": end - validated,
        "runs": renderer.runs,
        "diagrams": len(generated.dot_sources),
        "files": len(generated.files),
        "elements": len(result.model.elements),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("mode", choices=("cold", "warm", "pool", "canned", "site"))
    parser.add_argument("--pool", type=Path, help="the sample file of pool/canned")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    cache = (args.cache or root / ".radoc-cache").resolve()
    # imports are not part of the measurement
    import radoc.build
    import radoc.validate  # noqa: F401

    out: dict[str, Any] = {"mode": args.mode, "base_rss_mb": current_rss_mb()}
    if args.mode == "cold":
        from radoc.render.graphviz_run import Renderer

        out.update(_generation(root, Renderer(cache)))
    elif args.mode in ("warm", "canned"):
        if args.mode == "canned":
            canned = CannedOutputs(pickle.loads(args.pool.read_bytes()))
            runs = [_generation(root, CannedRenderer(canned)) for _ in range(args.repeat)]
        else:
            runs = [_generation(root, StubRenderer(cache)) for _ in range(args.repeat)]
        out.update(runs[-1])
        for key in ("seconds", "validate", "build"):
            out[key] = [r[key] for r in runs]
        out["runs"] = [r["runs"] for r in runs]
    elif args.mode == "pool":
        from radoc.build import BuildOptions, build_outputs
        from radoc.validate import validate_project

        model = validate_project(root / "architecture").model
        assert model is not None
        recorder = RecordingRenderer(cache)
        build_outputs(model, BuildOptions(root), recorder)
        outputs = recorder.render_all(recorder.jobs)  # all cached by now
        samples = CannedOutputs.sample(outputs)
        args.pool.write_bytes(pickle.dumps(samples))
        out.update(samples=len(samples), rendered=recorder.runs)
    else:
        spy = GenerateSpy()
        with spy.installed(), tempfile.TemporaryDirectory(prefix="radoc-bench-site-") as site:
            out["seconds"] = mkdocs_build(root, Path(site))
        out["generation"] = sum(spy.seconds)
        out["renders"] = sum(getattr(r, "renders", 0) for r in spy.results)
        out["pages"] = len(getattr(spy.results[-1], "paths", [])) if spy.results else 0
    out["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
