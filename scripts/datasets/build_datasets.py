#!/usr/bin/env python3
"""Builds the two image datasets the training engine ships: public/datasets/*.bin and manifest.json.

    python3 scripts/datasets/build_datasets.py            # download the pinned sources, (re)write the files
    python3 scripts/datasets/build_datasets.py --check    # rebuild in memory, fail unless the files are identical
    python3 scripts/datasets/build_datasets.py --sklearn-wheel W.whl --fashion-deb F.deb   # use local copies

Plain python3, standard library only. The sources are fetched with the ordinary clients and checked against
pinned SHA-256 sums, so a rerun gives byte-identical outputs (nothing here depends on time, locale or order of a
directory listing):

- digits.bin: the UCI Optical Recognition of Handwritten Digits set (Alpaydin & Kaynak; CC BY 4.0), all 1,797
  8x8 images with pixel values 0..16, from `sklearn/datasets/data/digits.csv.gz` inside the scikit-learn wheel
  (`pip download scikit-learn==SKLEARN_VERSION --no-deps`; the CSV is the same in every platform's wheel, and its
  own SHA-256 is what is pinned). File order is the CSV's row order.
- fashion-mnist-14.bin: Zalando's Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT), from Debian's package
  `dataset-fashion-mnist` (`apt-get download`, read with `dpkg-deb -x`). The subset: the first 2,000 images of
  each class of the 60,000-image train split, in the train split's order (20,000 images). Each 28x28 image is
  pooled to 14x14 by the mean of each 2x2 block, rounded half up: (a + b + c + d + 2) // 4, pixel values 0..255.

The binary format (version 1; src/training/data/images.ts decodes it and documents it too), little-endian:

    offset  size  field
    0       4     magic b"LRDS"
    4       1     format version, 1
    5       1     height (pixels)
    6       1     width (pixels)
    7       1     classes
    8       4     count, uint32
    12      1     pixel max value (a pixel's value / this = its feature in [0, 1])
    13      3     reserved, zero
    16      4     FNV-1a 32-bit checksum of every byte after the header (offset 20 on), uint32
    20      count            labels, uint8, 0..classes-1
    20+count count*h*w       pixels, uint8, image after image, each row-major

manifest.json records, per dataset, the source's version and SHA-256, the output's SHA-256 and size, the shape,
the class counts and fixture facts (first label, first image, sum of all pixels) that the tests check the
decoded files against.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "public" / "datasets"

FORMAT_VERSION = 1
MAGIC = b"LRDS"
HEADER_SIZE = 20

SKLEARN_VERSION = "1.9.1"
DIGITS_MEMBER = "sklearn/datasets/data/digits.csv.gz"
DIGITS_CSV_GZ_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"

FASHION_PACKAGE = "dataset-fashion-mnist"
FASHION_VERSION = "0.0~git20200523.55506a9-1"
FASHION_DEB_SHA256 = "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
FASHION_DIR = "usr/share/datasets/fashion-mnist"
FASHION_IMAGES = "train-images-idx3-ubyte.gz"
FASHION_LABELS = "train-labels-idx1-ubyte.gz"
FASHION_PER_CLASS = 1000

DIGITS_CLASS_NAMES = [str(d) for d in range(10)]
FASHION_CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fnv1a32(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def require_sha(what: str, data: bytes, expected: str) -> None:
    got = sha256(data)
    if got != expected:
        sys.exit(f"{what}: SHA-256 {got}, expected {expected} (a different source: check the pinned version)")


def encode(height: int, width: int, classes: int, pixel_max: int, labels: bytes, pixels: bytes) -> bytes:
    count = len(labels)
    assert len(pixels) == count * height * width
    assert all(label < classes for label in labels) and max(pixels) <= pixel_max
    payload = labels + pixels
    header = MAGIC + struct.pack("<BBBBIB3xI", FORMAT_VERSION, height, width, classes, count, pixel_max, fnv1a32(payload))
    assert len(header) == HEADER_SIZE
    return header + payload


# ---------------------------------------------------------------------------------------------------- sources


def fetch_sklearn_wheel(tmp: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"scikit-learn=={SKLEARN_VERSION}", "--no-deps", "--only-binary=:all:", "-d", str(tmp)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wheels = sorted(tmp.glob("scikit_learn-*.whl"))
    if not wheels:
        sys.exit("pip download gave no scikit-learn wheel")
    return wheels[0]


def fetch_fashion_deb(tmp: Path) -> Path:
    subprocess.run(["apt-get", "download", f"{FASHION_PACKAGE}={FASHION_VERSION}"], check=True, cwd=tmp, stdout=subprocess.DEVNULL)
    debs = sorted(tmp.glob(f"{FASHION_PACKAGE}_*.deb"))
    if not debs:
        sys.exit("apt-get download gave no .deb (run apt-get update first?)")
    return debs[0]


# ---------------------------------------------------------------------------------------------------- datasets


def build_digits(wheel: Path) -> tuple[bytes, dict]:
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(DIGITS_MEMBER)
    require_sha(DIGITS_MEMBER, raw, DIGITS_CSV_GZ_SHA256)
    rows = [line.split(",") for line in gzip.decompress(raw).decode("ascii").splitlines() if line.strip()]
    labels = bytearray()
    pixels = bytearray()
    for i, row in enumerate(rows):
        if len(row) != 65:
            sys.exit(f"digits row {i}: {len(row)} columns, expected 65")
        values = [int(v) for v in row]
        if not all(0 <= v <= 16 for v in values[:64]) or not 0 <= values[64] <= 9:
            sys.exit(f"digits row {i}: a value out of range")
        pixels.extend(values[:64])
        labels.append(values[64])
    data = encode(8, 8, 10, 16, bytes(labels), bytes(pixels))
    source = {
        "title": "Optical Recognition of Handwritten Digits (UCI Machine Learning Repository)",
        "authors": "E. Alpaydin, C. Kaynak",
        "licence": "CC BY 4.0",
        "url": "https://doi.org/10.24432/C50P49",
        "via": {
            "kind": "PyPI wheel",
            "package": "scikit-learn",
            "version": SKLEARN_VERSION,
            "file": DIGITS_MEMBER,
            "sha256": DIGITS_CSV_GZ_SHA256,
        },
    }
    subset = "all 1,797 rows of the CSV, in its order; pixels 0..16 as in the source"
    return data, describe("digits", "digits.bin", data, 8, 8, 16, DIGITS_CLASS_NAMES, labels, pixels, source, subset)


def read_idx(raw: bytes, magic: int) -> tuple[list[int], bytes]:
    data = gzip.decompress(raw)
    (got,) = struct.unpack(">I", data[:4])
    if got != magic:
        sys.exit(f"idx file: magic {got}, expected {magic}")
    ndim = magic & 0xFF
    dims = list(struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim]))
    body = data[4 + 4 * ndim :]
    size = 1
    for d in dims:
        size *= d
    if len(body) != size:
        sys.exit(f"idx file: {len(body)} bytes of data, expected {size}")
    return dims, body


def build_fashion(deb: Path, tmp: Path) -> tuple[bytes, dict]:
    require_sha(deb.name, deb.read_bytes(), FASHION_DEB_SHA256)
    extracted = tmp / "fashion-deb"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(extracted)], check=True)
    images_raw = (extracted / FASHION_DIR / FASHION_IMAGES).read_bytes()
    labels_raw = (extracted / FASHION_DIR / FASHION_LABELS).read_bytes()
    (n_images, rows, cols), images = read_idx(images_raw, 0x00000803)
    (n_labels,), all_labels = read_idx(labels_raw, 0x00000801)
    if n_images != n_labels or rows != 28 or cols != 28:
        sys.exit(f"fashion-mnist: {n_images} images of {rows}x{cols}, {n_labels} labels")

    taken = [0] * 10
    labels = bytearray()
    pixels = bytearray()
    for i in range(n_images):
        label = all_labels[i]
        if taken[label] >= FASHION_PER_CLASS:
            continue
        taken[label] += 1
        labels.append(label)
        image = images[i * 784 : (i + 1) * 784]
        for r in range(0, 28, 2):
            top = image[r * 28 : r * 28 + 28]
            bottom = image[r * 28 + 28 : r * 28 + 56]
            for c in range(0, 28, 2):
                pixels.append((top[c] + top[c + 1] + bottom[c] + bottom[c + 1] + 2) // 4)
        if sum(taken) == 10 * FASHION_PER_CLASS:
            break
    if taken != [FASHION_PER_CLASS] * 10:
        sys.exit(f"fashion-mnist: the train split has fewer than {FASHION_PER_CLASS} images of some class: {taken}")

    data = encode(14, 14, 10, 255, bytes(labels), bytes(pixels))
    source = {
        "title": "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms",
        "authors": "H. Xiao, K. Rasul, R. Vollgraf (Zalando Research), 2017",
        "licence": "MIT",
        "url": "https://github.com/zalandoresearch/fashion-mnist",
        "via": {
            "kind": "Debian package",
            "package": FASHION_PACKAGE,
            "version": FASHION_VERSION,
            "sha256": FASHION_DEB_SHA256,
            "files": {
                f"/{FASHION_DIR}/{FASHION_IMAGES}": sha256(images_raw),
                f"/{FASHION_DIR}/{FASHION_LABELS}": sha256(labels_raw),
            },
        },
    }
    subset = (
        f"the first {FASHION_PER_CLASS} images of each class of the 60,000-image train split, in the split's order; "
        "each 28x28 image pooled to 14x14 by the mean of each 2x2 block, rounded half up: (a + b + c + d + 2) // 4"
    )
    return data, describe("fashion-mnist", "fashion-mnist-14.bin", data, 14, 14, 255, FASHION_CLASS_NAMES, labels, pixels, source, subset)


def describe(name, file, data, height, width, pixel_max, class_names, labels, pixels, source, subset) -> dict:
    return {
        "name": name,
        "file": file,
        "format": FORMAT_VERSION,
        "bytes": len(data),
        "sha256": sha256(data),
        "count": len(labels),
        "height": height,
        "width": width,
        "classes": len(class_names),
        "pixelMax": pixel_max,
        "classNames": class_names,
        "classCounts": [labels.count(c) for c in range(len(class_names))],
        "subset": subset,
        "source": source,
        "fixture": {
            "firstLabel": labels[0],
            "firstImage": list(pixels[: height * width]),
            "lastLabel": labels[-1],
            "pixelSum": sum(pixels),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sklearn-wheel", type=Path, help=f"a local scikit-learn {SKLEARN_VERSION} wheel (else pip download)")
    parser.add_argument("--fashion-deb", type=Path, help=f"a local {FASHION_PACKAGE} {FASHION_VERSION} .deb (else apt-get download)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 unless the committed files are identical")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lr-datasets-") as tmp_name:
        tmp = Path(tmp_name)
        wheel = args.sklearn_wheel or fetch_sklearn_wheel(tmp)
        deb = args.fashion_deb or fetch_fashion_deb(tmp)
        digits, digits_meta = build_digits(wheel)
        fashion, fashion_meta = build_fashion(deb, tmp)

    manifest = {
        "//": "Written by scripts/datasets/build_datasets.py; the format is documented there and in src/training/data/images.ts.",
        "format": {"magic": MAGIC.decode("ascii"), "version": FORMAT_VERSION, "headerBytes": HEADER_SIZE},
        "datasets": [digits_meta, fashion_meta],
    }
    outputs = {
        "digits.bin": digits,
        "fashion-mnist-14.bin": fashion,
        "manifest.json": (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    }

    if args.check:
        stale = [n for n, b in outputs.items() if not (OUT_DIR / n).is_file() or (OUT_DIR / n).read_bytes() != b]
        if stale:
            sys.exit(f"out of date: {', '.join(stale)} (rerun without --check)")
        print("public/datasets is up to date")
        return

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        (OUT_DIR / name).write_bytes(data)
        print(f"public/datasets/{name}: {len(data):,} bytes, sha256 {sha256(data)}")


if __name__ == "__main__":
    os.umask(0o022)
    main()
