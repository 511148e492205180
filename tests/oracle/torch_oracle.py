#!/usr/bin/python3
"""Python PyTorch as the oracle for Pulmo's inference: runs a model on the exact tensor Pulmo fed
it (the dumped *_input.npy) and computes Grad-CAM the textbook way, with hooks and a full backward
pass through an eager torchvision resnet18 carrying the model's weights.

usage: torch_oracle.py MODEL KIND INPUT_NPY CLASS_INDEX [LAYER]  -> one JSON object (LAYER: layer1..layer4,
                                                                  default layer4)
       torch_oracle.py --time MODEL KIND                    -> forward / Grad-CAM timings (2 threads):
                                                               hook-based on layer4 and on layer3
"""
import json
import sys
import time

import numpy as np
import torch
import torchvision


def eager_model(path, kind):
    model = torchvision.models.resnet18(weights=None, num_classes=3 if kind == "three_class" else 2)
    if kind == "mlp":
        model.fc = torch.nn.Sequential(torch.nn.Linear(512, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
    if kind in ("state_dict",):
        state = torch.load(path, map_location="cpu")
    else:
        state = torch.jit.load(path, map_location="cpu").state_dict()
    model.load_state_dict(state)
    return model.eval()


def grad_cam(model, x, class_index, layer="layer4"):
    saved = {}

    def keep_activation(_module, _inputs, output):
        saved["activation"] = output
        output.register_hook(lambda gradient: saved.__setitem__("gradient", gradient))

    handle = getattr(model, layer).register_forward_hook(keep_activation)
    try:
        x = x.clone().requires_grad_(True)  # a full backward pass, down to the input
        logits = model(x)
        model.zero_grad()
        logits[0, class_index].backward()
    finally:
        handle.remove()
    weights = saved["gradient"].mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((weights * saved["activation"]).sum(dim=1))[0]
    return logits.detach()[0], cam.detach()


def main():
    torch.set_num_threads(2)
    if sys.argv[1] == "--time":
        model = eager_model(sys.argv[2], sys.argv[3])
        x = torch.randn(1, 3, 224, 224)
        with torch.no_grad():
            for _ in range(3):
                model(x)
            start = time.perf_counter()
            for _ in range(20):
                model(x)
            forward_ms = (time.perf_counter() - start) / 20 * 1000
        timings = {"forward_ms": forward_ms}
        for layer, key in (("layer4", "full_backward_gradcam_ms"), ("layer3", "full_backward_gradcam_layer3_ms")):
            for _ in range(2):
                grad_cam(model, x, 1, layer)
            start = time.perf_counter()
            for _ in range(10):
                grad_cam(model, x, 1, layer)
            timings[key] = (time.perf_counter() - start) / 10 * 1000
        timings["threads"] = 2
        print(json.dumps(timings))
        return
    model = eager_model(sys.argv[1], sys.argv[2])
    x = torch.from_numpy(np.load(sys.argv[3]))
    logits, cam = grad_cam(model, x, int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else "layer4")
    print(json.dumps({"logits": logits.tolist(), "cam": cam.flatten().tolist(), "cam_shape": list(cam.shape)}))


if __name__ == "__main__":
    main()
