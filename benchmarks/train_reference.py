#!/usr/bin/python3
"""Python PyTorch's training throughput on the recipe Pulmo's trainer follows, as the reference for
bench_training: torchvision's resnet18 (2 classes, from scratch), Adam lr 0.001, cross-entropy,
batches of 16 random 3x224x224 inputs, flip + rotation done on the tensors as in Pulmo (affine_grid
+ grid_sample). Prints one JSON object: images per second over `steps` timed steps after warm-up.

usage: train_reference.py [THREADS] [STEPS]
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F
import torchvision


def augment(batch, generator):
    count = batch.shape[0]
    angles = (torch.rand(count, generator=generator) * 2 - 1) * math.radians(10)
    mirror = torch.where(torch.rand(count, generator=generator) < 0.5, -1.0, 1.0)
    theta = torch.zeros(count, 2, 3)
    theta[:, 0, 0] = torch.cos(angles) * mirror
    theta[:, 0, 1] = -torch.sin(angles)
    theta[:, 1, 0] = torch.sin(angles) * mirror
    theta[:, 1, 1] = torch.cos(angles)
    grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
    return F.grid_sample(batch, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    model = torchvision.models.resnet18(weights=None, num_classes=2).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    gray = torch.rand(16, 1, 224, 224, generator=generator)
    targets = torch.randint(0, 2, (16,), generator=generator)

    def step():
        x = augment(gray, generator).expand(-1, 3, -1, -1)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), targets)
        loss.backward()
        optimizer.step()

    for _ in range(2):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"images_per_s": steps * 16 / seconds, "threads": threads, "batch": 16, "steps": steps}))


if __name__ == "__main__":
    main()
