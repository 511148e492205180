#!/usr/bin/python3
"""Turns a resnet18 state_dict saved by `torch.save(model.state_dict(), "model.pth")` (a
collections.OrderedDict, which LibTorch cannot unpickle) into a TorchScript model Pulmo loads.

usage: /usr/bin/python3 inference/tools/convert_state_dict.py MODEL.pth MODEL.pt [--plain-dict]

The number of classes is read from fc.weight. With --plain-dict the output is the same
state_dict as a plain dict (which Pulmo also loads) instead of TorchScript. Copy the model card
(MODEL.json) beside the output yourself. Needs Debian's python3-torch and python3-torchvision.
"""
import sys

import torch
import torchvision


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    state = torch.load(sys.argv[1], map_location="cpu")
    if not isinstance(state, dict) or "fc.weight" not in state:
        sys.exit("%s: not a resnet18 state_dict (no fc.weight)" % sys.argv[1])
    if "--plain-dict" in sys.argv[3:]:
        torch.save(dict(state), sys.argv[2])
        return
    model = torchvision.models.resnet18(weights=None, num_classes=state["fc.weight"].shape[0])
    model.load_state_dict(state)
    torch.jit.script(model.eval()).save(sys.argv[2])


if __name__ == "__main__":
    main()
