"""One round of the MONAI side of the side-by-side benchmark (see README.md in this folder).

Times, on the torch this interpreter imports and with MONAI 1.4 from PYTHONPATH:
  augment: MONAI's reference training augmentation, per sample (dictionary transforms), for a batch
           of 16 uint8 3x256x256 slices and masks, collated into a 16x3x224x224 batch;
  forward: MONAI UNet f=16 (channels 16..256, strides 2x4, 2 residual units) inference on
           16x3x224x224 under torch.no_grad();
  step:    forward, DiceFocalLoss(sigmoid=True), backward and an AdamW step (lr 1e-3, wd 1e-5).
Prints one JSON line: {"side": ..., "torch": ..., "augment_ms": ..., "augment_cpu_ms": ..., ...}
(medians of --reps calls after 100 warm-up calls for augment and 2 for the network, wall-clock and
process CPU time; the same counts as brainseg's side, whose JVM needs them to compile its kernels). Written for brainseg; it only calls MONAI's API.
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch


def median_ms(fn, reps, warmup):
    """Median wall and process-CPU milliseconds of reps calls after warmup warm-up calls."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--side", default="monai")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    import monai
    from monai.losses import DiceFocalLoss
    from monai.networks.nets import UNet
    from monai.transforms import (Compose, EnsureTyped, RandFlipd, RandGaussianNoised, RandRotated,
                                  RandScaleIntensityd, RandShiftIntensityd, RandSpatialCropd,
                                  ScaleIntensityRanged)
    from monai.utils import set_determinism

    set_determinism(seed=0)
    keys = ["image", "mask"]
    train = Compose([
        ScaleIntensityRanged(keys=keys, a_min=0, a_max=255, b_min=0.0, b_max=1.0),
        EnsureTyped(keys=keys, data_type="tensor", track_meta=False),
        RandFlipd(keys=keys, prob=0.5, spatial_axis=1),
        RandRotated(keys=keys, range_x=0.26, prob=0.5, mode=("bilinear", "nearest")),
        RandSpatialCropd(keys=keys, roi_size=(224, 224), random_size=False),
        RandScaleIntensityd(keys="image", factors=0.1, prob=0.5),
        RandShiftIntensityd(keys="image", offsets=0.1, prob=0.5),
        RandGaussianNoised(keys="image", std=0.1, prob=0.5),
    ])
    rng = np.random.default_rng(1)
    samples = [{"image": rng.integers(0, 256, (3, 256, 256), dtype=np.uint8),
                "mask": (rng.random((1, 256, 256)) < 0.05).astype(np.uint8) * 255} for _ in range(args.batch)]

    def augment():
        out = [train(dict(s)) for s in samples]
        torch.stack([o["image"] for o in out])
        torch.stack([o["mask"] for o in out])

    net = UNet(spatial_dims=2, in_channels=3, out_channels=1, channels=(16, 32, 64, 128, 256),
               strides=(2, 2, 2, 2), num_res_units=2)
    loss_fn = DiceFocalLoss(sigmoid=True)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-5)
    x = torch.rand(args.batch, 3, 224, 224)
    y = (x[:, :1] > 0.6).float()

    def forward():
        net.eval()
        with torch.no_grad():
            float(net(x).sum())

    def step():
        net.train()
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        float(loss)

    result = {"side": args.side, "torch": torch.__version__, "monai": monai.__version__, "threads": args.threads}
    # Same warm-up counts as BrainsegRound: 100 augmentation calls (the JVM compiles its kernels), 2 network calls.
    for name, fn, warmup in (("augment", augment, 100), ("forward", forward, 2), ("step", step, 2)):
        result[name + "_ms"], result[name + "_cpu_ms"] = median_ms(fn, args.reps, warmup)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
