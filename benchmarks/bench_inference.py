"""Single-digit prediction speed: the model alone, preprocessing plus model, and the CLI end to end.

    .venv/bin/python benchmarks/bench_inference.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

from desktop_app.core import data, preprocessing
from desktop_app.core.inference import Predictor
from desktop_app.core.paths import shipped_weights_path


def percentile(values, q):
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    predictor = Predictor.from_file(shipped_weights_path())
    test = data.load_mnist(train=False)
    images = test.images[:500].numpy().astype(np.float32) / 255.0
    for image in images[:20]:  # warm-up
        predictor.predict_model_input(image)
    model_ms = []
    for image in images:
        start = time.perf_counter()
        predictor.predict_model_input(image)
        model_ms.append((time.perf_counter() - start) * 1000)
    print(f"model alone, one digit: median {statistics.median(model_ms):.2f} ms, p95 {percentile(model_ms, 95):.2f} ms")

    canvas = [Image.fromarray(255 - (image * 255).astype(np.uint8)).resize((400, 400)) for image in images[:100]]
    full_ms = []
    for picture in canvas:
        start = time.perf_counter()
        predictor.predict_model_input(preprocessing.to_model_input(picture))
        full_ms.append((time.perf_counter() - start) * 1000)
    print(f"400x400 picture, preprocessing + model: median {statistics.median(full_ms):.2f} ms, "
          f"p95 {percentile(full_ms, 95):.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/digit.png"
        canvas[0].save(path)
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop_app", "predict", path], check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
    print(f"digit-studio predict IMAGE, start-up included: best {min(runs):.2f} s, worst {max(runs):.2f} s")


if __name__ == "__main__":
    main()
