"""The encode step of a build as a Ray job: `python app.py index --ray local|ADDRESS`.

Actors each load the encoder once and take the build's own batches, in the build's
order, so the vectors are those of an in-process build: the same texts in the same
batches (padding included) through the same model.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from config import REPO_ROOT, Config
from errors import HvkError

log = logging.getLogger(__name__)

LOCAL = "local"
# Never shipped to a cluster: data, environments and run outputs are large and local.
_EXCLUDES = ["data/", ".venv/", "eval/runs/", ".git/", "**/__pycache__/"]


class RayError(HvkError):
    code = "ray"


class _Encoder:
    def __init__(self, model: str, cache_dir: str, encoder: str, batch_size: int):
        import offline  # noqa: F401  (a fresh worker process: hub access off before the model loads)
        from index.embedder import load_embedder

        self._model = load_embedder(model, Path(cache_dir), encoder)
        self._batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        from index.embedder import encode_passages

        return encode_passages(self._model, texts, self._batch_size)


def _init(address: str) -> None:
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report leaves the machine
    env_vars = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RAY_USAGE_STATS_ENABLED": "0"}
    try:
        if address == LOCAL:
            # Bound to loopback: a local run needs no other address, and looking one up would
            # reach for the network.
            ray.init(include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False,
                     runtime_env={"env_vars": {**env_vars, "PYTHONPATH": str(REPO_ROOT)}})
        else:
            ray.init(address=address, log_to_driver=False,
                     runtime_env={"working_dir": str(REPO_ROOT), "excludes": _EXCLUDES, "env_vars": env_vars})
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise RayError(f"Không mở được Ray tại {address!r}: {e}. Dùng '--ray local' hoặc địa chỉ một cụm Ray "
                       "(ví dụ ray://head:10001).") from None


def encode_on_ray(address: str, config: Config, batches: list[list[str]]) -> Iterator[np.ndarray]:
    """The vectors of each batch, in order, encoded by one actor per CPU of the Ray cluster."""
    import ray
    from ray.util import ActorPool

    _init(address)
    try:
        actors = max(1, min(len(batches), int(ray.cluster_resources().get("CPU", 1))))
        log.info("ray: %d batches on %d encoder actors", len(batches), actors)
        remote = ray.remote(num_cpus=1)(_Encoder)
        pool = ActorPool([remote.remote(config.model, str(config.model_cache_dir), config.encoder,
                                        config.embed_batch_size) for _ in range(actors)])
        yield from pool.map(lambda actor, texts: actor.encode.remote(texts), batches)
    finally:
        ray.shutdown()
